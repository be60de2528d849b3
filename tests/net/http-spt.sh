#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/http-spt.sh: examples/static_website and examples/http-fetch
# on spt (the direct stack) over a tap in a namespace of the test's own
# (http-common.sh): curl, the hostile client, Python's http.server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/http-common.sh"
spt_setup
direct_ns_setup 12
if spt_build static_website; then web_ns_static; fi
if spt_build http-fetch; then web_ns_fetch; fi
done_testing
