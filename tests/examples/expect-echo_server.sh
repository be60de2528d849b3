# SPDX-License-Identifier: ISC
# tests/examples/expect-echo_server.sh: what examples/echo_server does when
# it runs, on every target (see expect-common.sh).

# run_lines_to FILE ARGS...: run, keeping the log lines in FILE.
run_lines_to() {
    file=$1; shift
    run "$@"
    cp "$scratch/lines" "$file"
}

# expect_echo_server: ten lines of a's whose lengths and delays come from
# --seed.
expect_echo_server() {
    run_lines_to "$scratch/a"
    check_status "echo_server exits with 0" 0 "$status"
    check_no_stderr "nothing on stderr"
    n=$(grep -c -E '^INF \[echo_server\] a{0,19}$' "$scratch/a")
    check_status "ten lines of fewer than 20 a's" 10 "$n"
    n=$(wc -l <"$scratch/a")
    check_status "and nothing else" 10 "$n"
    # The lengths that seed 42 gives, in order.
    awk '{ print length($3) }' "$scratch/a" | paste -s -d ' ' - \
        >"$scratch/lengths"
    want='16 17 5 2 8 1 17 6 8 3'
    if test "$(cat "$scratch/lengths")" = "$want"; then
        ok "the default seed gives the lengths $want"
    else
        not_ok "the default seed gives the lengths $want"
        diag "got: $(cat "$scratch/lengths")"
    fi

    run_lines_to "$scratch/b" --seed=42
    check "--seed=42 repeats the default run" \
        cmp -s "$scratch/a" "$scratch/b"
    run_lines_to "$scratch/c" --seed=7
    check_status "--seed=7 exits with 0" 0 "$status"
    check "--seed=7 gives other lines" \
        test -n "$(cmp "$scratch/a" "$scratch/c")"
    n=$(grep -c -E '^INF \[echo_server\] a{0,19}$' "$scratch/c")
    check_status "--seed=7: ten lines of a's too" 10 "$n"

    # The debug lines announce each line: its length and its delay
    # (<= 250 ms).
    run_lines_to "$scratch/d" --seed=7 -l echo_server:debug
    if awk '/^DBG / { len = $6; ms = $8; if (ms > 250) bad = 1; next }
            /^INF / { if (length($3) != len) bad = 1; n++ }
            END { exit bad || n != 10 }' "$scratch/d"; then
        ok "each line has the announced length, after at most 250 ms"
    else
        not_ok "each line has the announced length, after at most 250 ms"
        diag_file "$scratch/d"
    fi
    grep '^INF' "$scratch/d" >"$scratch/e"
    check "--seed=7 with debug logs the same lines" \
        cmp -s "$scratch/c" "$scratch/e"
}
