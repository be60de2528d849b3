#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/hello.sh: builds examples/hello on unix and runs it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-hello.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/hello
copy_project "$top_srcdir/examples/hello" "$p"
if build_project "$p"; then ok "hello builds"; else
    not_ok "hello builds"; diag_file "$p/build.log"; done_testing; exit; fi

image=$p/hello
expect_hello
done_testing
