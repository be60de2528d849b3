#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/hello-key.sh: builds examples/hello-key and runs it with
# and without --hello.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-hello-key.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/hello-key
copy_project "$top_srcdir/examples/hello-key" "$p"
if build_project "$p"; then ok "hello-key builds"; else
    not_ok "hello-key builds"; diag_file "$p/build.log"; done_testing; exit; fi
check "the image is named hello-key" test -x "$p/hello-key"
check_grep "the prototype passes the argument typed" \
    'int hello_key_start\(struct mirage_time \*clock, const char \*hello\);' \
    "$p/mirage_main.h"

image=$p/hello-key
expect_hello_key
done_testing
