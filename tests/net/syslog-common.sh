# SPDX-License-Identifier: ISC
# tests/net/syslog-common.sh: examples/network sends its log to a syslog
# collector (tests/net/syslogd.py, which checks every message strictly
# against RFC 5424 or RFC 3164) in a network namespace of the test's own:
# the boot's lines, then a flood of 10,000 debug lines logged at once,
# which must not hold up the connection that caused it, whose drops are
# counted and reported in a note where they are missing; then RFC 3164
# with another facility. Sourced by syslog-TARGET.sh after
# interop-common.sh (interop_setup) and the target's files.
#
# $syslog_stack says how the guest runs: "socket" (unix, the host's
# sockets in the namespace: the collector on 127.0.0.1) or "direct" (the
# guest on tap0 through direct_boot: the collector on $host_ip).

syslogd=$top_srcdir/tests/net/syslogd.py
# the lines of the flood (syslog-TARGET.sh may set fewer)
flood=${flood:-10000}

# syslog_guest LOG ARGS...: the guest in the background (PID in $guest).
syslog_guest() {
    if test "$syslog_stack" = socket; then
        sg_log=$1; shift
        ip netns exec "$ns" "$image" "$@" >"$sg_log" 2>&1 &
        guest=$!
    else
        direct_boot "$@"
    fi
}

# collector_start TAG FORMAT STOP: syslogd.py on $collector:5514 in the
# namespace (PID in $collector_pid), its messages in $scratch/syslog.TAG,
# until a MSG matches STOP; 0 once it listens.
collector_start() {
    rm -f "$scratch/ready"
    helper_start collector_pid "$scratch/syslogd.$1" env \
        SYSLOGD_TIMEOUT="$(scaled 60)" python3 "$syslogd" "$2" \
        "$collector" 5514 "$scratch/ready" "$scratch/syslog.$1" "$3"
    wait_until 30 test -s "$scratch/ready"
}

# timed_client MODE: client MODE; its duration in ms in $client_ms.
timed_client() {
    tc_t0=$(date +%s%N)
    client "$1"
    tc_st=$?
    client_ms=$((($(date +%s%N) - tc_t0) / 1000000))
    return "$tc_st"
}

# syslog_5424 NAME: RFC 5424 with the default facility (daemon) and the
# host name NAME: the boot's lines, then the flood.
syslog_5424() {
    tag="$target/$syslog_stack: RFC 5424"
    name=$1
    out=$scratch/syslog.a
    glog=$scratch/guest.a
    : >"$scratch/client.out"
    if ! collector_start a 5424 'served 2 connections$'; then
        not_ok "$tag: the collector listens"
        diag_file "$scratch/syslogd.a"
        return
    fi
    syslog_guest "$glog" --ipv4="$guest_ip/24" --port=8080 \
        --max-connections=2 --syslog="$collector:5514" \
        --syslog-hostname="$name" --log-flood=$flood -l network:debug
    wait_log 60 "$glog" 'listening on port 8080'
    check_status "$tag: the guest boots and listens" 0 "$?"
    # what the guest logs once it listens reaches the collector: from
    # then on no line waits for ARP
    wait_log 60 "$out" "^ok 30 $name network listening on port 8080\$"
    check_status "$tag: the collector gets 'listening on port 8080' (daemon.info: <30>, HOSTNAME $name, APP-NAME the source)" 0 "$?"
    check_grep "$tag: and, before it, a line of the boot, logged before the device was connected" \
        "$boot_line" "$out"
    timed_client lines
    check_status "$tag: the connection that floods the log with $flood lines is served" 0 "$?"
    flood_ms=$client_ms
    timed_client lines
    check_status "$tag: and a second one" 0 "$?"
    diag "the two connections took $flood_ms ms (with the flood) and $client_ms ms (measured, not asserted)"
    direct_wait_exit
    check_status "$tag: the guest exits with 0" 0 "$status"
    helper_end "$collector_pid"
    check_status "$tag: the collector got 'served 2 connections' and nothing but valid RFC 5424" \
        0 "$helper_status"
    check_no_grep "$tag: no message is bad" '^BAD' "$out"
    n=$(grep -c "^ok 31 $name network flood [0-9]* of $flood\$" "$out")
    d=$(sed -n "s/^ok 28 $name syslog \\([0-9]*\\) log messages dropped: the syslog queue was full\$/\\1/p" "$out" |
        awk '{ s += $1 } END { print s + 0 }')
    check "$tag: $n flood lines came (daemon.debug: <31>) and $d were dropped: $flood in all" \
        test "$((n + d))" -eq "$flood"
    check "$tag: the queue's 64 lines bound what came (at most 64, at least 32)" \
        test "$n" -le 64 -a "$n" -ge 32
    check "$tag: in order, none twice" flood_in_order "$out"
    check "$tag: the note of drops is where they are missing: after the last flood line that came" \
        note_after_flood "$out"
    re="log flood of $flood lines: syslog sent [0-9]*, dropped $d, failed 0, truncated 0"
    # the serial console of virtio ends its lines with \r\n
    check_grep "$tag: the guest's counters agree: $d dropped, none failed" \
        "$re[[:space:]]*\$" "$glog"
    check_grep "$tag: and the collector got them too" "^ok 30 $name network $re\$" "$out"
    check_grep "$tag: the last line, logged as the guest ends, came too" \
        "^ok 30 $name network served 2 connections\$" "$out"
    if test "$status" -ne 0 || test "$helper_status" -ne 0 ||
        grep -q FAIL "$scratch/client.out"; then
        diag_file "$glog"
        diag_file "$out"
        diag_file "$scratch/syslogd.a"
        diag_file "$scratch/client.out"
    fi
}

# flood_in_order FILE: the flood lines of FILE in increasing order.
flood_in_order() {
    sed -n 's/^ok 31 [^ ]* network flood \([0-9]*\) of .*/\1/p' "$1" |
        awk 'NR > 1 && $1 <= last { bad = 1 } { last = $1 } END { exit bad }'
}

# note_after_flood FILE: the first note of drops follows the last flood
# line that came, and no flood line follows it.
note_after_flood() {
    awk '/ network flood [0-9]* of / { last = NR }
        / syslog [0-9]* log messages dropped/ && !note { note = NR }
        END { exit !(note && last && note == last + 1) }' "$1"
}

# syslog_3164: RFC 3164 with facility local3 and the default host name
# (the unikernel's name, network).
syslog_3164() {
    tag="$target/$syslog_stack: RFC 3164"
    out=$scratch/syslog.b
    glog=$scratch/guest.b
    if ! collector_start b 3164 'served 1 connections$'; then
        not_ok "$tag: the collector listens"
        diag_file "$scratch/syslogd.b"
        return
    fi
    syslog_guest "$glog" --ipv4="$guest_ip/24" --port=8080 \
        --max-connections=1 --syslog="$collector:5514" \
        --syslog-format=3164 --syslog-facility=local3
    wait_log 60 "$out" '^ok 158 network network listening on port 8080$'
    check_status "$tag: 'listening on port 8080' as local3.info (<158>), HOSTNAME the unikernel's name, TAG the source" 0 "$?"
    client lines
    check_status "$tag: a connection is served" 0 "$?"
    direct_wait_exit
    check_status "$tag: the guest exits with 0" 0 "$status"
    helper_end "$collector_pid"
    check_status "$tag: the collector got 'served 1 connections' and nothing but valid RFC 3164" \
        0 "$helper_status"
    check_grep "$tag: a line of the boot too" "$boot_line" "$out"
    if test "$status" -ne 0 || test "$helper_status" -ne 0; then
        diag_file "$glog"
        diag_file "$out"
        diag_file "$scratch/syslogd.b"
    fi
}
