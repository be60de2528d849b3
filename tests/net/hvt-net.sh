#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/hvt-net.sh: the ethecho example on hvt: raw frames between
# mirage-hvt's guest and the host, over a socket pair and over a tap
# device in a network namespace (tests/net/net-common.sh). Without a
# KVM that runs a guest (kvm_usable) the image is built and the runs say
# SKIP.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/net-common.sh"
hvt_setup
test -x "$ethpeer" || skip_all "the test peer tests/net/ethpeer is not built"

if hvt_build ethecho && hvt_can_run; then
    net_fd_tests
    net_tap_tests
fi
done_testing
