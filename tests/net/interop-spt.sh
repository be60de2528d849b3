#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/interop-spt.sh: examples/network on spt (the direct stack)
# against Linux through a tap device: UDP both ways, the guest as a TCP
# client, a DHCP lease from dnsmasq (interop-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
spt_setup
interop_setup 6
if spt_build network; then
    interop_udp
    interop_client 1000000
    interop_dhcp
fi
done_testing
