#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/tls-virtio.sh: examples/static_website_tls and http-fetch over
# TLS on virtio (the direct stack) under QEMU, over a tap in a namespace of
# the test's own (tls-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/tls-common.sh"
virtio_setup
direct_ns_setup 18
tls_build virtio_build
virtio_accel=$accel
tls_ns_direct
done_testing
