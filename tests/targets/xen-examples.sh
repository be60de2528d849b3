#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/xen-examples.sh: builds examples/noop and examples/app_info
# for the xen target (a PVH image) and boots them under QEMU (-kernel),
# checking the serial console and the status from isa-debug-exit.
. "$top_srcdir/tests/lib.sh"

. "$top_srcdir/tests/targets/qemu.sh"

need_qemu
test -f "$top_builddir/pkgconfig/mirage-xen-uninstalled.pc" &&
    test -f "$top_builddir/runtime/libmirage-xen.a" ||
    skip_all "the xen target was not built (the C compiler does not target x86-64)"
need_autotools
use_build_tree
pick_accel

# boot IMAGE RUN CMDLINE: see qemu_boot in qemu.sh.
boot() { qemu_boot "$@"; }

# check_boot DESCRIPTION EXPECTED RUN: the status of the last boot.
check_boot() {
    if test "$status" -eq "$2"; then ok "$1"; else
        not_ok "$1"
        diag "status $status (QEMU code $rc), expected $2"
        diag_file "$scratch/$3.out"
        diag_file "$scratch/$3.err"
    fi
}

# build NAME: copies and builds examples/NAME for xen; 0 when NAME.xen is
# there and carries the PVH entry note.
build() {
    p=$scratch/$1
    copy_project "$top_srcdir/examples/$1" "$p"
    if build_project "$p" --with-target=xen && test -f "$p/$1.xen"; then
        ok "$1 builds for xen ($1.xen)"
    else
        not_ok "$1 builds for xen ($1.xen)"
        diag_file "$p/build.log"
        return 1
    fi
    check_pvh_note "$p/$1.xen" "$1.xen carries the Xen PHYS32_ENTRY note"
}

if build noop; then
    img=$scratch/noop/noop.xen
    # A KVM that starts may still fail to run the image (a nested or
    # paravirtual KVM that cannot emulate what it traps, such as the fiber
    # switch's stmxcsr under kvm_pvm): then TCG, unless KVM was forced.
    if test "$accel" = kvm && test -z "${MIRAGE_QEMU_ACCEL:-}"; then
        boot_timeout=20 boot "$img" probe ''
        if test "$status" -ne 0; then
            diag "KVM does not run the image (QEMU code $rc); using TCG"
            sed -n '/emulation failure\|error/p' "$scratch/probe.err" |
                head -n 3 | sed 's/^/# | /'
            accel=tcg
        fi
    fi
    boot "$img" noop ''
    check_boot "noop exits with status 0" 0 noop
    boot "$img" help '--help'
    check_boot "noop --help exits with 63" 63 help
    check_grep "--help prints the man page" '^NAME$' "$scratch/help.out"
    check_grep "--help lists the runtime options" '^RUNTIME OPTIONS$' \
        "$scratch/help.out"
    boot "$img" bogus '--bogus'
    check_boot "noop --bogus exits with 64" 64 bogus
    check_grep "the error names --bogus" "unknown option '--bogus'" \
        "$scratch/bogus.out"
    boot "$img" quote "--logs='debug"
    check_boot "an unterminated quote exits with 64" 64 quote
fi

if build app_info; then
    boot "$scratch/app_info/app_info.xen" app_info ''
    check_boot "app_info exits with status 0" 0 app_info
    sed -n 's/^[0-9-]* [0-9:.]* -00:00: //p' "$scratch/app_info.out" \
        >"$scratch/lines"
    printf '%s\n' 'INF [app_info] name: app_info' \
        'INF [app_info] version: 1.0' 'INF [app_info] target: xen' \
        'INF [app_info] device: clock1 (time, default)' \
        'INF [app_info] device: clock2 (time, default)' \
        'INF [app_info] slept on clock1 and clock2' >"$scratch/want"
    if cmp -s "$scratch/want" "$scratch/lines"; then
        ok "app_info logs name, version, target xen and devices"
    else
        not_ok "app_info logs name, version, target xen and devices"
        diff "$scratch/want" "$scratch/lines" | sed 's/^/# /'
    fi
    # the wall clock comes from the RTC: the log's date is today's (UTC)
    today=$(date -u +%Y-%m-%d)
    yesterday=$(date -u -d yesterday +%Y-%m-%d 2>/dev/null || echo "$today")
    check_grep "the log's date is the host's (the CMOS RTC)" \
        "^($today|$yesterday) " "$scratch/app_info.out"
fi

done_testing
