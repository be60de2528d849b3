#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/dns-dnsmasq.sh: lib/dns against dnsmasq, a real server, in a
# network namespace of the test's own (on its loopback): queries built by
# lib/dns get answers dnsmasq made, which parse to the records it was
# given (a CNAME chain, AAAA, MX, TXT, SRV, PTR, NXDOMAIN, a truncated
# answer over UDP, whole over TCP and with EDNS, the name's case echoed);
# dnsmasq forwards the names of fwd.test to tests/unit/dns_peer, whose
# answers lib/dns builds with compression: dnsmasq reads them (it answers
# the same records again from its cache), and the queries dnsmasq sends
# are built again byte for byte from what lib/dns parsed of them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/netns.sh"

peer=$top_builddir/tests/unit/dns_peer
test "$(id -u)" -eq 0 || skip_all "a network namespace needs root"
command -v ip >/dev/null 2>&1 || skip_all "ip (iproute2) is not installed"
ip netns list >/dev/null 2>&1 || skip_all "ip netns does not work here"
dnsmasq=$(command -v dnsmasq 2>/dev/null || echo /usr/sbin/dnsmasq)
test -x "$dnsmasq" || skip_all "dnsmasq (dnsmasq-base) is not installed"
test -x "$peer" || skip_all "tests/unit/dns_peer is not built"
netns_create dns-dnsmasq || bail_out "$netns_why"

# the upstream of fwd.test: lib/dns's answers
netns_spawn upstream in_netns "$peer" serve 5353 "$scratch/upstream.log" \
    2>"$scratch/upstream.err"
wait_until 10 grep -q ready "$scratch/upstream.log" ||
    bail_out "dns_peer serve did not start: $(cat "$scratch/upstream.err")"

big=$(printf '%0200d' 0)
netns_spawn server in_netns "$dnsmasq" --no-daemon --conf-file=/dev/null \
    --port=53 --listen-address=127.0.0.1 --bind-interfaces --no-resolv \
    --no-hosts --local=/test/ --server=/fwd.test/127.0.0.1#5353 \
    --host-record=target.test,192.0.2.7,2001:db8::7 \
    --cname=alias.test,mid.test --cname=mid.test,target.test \
    --mx-host=mx.test,mail.test,10 --txt-record=txt.test,hello,world \
    --srv-host=_sip._udp.srv.test,sip.test,5060,1,2 \
    --ptr-record=7.2.0.192.in-addr.arpa,target.test \
    --txt-record=big.test,"${big}a" --txt-record=big.test,"${big}b" \
    --txt-record=big.test,"${big}c" \
    --log-queries --log-facility="$scratch/dnsmasq.log" \
    2>"$scratch/dnsmasq.err"

# ask NAME ARGS...: dns_peer's view of the reply to ARGS in
# $scratch/NAME; its status.
ask() {
    ask_name=$1
    shift
    test_timeout 30 ip netns exec "$netns" "$peer" ask "$@" \
        >"$scratch/$ask_name" \
        2>"$scratch/$ask_name.err"
}
# has NAME LINE DESCRIPTION: the reply NAME has exactly the line LINE.
has() {
    if grep -qxF -e "$2" "$scratch/$1"; then ok "$3"; else
        not_ok "$3"
        diag "no line: $2"
        diag_file "$scratch/$1"
        diag_file "$scratch/$1.err"
    fi
}
# records NAME: the records of reply NAME without their TTLs.
records() {
    grep -E '^(answer|authority|additional) ' "$scratch/$1" |
        awk '{ $3 = ""; print }' | LC_ALL=C sort
}

wait_until 10 ask probe 127.0.0.1 53 target.test 1 ||
    bail_out "dnsmasq does not answer: $(cat "$scratch/dnsmasq.err")"

ask alias 127.0.0.1 53 alias.test 1
has alias "check ok" "alias.test A: the reply matches the query"
has alias "chain target.test cnames=2 count=1 ttl=0" \
    "a chain of two CNAMEs to one A record (dnsmasq's local TTL 0)"
has alias "answer alias.test 0 5 mid.test" "alias.test CNAME mid.test"
has alias "answer mid.test 0 5 target.test" "mid.test CNAME target.test"
has alias "answer target.test 0 1 192.0.2.7" "target.test A 192.0.2.7"

ask mixed -m 127.0.0.1 53 alias.test 1
has mixed "check ok" "a 0x20 query: the name echoed in its mixed case"
has mixed "chain target.test cnames=2 count=1 ttl=0" \
    "and the chain followed from the mixed-case owner"

ask aaaa 127.0.0.1 53 target.test 28
has aaaa "answer target.test 0 28 2001:db8::7" "target.test AAAA"
has aaaa "rebuilt same" "the AAAA reply built again byte for byte"
ask mx 127.0.0.1 53 mx.test 15
has mx "answer mx.test 0 15 10 mail.test" "mx.test MX 10 mail.test"
ask txt 127.0.0.1 53 txt.test 16
has txt 'answer txt.test 0 16 "hello" "world"' "txt.test TXT, two strings"
has txt "rebuilt same" "the TXT reply built again byte for byte"
ask srv 127.0.0.1 53 _sip._udp.srv.test 33
has srv "answer _sip._udp.srv.test 0 33 1 2 5060 sip.test" \
    "_sip._udp.srv.test SRV 1 2 5060 sip.test"
has srv "rebuilt same" \
    "the SRV reply built again byte for byte (its target whole both ways)"
ask ptr 127.0.0.1 53 @192.0.2.7 12
has ptr "answer 7.2.0.192.in-addr.arpa 0 12 target.test" \
    "the PTR of 192.0.2.7, asked by its reverse name"
ask nx 127.0.0.1 53 nx.test 1
has nx "header id=23063 rcode=3 tc=0 counts=1,0,0,0 edns=none" \
    "nx.test: NXDOMAIN"

ask big-udp 127.0.0.1 53 big.test 16
has big-udp "check ok" "big.test TXT over UDP: a reply"
check "its TC bit is set (three records of 202 bytes do not fit 512)" \
    grep -q '^header .* tc=1 ' "$scratch/big-udp"
ask big-tcp -t 127.0.0.1 53 big.test 16
has big-tcp "chain big.test cnames=0 count=3 ttl=0" \
    "over TCP: all three records"
check "no TC over TCP" grep -q '^header .* tc=0 ' "$scratch/big-tcp"
has big-tcp "rebuilt same" "the TCP reply built again byte for byte"
ask big-edns -e 4096 127.0.0.1 53 big.test 16
has big-edns "chain big.test cnames=0 count=3 ttl=0" \
    "over UDP with EDNS (4096): all three records"
check "dnsmasq's OPT record read (its payload size)" \
    grep -q '^header .* tc=0 counts=1,3,0,1 edns=[0-9]' "$scratch/big-edns"

# through dnsmasq to lib/dns's answers
ask fwd1 127.0.0.1 53 www.fwd.test 1
has fwd1 "chain edge.fwd.test cnames=1 count=2 ttl=600" \
    "www.fwd.test, answered by dns_peer: a CNAME to two A records"
has fwd1 "answer www.fwd.test 900 5 edge.fwd.test" "its CNAME"
has fwd1 "authority fwd.test 3600 2 ns.fwd.test" "its NS"
has fwd1 "additional ns.fwd.test 600 1 192.0.2.53" "its glue"
ask fwd2 127.0.0.1 53 www.fwd.test 1
records fwd1 | grep -v '^authority\|^additional' >"$scratch/fwd1.rec"
records fwd2 >"$scratch/fwd2.rec"
check "asked again, dnsmasq answers the same records from its cache" \
    cmp -s "$scratch/fwd1.rec" "$scratch/fwd2.rec"
check_grep "dnsmasq said so, having read the target of lib/dns's CNAME" \
    "cached edge.fwd.test is 192.0.2.55" "$scratch/dnsmasq.log"
ask fwd-mixed -m 127.0.0.1 53 www.fwd.test 1
has fwd-mixed "check ok" "a 0x20 query from dnsmasq's cache: case echoed"
ask fwd-nx -e 1232 127.0.0.1 53 nx.fwd.test 1
has fwd-nx \
    "authority fwd.test 3600 6 ns.fwd.test hostmaster.fwd.test 2024061501 7200 900 1209600 120" \
    "nx.fwd.test: NXDOMAIN and dns_peer's SOA"
check "with its RCODE" grep -q '^header .* rcode=3 ' "$scratch/fwd-nx"
ask fwd-txt 127.0.0.1 53 txt.fwd.test 16
has fwd-txt 'answer txt.fwd.test 300 16 "a" "bc"' "txt.fwd.test TXT"

n=$(grep -c '^query ' "$scratch/upstream.log")
check "dns_peer got 3 queries from dnsmasq (the rest from its cache): $n" \
    test "$n" -eq 3
check_no_grep "every one parsed" '^refused' "$scratch/upstream.log"
n=$(grep -c '^rebuilt same$' "$scratch/upstream.log")
check "and every one built again byte for byte ($n)" test "$n" -eq 3
check_grep "one with dnsmasq's OPT record, built again too" \
    '^query [0-9a-f]*000029[0-9a-f]{4}' "$scratch/upstream.log"

netns_stop "$server"
netns_stop "$upstream"
done_testing
