#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/virtio-devices.sh: disks on the virtio target, under QEMU
# on microvm (virtio-mmio) and q35 (virtio-pci): the block example on a
# virtio-blk disk image (the pattern it wrote is in the file afterwards),
# disk-lottery's state surviving a reboot of the unikernel, a disk bound
# by its serial among several, and a declared disk that is absent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/examples/expect-block.sh"
. "$top_srcdir/tests/examples/expect-noop.sh"
virtio_setup
virtio_machine microvm
# the KVM probe boots the first image built, which must exit with 0
virtio_build noop || { done_testing; exit; }

if virtio_build block --with-disk=virtio; then
    for m in microvm q35; do
        disk=$scratch/disk-$m.img
        dd if=/dev/zero of="$disk" bs=1024 count=1024 2>/dev/null
        virtio_machine "$m"
        virtio_disk disk "$disk"
        run
        check_status "$m: block exits with 0 on a 1 MiB virtio-blk disk" 0 \
            "$status"
        expect_block_ran 2048
        # sector 5 starts with its number, little-endian, then 0x2b
        got=$(od -A n -t x1 -j 2560 -N 9 "$disk" | tr -s ' \n' ' ')
        if test "$got" = " 05 00 00 00 00 00 00 00 2b "; then
            ok "$m: the pattern is in the file, at sector 5"
        else
            not_ok "$m: the pattern is in the file, at sector 5"
            diag "got:$got"
        fi

        # two disks: the one whose serial is "disk" is the one used
        other=$scratch/other-$m.img
        dd if=/dev/zero of="$other" bs=1024 count=64 2>/dev/null
        dd if=/dev/zero of="$disk" bs=1024 count=512 2>/dev/null
        virtio_machine "$m"
        virtio_disk other "$other"
        virtio_disk disk "$disk"
        run
        check_status "$m: with two disks, block exits with 0" 0 "$status"
        expect_block_ran 1024
        check "$m: the other disk was not written" \
            test "$(tr -d '\0' <"$other" | wc -c)" -eq 0

        # no disk at all: the boot stops, naming the device
        virtio_machine "$m"
        run
        check_status "$m: without a disk the boot fails (125)" 125 "$status"
        check_grep "$m: and the message names the device" "disk" \
            "$scratch/out"
    done
fi

if virtio_build disk-lottery --with-disk=virtio; then
    disk=$scratch/lottery.img
    truncate -s 64K "$disk"
    step=
    for m in microvm q35 microvm; do
        virtio_machine "$m"
        virtio_disk disk "$disk"
        case $m$step in
        microvm) run --slot=5; want='draw 1: ticket for slot 5;' ;;
        q35*) run --slot=7; want='slots taken: 5 7$' ;;
        *) run; want='state: draws 2, tickets 2, slots taken: 5 7$' ;;
        esac
        step=${step}x
        check_status "disk-lottery boot $step on $m exits with 0" 0 "$status"
        check_grep "the state on the disk is as the boots before left it" \
            "$want" "$scratch/out"
    done
fi
done_testing
