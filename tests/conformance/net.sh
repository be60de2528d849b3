#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/net.sh: the net suite (net/suite.c) on every
# implementation of net, on every target it exists on (common.sh). An
# interface the host attaches (registry: host = net) gets a wire that
# returns every frame: on spt and hvt a socket pair whose other end
# tests/conformance/netloop holds (--net:service=@3 of the tender), on unix
# the same socket pair given to the image (`tap`: --net-service=@3), on
# virtio a QEMU datagram netdev that sends to its own socket; the suite
# then checks that frames come back whole (--loop=true). Otherwise frames
# go nowhere.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init net
netloop=$top_builddir/tests/conformance/netloop

conf_pair() {
    t=$1 impl=$2
    conf_opts= qemu_extra= conf_wrap= conf_cwd= loop=false boot=
    case $t in virtio) virtio_machine microvm ;; esac
    if test "$(conf_reg "$impl" host)" = net; then
        loop=true
        case $t in
        spt | hvt)
            if ! test -x "$netloop"; then
                skip "$t/$impl: the net suite" \
                    "tests/conformance/netloop is not built"
                return 0
            fi
            conf_opts="--net:service=@3" conf_wrap=$netloop
            ;;
        unix)
            # an implementation of the host's interfaces (tap) takes the
            # descriptor as its boot argument --net-NAME=@FD
            if ! test -x "$netloop"; then
                skip "$t/$impl: the net suite" \
                    "tests/conformance/netloop is not built"
                return 0
            fi
            conf_wrap=$netloop boot=--net-service=@3
            ;;
        virtio)
            s=$scratch/$t-$impl.sock
            qemu_extra="$qemu_extra -netdev dgram,id=n0,local.type=unix"
            qemu_extra="$qemu_extra,local.path=$s,remote.type=unix"
            qemu_extra="$qemu_extra,remote.path=$s"
            qemu_extra="$qemu_extra -device virtio-net-device,netdev=n0"
            ;;
        xen)
            skip "$t/$impl: the net suite" \
                "QEMU cannot play Xen: netfront runs against the simulated netback in tests/xensim (test_netfront, xen-direct.sh)"
            return 0
            ;;
        *)
            skip "$t/$impl: the net suite" \
                "the runner attaches no interface on $t"
            return 0
            ;;
        esac
    fi
    conf_build "$t" "$impl" "$impl" || return 0
    # shellcheck disable=SC2086 # $boot is one word or none
    conf_run "$t" --loop="$loop" $boot
    conf_relay "$t/$impl"
}

conf_each
done_testing
