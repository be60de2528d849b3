#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/http-unix.sh: examples/static_website and examples/http-fetch
# on unix with the direct stack over a tap in a namespace of the test's own
# (http-common.sh): curl, the hostile client, Python's http.server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/http-common.sh"
target=unix
need_autotools
use_build_tree
direct_ns_setup 11

# unix_direct_build NAME: examples/NAME with the direct stack, in $p.
unix_direct_build() {
    p=$scratch/$1
    image=$p/$1
    copy_project "$top_srcdir/examples/$1" "$p"
    # on unix the default stack is the host's sockets: ask for ours
    sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
        "$p/configure.ac" >"$p/configure.ac.new" &&
        mv "$p/configure.ac.new" "$p/configure.ac"
    if build_project "$p" && test -x "$image"; then
        ok "$1 builds for unix with the direct stack"
    else
        not_ok "$1 builds for unix with the direct stack"
        diag_file "$p/build.log"
        return 1
    fi
}

if unix_direct_build static_website; then web_ns_static; fi
if unix_direct_build http-fetch; then web_ns_fetch; fi
done_testing
