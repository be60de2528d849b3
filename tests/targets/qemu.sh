# SPDX-License-Identifier: ISC
# tests/targets/qemu.sh: what the tests that boot images under QEMU share:
# the QEMU program, the accelerator, one boot, and the PVH note check.
# Sourced after tests/lib.sh.

qemu=${QEMU_SYSTEM_X86_64:-qemu-system-x86_64}

# need_qemu: skips the whole script without QEMU.
need_qemu() {
    command -v "$qemu" >/dev/null 2>&1 ||
        skip_all "$qemu is not installed (Debian: qemu-system-x86)"
}

# pick_accel: sets $accel to kvm when /dev/kvm is usable (a QEMU that starts
# with it), tcg otherwise; MIRAGE_QEMU_ACCEL=tcg|kvm forces one.
pick_accel() {
    accel=${MIRAGE_QEMU_ACCEL:-}
    if test -z "$accel"; then
        accel=tcg
        if test -r /dev/kvm && test -w /dev/kvm &&
            echo quit | timeout 20 "$qemu" -M none -accel kvm -display none \
                -monitor stdio >/dev/null 2>&1; then
            accel=kvm
        fi
    fi
    diag "QEMU accelerator: $accel"
}

# qemu_boot KERNEL RUN CMDLINE: boots KERNEL in PVH mode on the pc machine
# (QEMU's pvh.bin option ROM enters the PHYS32_ENTRY note's address with a
# struct hvm_start_info); serial output without \r in $scratch/RUN.out,
# QEMU's own messages in $scratch/RUN.err, QEMU's exit code in $rc, and the
# guest's status in $status: QEMU exits with 2 * status + 1 through
# isa-debug-exit, so an even code (0: a triple fault under -no-reboot, 124:
# the timeout) gives -1. $boot_timeout (default 60) bounds the boot.
qemu_boot() {
    timeout "${boot_timeout:-60}" "$qemu" -M pc -accel "$accel" -m 64 \
        -display none -no-reboot -monitor none \
        -serial "file:$scratch/$2.serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$1" -append "$3" </dev/null >"$scratch/$2.err" 2>&1
    rc=$?
    tr -d '\r' <"$scratch/$2.serial" >"$scratch/$2.out" 2>/dev/null ||
        : >"$scratch/$2.out"
    if test $((rc % 2)) -eq 1; then status=$(((rc - 1) / 2)); else
        status=-1; fi
}

# check_pvh_note IMAGE DESCRIPTION: a test point that IMAGE carries the Xen
# PHYS32_ENTRY ELF note (skipped without readelf).
check_pvh_note() {
    if ! command -v readelf >/dev/null 2>&1; then
        skip "$2" "no readelf"
    elif readelf -n "$1" 2>/dev/null |
        grep -E -q 'Xen +0x0000000[48].*(0x00000012|PHYS32_ENTRY)'; then
        ok "$2"
    else
        not_ok "$2"
        readelf -n "$1" 2>&1 | sed 's/^/# | /'
    fi
}
