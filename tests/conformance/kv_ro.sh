#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/kv_ro.sh: the kv_ro suite (kv_ro/suite.c, the reads of
# kv_reads.h) on every implementation of kv_ro, on every target it exists
# on (common.sh), serving the folder kv_ro/tree: the parameter of an
# implementation that takes one (embedded from the source folder by
# crunch, read from the working folder at boot by direct).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init kv_ro
# direct hands a key's segments to the host, which refuses one longer than
# NAME_MAX (255 bytes) before looking: -ENAMETOOLONG below the 1024 bytes
# of MIRAGE_KV_KEY_MAX (doc/devices.md, "Conformance suites")
conf_todo "*/direct" "exists of a 1024-byte key of one segment: absent" \
    "direct: the host refuses a segment over NAME_MAX (255 bytes)"

conf_pair() {
    t=$1 impl=$2 param=$3
    conf_opts= qemu_extra= conf_wrap= conf_cwd=$conf_src
    case $t in virtio) virtio_machine microvm ;; esac
    case $param in
    none) spec=$impl ;;
    *) spec="$impl(tree)" ;;
    esac
    conf_build "$t" "$impl" "$spec" || return 0
    conf_run "$t"
    conf_relay "$t/$impl"
}

conf_each
done_testing
