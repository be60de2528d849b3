#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/virtio-examples.sh: builds the examples that need no
# network for the virtio target and boots each under QEMU on microvm
# (virtio over MMIO, no firmware) and, those that do not sleep, on q35 too
# (virtio over PCI, SeaBIOS first), checked as their unix tests check them
# (tests/examples/expect-NAME.sh). virtio-devices.sh does the disks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
for n in noop hello app_info args heads1 timeout clock prng crypto \
    kv_ro crash; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
virtio_setup
virtio_machine microvm

if virtio_build noop; then
    for m in microvm q35; do
        virtio_machine "$m"
        diag "machine $m"
        expect_noop
    done
fi
# the examples that sleep (hello, heads1, timeout2, clock) boot on microvm
# only: q35 differs in the transport, which virtio-devices.sh and
# tests/net/virtio-net.sh boot there, and in SeaBIOS's start
for ex in hello app_info args heads1 timeout2 clock prng crypto; do
    case $ex in
    app_info | args | prng | crypto) machines="microvm q35" ;;
    *) machines=microvm ;;
    esac
    if virtio_build "$ex"; then
        for m in $machines; do
            virtio_machine "$m"
            diag "machine $m"
            case $ex in
            hello) expect_hello ;;
            app_info) expect_app_info ;;
            args) expect_args ;;
            heads1) expect_heads1 ;;
            timeout2) expect_timeout timeout2 Timeout "the timeout wins" ;;
            clock) expect_clock ;;
            prng) expect_prng ;;
            crypto) expect_crypto ;;
            esac
        done
    fi
done

# Without isa-debug-exit the image ends the VM itself: on q35 and pc by
# ACPI soft-off (S5), which QEMU obeys even where it would reboot (no
# -no-reboot here: a reset would boot the image again, until the time
# limit); on microvm without ACPI by a reset, which -no-reboot turns into
# the end of the VM. The last resort of that reset is a triple fault,
# which a paravirtual KVM such as kvm_pvm cannot emulate ("emulation
# failure"): that case runs under TCG.
poweroff_boot() { # MACHINE ACCEL NO-REBOOT: boots app_info; sets $rc, $boots
    cpu=
    if test "$2" = tcg; then cpu="-cpu max"; fi
    # shellcheck disable=SC2086 # $cpu and $3 are lists of words
    test_timeout 60 "$qemu" -M "$1" -accel "$2" $cpu -m 64 -display none \
        -monitor none -nic none $3 -serial "file:$scratch/poweroff.serial" \
        -kernel "$scratch/app_info/app_info.virtio" </dev/null \
        >"$scratch/poweroff.err" 2>&1
    rc=$?
    boots=$(grep -c 'INF \[app_info\] name: app_info' \
        "$scratch/poweroff.serial" 2>/dev/null || :)
}
if test -f "$scratch/app_info/app_info.virtio"; then
    for m in q35 pc; do
        poweroff_boot "$m" "$accel" ""
        if test "$rc" -eq 0 && test "$boots" -eq 1; then
            ok "$m without isa-debug-exit: ACPI powers the VM off after one boot"
        else
            not_ok "$m without isa-debug-exit: ACPI powers the VM off after one boot"
            diag "QEMU code $rc, $boots boots"
            diag_file "$scratch/poweroff.err"
        fi
    done
    poweroff_boot microvm,acpi=off tcg -no-reboot
    if test "$rc" -eq 0 && test "$boots" -eq 1; then
        ok "microvm without isa-debug-exit or ACPI: a reset ends the VM"
    else
        not_ok "microvm without isa-debug-exit or ACPI: a reset ends the VM"
        diag "QEMU code $rc, $boots boots"
        diag_file "$scratch/poweroff.err"
    fi
fi

virtio_machine microvm
if virtio_build kv_ro --with-kv-ro=crunch; then expect_kv_ro_crunch "$p"; fi
if virtio_build crash; then
    expect_crash
    # the report names the file the build made, for addr2line
    check_grep "the report's addresses are crash.virtio's" \
        'symbolize with: addr2line -f -e crash\.virtio ' "$scratch/all"
fi
done_testing
