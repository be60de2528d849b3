#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/conformance/time.sh: the suite of the clocks (time/suite.c: the
# time, mclock and pclock types together) on every target. An image holds
# one implementation of each type: per target, as many images as the type
# with the most implementations there has, the k-th image taking each
# type's k-th implementation (or its first), so every implementation of
# every type runs on every target it exists on (common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/conformance/common.sh"

conf_init time
clock_types="time mclock pclock"

# impls_on TYPE TARGET: the implementations of TYPE that TARGET has.
impls_on() {
    conf_type=$1
    conf_impls | while read -r impl param targets; do
        case " $targets " in *" $2 "*) echo "$impl" ;; esac
    done
}

for t in $(conf_targets); do
    conf_why "$t"
    if test -n "$why"; then
        skip "$t: the clocks suite" "$why"
        continue
    fi
    most=0
    for type in $clock_types; do
        n=$(impls_on "$type" "$t" | wc -l)
        test "$n" -le "$most" || most=$n
    done
    k=1
    while test "$k" -le "$most"; do
        opts= label= same=
        for type in $clock_types; do
            impl=$(impls_on "$type" "$t" | sed -n "${k}p")
            test -n "$impl" || impl=$(impls_on "$type" "$t" | sed -n 1p)
            opts="$opts --with-$type=$impl"
            label="$label${label:+,}$type=$impl"
            case $same in "" | "$impl") same=$impl ;; *) same=, ;; esac
        done
        # one name for all three (default): the label is that name
        test "$same" = , || label=$same
        conf_type=time
        conf_opts= qemu_extra= conf_wrap= conf_cwd=
        case $t in virtio) virtio_machine microvm ;; esac
        # shellcheck disable=SC2086 # $opts is a list of options
        if conf_build "$t" "$k" "" $opts; then
            conf_run "$t"
            conf_relay "$t/$label"
        fi
        k=$((k + 1))
    done
done
done_testing
