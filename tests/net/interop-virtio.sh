#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/interop-virtio.sh: examples/network on virtio (the direct
# stack) under QEMU against Linux through a tap device: UDP both ways, the
# guest as a TCP client, a DHCP lease from dnsmasq (interop-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
virtio_setup
interop_setup 8
if virtio_build network; then
    virtio_accel=$accel
    interop_udp
    interop_client 1000000
    interop_dhcp
fi
done_testing
