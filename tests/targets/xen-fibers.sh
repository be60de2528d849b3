#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/xen-fibers.sh: the examples of fibers and timers (heads1,
# heads2, timeout1, timeout2, echo_server) built for xen and booted under
# QEMU, checked as their unix tests check them (tests/examples/
# expect-NAME.sh). echo_server reads no network: its lines come from a
# seeded generator and the timer, so it boots here too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/xen-common.sh"
for n in heads1 heads2 timeout echo_server; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
xen_setup

if xen_build heads1; then expect_heads1; fi
if xen_build heads2; then expect_heads2; fi
if xen_build timeout1; then
    expect_timeout timeout1 Cancelled "the task is cancelled"
fi
if xen_build timeout2; then
    expect_timeout timeout2 Timeout "the timeout wins"
fi
if xen_build echo_server; then expect_echo_server; fi
done_testing
