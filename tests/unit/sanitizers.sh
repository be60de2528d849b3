#!/bin/sh
# SPDX-License-Identifier: ISC
# sanitizers.sh: configure refuses -fsanitize= in CFLAGS (the freestanding
# runtimes would get it) and a sanitizer list the compiler cannot link; in
# a build configured with --enable-sanitizers, the host programs, the unix
# runtime and the unix unikernels' flags have the sanitizers, and the
# freestanding runtimes do not.
. "$top_srcdir/tests/lib.sh"

# configure up to its sanitizer checks, in a copy of what they need (the
# source tree may be configured in place, which a VPATH configure refuses).
c=$scratch/conf
mkdir -p "$c/src" && cp "$top_srcdir/configure" "$c/" &&
    cp -R "$top_srcdir/build-aux" "$c/" && : >"$c/src/main.c" ||
    bail_out "cannot copy configure"
conf() { (cd "$c" && ./configure -q "$@") >"$scratch/out" 2>"$scratch/err"; }

conf CFLAGS="-g -O2 -fsanitize=address"
check "CFLAGS=-fsanitize=address: configure stops" test $? -ne 0
check_grep "naming CFLAGS and the freestanding runtimes" \
    'CFLAGS holds -fsanitize=: .*freestanding ones \(spt, hvt, virtio, xen\) cannot link a sanitizer runtime' \
    "$scratch/err"
check_grep "and what to use instead" 'use --enable-sanitizers' "$scratch/err"
conf --enable-sanitizers=no-such-sanitizer
check "--enable-sanitizers=no-such-sanitizer: configure stops" test $? -ne 0
check_grep "saying the compiler cannot link it" \
    'cannot link a program with -fsanitize=no-such-sanitizer' "$scratch/err"

# The build being tested.
flags=$(sed -n 's/^MIRAGE_SANITIZE_CFLAGS = //p' "$top_builddir/Makefile")
if test -z "$flags"; then
    skip "the build's programs are sanitized" "not configured with --enable-sanitizers"
    done_testing
    exit
fi
has_san() { nm "$1" 2>/dev/null | grep -E -q ' U __(asan|ubsan)_'; }
check "the helper is sanitized" has_san "$top_builddir/src/mirage"
check "the unix runtime is sanitized" \
    has_san "$top_builddir/runtime/libmirage-unix.a"
for t in spt hvt; do
    p=$top_builddir/tenders/$t/mirage-$t
    if test -x "$p"; then
        check "mirage-$t is sanitized" has_san "$p"
    else
        skip "mirage-$t is sanitized" "the tenders are not built here"
    fi
done
for t in spt hvt virtio xen; do
    a=$top_builddir/runtime/libmirage-$t.a
    if test -f "$a"; then
        check "libmirage-$t.a has no sanitizer" eval '! has_san "$a"'
    else
        skip "libmirage-$t.a has no sanitizer" "the $t target is not built here"
    fi
done
PKG_CONFIG_PATH=$top_builddir/pkgconfig
export PKG_CONFIG_PATH
${PKG_CONFIG:-pkg-config} --cflags --libs mirage-unix >"$scratch/pc" 2>&1
check_grep "mirage-unix compiles a unix unikernel with them" \
    "(^| )-fsanitize=[^ ]*( .*)? -fno-sanitize-recover=all" "$scratch/pc"
done_testing
