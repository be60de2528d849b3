#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-hvt.sh: examples/network on hvt (the direct stack),
# served to Linux through a tap device (direct-common.sh); SKIP where KVM
# is not usable. The bulk transfer is 2 MiB, not 64: where /dev/kvm
# emulates the guest's instructions (kvm_pvm, as on the machine this was
# written on) hvt moves about 60 KB/s; bench/tcp-stream measures it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/hvt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
hvt_setup
hvt_can_run || { done_testing; exit; }
direct_ns_setup 3
if hvt_build network; then
    direct_tests $((2 * 1024 * 1024))
fi
done_testing
