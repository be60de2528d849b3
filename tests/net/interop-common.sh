# SPDX-License-Identifier: ISC
# tests/net/interop-common.sh: more of examples/network on the direct stack
# against Linux, through a tap device in a namespace of the test's own
# (direct-common.sh): UDP both ways with IPv4 fragments both ways and a
# closed port; the guest as a TCP client (data both ways, a refused
# connection, a reset); a DHCP lease from dnsmasq (host name, DNS servers,
# renewal, rebinding, a NAK and a new address). Sourced by
# interop-TARGET.sh after direct-common.sh.

udppeer=$top_srcdir/tests/net/udppeer.py
tcpserver=$top_srcdir/tests/net/tcpserver.py
dhcpwait=$top_srcdir/tests/net/dhcpwait.py

interop_pids= # helpers started in the background (servers, dnsmasq)

# interop_setup N: direct_ns_setup N, and a clean-up that also ends the
# helpers this file starts.
interop_setup() {
    direct_ns_setup "$1"
    net_prefix=10.81.$1
    trap 'interop_cleanup' EXIT
}

interop_cleanup() {
    for helper_p in $interop_pids; do
        kill "$helper_p" 2>/dev/null
        wait "$helper_p" 2>/dev/null
    done
    interop_pids=
    direct_cleanup
}

# helper_start VAR LOG PROGRAM ARGS...: PROGRAM in the namespace, in the
# background, output to LOG; its PID in VAR (ip netns exec execs it).
helper_start() {
    helper_var=$1; helper_log=$2; shift 2
    ip netns exec "$ns" "$@" >"$helper_log" 2>&1 &
    eval "$helper_var=\$!"
    interop_pids="$interop_pids $!"
}

# helper_end PID: waits (60 s, scaled) for the helper PID to end, else
# ends it; its status in $helper_status (124 when it had to be ended).
helper_end() {
    if wait_until 60 helper_gone "$1"; then
        wait "$1"
        helper_status=$?
    else
        kill "$1" 2>/dev/null
        wait "$1" 2>/dev/null
        helper_status=124
    fi
    helper_forget "$1"
}

# helper_stop PID: ends the helper PID now.
helper_stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    helper_forget "$1"
}

helper_gone() { ! kill -0 "$1" 2>/dev/null; }

helper_forget() {
    helper_left=
    for helper_p in $interop_pids; do
        test "$helper_p" = "$1" || helper_left="$helper_left $helper_p"
    done
    interop_pids=$helper_left
}

# file_has FILE PATTERN: FILE has a line that matches the extended
# regular expression PATTERN.
file_has() { grep -E -q -e "$2" "$1" 2>/dev/null; }

# file_has_or_gone FILE PATTERN: file_has, or the guest has ended.
file_has_or_gone() { file_has "$@" || ! kill -0 "$guest" 2>/dev/null; }

# Patterns on a guest's log end with [[:space:]]*$, not $: the serial
# console of virtio ends its lines with \r\n.

# wait_log SECONDS FILE PATTERN: waits (scaled) until FILE has a line that
# matches PATTERN (0), or the guest ended or the time passed (1).
wait_log() {
    wait_until "$1" file_has_or_gone "$2" "$3" && file_has "$2" "$3"
}

# snmp_ip FIELD: the namespace's IP counter FIELD (/proc/net/snmp).
snmp_ip() {
    in_ns cat /proc/net/snmp | awk -v f="$1" '
        $1 == "Ip:" && !n { for (i = 2; i <= NF; i++) col[$i] = i; n = 1; next }
        $1 == "Ip:" && n { print $col[f]; exit }'
}

# --- UDP ---------------------------------------------------------------

# udp MODE ARGS...: udppeer.py against the guest, inside the namespace.
udp() {
    mode=$1; shift
    in_ns env UDPPEER_TIMEOUT="$(scaled 10)" timeout "$(scaled 120)" \
        python3 "$udppeer" "$mode" "$guest_ip" "$@" \
        >>"$scratch/udp.out" 2>&1
}

# interop_udp: the guest echoes UDP; Linux sends datagrams of every size
# (fragmented both ways above 1,472 bytes), a burst, and one to a closed
# port.
interop_udp() {
    : >"$scratch/udp.out"
    : >"$scratch/client.out"
    if ! direct_start "$scratch/udp" --ipv4="$guest_ip/24" --port=8080 \
        --udp --echo --max-connections=1 -l tcpip:debug; then
        not_ok "$target: UDP: the guest answers UDP on port 8080"
        diag_file "$scratch/udp"
        return
    fi
    ok "$target: UDP: the guest answers UDP on port 8080"
    reasm0=$(snmp_ip ReasmOKs)
    frag0=$(snmp_ip FragCreates)
    udp sizes 8080
    check_status "$target: UDP: datagrams of 1, 5, 100, 0, 1,472, 1,473, 3,000, 8,000 and 65,507 bytes come back unchanged" 0 "$?"
    reasm=$(($(snmp_ip ReasmOKs) - reasm0))
    frag=$(($(snmp_ip FragCreates) - frag0))
    # 1,473 + 8 bytes and more do not fit one 1,500-byte packet: 2, 3, 6
    # and 45 fragments of at most 1,480 bytes each way
    check "$target: UDP: Linux sent 56 fragments and reassembled 4 datagrams from the guest's" \
        test "$frag $reasm" = "56 4"
    test "$frag $reasm" = "56 4" || diag "FragCreates +$frag, ReasmOKs +$reasm"
    udp burst 8080 32
    check_status "$target: UDP: a burst of 32 datagrams of 1,000 bytes, all answered" 0 "$?"
    udp closed 8081
    check_status "$target: UDP: a closed port answers ICMP port unreachable (Linux: ECONNREFUSED)" 0 "$?"
    client seq 1
    check_status "$target: UDP: then one TCP connection" 0 "$?"
    direct_wait_exit
    check_status "$target: UDP: the guest exits with 0" 0 "$status"
    check_grep "$target: UDP: it answered 41 datagrams" \
        'answered 41 UDP datagrams' "$scratch/udp"
    check_grep "$target: UDP: it reassembled the 4 datagrams from 56 fragments and fragmented its 4 answers into 56" \
        'ipv4: .* rx_fragments=56 reassembled=4 tx_fragments=56([[:space:]]|$)' \
        "$scratch/udp"
    check_grep "$target: UDP: one port unreachable sent, for one datagram to no port" \
        'icmp: .*tx_unreachables=1([[:space:]]|$)' "$scratch/udp"
    check_no_grep "$target: UDP: no checksum failure, overlap or timeout" \
        'rx_bad_checksum|reasm_overlaps|reasm_timeouts|rx_queue_full' \
        "$scratch/udp"
    sed -n 's/^udppeer: \([^0-9]\)/# \1/p' "$scratch/udp.out"
    if grep -q FAIL "$scratch/udp.out" || test "$status" -ne 0; then
        diag_file "$scratch/udp.out"
        diag_file "$scratch/udp"
    fi
}

# --- the guest as a client ------------------------------------------------

# server_start MODE [OPTIONS...]: tcpserver.py MODE on $host_ip:7000 in
# the background (PID in $server), waiting until it listens.
server_start() {
    mode=$1; shift
    rm -f "$scratch/ready"
    helper_start server "$scratch/server.$mode" env \
        TCPSERVER_TIMEOUT="$(scaled 60)" python3 "$tcpserver" "$mode" \
        "$host_ip" 7000 "$scratch/ready" "$@"
    wait_until 30 test -s "$scratch/ready"
}

# guest_client LOG ARGS...: the guest in client mode; its status in
# $status.
guest_client() {
    direct_boot "$@"
    direct_wait_exit
}

# interop_client BYTES: the guest connects to Linux's server, which
# answers its line with BYTES more.
interop_client() {
    tag="$target: the guest as a client"
    reply=$(($1 + 25))
    if server_start reply --udp --bytes="$1"; then
        ok "$tag: Linux's server listens on $host_ip:7000 (TCP, UDP)"
    else
        not_ok "$tag: Linux's server listens on $host_ip:7000 (TCP, UDP)"
        diag_file "$scratch/server.reply"
        return
    fi
    guest_client "$scratch/client1" --ipv4="$guest_ip/24" \
        --connect="$host_ip" --port=7000 --udp
    check_status "$tag: sends a UDP datagram and a line over TCP, reads the reply, exits with 0" 0 "$status"
    helper_end "$server"
    check_status "$tag: Linux's server got the datagram and the request, then the end of the stream" \
        0 "$helper_status"
    check_grep "$tag: it logs the UDP answer" \
        "UDP answer of 25 bytes from $host_ip:7000: HELLO FROM THE UNIKERNEL[[:space:]]*\$" \
        "$scratch/client1"
    check_grep "$tag: and the reply of $reply bytes to its end" \
        "reply of $reply bytes from $host_ip:7000: HELLO FROM THE UNIKERNEL[[:space:]]*\$" \
        "$scratch/client1"
    if test "$status" -ne 0 || test "$helper_status" -ne 0; then
        diag_file "$scratch/client1"
        diag_file "$scratch/server.reply"
    fi

    # no server: Linux answers the SYN with RST
    guest_client "$scratch/client2" --ipv4="$guest_ip/24" \
        --connect="$host_ip" --port=7001
    check_status "$tag: to a closed port it exits with 1" 1 "$status"
    check_grep "$tag: connect says ECONNREFUSED" \
        "connecting to $host_ip:7001: .*\\(error -111\\)" "$scratch/client2"

    # the server resets the connection after the request
    if server_start reset; then
        guest_client "$scratch/client3" --ipv4="$guest_ip/24" \
            --connect="$host_ip" --port=7000
        check_status "$tag: reset by the server, it exits with 1" 1 "$status"
        check_grep "$tag: its read says ECONNRESET" \
            "reading from $host_ip:7000 after 0 bytes: .*\\(error -104\\)" \
            "$scratch/client3"
        helper_end "$server"
        check_status "$tag: Linux's server read the request and reset" \
            0 "$helper_status"
    else
        not_ok "$tag: Linux's server listens again"
        diag_file "$scratch/server.reset"
    fi
}

# --- DHCP -----------------------------------------------------------------

# dnsmasq_start TAG FIRST LAST [LEASES]: dnsmasq on tap0 in the
# background (PID in $dnsmasq_pid, log in $scratch/dnsmasq.TAG), leasing
# $net_prefix.FIRST to .LAST for 2 minutes (dnsmasq's least), with the
# options $dnsmasq_times (T1 at 10 s and T2 at 30 s unless set: empty is
# dnsmasq's own, half and 7/8 of the lease), the host as router and two
# DNS servers, the leases in $scratch/leases.LEASES (default: TAG); 0 once
# it serves.
dnsmasq_times=${dnsmasq_times---dhcp-option=option:T1,10 --dhcp-option=option:T2,30}
dnsmasq_start() {
    # shellcheck disable=SC2086 # $dnsmasq_times is a list of options
    helper_start dnsmasq_pid "$scratch/dnsmasq.$1" "$dnsmasq" --no-daemon \
        --conf-file=/dev/null --port=0 --user=root --pid-file= \
        --interface=tap0 --except-interface=lo --bind-interfaces \
        --dhcp-authoritative --log-dhcp --log-facility=- \
        --dhcp-range="$net_prefix.$2,$net_prefix.$3,255.255.255.0,2m" \
        --dhcp-option=option:router,"$host_ip" \
        --dhcp-option=option:dns-server,"$host_ip,$net_prefix.53" \
        $dnsmasq_times \
        --dhcp-leasefile="$scratch/leases.${4:-$1}"
    wait_until 30 file_has "$scratch/dnsmasq.$1" 'sockets bound exclusively'
}

interop_dhcp() {
    tag="$target: DHCP"
    dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
    if ! test -x "$dnsmasq"; then
        skip "$tag" "dnsmasq is not installed (Debian: dnsmasq-base)"
        return
    fi
    glog=$scratch/dhcp
    name=mirage-$target
    dnsmasq_times="--dhcp-option=option:T1,10 --dhcp-option=option:T2,30"
    dnsmasq_start a 50 59
    check_status "$tag: dnsmasq serves $net_prefix.50-59 on tap0" 0 "$?"
    : >"$scratch/client.out"
    if ! direct_start "$glog" --port=8080 --max-connections=2 \
        --dhcp-hostname="$name" -l tcpip:debug; then
        not_ok "$tag: the guest boots without --ipv4, gets a lease and listens"
        diag_file "$glog"
        diag_file "$scratch/dnsmasq.a"
        return
    fi
    ok "$tag: the guest boots without --ipv4, gets a lease and listens"
    re=$(esc "$net_prefix")
    addr=$(sed -n "s/.*IPv4 \\($re\\.5[0-9]\\)\\/24, gateway $re\\.1, over service (DHCP)[[:space:]]*\$/\\1/p" "$glog")
    if test -n "$addr"; then
        ok "$tag: it logs IPv4 $addr/24, gateway $host_ip (DHCP)"
    else
        not_ok "$tag: it logs IPv4 $net_prefix.5x/24, gateway $host_ip (DHCP)"
        diag_file "$glog"
        return
    fi
    check_grep "$tag: mirage_stack_ipv4_info has the lease and its two DNS servers" \
        "DHCP lease: $addr/24, gateway $host_ip, DNS $host_ip, $net_prefix.53, lease 120 s[[:space:]]*\$" \
        "$glog"
    check_grep "$tag: --dhcp-hostname reaches dnsmasq's lease file" \
        " $addr $name " "$scratch/leases.a"
    guest_ip=$addr
    client lines
    check_status "$tag: TCP at the leased address" 0 "$?"

    # renewal at T1: a unicast REQUEST, dnsmasq's ACK
    wait_log 60 "$glog" "dhcp: renewed $addr/24"
    check_status "$tag: the lease is renewed at T1" 0 "$?"
    n=$(grep -c "DHCPACK(tap0) $addr " "$scratch/dnsmasq.a")
    check "$tag: dnsmasq ACKed the lease and its renewal" test "$n" -ge 2

    # the server goes: the next renewal finds no one, the rebinding at T2
    # (a broadcast) a new dnsmasq that has the same leases
    helper_stop "$dnsmasq_pid"
    rm -f "$scratch/ready"
    helper_start waiter "$scratch/dhcpwait" python3 "$dhcpwait" "$host_ip" \
        "$(scaled 60)" "$scratch/ready"
    wait_until 30 test -s "$scratch/ready"
    helper_end "$waiter"
    check_status "$tag: with dnsmasq gone, the next renewal is unicast to it" \
        0 "$helper_status"
    check_grep "$tag: for the address held" "REQUEST from $addr\$" \
        "$scratch/dhcpwait"
    dnsmasq_start a2 50 59 a
    wait_log 90 "$glog" "dhcp: rebinding $addr[[:space:]]*\$"
    check_status "$tag: at T2 the guest rebinds (REQUEST to all)" 0 "$?"
    wait_until 60 rebound "$glog" "$addr"
    check_status "$tag: a new dnsmasq ACKs it: the same address" 0 "$?"

    # a dnsmasq with another range NAKs the next renewal
    helper_stop "$dnsmasq_pid"
    dnsmasq_start b 70 79
    wait_log 90 "$glog" "dhcp: NAK in (RENEWING|REBINDING) from $re\\.1[[:space:]]*\$"
    check_status "$tag: a dnsmasq with another range NAKs the renewal" 0 "$?"
    wait_log 90 "$glog" "dhcp: bound to $re\\.7[0-9]/24"
    check_status "$tag: the guest starts over and gets an address of the new range" \
        0 "$?"
    addr2=$(sed -n "s/.*dhcp: bound to \\($re\\.7[0-9]\\)\\/24.*/\\1/p" "$glog" |
        tail -n 1)
    check_grep "$tag: dnsmasq logs its NAK of $addr" \
        "DHCPNAK\\(tap0\\) $addr .*" "$scratch/dnsmasq.b"
    check_grep "$tag: and a DISCOVER after it" "DHCPDISCOVER\\(tap0\\)" \
        "$scratch/dnsmasq.b"
    check_grep "$tag: the new lease has the host name" " $addr2 $name " \
        "$scratch/leases.b"
    guest_ip=$addr2
    client lines
    check_status "$tag: TCP at the new address $addr2" 0 "$?"
    direct_wait_exit
    check_status "$tag: after two connections the guest exits with 0" 0 \
        "$status"
    check_grep "$tag: its counters: a NAK" 'dhcp: .*naks=1([[:space:]]|$)' "$glog"
    check_grep "$tag: its counters: a rebinding" 'dhcp: .*rebinds=1([[:space:]]|$)' \
        "$glog"
    # each counter once: DHCP's on one line after TCP's states
    n=$(grep -c 'stack: dhcp: [a-z_]*=[0-9]' "$glog")
    check "$tag: -l tcpip:debug prints DHCP's counters on one line ($n)" \
        test "$n" -eq 1
    sed -n 's/^tcpclient: /# /p' "$scratch/client.out"
    if grep -q FAIL "$scratch/client.out" || test "$status" -ne 0; then
        diag_file "$scratch/client.out"
        diag_file "$glog"
    fi
}

# check_todo DESCRIPTION REASON COMMAND...: passes when COMMAND succeeds,
# else a TODO point for the known REASON (a bug reported, not fixed here).
check_todo() {
    check_todo_desc=$1; check_todo_why=$2; shift 2
    if "$@"; then ok "$check_todo_desc"; else
        todo "$check_todo_desc" "$check_todo_why"; fi
}

# esc ADDR: ADDR with its dots escaped, for a regular expression.
esc() { echo "$1" | sed 's/\./\\./g'; }

# rebound LOG ADDR: LOG says "renewed ADDR" after its "rebinding" line.
rebound() {
    sed -n '/dhcp: rebinding/,$p' "$1" | grep -q "dhcp: renewed $2/24"
}

# interop_dhcp_lease: a whole lease of dnsmasq's own times, on demand
# (make check-dhcp-lease: over three minutes): renewal at T1 (a minute);
# with dnsmasq gone, rebinding at T2 and the end of the lease two minutes
# after the renewal (the address cleared: the old one answers no ping);
# dnsmasq back, a new lease and TCP served again.
interop_dhcp_lease() {
    tag="$target: DHCP lease"
    dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
    if ! test -x "$dnsmasq"; then
        skip "$tag" "dnsmasq is not installed (Debian: dnsmasq-base)"
        return
    fi
    glog=$scratch/lease
    dnsmasq_times=
    dnsmasq_start a 50 59
    check_status "$tag: dnsmasq serves $net_prefix.50-59 for 2 minutes" 0 "$?"
    : >"$scratch/client.out"
    if ! direct_start "$glog" --port=8080 --max-connections=2 \
        -l tcpip:debug; then
        not_ok "$tag: the guest gets a lease and listens"
        diag_file "$glog"
        return
    fi
    ok "$tag: the guest gets a lease and listens"
    re=$(esc "$net_prefix")
    addr=$(sed -n "s/.*IPv4 \\($re\\.5[0-9]\\)\\/24, gateway $re\\.1, over service (DHCP)[[:space:]]*\$/\\1/p" "$glog")
    check "$tag: it logs its address $addr" test -n "$addr"
    guest_ip=$addr
    client lines
    check_status "$tag: TCP at $addr" 0 "$?"
    wait_log 90 "$glog" "dhcp: renewed $addr/24"
    check_status "$tag: the lease is renewed at T1" 0 "$?"
    helper_stop "$dnsmasq_pid"
    wait_log 120 "$glog" "dhcp: rebinding $addr[[:space:]]*\$"
    check_status "$tag: with dnsmasq gone, the guest rebinds at T2" 0 "$?"
    wait_log 60 "$glog" "dhcp: the lease of $addr ran out"
    check_status "$tag: and the lease runs out" 0 "$?"
    check "$tag: the address is cleared" cleared_after_expiry "$glog"
    in_ns ping -c 2 -W 1 "$addr" >/dev/null 2>&1
    check_status "$tag: the old address answers no ping" 1 "$?"
    dnsmasq_start a2 50 59 a
    wait_until 60 rebound_after_expiry "$glog"
    check_status "$tag: dnsmasq back, the guest gets a lease again" 0 "$?"
    addr2=$(sed -n "s/.*dhcp: bound to \\($re\\.5[0-9]\\)\\/24.*/\\1/p" "$glog" |
        tail -n 1)
    guest_ip=$addr2
    client lines
    check_status "$tag: TCP at $addr2" 0 "$?"
    direct_wait_exit
    check_status "$tag: after two connections the guest exits with 0" 0 \
        "$status"
    check_grep "$tag: its counters: a lease that ran out" \
        'dhcp: .*expiries=1([[:space:]]|$)' "$glog"
    if test "$status" -ne 0; then diag_file "$glog"; fi
}

# cleared_after_expiry LOG: LOG says the address is 0.0.0.0/0 after "ran
# out".
cleared_after_expiry() {
    sed -n '/ran out/,$p' "$1" | grep -q 'tcpip: address 0\.0\.0\.0/0 gateway 0\.0\.0\.0'
}

# rebound_after_expiry LOG: LOG says "bound to" after "ran out".
rebound_after_expiry() {
    sed -n '/ran out/,$p' "$1" | grep -q "dhcp: bound to"
}
