#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-hostile-unix.sh: examples/network with the direct stack
# on unix, over the `tap` net device, on a hostile network
# (direct-hostile-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/netns.sh"
. "$top_srcdir/tests/net/direct-hostile-common.sh"
target=unix
need_autotools
use_build_tree
hostile_setup
p=$scratch/network
image=$p/network
copy_project "$top_srcdir/examples/network" "$p"
# on unix the default stack is the host's sockets: ask for ours
sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
    "$p/configure.ac" >"$p/configure.ac.new" && mv "$p/configure.ac.new" "$p/configure.ac"
if build_project "$p" && test -x "$image"; then
    ok "network builds for unix with the direct stack"
    hostile_tests
else
    not_ok "network builds for unix with the direct stack"
    diag_file "$p/build.log"
fi
done_testing
