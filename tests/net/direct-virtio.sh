#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-virtio.sh: examples/network on virtio (the direct
# stack) under QEMU, served to Linux through a tap device
# (direct-common.sh). Under TCG the bulk transfer is 16 MiB, not 64.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
virtio_setup
direct_ns_setup 4
if virtio_build network; then
    virtio_accel=$accel
    if test "$accel" = tcg; then bulk=$((16 * 1024 * 1024))
    else bulk=$((64 * 1024 * 1024)); fi
    direct_tests "$bulk"
fi
done_testing
