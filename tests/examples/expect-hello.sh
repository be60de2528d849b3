# SPDX-License-Identifier: ISC
# tests/examples/expect-hello.sh: what examples/hello does when it runs, on
# every target (see expect-common.sh).

# expect_hello: four lines a second apart; -l and --logs; --version; a
# misspelt option.
expect_hello() {
    run
    check_status "hello exits with 0" 0 "$status"
    check_count "hello logs 'hello' four times" 4 \
        "${log_stamp}INF \\[hello\\] hello\$" "$scratch/out"
    check_status "and prints nothing else" 4 "$(wc -l <"$scratch/out")"
    check_no_stderr "nothing on stderr"
    # The four lines carry four distinct timestamps (one second apart).
    n=$(cut -d' ' -f2 "$scratch/out" | cut -d. -f1 | sort -u | wc -l)
    check_status "the four lines have distinct seconds" 4 "$n"

    run -l quiet
    check_status "-l quiet exits with 0" 0 "$status"
    check "-l quiet prints nothing" test ! -s "$scratch/all"

    run -l time:debug,hello:warning
    check_status "-l SRC:LEVEL,... exits with 0" 0 "$status"
    check_no_grep "hello:warning hides hello's info lines" '\[hello\]' \
        "$scratch/all"
    check_grep "time:debug shows the time device's debug lines" \
        'DBG \[time\]' "$scratch/all"

    run --logs=loud
    check_status "an unknown log level exits with 64" 64 "$status"
    check_grep "the error names the level" "'loud'" "$scratch/err"

    run --version
    check_status "--version exits with 63" 63 "$status"
    check_grep "--version prints the name and version" '^hello 1\.0$' \
        "$scratch/all"

    run --helo
    check_status "a misspelt option exits with 64" 64 "$status"
    check_grep "the error names it" "'--helo'" "$scratch/err"
    check_grep "and suggests the right one" "Did you mean '--help'" \
        "$scratch/err"
}
