#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/disk-lottery.sh: builds examples/disk-lottery; its state
# sector survives between runs, --reset clears it, and a corrupt state
# sector is left alone.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/disk-lottery
copy_project "$top_srcdir/examples/disk-lottery" "$p"
if build_project "$p"; then ok "disk-lottery builds"; else
    not_ok "disk-lottery builds"; diag_file "$p/build.log"; done_testing; exit
fi
check "the image is named disk-lottery" test -x "$p/disk-lottery"
check_grep "the start function takes the disk, the slot and reset" \
    'int lottery_start\(struct mirage_block \*disk, int slot, bool reset\);' \
    "$p/mirage_main.h"

disk=$scratch/lottery.img
truncate -s 64K "$disk"
# run ARGS...: runs the lottery on $disk; output in $scratch/out.
run() { "$p/disk-lottery" --block-disk="$disk" "$@" >"$scratch/out" 2>&1; }

run --slot=5
check_status "--slot=5 on a new disk exits with 0" 0 $?
check_grep "a new disk starts a new lottery" 'starting a new lottery' \
    "$scratch/out"
check_grep "it sells draw 1 for slot 5" 'draw 1: ticket for slot 5;' \
    "$scratch/out"

run --slot=7
check_status "--slot=7 exits with 0" 0 $?
check_grep "the next run continues at draw 2" 'draw 2: ticket for slot 7;' \
    "$scratch/out"
check_grep "the state survived the first run" 'slots taken: 5 7$' \
    "$scratch/out"

run --slot=5
check_status "a taken slot exits with 0" 0 $?
check_grep "a taken slot is refused" \
    'WRN \[lottery\] slot 5 is taken already \(sold in draw 1\)' "$scratch/out"

run
check_grep "without --slot it shows the state" \
    'state: draws 2, tickets 2, slots taken: 5 7$' "$scratch/out"

run --reset
check_status "--reset exits with 0" 0 $?
check_grep "--reset clears the state" 'disk: state cleared$' "$scratch/out"
run
check_grep "the cleared state is on the disk" \
    'state: draws 0, tickets 0, slots taken: none$' "$scratch/out"
run --slot=5
check_grep "slot 5 can be bought again, in draw 1" \
    'draw 1: ticket for slot 5;' "$scratch/out"

run --slot=64
check_status "--slot=64 exits with 64" 64 $?
check_grep "the message names the slot" '--slot=64: a slot is 0 to 63' \
    "$scratch/out"
run --slot=five
check_status "--slot=five is not an int: 64" 64 $?

# a corrupt state sector is left alone until --reset
printf 'garbage' | dd of="$disk" conv=notrunc 2>/dev/null
cp "$disk" "$scratch/corrupt.orig"
run --slot=9
check_status "a corrupt state exits with 1" 1 $?
check_grep "the message says how to repair it" \
    'state sector is corrupt; leaving it as it is \(run with --reset' \
    "$scratch/out"
check "the corrupt disk is left as it was" cmp -s "$disk" "$scratch/corrupt.orig"
run --reset --slot=9
check_status "--reset repairs it" 0 $?
check_grep "and the ticket is sold" 'draw 1: ticket for slot 9;' "$scratch/out"

printf 'short' >"$scratch/short.img"
"$p/disk-lottery" --block-disk="$scratch/short.img" >"$scratch/out" 2>&1
check_status "a truncated image stops the boot with 125" 125 $?
check_grep "naming the device, the file and the size" \
    "disk: disk image '.*/short\.img' is 5 bytes" "$scratch/out"
done_testing
