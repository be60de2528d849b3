# SPDX-License-Identifier: ISC
# tests/targets/qemu.sh: what the tests that boot images under QEMU share:
# the QEMU program, the accelerator and its probe, one boot, and the PVH
# note check.
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
            echo quit | test_timeout 20 "$qemu" -M none -accel kvm -display none \
                -monitor stdio >/dev/null 2>&1; then
            accel=kvm
        fi
    fi
    diag "QEMU accelerator: $accel"
}

# qemu_exec KERNEL RUN CMDLINE: the QEMU of qemu_boot, without the
# bookkeeping after it: QEMU's exit code is the status (124: the timeout,
# $boot_timeout scaled). With qemu_exec_prefix=exec, the shell becomes
# QEMU's timeout.
qemu_exec() {
    # shellcheck disable=SC2086 # $qemu_extra is a list of options
    ${qemu_exec_prefix:-} timeout "$(scaled "${boot_timeout:-120}")" "$qemu" \
        -M "${qemu_machine:-pc}" -accel "$accel" ${qemu_extra:-} \
        ${qemu_cpu:+-cpu "$qemu_cpu"} -m 64 \
        -display none -no-reboot -monitor none \
        -serial "file:$scratch/$2.serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$1" -append "$3" </dev/null >"$scratch/$2.err" 2>&1
}

# qemu_boot KERNEL RUN CMDLINE: boots KERNEL in PVH mode on the pc machine
# (QEMU's pvh.bin option ROM enters the PHYS32_ENTRY note's address with a
# struct hvm_start_info); serial output without \r in $scratch/RUN.out,
# QEMU's own messages in $scratch/RUN.err, QEMU's exit code in $rc, and the
# guest's status in $status: QEMU exits with 2 * status + 1 through
# isa-debug-exit, except for a crash (status 255), which gives 255; so an
# even code (0: a triple fault under -no-reboot, 124: the timeout) gives
# -1. $boot_timeout (default 120; seconds, scaled: tests/lib.sh) bounds
# the boot, only so that a hang ends (virtio-devices' block example writes
# and checks 1 MiB through the emulated disk: 167 s under kvm_pvm on a
# loaded host); $qemu_cpu, when set, is
# the CPU model (-cpu; QEMU's default otherwise); $qemu_machine the
# machine (default pc); $qemu_extra more QEMU options (devices), unquoted.
qemu_boot() {
    qemu_exec "$@"
    rc=$?
    tr -d '\r' <"$scratch/$2.serial" >"$scratch/$2.out" 2>/dev/null ||
        : >"$scratch/$2.out"
    if test "$rc" -eq 255; then status=255
    elif test $((rc % 2)) -eq 1; then status=$(((rc - 1) / 2))
    else status=-1; fi
}

# qemu_probe_boot RUN [LIMIT]: boots $probe_kernel once with $accel, for
# 20 s (scaled) or LIMIT milliseconds at most, and sets $probe_ms to the
# milliseconds it took and $probe_rc to QEMU's code: -1 when the boot was
# cut at LIMIT, or for a KVM that cannot run the image, which says "KVM
# internal error" and waits (stopped at once).
qemu_probe_boot() {
    probe_t0=$(date +%s%N)
    (qemu_exec_prefix=exec boot_timeout=20 &&
        qemu_exec "$probe_kernel" "$1" '') &
    probe_pid=$! # the timeout program itself: it stops QEMU on a signal
    probe_cut=
    while kill -0 "$probe_pid" 2>/dev/null; do
        probe_ms=$((($(date +%s%N) - probe_t0) / 1000000))
        if grep -q -e 'KVM internal error' -e 'emulation failure' \
            "$scratch/$1.err" 2>/dev/null ||
            { test -n "${2:-}" && test "$probe_ms" -gt "$2"; }; then
            probe_cut=yes
            kill "$probe_pid" 2>/dev/null
            break
        fi
        sleep 0.05
    done
    wait "$probe_pid"
    probe_rc=$?
    test -z "$probe_cut" || probe_rc=-1
    probe_ms=$((($(date +%s%N) - probe_t0) / 1000000))
}

# qemu_probe_kvm KERNEL: with $accel kvm (not forced by MIRAGE_QEMU_ACCEL),
# boots KERNEL, which must exit with 0, with TCG and then with KVM, and
# keeps KVM only if it runs the image about as fast as TCG or faster (in
# twice TCG's time and half a second). A KVM that starts may still fail to
# run the image (a nested or paravirtual KVM that cannot emulate what it
# traps), or run it far slower than TCG (as the paravirtual kvm_pvm does):
# then $accel becomes tcg.
qemu_probe_kvm() {
    test "$accel" = kvm && test -z "${MIRAGE_QEMU_ACCEL:-}" || return 0
    probe_kernel=$1
    accel=tcg
    qemu_probe_boot probe-tcg
    tcg_ms=$probe_ms limit=
    test "$probe_rc" -ne 1 || limit=$((2 * tcg_ms + 500))
    accel=kvm
    qemu_probe_boot probe-kvm $limit
    # the watch above samples every 0.05 s, slower on a loaded host: a boot
    # that ended past the limit before it looked is too slow all the same
    if test "$probe_rc" -eq 1 && test -n "$limit" &&
        test "$probe_ms" -gt "$limit"; then
        probe_rc=-1 probe_cut=yes
    fi
    if test "$probe_rc" -eq 1; then
        diag "KVM runs the image ($probe_ms ms; TCG $tcg_ms ms): using KVM"
        return 0
    fi
    accel=tcg
    if grep -q 'KVM internal error' "$scratch/probe-kvm.err"; then
        diag "KVM cannot run the image: using TCG"
        sed -n '/emulation failure\|error/p' "$scratch/probe-kvm.err" |
            head -n 3 | sed 's/^/# | /'
    elif test -n "$probe_cut"; then
        times="$probe_ms ms, more than $limit; TCG: $tcg_ms ms"
        diag "KVM runs the image far slower than TCG ($times): using TCG"
    else
        diag "KVM does not run the image (QEMU code $probe_rc): using TCG"
    fi
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

# cmdline_quote ARGS...: the boot command line that gives ARGS, each quoted
# for the runtime's splitter (runtime/core/cmdline.h) as for a shell.
cmdline_quote() {
    sep=
    for arg in "$@"; do
        case $arg in
        '' | *[!A-Za-z0-9_./:=,+@%-]*)
            arg="'$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'" ;;
        esac
        printf '%s%s' "$sep" "$arg"
        sep=' '
    done
}

# run_cmdline CMDLINE: boots $image (qemu_boot) with the command line
# CMDLINE as it is: the console is $scratch/out, $scratch/err and
# $scratch/all, split by split_log (expect-common.sh); the status is the
# guest's (255: a crash; -1: QEMU's own failure, or the guest did not exit
# through isa-debug-exit).
run_cmdline() {
    qemu_boot "$image" boot "$1"
    cp "$scratch/boot.out" "$scratch/out"
    cp "$scratch/boot.out" "$scratch/err"
    cp "$scratch/boot.out" "$scratch/all"
    split_log
    if test "$status" -eq -1; then
        diag "QEMU code $rc on ${qemu_machine:-pc} for: $1"
        diag_file "$scratch/boot.err"
    fi
}
