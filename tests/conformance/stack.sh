#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/stack.sh: the stack suite (stack/suite.c: TCP listen,
# accept, connect, reads and writes both ways, half-close, reset,
# timeouts, cancellation, many connections; UDP) on every implementation
# of stack, on every target it exists on (common.sh). The suite is its
# own peer: over 127.0.0.1 in the process's own network namespace for the
# socket stack on unix (loopback is all it needs); at its own address,
# 10.0.0.2, for the direct stack, over a `null` net device (the suite's
# configure.ac declares it), so that nothing leaves the stack.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init stack
conf_attaches_deps=yes

conf_pair() {
    t=$1 impl=$2 param=$3
    conf_opts= qemu_extra= conf_wrap= conf_cwd=
    case $t in virtio) virtio_machine microvm ;; esac
    if test "$param" = required; then
        skip "$t/$impl: the stack suite" \
            "the runner knows no parameter for it (mirage types: required)"
        return 0
    fi
    conf_build "$t" "$impl" "$impl" || return 0
    case $impl in
    direct) conf_run "$t" --ipv4=10.0.0.2/24 ;;
    *) conf_run "$t" ;;
    esac
    conf_relay "$t/$impl"
}

conf_each
done_testing
