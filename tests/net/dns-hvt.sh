#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dns-hvt.sh: examples/dns on hvt (the direct stack over the
# tender's tap) against dnsmasq in a namespace, the resolver from its DHCP
# lease (dns-common.sh); SKIP where KVM is not usable.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/dns-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
dns_setup
if hvt_build dns; then
    flavor=hvt
    dns_arg= dns_silent=$host
    dns_checks hvt
fi
done_testing
