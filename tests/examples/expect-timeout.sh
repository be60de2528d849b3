# SPDX-License-Identifier: ISC
# tests/examples/expect-timeout.sh: what examples/timeout1 and timeout2 do
# when they run, on every target (see expect-common.sh).

# expect_timeout NAME LOST_WORD LOST_DESC: a task whose length comes from
# --seed returns before the 200 ms timeout, or LOST_WORD is logged (the
# examples differ only in that word).
expect_timeout() {
    name=$1 lost_word=$2 lost_desc=$3

    # The default seed, 42, makes a 25 ms task.
    run
    check_status "$name exits with 0" 0 "$status"
    check_lines "the default seed returns in time" \
        "INF [$name] Returned \"Heads\""
    check_no_stderr "nothing on stderr"

    # Seed 8 makes a 275 ms task, seed 1 one of 175 ms.
    run --seed=8
    check_status "--seed=8 exits with 0" 0 "$status"
    check_lines "--seed=8: $lost_desc" "INF [$name] $lost_word"
    run --seed=1 -l "$name:debug"
    check_status "--seed=1 exits with 0" 0 "$status"
    check_lines "--seed=1: the task returns just in time" \
        "DBG [$name] the task takes 175 ms, the timeout is 200 ms" \
        "INF [$name] Returned \"Heads\""
    run --seed=8 -l "$name:debug"
    check_lines "--seed=8 again: the same length and outcome" \
        "DBG [$name] the task takes 275 ms, the timeout is 200 ms" \
        "INF [$name] $lost_word"

    # Whatever the seed, the outcome follows the length.
    agree=0
    for seed in 0 2 3 11 -1 2147483647; do
        run --seed=$seed -l "$name:debug"
        ms=$(sed -n 's/.*the task takes \([0-9]*\) ms.*/\1/p' "$scratch/lines")
        if test "$status" -eq 0 && test -n "$ms" && {
            { test "$ms" -lt 200 &&
                grep -q 'Returned "Heads"$' "$scratch/lines"; } ||
                { test "$ms" -gt 200 &&
                    grep -q "$lost_word\$" "$scratch/lines"; }
        }; then
            agree=$((agree + 1))
        else
            diag "seed $seed:"; diag_file "$scratch/lines"
        fi
    done
    check_status "for 6 more seeds the outcome follows the task's length" 6 \
        "$agree"

    run --seed=many
    check_status "--seed=many is a usage error" 64 "$status"
}
