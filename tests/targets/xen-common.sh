# SPDX-License-Identifier: ISC
# tests/targets/xen-common.sh: what the xen-*.sh tests share: the set-up,
# building an example for the xen target, and `run' for the expect_NAME
# functions of tests/examples/expect-*.sh, which hold what each example
# must do on every target. Sourced after tests/lib.sh and qemu.sh.

. "$top_srcdir/tests/examples/expect-common.sh"
target=xen

# xen_setup: skips the whole script without QEMU, the xen runtime or
# autoreconf; then picks the accelerator.
xen_setup() {
    need_qemu
    test -f "$top_builddir/pkgconfig/mirage-xen-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-xen.a" ||
        skip_all "the xen target was not built (the C compiler does not target x86-64)"
    need_autotools
    use_build_tree
    pick_accel
    xen_probed=
}

# xen_build NAME [CONFIGURE-ARGS...]: copies examples/NAME to $scratch/NAME
# and builds it for xen; 0 when NAME.xen is there (then $p is the project
# and $image the image) and carries the PVH entry note. The first image
# built is the KVM probe's (qemu_probe_kvm): it must exit with 0.
xen_build() {
    name=$1; shift
    p=$scratch/$name
    image=$p/$name.xen
    copy_project "$top_srcdir/examples/$name" "$p"
    if build_project "$p" --with-target=xen "$@" && test -f "$image"; then
        ok "$name builds for xen ($name.xen)"
    else
        not_ok "$name builds for xen ($name.xen)"
        diag_file "$p/build.log"
        return 1
    fi
    check_pvh_note "$image" "$name.xen carries the Xen PHYS32_ENTRY note"
    if test -z "$xen_probed"; then
        xen_probed=yes
        qemu_probe_kvm "$image"
    fi
}

# run ARGS...: boots $image with ARGS on its command line (see
# expect-common.sh): the console is both $scratch/out and $scratch/err, and
# the status is the guest's (255: a crash; -1: QEMU's own failure, or the
# guest did not exit through isa-debug-exit).
run() {
    run_cmdline "$(cmdline_quote "$@")"
}
