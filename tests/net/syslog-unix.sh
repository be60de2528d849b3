#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/syslog-unix.sh: the syslog device on unix, to a collector in a
# namespace of the test's own: over the host's sockets (examples/network
# as it is), then over the direct stack on a tap (syslog-common.sh); and
# the --syslog values that stop the boot.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
. "$top_srcdir/tests/net/syslog-common.sh"
target=unix
need_autotools
use_build_tree
interop_setup 11

p=$scratch/network
image=$p/network
copy_project "$top_srcdir/examples/network" "$p"
if build_project "$p" && test -x "$image"; then
    ok "network builds for unix (the socket stack)"
    for bad in 10.1.2 10.1.2.3:0 10.1.2.3:65536 host:514; do
        "$image" --syslog="$bad" >"$scratch/bad" 2>&1
        st=$?
        if test "$st" -eq 125 &&
            grep -q "ERR \\[syslog\\] syslog: --syslog wants ADDR\\[:PORT\\].*not '$bad'" "$scratch/bad"; then
            ok "--syslog=$bad stops the boot (125), naming the value"
        else
            not_ok "--syslog=$bad stops the boot (125), naming the value"
            diag "status $st"
            diag_file "$scratch/bad"
        fi
    done
    "$image" --syslog-format=5425 >"$scratch/bad" 2>&1
    check_status "--syslog-format=5425 is a usage error (64)" 64 "$?"
    "$image" --syslog=127.0.0.1 --syslog-hostname='a b' >"$scratch/bad" 2>&1
    check_status "a HOSTNAME with a space stops the boot (125)" 125 "$?"
    syslog_stack=socket
    collector=127.0.0.1
    saved_guest_ip=$guest_ip
    guest_ip=127.0.0.1
    boot_line='^ok [0-9]* [^ ]* stack-socket stack: connected: IPv4 127\.0\.0\.1/24'
    syslog_5424 mirage-unix-socket
    syslog_3164
    guest_ip=$saved_guest_ip
else
    not_ok "network builds for unix (the socket stack)"
    diag_file "$p/build.log"
fi

p=$scratch/network-direct
image=$p/network
copy_project "$top_srcdir/examples/network" "$p"
# on unix the default stack is the host's sockets: ask for ours
sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
    "$p/configure.ac" >"$p/configure.ac.new" && mv "$p/configure.ac.new" "$p/configure.ac"
if build_project "$p" && test -x "$image"; then
    ok "network builds for unix with the direct stack"
    syslog_stack=direct
    collector=$host_ip
    boot_line="^ok [0-9]* [^ ]* tcpip stack: IPv4 $(esc "$guest_ip")/24, gateway 0\\.0\\.0\\.0, over service"
    syslog_5424 mirage-unix-direct
    syslog_3164
else
    not_ok "network builds for unix with the direct stack"
    diag_file "$p/build.log"
fi
done_testing
