#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/app_info.sh: builds examples/app_info; it logs the image's
# name, version, target and devices, as the generated glue describes them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-app_info.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree
name=app_info

p=$scratch/$name
copy_project "$top_srcdir/examples/$name" "$p"
if build_project "$p"; then ok "$name builds"; else
    not_ok "$name builds"; diag_file "$p/build.log"; done_testing; exit; fi
check_grep "the start function takes both clocks" \
    'int app_info_start\(struct mirage_time \*clock1, struct mirage_time \*clock2\);' \
    "$p/mirage_main.h"

image=$p/$name
expect_app_info
done_testing
