#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/interop-hvt.sh: examples/network on hvt (the direct stack)
# against Linux through a tap device: UDP both ways, the guest as a TCP
# client, a DHCP lease from dnsmasq (interop-common.sh); SKIP where KVM is
# not usable. The client's reply is 64 KiB, not 1 MB: where /dev/kvm
# emulates the guest's instructions hvt moves about 60 KB/s.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
interop_setup 7
if hvt_build network; then
    interop_udp
    interop_client 65536
    interop_dhcp
fi
done_testing
