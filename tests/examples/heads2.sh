#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/heads2.sh: builds examples/heads2; the first fiber to
# finish wins the pick and the other is cancelled before it speaks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-heads2.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/heads2
image=$p/heads2
copy_project "$top_srcdir/examples/heads2" "$p"
if build_project "$p"; then ok "heads2 builds"; else
    not_ok "heads2 builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_heads2
done_testing
