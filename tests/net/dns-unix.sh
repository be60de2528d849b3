#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/dns-unix.sh: examples/dns on unix against dnsmasq in a
# namespace (dns-common.sh): with the socket stack (the default on unix)
# on the namespace's loopback, then with the direct stack over a tap,
# whose DHCP lease names the resolver.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/dns-common.sh"
need_autotools
use_build_tree
dns_setup

p=$scratch/dns
image=$p/dns
copy_project "$top_srcdir/examples/dns" "$p"
if build_project "$p" && test -x "$image"; then
    ok "dns builds for unix"
    check_grep "the prototype passes the stack, the resolver and the arguments" \
        'int dns_start\(struct mirage_stack \*stack, struct mirage_resolver \*dns,' \
        "$p/mirage_main.h"
    flavor=socket
    dns_run none --names=www.test
    check_status "socket: no --dns and no DHCP: exit 1" 1 "$dns_status"
    dns_has none "socket: and the log says what to do" \
        'no resolver to ask: give --dns=ADDR, or let the stack .stack. learn one by DHCP'
    dns_run usage
    check_status "no --names: exit 64" 64 "$dns_status"
    dns_arg=--dns=127.0.0.1 dns_silent=127.0.0.1
    dns_checks socket
else
    not_ok "dns builds for unix"
    diag_file "$p/build.log"
fi

p=$scratch/dns-direct
image=$p/dns
copy_project "$top_srcdir/examples/dns" "$p"
# on unix the default stack is the host's sockets: ask for ours
sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\])$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
    "$p/configure.ac" >"$p/configure.ac.new" && mv "$p/configure.ac.new" "$p/configure.ac"
if build_project "$p" && test -x "$image"; then
    ok "dns builds for unix with the direct stack"
    flavor=direct-unix
    dns_arg= dns_silent=$host
    dns_checks direct-unix
else
    not_ok "dns builds for unix with the direct stack"
    diag_file "$p/build.log"
fi
done_testing
