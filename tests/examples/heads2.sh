#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/heads2.sh: builds examples/heads2; the first fiber to
# finish wins the pick and the other is cancelled before it speaks.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

# run_lines ARGS...: runs the image; its log lines, without the timestamps,
# go to $scratch/lines, its status to $status.
run_lines() {
    "$p/heads2" "$@" >"$scratch/out" 2>"$scratch/err"
    status=$?
    sed -n 's/^[0-9-]* [0-9:.]* -00:00: //p' "$scratch/out" >"$scratch/lines"
}
# check_lines DESCRIPTION LINE...: $scratch/lines holds exactly the LINEs.
check_lines() {
    desc=$1; shift
    printf '%s\n' "$@" >"$scratch/want"
    if cmp -s "$scratch/want" "$scratch/lines"; then ok "$desc"; else
        not_ok "$desc"; diff "$scratch/want" "$scratch/lines" | sed 's/^/# /'
    fi
}

p=$scratch/heads2
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
