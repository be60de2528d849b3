#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/virtio-net.sh: the ethecho example on the virtio target under
# QEMU, its NIC (virtio-net over MMIO on microvm, over PCI on q35) on a
# tap device in a network namespace that the test creates and removes:
# the guest's broadcast reaches the host side of the tap, and the frames
# the host sends there come back echoed (tests/net/ethpeer). Needs root,
# ip(8) and /dev/net/tun, else SKIP (tests/net/netns.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/netns.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
. "$top_srcdir/tests/examples/expect-noop.sh"
ethpeer=$top_builddir/tests/net/ethpeer
virtio_setup
test -x "$ethpeer" || skip_all "the test peer tests/net/ethpeer is not built"
netns_usable || skip_all "$netns_why"

virtio_machine microvm
# the KVM probe boots the first image built, which must exit with 0
virtio_build noop || { done_testing; exit; }
virtio_build ethecho || { done_testing; exit; }

if ! netns_create virtio-net || ! netns_tap tap0; then
    not_ok "a namespace with a tap device, tap0: $netns_why"
    done_testing
    exit
fi
ok "a namespace with a tap device, tap0"

for m in microvm q35; do
    virtio_machine "$m"
    if test "$m" = microvm; then dev=virtio-net-device
    else dev=virtio-net-pci,disable-legacy=on; fi
    qemu_extra="$qemu_extra -netdev tap,id=n0,ifname=tap0,script=no,downscript=no"
    qemu_extra="$qemu_extra -device $dev,netdev=n0,mac=02:00:00:aa:bb:02"
    : >"$scratch/peer.out"
    netns_spawn peer in_netns "$ethpeer" --iface=tap0 --count=3 \
        --timeout="$(scaled 30)" >"$scratch/peer.out" 2>"$scratch/peer.err"
    wait_until 10 grep -q '^ethpeer: ready' "$scratch/peer.out"
    qemu_exec_prefix="ip netns exec $netns" run --count=3 \
        --timeout="$(scaled 20)"
    netns_reap "$peer"
    peer_status=$?
    check_status "$m: ethecho on a virtio-net NIC exits with 0" 0 "$status"
    check_status "$m: the peer on the host side of tap0 is satisfied" 0 \
        "$peer_status"
    check_grep "$m: the guest's broadcast is seen on the host side" \
        '^ethpeer: hello from 02:00:00:aa:bb:02$' "$scratch/peer.out"
    check_count "$m: frames from the host reach the guest and come back" 3 \
        '^ethpeer: echo [1-3] ok \(65 bytes\)$' "$scratch/peer.out"
    check_grep "$m: the guest reads its MAC from the device" \
        'service: address 02:00:00:aa:bb:02, MTU 1500' "$scratch/out"
    if test "$status" -ne 0 || test "$peer_status" -ne 0; then
        diag_file "$scratch/out"
        diag_file "$scratch/peer.err"
    fi
done
done_testing
