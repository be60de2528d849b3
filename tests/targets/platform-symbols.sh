#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/platform-symbols.sh: each PC target links its own platform
# and not the other's: no Xen code in a virtio image, no virtio code in a
# xen image. examples/noop is built for both; its images and the two
# runtime libraries are read with nm (local symbols included: the images
# keep their whole symbol table, and the libraries localise their names
# but keep them).
#
# What a symbol's name says (extended regular expressions, any case):
#   Xen's PV layer (runtime/xen): xen|hypercall|pvcons|evtchn|shared_info.
#     Every file of runtime/xen defines names that match (xen_pv_*,
#     xen_console_*, xen_clock_*, xen_exit, xen_choose_*, the hypercall
#     and shared-info pages), but for main.c, poll.c and crash.c, whose
#     boot_app_main, plat_poll and plat_symbolize virtio defines too (both
#     could not link).
#   The virtio drivers (runtime/virtio): virtio|virtq|^pci_|^v[mp]_ (the
#     drivers, the virtqueues, the PCI bus, the MMIO and PCI transports'
#     operations); its clock.c and console.c define only plat_* functions,
#     which the xen target defines itself (choose.c).
# The PC's files (runtime/pc: 16550, RTC, APIC, ACPI, PVH boot) are in
# both, and their names match neither pattern.
. "$top_srcdir/tests/lib.sh"

xen_re='xen|hypercall|pvcons|evtchn|shared_info'
virtio_re='virtio|virtq|^pci_|^v[mp]_'

NM=${NM:-nm}
command -v "$NM" >/dev/null 2>&1 || skip_all "nm is not installed"
for t in xen virtio; do
    test -f "$top_builddir/pkgconfig/mirage-$t-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-$t.a" ||
        skip_all "the $t target was not built (the C compiler does not target x86-64)"
done
need_autotools
use_build_tree

# names FILE: the names of the symbols FILE defines, one a line.
names() {
    "$NM" "$1" 2>"$scratch/nm.err" | awk 'NF >= 3 && $2 != "U" { print $3 }' |
        sort -u
}

# check_none DESCRIPTION FILE ERE: FILE (its names) has no name matching ERE.
check_none() {
    if grep -E -i -e "$3" "$2" >"$scratch/found"; then
        not_ok "$1"
        diag "names that match $3:"
        diag_file "$scratch/found"
    else
        ok "$1"
    fi
}

# check_some DESCRIPTION FILE ERE: FILE has a name matching ERE (so that
# the patterns are known to find what they look for).
check_some() {
    if grep -E -i -q -e "$3" "$2"; then ok "$1"; else
        not_ok "$1"
        diag "no name matches $3"
    fi
}

for t in xen virtio; do
    names "$top_builddir/runtime/libmirage-$t.a" >"$scratch/lib-$t"
    check "nm reads libmirage-$t.a" test -s "$scratch/lib-$t"
done
check_none "libmirage-virtio.a has no Xen PV code" "$scratch/lib-virtio" \
    "$xen_re"
check_none "libmirage-xen.a has no virtio code" "$scratch/lib-xen" \
    "$virtio_re"
check_some "libmirage-xen.a has Xen's PV layer" "$scratch/lib-xen" \
    '^xen_pv_init$'
check_some "libmirage-virtio.a has the virtio drivers" \
    "$scratch/lib-virtio" '^virtio_pci_probe$'

for t in xen virtio; do
    p=$scratch/noop-$t
    copy_project "$top_srcdir/examples/noop" "$p"
    if build_project "$p" --with-target=$t && test -f "$p/noop.$t"; then
        ok "noop builds for $t (noop.$t)"
    else
        not_ok "noop builds for $t (noop.$t)"
        diag_file "$p/build.log"
        continue
    fi
    names "$p/noop.$t" >"$scratch/image-$t"
    check "nm reads noop.$t" test -s "$scratch/image-$t"
    # the PC's boot path and console are in both
    check_some "noop.$t has the PC's boot path (boot_main)" \
        "$scratch/image-$t" '^boot_main$'
    check_some "noop.$t has the PC's console (serial_write)" \
        "$scratch/image-$t" '^serial_write$'
done
if test -s "$scratch/image-virtio"; then
    check_none "noop.virtio has no Xen PV code" "$scratch/image-virtio" \
        "$xen_re"
    check_some "noop.virtio has the virtio drivers" "$scratch/image-virtio" \
        "$virtio_re"
fi
if test -s "$scratch/image-xen"; then
    check_none "noop.xen has no virtio code" "$scratch/image-xen" \
        "$virtio_re"
    check_some "noop.xen has Xen's PV layer" "$scratch/image-xen" \
        '^xen_pv_init$'
fi
done_testing
