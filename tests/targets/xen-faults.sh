#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/xen-faults.sh: crash (a NULL write, abort, assert, a stack
# overflow), wx (writing code, running data) and memtest (the allocator)
# built for xen and booted under QEMU, checked as their unix tests check
# them (tests/examples/expect-NAME.sh): the platform must catch every
# fault with a crash report and status 255 (QEMU's code 255).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/xen-common.sh"
for n in crash wx memtest; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
xen_setup

# The first image built is the KVM probe's: crash without --crash exits
# with 0 at once (memtest's 200000 operations would take the probe long).
if xen_build crash; then expect_crash; fi
if xen_build wx; then expect_wx; fi
if xen_build memtest; then expect_memtest; fi
done_testing
