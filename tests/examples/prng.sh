#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/prng.sh: builds examples/prng (the random device) and
# checks its numbers and dice rolls.
. "$top_srcdir/tests/lib.sh"
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

number='-00:00: INF \[prng\] number [0-9]+: 0x[0-9a-f]{16}$'
die='-00:00: INF \[prng\] die [0-9]+: [1-6]$'

"$p/prng" >"$scratch/out" 2>"$scratch/err"
check_status "prng exits with 0" 0 $?
check_status "it logs five numbers by default" 5 \
    "$(grep -E -c -e "$number" "$scratch/out")"
check_status "and five dice rolls of 1 to 6" 5 \
    "$(grep -E -c -e "$die" "$scratch/out")"
check_status "and nothing else" 10 "$(wc -l <"$scratch/out")"
check "nothing on stderr" test ! -s "$scratch/err"

"$p/prng" --count=200 >"$scratch/out" 2>&1
check_status "--count=200 exits with 0" 0 $?
check_status "--count=200 logs 200 numbers" 200 \
    "$(grep -E -c -e "$number" "$scratch/out")"
check_status "and 200 dice rolls, each 1 to 6" 200 \
    "$(grep -E -c -e "$die" "$scratch/out")"
sed -n 's/.* number [0-9]*: //p' "$scratch/out" | sort >"$scratch/n1"
check_status "the 200 numbers are distinct" 200 \
    "$(sort -u "$scratch/n1" | wc -l)"
faces=$(sed -n 's/.* die [0-9]*: //p' "$scratch/out" | sort -u | wc -l)
# all six faces appear in 200 fair rolls but with chance 6 * (5/6)^200
check_status "all six faces come up in 200 rolls" 6 "$faces"

"$p/prng" --count=200 >"$scratch/out2" 2>&1
sed -n 's/.* number [0-9]*: //p' "$scratch/out2" | sort >"$scratch/n2"
check_status "a second boot draws other numbers" 0 \
    "$(comm -12 "$scratch/n1" "$scratch/n2" | wc -l)"

"$p/prng" --count=-2 >"$scratch/out" 2>&1
check_status "--count=-2 exits with 1" 1 $?
"$p/prng" -l random:debug --count=1 >"$scratch/out" 2>&1
check_grep "the random device logs under its own source" \
    'DBG \[random\] rng: connected and seeded' "$scratch/out"
done_testing
