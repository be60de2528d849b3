#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/pvh-smoke.sh: boots the PVH smoke kernel under QEMU
# (-kernel in PVH mode on the pc machine) and checks what it prints on the
# serial console and the status it exits with through isa-debug-exit.
. "$top_srcdir/tests/lib.sh"

kernel=$top_builddir/tests/targets/pvh-smoke/smoke.elf
qemu=${QEMU_SYSTEM_X86_64:-qemu-system-x86_64}

command -v "$qemu" >/dev/null 2>&1 ||
    skip_all "$qemu is not installed (Debian: qemu-system-x86)"
test -f "$kernel" ||
    skip_all "no PVH kernel: the C compiler does not target x86-64"

# KVM when /dev/kvm is usable (a QEMU that starts with it), TCG otherwise;
# MIRAGE_QEMU_ACCEL=tcg|kvm forces one.
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

# boot NAME CMDLINE: runs the kernel, serial output in $scratch/NAME.serial,
# QEMU's own messages in $scratch/NAME.err, the exit code in $rc.
# -M pc: QEMU's pvh.bin option ROM enters the PHYS32_ENTRY note's address
# with a struct hvm_start_info (microvm boots the same image too).
# -no-reboot turns a triple fault into an exit (code 0).
boot() {
    timeout 60 "$qemu" -M pc -accel "$accel" -m 64 -display none \
        -no-reboot -monitor none -serial "file:$scratch/$1.serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$kernel" -append "$2" </dev/null >"$scratch/$1.err" 2>&1
    rc=$?
    tr -d '\r' <"$scratch/$1.serial" >"$scratch/$1.out" 2>/dev/null ||
        : >"$scratch/$1.out"
}

# status_of CODE: the guest's status from QEMU's exit code, which is
# 2 * status + 1 (isa-debug-exit); -1 for an even code (not a guest exit).
status_of() {
    if test $(($1 % 2)) -eq 1; then echo $((($1 - 1) / 2)); else echo -1; fi
}

if command -v readelf >/dev/null 2>&1; then
    if readelf -n "$kernel" 2>/dev/null |
        grep -E -q 'Xen +0x0000000[48].*(0x00000012|PHYS32_ENTRY)'; then
        ok "the image carries the Xen PHYS32_ENTRY note"
    else
        not_ok "the image carries the Xen PHYS32_ENTRY note"
        readelf -n "$kernel" 2>&1 | sed 's/^/# | /'
    fi
else
    skip "the image carries the Xen PHYS32_ENTRY note" "no readelf"
fi

boot hello 'hello world'
status=$(status_of "$rc")
if test "$status" -eq 7; then ok "exits with status 7 (QEMU code $rc)"; else
    not_ok "exits with status 7"
    diag "QEMU exit code $rc (status $status)"
    diag_file "$scratch/hello.err"
fi
check_grep "prints the banner" '^pvh-smoke: booted$' "$scratch/hello.out"
check_grep "echoes the command line" '^pvh-smoke: cmdline: \[hello world\]$' \
    "$scratch/hello.out"
check_grep "the boot path lists the memory map" \
    '^boot: memory map, [1-9][0-9]* entries$' "$scratch/hello.out"
mib=$(sed -n 's/^pvh-smoke: ram: \([0-9][0-9]*\) MiB$/\1/p' \
    "$scratch/hello.out")
if test -n "$mib" && test "$mib" -ge 56 && test "$mib" -le 72; then
    ok "RAM from the memory map is plausible ($mib MiB for -m 64)"
else
    not_ok "RAM from the memory map is plausible"
    diag "RAM '$mib' MiB, expected 64 +- 8"
    diag_file "$scratch/hello.out"
fi

boot crash 'please crash'
check_grep "the crash variant reaches the bad access" \
    '^pvh-smoke: crashing$' "$scratch/crash.out"
check_no_grep "the bad access does not return" 'still alive' \
    "$scratch/crash.out"
if test "$rc" -ne 124 && test "$(status_of "$rc")" -ne 7; then
    ok "the crash variant does not exit 7 (QEMU code $rc)"
else
    not_ok "the crash variant does not exit 7"
    diag "QEMU exit code $rc"
    diag_file "$scratch/crash.err"
fi

done_testing
