#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/spt-faults.sh: crash (a NULL write, abort, assert, a stack
# overflow), wx (writing code, running data) and memtest (the allocator)
# built for spt and run in mirage-spt, checked as their unix tests check
# them (tests/examples/expect-NAME.sh): each fault reaches the guest's
# fault entry through the tender's signal handler and ends in a crash
# report with status 255.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
for n in crash wx memtest; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
spt_setup

if spt_build crash; then
    expect_crash
    # the report is the runtime's (the guest's fault entry), not the
    # tender's own fallback, and the signal is among the registers
    run --crash=null
    check_no_grep "null: the tender did not report it itself" \
        '^mirage-spt: crash' "$scratch/all"
    check_grep "null: the report names the signal" \
        '^mirage: crash: page fault \(SIGSEGV\) at 0x0{16}$' "$scratch/all"
    check_grep "null: the crash report is on stderr" '^mirage: registers:$' \
        "$scratch/err"
fi
if spt_build wx; then expect_wx; fi
if spt_build memtest; then expect_memtest; fi
done_testing
