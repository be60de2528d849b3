#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/http-virtio.sh: examples/static_website and examples/http-fetch
# on virtio (the direct stack) under QEMU, over a tap in a namespace of the
# test's own (http-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/http-common.sh"
virtio_setup
direct_ns_setup 14
if virtio_build static_website; then
    virtio_accel=$accel
    web_ns_static
fi
if virtio_build http-fetch; then web_ns_fetch; fi
done_testing
