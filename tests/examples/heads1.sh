#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/heads1.sh: builds examples/heads1; both fibers speak, in
# the order of their sleeps, then the start function says "Finished".
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/heads1
image=$p/heads1
copy_project "$top_srcdir/examples/heads1" "$p"
if build_project "$p"; then ok "heads1 builds"; else
    not_ok "heads1 builds"; diag_file "$p/build.log"; done_testing; exit; fi

run_lines
check_status "heads1 exits with 0" 0 "$status"
check_lines "Heads after 100 ms, Tails after 200 ms, then Finished" \
    'INF [heads1] Heads' 'INF [heads1] Tails' 'INF [heads1] Finished'
check "nothing on stderr" test ! -s "$scratch/err"

# Concurrency without timing: both sleeps begin before the first ends.
run_lines -l time:debug
check_status "with -l time:debug it exits with 0" 0 "$status"
if awk '/^DBG \[time\] .*sleeping/ { n++ } /Heads$/ { h = n }
        END { exit h != 2 }' "$scratch/lines"; then
    ok "both fibers sleep at once"
else
    not_ok "both fibers sleep at once"; diag_file "$scratch/lines"
fi
done_testing
