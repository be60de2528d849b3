#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/crash.sh: builds examples/crash; each --crash mode ends it
# with status 255 and a crash report whose backtrace names the crashing
# function (once symbolized).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-crash.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/crash
image=$p/crash
copy_project "$top_srcdir/examples/crash" "$p"
if build_project "$p"; then ok "crash builds"; else
    not_ok "crash builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_crash
done_testing
