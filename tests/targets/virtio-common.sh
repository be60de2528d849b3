# SPDX-License-Identifier: ISC
# tests/targets/virtio-common.sh: what the virtio-*.sh tests share: the
# set-up, building an example for the virtio target, and `run' for the
# expect_NAME functions of tests/examples/expect-*.sh, booting under QEMU
# on the machine $qemu_machine: microvm (virtio over MMIO) or q35 (virtio
# over PCI). Sourced after tests/lib.sh and qemu.sh.

. "$top_srcdir/tests/examples/expect-common.sh"
target=virtio

# virtio_setup: skips the whole script without QEMU, the virtio runtime or
# autoreconf; then picks the accelerator.
virtio_setup() {
    need_qemu
    test -f "$top_builddir/pkgconfig/mirage-virtio-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-virtio.a" ||
        skip_all "the virtio target was not built (the C compiler does not target x86-64)"
    need_autotools
    use_build_tree
    pick_accel
    virtio_probed=
    qemu_machine=microvm
    qemu_extra=
}

# virtio_machine microvm|q35: the machine of the next boots, and the QEMU
# option that makes microvm's virtio-mmio devices modern (our driver has
# no legacy interface).
virtio_machine() {
    qemu_machine=$1
    # microvm appends its virtio_mmio.device= words only without ACPI
    if test "$1" = microvm; then qemu_machine=microvm,acpi=off; fi
    virtio_global=
    if test "$1" = microvm; then
        virtio_global="-global virtio-mmio.force-legacy=false"
    fi
    qemu_extra=$virtio_global
}

# virtio_disk NAME FILE: attaches FILE as the virtio-blk disk with serial
# NAME on the current machine (after virtio_machine).
virtio_disk() {
    case $qemu_machine in
    microvm*) dev=virtio-blk-device ;;
    *) dev=virtio-blk-pci,disable-legacy=on ;;
    esac
    qemu_extra="$qemu_extra -drive id=blk$1,file=$2,format=raw,if=none"
    qemu_extra="$qemu_extra -device $dev,drive=blk$1,serial=$1"
}

# virtio_build NAME [CONFIGURE-ARGS...]: copies examples/NAME to
# $scratch/NAME and builds it for virtio; 0 when NAME.virtio is there
# (then $p is the project and $image the image) and carries the PVH entry
# note. The first image built is the KVM probe's: it must exit with 0.
virtio_build() {
    name=$1; shift
    p=$scratch/$name
    image=$p/$name.virtio
    copy_project "$top_srcdir/examples/$name" "$p"
    if build_project "$p" --with-target=virtio "$@" && test -f "$image"; then
        ok "$name builds for virtio ($name.virtio)"
    else
        not_ok "$name builds for virtio ($name.virtio)"
        diag_file "$p/build.log"
        return 1
    fi
    check_pvh_note "$image" "$name.virtio carries the PVH entry note"
    if test -z "$virtio_probed"; then
        virtio_probed=yes
        qemu_probe_kvm "$image"
    fi
}

# run ARGS...: boots $image on $qemu_machine with ARGS on its command line
# (run_cmdline, qemu.sh).
run() {
    run_cmdline "$(cmdline_quote "$@")"
}
