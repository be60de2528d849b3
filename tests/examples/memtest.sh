#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/memtest.sh: builds examples/memtest; the allocator keeps
# every byte of 200000 random malloc, calloc, realloc and free calls.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-memtest.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/memtest
image=$p/memtest
copy_project "$top_srcdir/examples/memtest" "$p"
if build_project "$p"; then ok "memtest builds"; else
    not_ok "memtest builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_memtest
done_testing
