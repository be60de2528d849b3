#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-spt.sh: examples/network on spt (the direct stack, the
# default there), served to Linux through a tap device (direct-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
spt_setup
direct_ns_setup 2
if spt_build network; then
    direct_tests $((64 * 1024 * 1024))
fi
done_testing
