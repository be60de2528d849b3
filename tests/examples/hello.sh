#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/hello.sh: builds examples/hello on unix and runs it.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/hello
copy_project "$top_srcdir/examples/hello" "$p"
if build_project "$p"; then ok "hello builds"; else
    not_ok "hello builds"; diag_file "$p/build.log"; done_testing; exit; fi

"$p/hello" >"$scratch/out" 2>"$scratch/err"
check_status "hello exits with 0" 0 $?
line='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} -00:00: INF \[hello\] hello$'
n=$(grep -E -c -e "$line" "$scratch/out")
check_status "hello logs 'hello' four times" 4 "$n"
total=$(wc -l <"$scratch/out")
check_status "and prints nothing else" 4 "$total"
check "nothing on stderr" test ! -s "$scratch/err"
# The four lines carry four distinct timestamps (one second apart).
n=$(cut -d' ' -f2 "$scratch/out" | cut -d. -f1 | sort -u | wc -l)
check_status "the four lines have distinct seconds" 4 "$n"

"$p/hello" -l quiet >"$scratch/out" 2>&1
check_status "-l quiet exits with 0" 0 $?
check "-l quiet prints nothing" test ! -s "$scratch/out"

"$p/hello" -l time:debug,hello:warning >"$scratch/out" 2>&1
check_status "-l SRC:LEVEL,... exits with 0" 0 $?
check_no_grep "hello:warning hides hello's info lines" '\[hello\]' "$scratch/out"
check_grep "time:debug shows the time device's debug lines" \
    'DBG \[time\]' "$scratch/out"

"$p/hello" --logs=loud >"$scratch/out" 2>"$scratch/err"
check_status "an unknown log level exits with 64" 64 $?
check_grep "the error names the level" "'loud'" "$scratch/err"

"$p/hello" --version >"$scratch/out" 2>&1
check_status "--version exits with 63" 63 $?
check_grep "--version prints the name and version" '^hello 1\.0$' "$scratch/out"

"$p/hello" --helo >"$scratch/out" 2>"$scratch/err"
check_status "a misspelt option exits with 64" 64 $?
check_grep "the error names it" "'--helo'" "$scratch/err"
check_grep "and suggests the right one" "Did you mean '--help'" "$scratch/err"
done_testing
