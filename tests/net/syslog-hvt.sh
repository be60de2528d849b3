#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/syslog-hvt.sh: the syslog device on hvt (the direct stack over
# a tap), to a collector in a namespace of the test's own
# (syslog-common.sh); SKIP where KVM is not usable. The flood is 1,000
# lines, not 10,000: where /dev/kvm emulates the guest's instructions each
# console line is a costly exit (10,000 took a minute here), and the
# console, not the syslog device, would be measured.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
. "$top_srcdir/tests/net/syslog-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
interop_setup 13
flood=1000
if hvt_build network; then
    syslog_stack=direct
    collector=$host_ip
    boot_line="^ok [0-9]* [^ ]* tcpip stack: IPv4 $(esc "$guest_ip")/24, gateway 0\\.0\\.0\\.0, over service"
    syslog_5424 mirage-hvt
    syslog_3164
fi
done_testing
