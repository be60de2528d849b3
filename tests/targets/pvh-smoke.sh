#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/pvh-smoke.sh: boots the PVH smoke kernel under QEMU
# (-kernel in PVH mode on the pc machine) and checks what it prints on the
# serial console and the status it exits with through isa-debug-exit.
. "$top_srcdir/tests/lib.sh"

kernel=$top_builddir/tests/targets/pvh-smoke/smoke.elf
. "$top_srcdir/tests/targets/qemu.sh"

need_qemu
test -f "$kernel" ||
    skip_all "no PVH kernel: the C compiler does not target x86-64"
pick_accel

# boot RUN CMDLINE: boots the smoke kernel (see qemu_boot in qemu.sh).
boot() { qemu_boot "$kernel" "$1" "$2"; }

check_pvh_note "$kernel" "the image carries the Xen PHYS32_ENTRY note"

boot hello 'hello world'
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
if test "$status" -eq 125; then
    ok "the page fault ends the kernel with status 125 (QEMU code $rc)"
else
    not_ok "the page fault ends the kernel with status 125"
    diag "QEMU exit code $rc (status $status)"
    diag_file "$scratch/crash.err"
fi
check_grep "the fault is reported: vector, write, address" \
    '^boot: page fault \(vector 14, error 0x2\) at rip 0x[0-9a-f]*, address 0x8000000000$' \
    "$scratch/crash.out"

# Page 0 is not mapped (x86_64/paging.c): a NULL read faults too.
boot null 'null'
check_grep "reading address 0 faults (page 0 is unmapped)" \
    '^boot: page fault \(vector 14, error 0x0\) at rip 0x[0-9a-f]*, address 0x0$' \
    "$scratch/null.out"
check_no_grep "the NULL read does not return" 'still alive' \
    "$scratch/null.out"

done_testing
