# SPDX-License-Identifier: ISC
# tests/net/dns-common.sh: examples/dns (the dns device's stub resolver)
# against dnsmasq in a network namespace of the test's own (netns.sh):
# records of each type, a CNAME chain, a truncated answer that the
# resolver asks again over TCP, NXDOMAIN, the cache (two of three
# questions answered without a query), a first server that never
# answers, the servers of a DHCP lease, and a TCP connection to a name.
# Sourced by dns-TARGET.sh after tests/lib.sh and, for spt, hvt and
# virtio, the target's common file.

. "$top_srcdir/tests/net/netns.sh"

# dns_setup: a namespace with tap0 (the host $netns_host), and in it
# dnsmasq (DNS on lo and tap0, DHCP on tap0), a UDP server that never
# answers (port 5300) and a TCP server (port 8053); SKIP without root,
# ip netns, tun, dnsmasq or python3.
dns_setup() {
    netns_usable || skip_all "$netns_why"
    dnsmasq=$(command -v dnsmasq 2>/dev/null || echo /usr/sbin/dnsmasq)
    test -x "$dnsmasq" || skip_all "dnsmasq (dnsmasq-base) is not installed"
    command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
    netns_create || bail_out "$netns_why"
    netns_tap tap0 || bail_out "$netns_why"
    host=$netns_host
    # six strings of 250 bytes: 1,500 bytes of TXT, more than the 1,232 of
    # the resolver's EDNS
    s=$(printf '%0250d' 0)
    netns_spawn dnsmasq_pid in_netns "$dnsmasq" --no-daemon \
        --conf-file=/dev/null --user=root --pid-file= \
        --interface=lo --interface=tap0 --bind-interfaces \
        --no-resolv --no-hosts --local=/test/ --local-ttl=300 \
        --log-queries --log-dhcp --log-facility="$scratch/dnsmasq.log" \
        --dhcp-range="$netns_prefix.50,$netns_prefix.99,255.255.255.0,2m" \
        --dhcp-option=option:router,"$host" \
        --dhcp-option=option:dns-server,"$host" \
        --dhcp-leasefile="$scratch/leases" \
        --host-record=www.test,10.0.0.1,fd00::1 \
        --host-record=here.test,"$host" \
        --cname=alias.test,mid.test --cname=mid.test,www.test \
        --mx-host=mx.test,mail.test,10 --txt-record=txt.test,hello,world \
        --srv-host=_sip._udp.srv.test,sip.test,5060,1,2 \
        --txt-record=big.test,"$s",$s,"$s","$s","$s","$s" \
        2>"$scratch/dnsmasq.err"
    cat >"$scratch/silent.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 5300))
print("ready", flush=True)
while True:
    s.recvfrom(4096)
    print("query", flush=True)
EOF
    netns_spawn silent_pid in_netns python3 "$scratch/silent.py" \
        >"$scratch/silent.log" 2>&1
    cat >"$scratch/tcp.py" <<'EOF'
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8053))
s.listen(8)
print("ready", flush=True)
while True:
    c, peer = s.accept()
    print("connection from", peer[0], flush=True)
    c.sendall(b"hello from the server\n")
    c.close()
EOF
    netns_spawn tcp_pid in_netns python3 "$scratch/tcp.py" \
        >"$scratch/tcp.log" 2>&1
    wait_until 10 grep -q ready "$scratch/silent.log" ||
        bail_out "the silent server did not start: $(cat "$scratch/silent.log")"
    wait_until 10 grep -q ready "$scratch/tcp.log" ||
        bail_out "the TCP server did not start: $(cat "$scratch/tcp.log")"
    wait_until 10 grep -q 'started, version' "$scratch/dnsmasq.log" ||
        bail_out "dnsmasq did not start: $(cat "$scratch/dnsmasq.err")"
}

# dns_queries NAME TYPE: how many queries for NAME of TYPE dnsmasq logged.
dns_queries() {
    grep -c "query\\[$2\\] $1 from" "$scratch/dnsmasq.log"
}

# dns_run TAG ARGS...: runs the image $image of flavour $flavor (socket:
# the socket stack in the namespace; direct: our stack over tap0, by
# `mirage run` for spt, hvt and virtio) with the boot ARGS, its log in
# $scratch/TAG (timestamps removed); the status in $dns_status.
dns_run() {
    dns_tag=$1
    shift
    case $flavor in
    socket) in_netns timeout "$(scaled 60)" "$image" "$@" ;;
    direct-unix) in_netns timeout "$(scaled 60)" "$image" --net-service=tap0 \
        "$@" ;;
    virtio) in_netns timeout "$(scaled 120)" "$top_builddir/src/mirage" run \
        --accel="${virtio_accel:-auto}" "$image" --net:service=tap0 \
        --net-mac:service=02:00:00:53:00:02 -- "$@" ;;
    *) in_netns timeout "$(scaled 120)" "$top_builddir/src/mirage" run \
        "$image" --net:service=tap0 -- "$@" ;;
    esac >"$scratch/$dns_tag.raw" 2>&1
    dns_status=$?
    sed 's/^[0-9-]* [0-9:.]* -00:00: //' "$scratch/$dns_tag.raw" \
        >"$scratch/$dns_tag"
}

# dns_has TAG DESCRIPTION PATTERN: the log of run TAG has a line matching
# the ERE PATTERN (lines may end with \r on a serial console).
dns_has() {
    if grep -E -q -e "$3[[:space:]]*\$" "$scratch/$1"; then ok "$2"; else
        not_ok "$2"; diag "no line matches: $3"; diag_file "$scratch/$1"; fi
}

# dns_checks TAG: the checks, on flavour $flavor, TAG naming it; --dns
# from $dns_arg (empty: the DHCP lease's) and the silent first server in
# $dns_silent.
dns_checks() {
    t=$1
    hre=$(echo "$host" | sed 's/\./\\./g')
    q0=$(dns_queries alias.test A)

    dns_run a $dns_arg --names=alias.test,www.test,here.test --type=A
    check_status "$t: A of three names: exit 0" 0 "$dns_status"
    if test -z "$dns_arg"; then
        dns_has a "$t: the resolver is the DHCP lease's" \
            "INF \\[dns\\] dns: resolvers $hre:53 \\(DHCP\\)"
    fi
    dns_has a "$t: a CNAME chain followed" \
        'alias\.test CNAME chain: alias\.test -> mid\.test -> www\.test'
    dns_has a "$t: to its A record" 'alias\.test A: 10\.0\.0\.1'
    dns_has a "$t: here.test is $host" "here\\.test A: $hre"
    wait_until 10 test "$(dns_queries alias.test A)" -gt "$q0"
    check "$t: dnsmasq got the question for alias.test" \
        test "$(dns_queries alias.test A)" -gt "$q0"

    dns_run aaaa $dns_arg --names=www.test,nx.test --type=AAAA
    check_status "$t: AAAA and NXDOMAIN: exit 1" 1 "$dns_status"
    dns_has aaaa "$t: AAAA" 'www\.test AAAA: fd00::1'
    dns_has aaaa "$t: NXDOMAIN said" \
        'ERR \[dns-example\] nx\.test AAAA: no such name \(NXDOMAIN\) \(error -2\)'
    dns_run mx $dns_arg --names=mx.test --type=MX
    dns_has mx "$t: MX" 'mx\.test MX: 10 mail\.test'
    dns_run srv $dns_arg --names=_sip._udp.srv.test --type=SRV
    dns_has srv "$t: SRV" '_sip\._udp\.srv\.test SRV: 1 2 5060 sip\.test'
    q0=$(dns_queries 1.0.0.10.in-addr.arpa PTR)
    dns_run ptr $dns_arg --names=10.0.0.1 --type=PTR
    dns_has ptr "$t: PTR of 10.0.0.1" '10\.0\.0\.1 PTR: www\.test'
    wait_until 10 test "$(dns_queries 1.0.0.10.in-addr.arpa PTR)" -gt "$q0"
    check "$t: asked of its reverse name, 1.0.0.10.in-addr.arpa" \
        test "$(dns_queries 1.0.0.10.in-addr.arpa PTR)" -gt "$q0"

    dns_run txt $dns_arg --names=txt.test,big.test --type=TXT --stats
    check_status "$t: TXT: exit 0" 0 "$dns_status"
    dns_has txt "$t: TXT of two strings" \
        'txt\.test TXT: "hello" "world" \(2 strings, 10 bytes\)'
    dns_has txt "$t: a 1,500-byte TXT, truncated over UDP, whole over TCP" \
        'big\.test TXT: "0+\.\.\. \(6 strings, 1500 bytes\)'
    dns_has txt "$t: an answer came truncated" 'dns\.truncated [1-9][0-9]*'
    dns_has txt "$t: and one question went over TCP" 'dns\.tcp_queries 1'

    # the cache: three questions, the second and third answered without
    # a packet (the first may take more than one if its answer is slow:
    # the resolver's count and dnsmasq's must agree)
    q0=$(dns_queries www.test A)
    dns_run cache $dns_arg --names=www.test --repeat=3 --stats
    check_status "$t: the same question three times: exit 0" 0 "$dns_status"
    n=$(grep -c 'www\.test A: 1 record, TTL [0-9]*, from the cache' \
        "$scratch/cache")
    check "$t: the second and third come from the cache ($n)" test "$n" -eq 2
    sent=$(sed -n 's/.*dns\.udp_sent \([0-9]*\).*/\1/p' "$scratch/cache")
    check "$t: the first went out ($sent queries)" test "${sent:-0}" -ge 1
    wait_until 10 test "$(dns_queries www.test A)" -ge $((q0 + ${sent:-0}))
    check "$t: dnsmasq got those, no more" \
        test "$(dns_queries www.test A)" -eq $((q0 + ${sent:-0}))

    s0=$(grep -c query "$scratch/silent.log")
    dns_run silent "--dns=$dns_silent:5300,$dns_silent" --names=www.test \
        --stats
    check_status "$t: a first server that never answers: exit 0" 0 \
        "$dns_status"
    dns_has silent "$t: the second one's answer" 'www\.test A: 10\.0\.0\.1'
    dns_has silent "$t: after the first server's try timed out" \
        'dns\.timeouts [1-9][0-9]*'
    check "$t: the silent server got the question" \
        test "$(grep -c query "$scratch/silent.log")" -gt "$s0"

    c0=$(grep -c "connection from" "$scratch/tcp.log")
    dns_run connect $dns_arg --names=here.test --connect=8053
    check_status "$t: --connect=8053: exit 0" 0 "$dns_status"
    dns_has connect "$t: connected to here.test's address" \
        "here\\.test: connected to $hre:8053"
    dns_has connect "$t: read the server's 22 bytes and its end" \
        'here\.test: read 22 bytes, then the end'
    wait_until 10 test "$(grep -c "connection from" "$scratch/tcp.log")" \
        -gt "$c0"
    check "$t: the TCP server saw it" \
        test "$(grep -c "connection from" "$scratch/tcp.log")" -eq $((c0 + 1))
}
