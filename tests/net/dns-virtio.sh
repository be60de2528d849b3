#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dns-virtio.sh: examples/dns on virtio (the direct stack over
# a virtio-net NIC on a tap) under QEMU against dnsmasq in a namespace,
# the resolver from its DHCP lease (dns-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/net/dns-common.sh"
virtio_setup
dns_setup
if virtio_build dns; then
    flavor=virtio
    virtio_accel=$accel
    dns_arg= dns_silent=$host
    dns_checks virtio
fi
done_testing
