#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-hostile-spt.sh: examples/network on spt (the direct
# stack, the default there) on a hostile network
# (direct-hostile-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/netns.sh"
. "$top_srcdir/tests/net/direct-hostile-common.sh"
spt_setup
hostile_setup
if spt_build network; then
    hostile_tests
fi
done_testing
