#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/virtio-devices.sh: disks on the virtio target, under QEMU
# on microvm (virtio-mmio) and q35 (virtio-pci): the block example on a
# virtio-blk disk image (the pattern it wrote is in the file afterwards),
# disk-lottery's state surviving a reboot of the unikernel, a disk bound
# by its serial among several, a read-only disk, and a declared disk or
# NIC that is absent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/examples/expect-block.sh"
. "$top_srcdir/tests/examples/expect-noop.sh"
virtio_setup
virtio_machine microvm
# the KVM probe boots the first image built, which must exit with 0
virtio_build noop || { done_testing; exit; }

# block writes and checks every sector of its disk, each request a trap to
# QEMU: minutes with a paravirtual KVM on a loaded host (167 s, and more
# than 180 s, for 1 MiB under kvm_pvm): the limit of these boots is 300 s
# (scaled), which only a hang reaches
if virtio_build block --with-disk=virtio; then
    boot_timeout=300
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

        # a read-only disk is reported as such, and refuses writes
        virtio_machine "$m"
        virtio_disk disk "$disk"
        qemu_extra=$(printf '%s' "$qemu_extra" |
            sed 's/format=raw,if=none/format=raw,if=none,readonly=on/')
        run
        check_status "$m: on a read-only disk block exits with 1" 1 "$status"
        check_grep "$m: the disk is reported read-only" \
            'disk: 1024 sectors of 512 bytes, read-only$' "$scratch/out"

        # no disk at all: the boot stops, naming the device
        virtio_machine "$m"
        run
        check_status "$m: without a disk the boot fails (125)" 125 "$status"
        check_grep "$m: and the message names the device and the fix" \
            'ERR \[block-tender\] disk: no disk of that name is attached \(spt, hvt: give the tender or mirage run --block:disk=PATH; xen: ' \
            "$scratch/out"
    done
    boot_timeout=
fi

# a PCI disk without MSI-X cannot interrupt: the driver polls it
if test -f "$scratch/block/block.virtio"; then
    image=$scratch/block/block.virtio
    disk=$scratch/disk-polled.img
    dd if=/dev/zero of="$disk" bs=1024 count=256 2>/dev/null
    virtio_machine q35
    virtio_disk disk "$disk"
    qemu_extra="$qemu_extra,vectors=0"
    run
    check_status "q35: block on a disk without MSI-X exits with 0" 0 \
        "$status"
    check_grep "q35: the runtime says the device will not interrupt" \
        'no MSI-X; the device will not interrupt' "$scratch/out"
    expect_block_ran 512
fi

# qboot (QEMU's minimal firmware) leaves every PCI BAR unassigned: the
# runtime gives the disk's BARs addresses itself. (qboot of QEMU 7.2 halts
# before the kernel when a virtio-net-pci device is present: disks only.)
qboot=
for dir in $("$qemu" -L help 2>/dev/null); do
    if test -f "$dir/qboot.rom"; then qboot=$dir/qboot.rom; fi
done
if test -z "$qboot"; then
    skip "q35 with qboot" "QEMU has no qboot.rom"
elif test -f "$scratch/block/block.virtio"; then
    image=$scratch/block/block.virtio
    disk=$scratch/disk-qboot.img
    dd if=/dev/zero of="$disk" bs=1024 count=256 2>/dev/null
    virtio_machine q35
    qemu_extra="$qemu_extra -bios $qboot"
    virtio_disk disk "$disk"
    run
    check_status "q35 with qboot: block exits with 0 (the runtime assigns the BARs)" \
        0 "$status"
    expect_block_ran 512
fi

# a declared NIC that is absent stops the boot, naming the device
if virtio_build ethecho; then
    for m in microvm q35; do
        virtio_machine "$m"
        run
        check_status "$m: ethecho without a NIC fails to boot (125)" 125 \
            "$status"
        check_grep "$m: and the message names the device" \
            "service: no network interface of that name is attached" \
            "$scratch/out"
    done
fi

# two NICs bind to the two net devices in the order QEMU lists them
copy_project "$top_srcdir/tests/targets/twonics" "$scratch/twonics"
if build_project "$scratch/twonics" --with-target=virtio; then
    ok "twonics builds for virtio"
    image=$scratch/twonics/twonics.virtio
    for m in microvm q35; do
        case $m in
        microvm) dev=virtio-net-device ;;
        *) dev=virtio-net-pci,disable-legacy=on ;;
        esac
        for order in "0a 0b" "0b 0a"; do
            virtio_machine "$m"
            for mac in $order; do
                qemu_extra="$qemu_extra -netdev hubport,id=n$mac,hubid=0"
                qemu_extra="$qemu_extra -device $dev,netdev=n$mac,mac=02:00:00:00:00:$mac"
            done
            run
            set -- $order
            check_status "$m: twonics with NICs $order exits with 0" 0 \
                "$status"
            check_grep "$m: the first NIC on QEMU's line is 'first'" \
                "^first: 02:00:00:00:00:$1\$" "$scratch/out"
            check_grep "$m: the second is 'second'" \
                "^second: 02:00:00:00:00:$2\$" "$scratch/out"
        done
    done
else
    not_ok "twonics builds for virtio"
    diag_file "$scratch/twonics/build.log"
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
