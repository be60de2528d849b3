#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/echo_server.sh: builds examples/echo_server; it logs back
# ten lines of a's whose lengths and delays come from --seed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-echo_server.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree
name=echo_server

p=$scratch/$name
image=$p/$name
copy_project "$top_srcdir/examples/$name" "$p"
if build_project "$p"; then ok "$name builds"; else
    not_ok "$name builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_echo_server
done_testing
