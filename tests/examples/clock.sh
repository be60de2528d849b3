#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/clock.sh: builds examples/clock (time, mclock and pclock
# devices) and checks what the speaking clock says.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/clock
copy_project "$top_srcdir/examples/clock" "$p"
if build_project "$p"; then ok "clock builds"; else
    not_ok "clock builds"; diag_file "$p/build.log"; done_testing; exit; fi
# the prototype may be wrapped: compare it on one line
tr -s ' \n' '  ' <"$p/mirage_main.h" >"$scratch/main.h"
check_grep "the prototype passes the three devices and --count" \
    'int clock_start\(struct mirage_time \*timer, struct mirage_mclock \*mclock, struct mirage_pclock \*pclock, int count\);' \
    "$scratch/main.h"

before=$(date -u +%s)
"$p/clock" >"$scratch/out" 2>"$scratch/err"
check_status "clock exits with 0" 0 $?
after=$(date -u +%s)
tick='-00:00: INF \[clock\] tick [0-9]+: the time is [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z, [0-9]+\.[0-9]{3} ms elapsed$'
n=$(grep -E -c -e "$tick" "$scratch/out")
check_status "it tells the time three times by default" 3 "$n"
check "nothing on stderr" test ! -s "$scratch/err"
check_status "and logs nothing else" 3 "$(wc -l <"$scratch/out")"

# The wall-clock time is the host's: between the seconds before and after.
wall=$(sed -n 's/.*tick 1: the time is \([^,]*\)\..*/\1/p' "$scratch/out")
secs=$(date -u -d "$(echo "$wall" | tr T ' ')" +%s 2>/dev/null)
if [ -n "$secs" ] && [ "$secs" -ge "$before" ] && [ "$secs" -le "$after" ]
then ok "the wall-clock time is the host's UTC ($wall)"
else not_ok "the wall-clock time is the host's UTC ($wall)"; fi

# The ticks are 100 ms apart or more on the monotonic clock, and in order.
sed -n 's/.*, \([0-9]*\)\.\([0-9]*\) ms elapsed$/\1\2/p' "$scratch/out" \
    >"$scratch/us"
gaps=$(awk 'NR > 1 { if ($1 - prev < 100000) bad++ } { prev = $1 }
            END { print bad + 0 }' "$scratch/us")
check_status "each tick is at least 100 ms after the previous one" 0 "$gaps"

"$p/clock" --count=5 >"$scratch/out" 2>&1
check_status "--count=5 exits with 0" 0 $?
n=$(grep -E -c -e "$tick" "$scratch/out")
check_status "--count=5 tells the time five times" 5 "$n"
check_grep "the ticks are numbered" 'tick 5: ' "$scratch/out"

"$p/clock" --count=0 >"$scratch/out" 2>&1
check_status "--count=0 exits with 0" 0 $?
check "--count=0 says nothing" test ! -s "$scratch/out"

"$p/clock" --count=-1 >"$scratch/out" 2>&1
check_status "--count=-1 exits with 1" 1 $?
check_grep "and says why" 'ERR \[clock\] --count must not be negative' \
    "$scratch/out"

"$p/clock" --count=many >"$scratch/out" 2>"$scratch/err"
check_status "--count=many exits with 64" 64 $?
check_grep "the error names the option" "'--count'" "$scratch/err"

"$p/clock" --help=plain >"$scratch/out" 2>&1
check_status "--help=plain exits with 63" 63 $?
check_grep "--help lists --count with its default" \
    '^ +--count=INT \(absent=3\)$' "$scratch/out"
for src in mclock pclock; do
    "$p/clock" -l "$src:debug" >"$scratch/out" 2>&1
    check_grep "the $src device logs under its own source" \
        "DBG \\[$src\\] $src: connected" "$scratch/out"
done
done_testing
