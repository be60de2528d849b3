#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/tls-spt.sh: examples/static_website_tls and http-fetch over
# TLS on spt (the direct stack), over a tap in a namespace of the test's
# own (tls-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/tls-common.sh"
spt_setup
direct_ns_setup 16
tls_build spt_build
tls_ns_direct
done_testing
