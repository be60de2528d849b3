#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dhcp-lease-unix.sh: on demand (make check-dhcp-lease: over
# three minutes), a whole 2-minute lease of dnsmasq on examples/network
# with the direct stack on unix: renewal, rebinding, the end of the lease,
# a new lease (interop_dhcp_lease in interop-common.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/interop-common.sh"
target=unix
need_autotools
use_build_tree
interop_setup 9
p=$scratch/network
image=$p/network
copy_project "$top_srcdir/examples/network" "$p"
# on unix the default stack is the host's sockets: ask for ours
sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
    "$p/configure.ac" >"$p/configure.ac.new" && mv "$p/configure.ac.new" "$p/configure.ac"
if build_project "$p" && test -x "$image"; then
    ok "network builds for unix with the direct stack"
    interop_dhcp_lease
else
    not_ok "network builds for unix with the direct stack"
    diag_file "$p/build.log"
fi
done_testing
