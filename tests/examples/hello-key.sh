#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/hello-key.sh: builds examples/hello-key and runs it with
# and without --hello.
. "$top_srcdir/tests/lib.sh"
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

"$p/hello-key" >"$scratch/out" 2>&1
check_status "without --hello it exits with 0" 0 $?
n=$(grep -c -e '-00:00: INF \[hello\] Hello World!$' "$scratch/out")
check_status "it logs the default greeting four times" 4 "$n"

"$p/hello-key" --hello="Bonjour, le monde" >"$scratch/out" 2>&1
check_status "--hello=VALUE exits with 0" 0 $?
n=$(grep -c -e '-00:00: INF \[hello\] Bonjour, le monde$' "$scratch/out")
check_status "it logs the given greeting four times" 4 "$n"

"$p/hello-key" --hello >"$scratch/out" 2>"$scratch/err"
check_status "--hello without a value exits with 64" 64 $?
check_grep "the error names the option" "'--hello'" "$scratch/err"

"$p/hello-key" --help=plain >"$scratch/out" 2>&1
check_status "--help=plain exits with 63" 63 $?
check_grep "OPTIONS lists --hello with its default" \
    '^ +--hello=STRING \(absent=Hello World!\)$' "$scratch/out"
check_grep "with its documentation" '^ +How to say hello\.$' "$scratch/out"
for s in NAME SYNOPSIS OPTIONS 'LOG AND MONITORING OPTIONS' \
    'RUNTIME OPTIONS' 'EXIT STATUS'; do
    check_grep "--help has section $s" "^$s\$" "$scratch/out"
done
"$p/hello-key" --help=groff >"$scratch/out" 2>&1
check_status "--help=groff exits with 63" 63 $?
check_grep "--help=groff is man source" '^\.SH "?OPTIONS"?$' "$scratch/out"
done_testing
