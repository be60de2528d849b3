#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/heads2.sh: builds examples/heads2; the first fiber to
# finish wins the pick and the other is cancelled before it speaks.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

p=$scratch/heads2
image=$p/heads2
copy_project "$top_srcdir/examples/heads2" "$p"
if build_project "$p"; then ok "heads2 builds"; else
    not_ok "heads2 builds"; diag_file "$p/build.log"; done_testing; exit; fi

run_lines
check_status "heads2 exits with 0" 0 "$status"
check_lines "Heads wins, then Finished" \
    'INF [heads2] Heads' 'INF [heads2] Finished'
check_no_grep "Tails never speaks" 'Tails' "$scratch/out"
check "nothing on stderr" test ! -s "$scratch/err"

run_lines -l heads2:debug
check_status "with -l heads2:debug it exits with 0" 0 "$status"
check_lines "the pick names the winner" \
    'INF [heads2] Heads' 'DBG [heads2] heads won' 'INF [heads2] Finished'
done_testing
