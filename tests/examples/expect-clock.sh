# SPDX-License-Identifier: ISC
# tests/examples/expect-clock.sh: what examples/clock does when it runs, on
# every target (see expect-common.sh).

# expect_clock: the speaking clock tells the host's UTC time, --count
# times, at least 100 ms apart.
expect_clock() {
    before=$(date -u +%s)
    run
    check_status "clock exits with 0" 0 "$status"
    after=$(date -u +%s)
    tick='-00:00: INF \[clock\] tick [0-9]+: the time is [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z, [0-9]+\.[0-9]{3} ms elapsed$'
    check_count "it tells the time three times by default" 3 "$tick" \
        "$scratch/out"
    check_no_stderr "nothing on stderr"
    check_status "and logs nothing else" 3 "$(wc -l <"$scratch/out")"

    # The wall-clock time is the host's: between the seconds before and
    # after.
    wall=$(sed -n 's/.*tick 1: the time is \([^,]*\)\..*/\1/p' "$scratch/out")
    secs=$(date -u -d "$(echo "$wall" | tr T ' ')" +%s 2>/dev/null)
    if [ -n "$secs" ] && [ "$secs" -ge "$before" ] &&
        [ "$secs" -le "$after" ]; then
        ok "the wall-clock time is the host's UTC ($wall)"
    else
        not_ok "the wall-clock time is the host's UTC ($wall)"
        diag "host: $before to $after, unikernel: ${secs:-none}"
    fi

    # The ticks are 100 ms apart or more on the monotonic clock, and in
    # order.
    sed -n 's/.*, \([0-9]*\)\.\([0-9]*\) ms elapsed$/\1\2/p' "$scratch/out" \
        >"$scratch/us"
    gaps=$(awk 'NR > 1 { if ($1 - prev < 100000) bad++ } { prev = $1 }
                END { print bad + 0 }' "$scratch/us")
    check_status "each tick is at least 100 ms after the previous one" 0 \
        "$gaps"

    run --count=5
    check_status "--count=5 exits with 0" 0 "$status"
    check_count "--count=5 tells the time five times" 5 "$tick" \
        "$scratch/all"
    check_grep "the ticks are numbered" 'tick 5: ' "$scratch/all"

    run --count=0
    check_status "--count=0 exits with 0" 0 "$status"
    check "--count=0 says nothing" test ! -s "$scratch/all"

    run --count=-1
    check_status "--count=-1 exits with 1" 1 "$status"
    check_grep "and says why" 'ERR \[clock\] --count must not be negative' \
        "$scratch/all"

    run --count=many
    check_status "--count=many exits with 64" 64 "$status"
    check_grep "the error names the option" "'--count'" "$scratch/err"

    run --help=plain
    check_status "--help=plain exits with 63" 63 "$status"
    check_grep "--help lists --count with its default" \
        '^ +--count=INT \(absent=3\)$' "$scratch/all"
    for src in mclock pclock; do
        run -l "$src:debug"
        check_grep "the $src device logs under its own source" \
            "DBG \\[$src\\] $src: connected" "$scratch/all"
    done
}
