#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/app_info.sh: builds examples/app_info; it logs the image's
# name, version, target and devices, as the generated glue describes them.
. "$top_srcdir/tests/lib.sh"
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

"$p/$name" >"$scratch/out" 2>"$scratch/err"
check_status "$name exits with 0" 0 $?
check "nothing on stderr" test ! -s "$scratch/err"
sed -n 's/^[0-9-]* [0-9:.]* -00:00: //p' "$scratch/out" >"$scratch/lines"
printf '%s\n' 'INF [app_info] name: app_info' 'INF [app_info] version: 1.0' \
    'INF [app_info] target: unix' \
    'INF [app_info] device: clock1 (time, default)' \
    'INF [app_info] device: clock2 (time, default)' \
    'INF [app_info] slept on clock1 and clock2' >"$scratch/want"
if cmp -s "$scratch/want" "$scratch/lines"; then
    ok "name, version, target and devices, one per line"
else
    not_ok "name, version, target and devices, one per line"
    diff "$scratch/want" "$scratch/lines" | sed 's/^/# /'
fi

"$p/$name" --version >"$scratch/out" 2>&1
check_status "--version exits with 63" 63 $?
check_grep "--version agrees" '(^| )1\.0$' "$scratch/out"
done_testing
