#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/embed/embed.sh: an existing autotools project gains a unikernel by
# adding the MIRAGE_* macros; both programs build (in a VPATH build) and
# run, and the project's `make distcheck' passes.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/greeter
copy_project "$top_srcdir/tests/embed/greeter" "$p"
( cd "$p" && "$AUTORECONF" -fi ) >"$scratch/log" 2>&1
check_status "autoreconf succeeds" 0 $?
mkdir "$p/_build"
( cd "$p/_build" && ../configure && ${MAKE:-make} ) >>"$scratch/log" 2>&1
st=$?
check_status "a VPATH build of both programs succeeds" 0 $st
test $st -eq 0 || { diag_file "$scratch/log"; done_testing; exit; }
check "the glue is in the build folder" test -f "$p/_build/mirage_main.c"
check "not in the source folder" test ! -e "$p/mirage_main.c"

"$p/_build/greet" Ada >"$scratch/out" 2>&1
check_status "the ordinary program runs" 0 $?
check_grep "and greets" '^Greetings, Ada!$' "$scratch/out"

"$p/_build/greeter-vm" --name=Ada --times=3 >"$scratch/out" 2>&1
check_status "the unikernel runs" 0 $?
n=$(grep -c -e 'INF \[greeter\] Greetings, Ada!$' "$scratch/out")
check_status "and greets three times" 3 "$n"
"$p/_build/greeter-vm" --times=two >"$scratch/out" 2>&1
check_status "the unikernel rejects a bad --times with 64" 64 $?

( cd "$p/_build" && ${MAKE:-make} distcheck ) >"$scratch/distcheck.log" 2>&1
st=$?
check_status "the project's make distcheck passes" 0 $st
test $st -eq 0 || diag_file "$scratch/distcheck.log"
done_testing
