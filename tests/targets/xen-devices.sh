#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/xen-devices.sh: the examples of devices that need no host
# (clock, prng, crypto, kv_ro, block) built for xen and booted under QEMU,
# checked as their unix tests check them (tests/examples/expect-NAME.sh).
# The PV devices (netfront, blkfront): network and block --with-disk=xen
# build for xen, and under QEMU, which has no Xen, stop at their device's
# connect with the reason (tests/xensim runs the frontends against a
# simulated backend domain). Not here: disk-lottery's point is a state that survives between boots on a
# host file, which a ramdisk (zeroed at each boot) cannot keep.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/xen-common.sh"
for n in clock prng crypto kv_ro block; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
xen_setup

if xen_build clock; then expect_clock; fi

# The random device seeds from RDSEED or RDRAND (runtime/xen/entropy.c),
# found through CPUID: a CPU model without them must stop it with 125, one
# with them must run it. TCG shows the guest the CPU that -cpu names, so
# the check without them boots under TCG whatever the accelerator (a KVM
# may show the host's CPUID whatever -cpu says, as kvm_pvm does). With
# them: TCG emulates both (-cpu max); KVM passes them through when asked
# (max is the host's CPU, which not every KVM can run).
if xen_build prng; then
    kept_accel=$accel
    accel=tcg qemu_cpu=qemu64,-rdrand,-rdseed
    run
    accel=$kept_accel
    check_status "without RDRAND or RDSEED (TCG), prng stops with 125" 125 \
        "$status"
    check_grep "and the log says the platform has no entropy" \
        'ERR \[random\] rng: the platform has no entropy' "$scratch/out"
    if test "$accel" = tcg; then qemu_cpu=max; else
        qemu_cpu=qemu64,+rdrand,+rdseed; fi
    expect_prng
    qemu_cpu=
fi

if xen_build crypto; then expect_crypto; fi

# kv_ro's crunch implementation (its default, --with-kv-ro=crunch) embeds
# the folder t in the image; the direct one reads a host folder and is
# for unix only.
if xen_build kv_ro --with-kv-ro=crunch; then
    check_grep "crunch: the device is declared crunch(t)" 'crunch\(t\)' \
        "$p/mirage.spec"
    expect_kv_ro_crunch "$p"
fi

# examples/block declares its disk as file(disk.img) by default, a host
# file: unix only. --with-disk=ramdisk declares a ramdisk of 1 MiB, the
# size of the unix test's image, on which it must report and verify the
# same 2048 sectors.
if xen_build block --with-disk=ramdisk; then
    check_grep "the spec declares a ramdisk" 'ramdisk\(1048576\)' \
        "$p/mirage.spec"
    run
    check_status "block exits with 0 on a 1 MiB ramdisk" 0 "$status"
    expect_block_ran 2048
fi

if xen_build block --with-disk=xen --with-xen-disk-dir=/srv/xen; then
    check_grep "block.xl gives the disk device a Xen disk, xvda" \
        '^disk = \[ "format=raw, vdev=xvda, access=rw, target=/srv/xen/disk.img" \]$' \
        "$p/block.xl"
    run
    check_status "under QEMU (no Xen) block stops with 125" 125 "$status"
    check_grep "saying that the machine gives the image no disk" \
        'ERR \[block-tender\] disk: this machine gives the image no disk \(xen: no Xen hypervisor' \
        "$scratch/out"
fi

if xen_build network --with-xen-bridge=xenbr7; then
    check_grep "network.xl gives the stack's net device a vif on the bridge" \
        '^vif = \[ "bridge=xenbr7" \]$' "$p/network.xl"
    run --ipv4=10.0.0.2/24
    check_status "under QEMU (no Xen) network stops with 125" 125 "$status"
    check_grep "saying that the machine gives the image no interface" \
        'service: this machine gives the image no network interface \(xen: no Xen' \
        "$scratch/out"
fi
done_testing
