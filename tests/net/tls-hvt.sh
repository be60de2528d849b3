#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/tls-hvt.sh: examples/static_website_tls and http-fetch over
# TLS on hvt (the direct stack), over a tap in a namespace of the test's
# own (tls-common.sh); SKIP where KVM is not usable; where it cannot run
# BearSSL's SSE code in a guest (kvm_probe sse: kvm_pvm here), the images
# are built and the runs SKIP.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/tls-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
direct_ns_setup 17
tls_build hvt_build
if kvm_usable sse; then
    tls_ns_direct
else
    skip "hvt: static_website_tls and http-fetch over TLS" \
        "KVM cannot run an image with TLS here: $kvm_why"
fi
done_testing
