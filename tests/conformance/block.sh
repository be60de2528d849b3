#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/block.sh: the block suite (block/suite.c) on every
# implementation of block, on every target it exists on (common.sh). An
# implementation the host attaches a disk to (registry: host = disk) runs
# on a disk file made here, read-write and then read-only, and must refuse
# a file that is not a whole number of sectors; one with an optional
# parameter gets its size in bytes; a required parameter is the disk file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init block
# the disks of the runs: 128 sectors of 512 bytes
disk_bytes=65536

# attach TARGET IMPL FILE [ro]: the options that give the image FILE as
# its disk `disk' (a host = disk implementation), read-only with `ro';
# 1 (and $why) when TARGET has no way to attach one.
attach() {
    conf_opts= qemu_extra= why=
    case $1 in
    unix) ;; # the parameter names the file, in the working folder
    spt | hvt) conf_opts="--block:disk=$3" ;;
    virtio)
        virtio_machine microvm
        qemu_extra="$qemu_extra -drive id=blk0,file=$3,format=raw,if=none"
        test -z "${4:-}" || qemu_extra="$qemu_extra,readonly=on"
        qemu_extra="$qemu_extra -device virtio-blk-device,drive=blk0,serial=disk"
        ;;
    xen)
        why="QEMU cannot play Xen: the suite runs over blkfront and the simulated blkback in tests/xensim/test_blkfront"
        return 1
        ;;
    *)
        why="the runner attaches no disk on $1"
        return 1
        ;;
    esac
}

conf_pair() {
    t=$1 impl=$2 param=$3
    host=$(conf_reg "$impl" host)
    conf_opts= qemu_extra= conf_wrap= conf_cwd=
    case $t in virtio) virtio_machine microvm ;; esac
    sectors=-1
    case $param in
    required) spec="$impl(disk.img)" ;;
    optional) spec="$impl($disk_bytes)" sectors=$((disk_bytes / 512)) ;;
    *) spec=$impl ;;
    esac
    conf_build "$t" "$impl" "$spec" || return 0
    if test "$host" != disk; then
        conf_run "$t" --sectors="$sectors"
        conf_relay "$t/$impl"
        return 0
    fi

    # a disk made here: read-write
    sectors=$((disk_bytes / 512))
    mkdir -p "$dir/rw" "$dir/ro" "$dir/odd"
    truncate -s "$disk_bytes" "$dir/rw/disk.img"
    attach "$t" "$impl" "$dir/rw/disk.img" || {
        skip "$t/$impl: the block suite" "$why"
        return 0
    }
    conf_cwd=$dir/rw
    conf_run "$t" --sectors="$sectors"
    conf_relay "$t/$impl"

    # read-only: its bytes (a pattern) must stay as they were
    seq 1 20000 >"$dir/ro/disk.img"
    truncate -s "$disk_bytes" "$dir/ro/disk.img"
    cp "$dir/ro/disk.img" "$dir/ro.orig"
    if conf_ro_wrap "$dir/ro"; then
        attach "$t" "$impl" "$dir/ro/disk.img" ro
        conf_cwd=$dir/ro
        conf_run "$t" --sectors="$sectors"
        conf_relay "$t/$impl read-only"
        check "$t/$impl read-only: the disk file is unchanged" \
            cmp -s "$dir/ro/disk.img" "$dir/ro.orig"
    else
        skip "$t/$impl read-only: the block suite" "$conf_ro_why"
    fi
    conf_wrap=

    # a file that is not whole sectors: refused at boot, left untouched
    seq 1 20000 >"$dir/odd/disk.img"
    truncate -s $((disk_bytes + 100)) "$dir/odd/disk.img"
    cp "$dir/odd/disk.img" "$dir/odd.orig"
    attach "$t" "$impl" "$dir/odd/disk.img"
    conf_cwd=$dir/odd
    case $t in
    virtio)
        # QEMU rounds the file up to whole sectors (and extends it when
        # the guest writes the last one): the guest cannot tell
        skip "$t/$impl: a disk of $((disk_bytes + 100)) bytes is refused" \
            "QEMU rounds the file up to whole sectors before the guest sees it"
        ;;
    *)
        conf_run "$t" --sectors="$sectors"
        if test "$status" -ne 0 && ! grep -q '^ok ' "$scratch/run.out"; then
            ok "$t/$impl: a disk of $((disk_bytes + 100)) bytes is refused before the suite runs (status $status)"
        else
            not_ok "$t/$impl: a disk of $((disk_bytes + 100)) bytes is refused before the suite runs (status $status)"
            diag_file "$scratch/run.out"
        fi
        diag "$t/$impl: $(grep -h -m 1 -e sector "$scratch/run.out" \
            "$scratch/run.err" | head -n 1)"
        ;;
    esac
    check "$t/$impl: the odd-sized file is unchanged" \
        cmp -s "$dir/odd/disk.img" "$dir/odd.orig"
}

conf_each
done_testing
