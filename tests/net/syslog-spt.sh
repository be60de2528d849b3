#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/syslog-spt.sh: the syslog device on spt (the direct stack over
# a tap), to a collector in a namespace of the test's own
# (syslog-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
. "$top_srcdir/tests/net/syslog-common.sh"
spt_setup
interop_setup 12
if spt_build network; then
    syslog_stack=direct
    collector=$host_ip
    boot_line="^ok [0-9]* [^ ]* tcpip stack: IPv4 $(esc "$guest_ip")/24, gateway 0\\.0\\.0\\.0, over service"
    syslog_5424 mirage-spt
    syslog_3164
fi
done_testing
