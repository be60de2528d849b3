#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/spt-net.sh: the ethecho example on spt: raw frames between
# mirage-spt and the host, over a socket pair and over a tap device in a
# network namespace (tests/net/net-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/net-common.sh"
spt_setup
test -x "$ethpeer" || skip_all "the test peer tests/net/ethpeer is not built"

if spt_build ethecho; then
    check_grep "the manifest declares the interface" \
        '\{\.name = "service", \.type = MIRAGE_TENDER_DEV_NET\}' \
        "$p/mirage_main.c"
    net_fd_tests
    net_tap_tests
fi
done_testing
