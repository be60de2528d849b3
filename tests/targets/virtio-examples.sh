#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/virtio-examples.sh: builds the examples that need no
# network for the virtio target and boots each under QEMU on microvm
# (virtio over MMIO, no firmware) and, those that do not sleep, on q35 too
# (virtio over PCI, SeaBIOS first), checked as their unix tests check them
# (tests/examples/expect-NAME.sh). virtio-devices.sh does the disks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"
for n in noop hello app_info args heads1 timeout clock prng crypto \
    kv_ro crash; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
virtio_setup
virtio_machine microvm

if virtio_build noop; then
    for m in microvm q35; do
        virtio_machine "$m"
        diag "machine $m"
        expect_noop
    done
fi
# the examples that sleep (hello, heads1, timeout2, clock) boot on microvm
# only: q35 differs in the transport, which virtio-devices.sh and
# tests/net/virtio-net.sh boot there, and in SeaBIOS's start
for ex in hello app_info args heads1 timeout2 clock prng crypto; do
    case $ex in
    app_info | args | prng | crypto) machines="microvm q35" ;;
    *) machines=microvm ;;
    esac
    if virtio_build "$ex"; then
        for m in $machines; do
            virtio_machine "$m"
            diag "machine $m"
            case $ex in
            hello) expect_hello ;;
            app_info) expect_app_info ;;
            args) expect_args ;;
            heads1) expect_heads1 ;;
            timeout2) expect_timeout timeout2 Timeout "the timeout wins" ;;
            clock) expect_clock ;;
            prng) expect_prng ;;
            crypto) expect_crypto ;;
            esac
        done
    fi
done
virtio_machine microvm
if virtio_build kv_ro --with-kv-ro=crunch; then expect_kv_ro_crunch "$p"; fi
if virtio_build crash; then expect_crash; fi
done_testing
