#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/kv_rw.sh: the kv_rw suite (kv_rw/suite.c: it writes
# the tree of kv_reads.h, checks the kv_ro reads on it, then set, remove,
# rename, batch and disconnect) on every implementation of kv_rw, on every
# target it exists on (common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init kv_rw

conf_pair() {
    t=$1 impl=$2 param=$3
    conf_opts= qemu_extra= conf_wrap= conf_cwd=
    case $t in virtio) virtio_machine microvm ;; esac
    if test "$param" = required; then
        skip "$t/$impl: the kv_rw suite" \
            "the runner knows no parameter for it (mirage types: required)"
        return 0
    fi
    conf_build "$t" "$impl" "$impl" || return 0
    conf_run "$t"
    conf_relay "$t/$impl"
}

conf_each
done_testing
