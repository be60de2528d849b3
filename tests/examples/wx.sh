#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/wx.sh: builds examples/wx; the platform stops every try to
# write code or to run data (exit 255 with a crash report).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-wx.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/wx
image=$p/wx
copy_project "$top_srcdir/examples/wx" "$p"
if build_project "$p"; then ok "wx builds"; else
    not_ok "wx builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_wx
done_testing
