#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dhcp-lease-spt.sh: on demand (make check-dhcp-lease: over
# three minutes), a whole 2-minute lease of dnsmasq on examples/network on
# spt: renewal, rebinding, the end of the lease, a new lease
# (interop_dhcp_lease in interop-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
spt_setup
interop_setup 10
if spt_build network; then
    interop_dhcp_lease
fi
done_testing
