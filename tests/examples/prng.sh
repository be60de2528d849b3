#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/prng.sh: builds examples/prng (the random device) and
# checks its numbers and dice rolls.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-prng.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/prng
copy_project "$top_srcdir/examples/prng" "$p"
if build_project "$p"; then ok "prng builds"; else
    not_ok "prng builds"; diag_file "$p/build.log"; done_testing; exit; fi
# the prototype may be wrapped: compare it on one line
tr -s ' \n' '  ' <"$p/mirage_main.h" >"$scratch/main.h"
check_grep "the prototype passes the random device and --count" \
    'int prng_start\(struct mirage_random \*rng, int count\);' \
    "$scratch/main.h"

image=$p/prng
expect_prng
done_testing
