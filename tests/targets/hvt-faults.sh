#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/hvt-faults.sh: crash (a NULL write, abort, assert, a stack
# overflow), wx (writing code, running data) and memtest (the allocator)
# built for hvt and run in mirage-hvt, checked as their unix tests check
# them (tests/examples/expect-NAME.sh): the guest's page tables and IDT
# (runtime/freestanding/x86_64) must catch every fault with a crash report
# on the console and status 255 (the HALT hypercall's).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
for n in crash wx memtest; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
hvt_setup

hvt_build crash || { done_testing; exit; }
hvt_can_run || { done_testing; exit; }
expect_crash
run --crash=null
check_grep "null: the report is on the console (stdout)" \
    '^mirage: registers:$' "$scratch/out"
check_grep "null: it says what kind of access failed" \
    '^mirage: crash: page fault: write to an unmapped address at 0x0$' \
    "$scratch/out"

if hvt_build wx; then expect_wx; fi
# memtest's probe: 20 operations, then its final 8 MiB block. A KVM that
# emulates (kvm_pvm, whose noop boots fast) takes some 15 s to touch those
# pages, and 36 s for 2000 operations: then memtest runs 2000, not 200000.
# On a loaded host that KVM took 167 s for the 20: memtest's runs have 300 s
# (scaled), a limit only a hang reaches.
if hvt_build memtest; then
    hvt_timeout=300
    start=$(date +%s%N)
    run --ops=20
    end=$(date +%s%N)
    memtest_ms=$(((end - start) / 1000000))
    check_status "memtest of 20 operations exits with 0" 0 "$status"
    check_grep "and passes" '^memtest: 20 ops, [0-9]+ bytes peak, ok$' \
        "$scratch/all"
    if test "$memtest_ms" -gt 2000; then
        diag "this KVM is slow (memtest --ops=20: $memtest_ms ms): memtest runs 2000 operations, not 200000"
        run --ops=2000
        check_status "memtest of 2000 operations exits with 0" 0 "$status"
        check_grep "and passes" \
            '^memtest: 2000 ops, [0-9]+ bytes peak, ok$' "$scratch/all"
        check_no_grep "nothing failed" 'FAIL' "$scratch/all"
        run --ops=-1
        check_status "--ops=-1 exits with 1" 1 "$status"
    else
        expect_memtest
    fi
    hvt_timeout=
fi
done_testing
