#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/clock.sh: builds examples/clock (time, mclock and pclock
# devices) and checks what the speaking clock says.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-clock.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/clock
copy_project "$top_srcdir/examples/clock" "$p"
if build_project "$p"; then ok "clock builds"; else
    not_ok "clock builds"; diag_file "$p/build.log"; done_testing; exit; fi
# the prototype may be wrapped: compare it on one line
tr -s ' \n' '  ' <"$p/mirage_main.h" >"$scratch/main.h"
check_grep "the prototype passes the three devices and --count" \
    'int clock_start\(struct mirage_time \*timer, struct mirage_mclock \*mclock, struct mirage_pclock \*pclock, int count\);' \
    "$scratch/main.h"

image=$p/clock
expect_clock
done_testing
