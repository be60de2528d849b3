#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/heads1.sh: builds examples/heads1; both fibers speak, in
# the order of their sleeps, then the start function says "Finished".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-heads1.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/heads1
image=$p/heads1
copy_project "$top_srcdir/examples/heads1" "$p"
if build_project "$p"; then ok "heads1 builds"; else
    not_ok "heads1 builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_heads1
done_testing
