# SPDX-License-Identifier: ISC
# tests/examples/expect-hello-key.sh: what examples/hello-key does when it
# runs, on every target (see expect-common.sh).

# expect_hello_key: the greeting of --hello, four times; its --help.
expect_hello_key() {
    run
    check_status "without --hello it exits with 0" 0 "$status"
    check_count "it logs the default greeting four times" 4 \
        '-00:00: INF \[hello\] Hello World!$' "$scratch/all"

    run --hello="Bonjour, le monde"
    check_status "--hello=VALUE exits with 0" 0 "$status"
    check_count "it logs the given greeting four times" 4 \
        '-00:00: INF \[hello\] Bonjour, le monde$' "$scratch/all"

    run --hello
    check_status "--hello without a value exits with 64" 64 "$status"
    check_grep "the error names the option" "'--hello'" "$scratch/err"

    run --help=plain
    check_status "--help=plain exits with 63" 63 "$status"
    check_grep "OPTIONS lists --hello with its default" \
        '^ +--hello=STRING \(absent=Hello World!\)$' "$scratch/all"
    check_grep "with its documentation" '^ +How to say hello\.$' \
        "$scratch/all"
    for s in NAME SYNOPSIS OPTIONS 'LOG AND MONITORING OPTIONS' \
        'RUNTIME OPTIONS' 'EXIT STATUS'; do
        check_grep "--help has section $s" "^$s\$" "$scratch/all"
    done
    run --help=groff
    check_status "--help=groff exits with 63" 63 "$status"
    check_grep "--help=groff is man source" '^\.SH "?OPTIONS"?$' \
        "$scratch/all"
}
