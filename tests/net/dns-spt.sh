#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dns-spt.sh: examples/dns on spt (the direct stack over the
# tender's tap) against dnsmasq in a namespace, the resolver from its DHCP
# lease (dns-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/dns-common.sh"
spt_setup
dns_setup
if spt_build dns; then
    flavor=spt
    dns_arg= dns_silent=$host
    dns_checks spt
fi
done_testing
