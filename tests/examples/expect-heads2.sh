# SPDX-License-Identifier: ISC
# tests/examples/expect-heads2.sh: what examples/heads2 does when it runs,
# on every target (see expect-common.sh).

# expect_heads2: the first fiber to finish wins the pick; the other is
# cancelled before it speaks.
expect_heads2() {
    run
    check_status "heads2 exits with 0" 0 "$status"
    check_lines "Heads wins, then Finished" \
        'INF [heads2] Heads' 'INF [heads2] Finished'
    check_no_grep "Tails never speaks" 'Tails' "$scratch/out"
    check_no_stderr "nothing on stderr"

    run -l heads2:debug
    check_status "with -l heads2:debug it exits with 0" 0 "$status"
    check_lines "the pick names the winner" \
        'INF [heads2] Heads' 'DBG [heads2] heads won' 'INF [heads2] Finished'
}
