#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/http-hvt.sh: examples/static_website and examples/http-fetch
# on hvt (the direct stack) over a tap in a namespace of the test's own
# (http-common.sh); SKIP where KVM is not usable.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/http-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
direct_ns_setup 13
if hvt_build static_website; then web_ns_static; fi
if hvt_build http-fetch; then web_ns_fetch; fi
done_testing
