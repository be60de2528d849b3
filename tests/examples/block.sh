#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/block.sh: builds examples/block, runs it on a disk image
# made here, checks the bytes on the host, and that a truncated or missing
# image stops the boot with a clear message.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-block.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/block
copy_project "$top_srcdir/examples/block" "$p"
if build_project "$p"; then ok "block builds"; else
    not_ok "block builds"; diag_file "$p/build.log"; done_testing; exit; fi
check "the image is named block" test -x "$p/block"
check_grep "the start function takes the disk" \
    'int block_start\(struct mirage_block \*disk\);' "$p/mirage_main.h"

# a 1 MiB image of zeros: 2048 sectors
disk=$scratch/disk.img
dd if=/dev/zero of="$disk" bs=1024 count=1024 2>/dev/null
image=$p/block
run --block-disk="$disk"
check_status "it runs on a 1 MiB image with --block-disk=PATH" 0 "$status"
expect_block_ran 2048
# sector 5 starts with its number, little-endian, then 5 * 7 + 8 = 0x2b
got=$(od -A n -t x1 -j 2560 -N 9 "$disk" | tr -s ' \n' ' ')
if test "$got" = " 05 00 00 00 00 00 00 00 2b "; then
    ok "the pattern is in the file, at sector 5"
else not_ok "the pattern is in the file, at sector 5"; diag "got:$got"; fi
last=$(od -A n -t x1 -j $((2047 * 512)) -N 2 "$disk" | tr -s ' \n' ' ')
if test "$last" = " ff 07 "; then ok "the last sector was written"
else not_ok "the last sector was written"; diag "got:$last"; fi
check "the image keeps its size" test "$(wc -c <"$disk")" -eq 1048576

# the default path (the parameter, disk.img) is relative to the working dir
truncate -s 64K "$scratch/disk.img"
(cd "$scratch" && "$p/block") >"$scratch/out" 2>&1
check_status "without --block-disk it uses ./disk.img" 0 $?
check_grep "a 64 KiB image is 128 sectors" \
    'wrote and verified 128 sectors' "$scratch/out"

# a truncated image is refused, untouched
printf 'not a whole sector' >"$scratch/short.img"
cp "$scratch/short.img" "$scratch/short.orig"
"$p/block" --block-disk="$scratch/short.img" >"$scratch/out" 2>&1
check_status "a truncated image stops the boot with 125" 125 $?
check_grep "the message names the device, the file and the size" \
    "ERR \[block-file\] disk: disk image '.*/short\.img' is 18 bytes, not a whole number of 512-byte sectors" \
    "$scratch/out"
check_grep "the glue names the failed device" \
    'device disk \(block\) failed to connect' "$scratch/out"
check "the truncated image is left as it was" \
    cmp -s "$scratch/short.img" "$scratch/short.orig"

"$p/block" --block-disk="$scratch/none.img" >"$scratch/out" 2>&1
check_status "a missing image stops the boot with 125" 125 $?
check_grep "the message names the device and the path" \
    "disk: disk image '.*/none\.img' does not exist" "$scratch/out"
check "no image is created" test ! -e "$scratch/none.img"

"$p/block" --help=plain >"$scratch/out" 2>&1
check_status "--help=plain exits with 63" 63 $?
check_grep "--help lists DISK OPTIONS" '^DISK OPTIONS$' "$scratch/out"
check_grep "with --block-disk and its default" \
    '^ +--block-disk=[A-Z]+ \(absent=disk\.img\)$' "$scratch/out"
done_testing
