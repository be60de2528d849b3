# SPDX-License-Identifier: ISC
# tests/examples/expect-heads1.sh: what examples/heads1 does when it runs,
# on every target (see expect-common.sh).

# expect_heads1: both fibers speak in the order of their sleeps, which
# begin at once, then Finished.
expect_heads1() {
    run
    check_status "heads1 exits with 0" 0 "$status"
    check_lines "Heads after 100 ms, Tails after 200 ms, then Finished" \
        'INF [heads1] Heads' 'INF [heads1] Tails' 'INF [heads1] Finished'
    check_no_stderr "nothing on stderr"

    # Concurrency without timing: both sleeps begin before the first ends.
    run -l time:debug
    check_status "with -l time:debug it exits with 0" 0 "$status"
    if awk '/^DBG \[time\] .*sleeping/ { n++ } /Heads$/ { h = n }
            END { exit h != 2 }' "$scratch/lines"; then
        ok "both fibers sleep at once"
    else
        not_ok "both fibers sleep at once"; diag_file "$scratch/lines"
    fi
}
