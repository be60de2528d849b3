#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/hvt-examples.sh: the examples that need no network (noop,
# hello, hello-key, app_info, args, the fibers and timers, clock, prng,
# crypto, kv_ro, block) built for the hvt target and run in the tender
# mirage-hvt (KVM), checked as their unix tests check them (tests/
# examples/expect-NAME.sh). block runs on a disk file that the tender
# attaches. Without the tender or a usable /dev/kvm, noop is still built
# and its layout checked. hvt-faults.sh does crash, wx and memtest.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
for n in noop hello hello-key app_info args heads1 heads2 timeout \
    echo_server clock prng crypto kv_ro block; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
hvt_setup

hvt_build noop || { done_testing; exit; }
hvt_can_run || { done_testing; exit; }
expect_noop
# the tender quotes the arguments, the runtime splits them back
run "--logs=debug" "a b"
check_status "an argument with a space is one argument (64: unknown)" \
    64 "$status"
check_grep "the tender's quoting reaches the runtime" "a b" "$scratch/all"

if hvt_build hello; then
    expect_hello
    check_sandboxed "$tender" "$image"
    # the least memory: hello runs in 2 MiB (issue 13; Solo5 needs 4)
    hvt_opts=--mem=2
    run
    hvt_opts=
    check_status "hello runs with --mem=2" 0 "$status"
    check_count "and logs 'hello' four times" 4 \
        "${log_stamp}INF \\[hello\\] hello\$" "$scratch/out"
fi
if hvt_build hello-key; then expect_hello_key; fi
if hvt_build app_info; then
    expect_app_info
    # the wall clock is the tender's (WALLTIME): the log's date is today's
    run
    today=$(date -u +%Y-%m-%d)
    yesterday=$(date -u -d yesterday +%Y-%m-%d 2>/dev/null || echo "$today")
    check_grep "the log's date is the host's (the WALLTIME hypercall)" \
        "^($today|$yesterday) " "$scratch/out"
fi
if hvt_build args; then expect_args; fi

if hvt_build heads1; then expect_heads1; fi
if hvt_build heads2; then expect_heads2; fi
if hvt_build timeout1; then
    expect_timeout timeout1 Cancelled "the task is cancelled"
fi
if hvt_build timeout2; then
    expect_timeout timeout2 Timeout "the timeout wins"
fi
if hvt_build echo_server; then expect_echo_server; fi

if hvt_build clock; then expect_clock; fi
if hvt_build prng; then expect_prng; fi
if hvt_build crypto; then expect_crypto; fi
if hvt_build kv_ro --with-kv-ro=crunch; then expect_kv_ro_crunch "$p"; fi

# block: --with-disk=tender declares the disk the tender attaches; the
# image's manifest names it, and the tender refuses to start without it.
if hvt_build block --with-disk=tender; then
    check_grep "the manifest is in mirage_main.c" \
        '\{\.name = "disk", \.type = MIRAGE_TENDER_DEV_BLOCK\}' \
        "$p/mirage_main.c"
    disk=$scratch/disk.img
    dd if=/dev/zero of="$disk" bs=1024 count=1024 2>/dev/null
    hvt_opts="--block:disk=$disk"
    run
    check_status "block exits with 0 on a 1 MiB disk file" 0 "$status"
    expect_block_ran 2048
    # sector 5 starts with its number, little-endian, then 5 * 7 + 8 = 0x2b
    got=$(od -A n -t x1 -j 2560 -N 9 "$disk" | tr -s ' \n' ' ')
    if test "$got" = " 05 00 00 00 00 00 00 00 2b "; then
        ok "the pattern is in the file, at sector 5"
    else not_ok "the pattern is in the file, at sector 5"; diag "got:$got"; fi
    check "the file keeps its size" test "$(wc -c <"$disk")" -eq 1048576
    hvt_opts=
    run
    check_status "without --block:disk=PATH the tender refuses (125)" 125 \
        "$status"
    check_grep "and names the device and the option" \
        "device 'disk' \\(block\\) is declared by the image but not attached: use --block:disk" \
        "$scratch/err"
    check_no_grep "the unikernel did not start" 'INF \[block\]' \
        "$scratch/all"
fi
done_testing
