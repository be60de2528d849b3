#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/args.sh: builds examples/args and runs it with the defaults,
# with a value for each argument, and with bad values.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-args.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/args
copy_project "$top_srcdir/examples/args" "$p"
if build_project "$p"; then ok "args builds"; else
    not_ok "args builds"; diag_file "$p/build.log"; done_testing; exit; fi
check "the image is named args" test -x "$p/args"
check_grep "the prototype passes an enum as a string" \
    'const char \*mode, struct mirage_ipv4_prefix ipv4,' "$p/mirage_main.h"
check_grep "a list as a struct" 'struct mirage_list_ipv4 dns,' \
    "$p/mirage_main.h"
check_grep "an optional value as a pointer" \
    'const struct mirage_ipv4_prefix \*route,' "$p/mirage_main.h"

image=$p/args
expect_args
done_testing
