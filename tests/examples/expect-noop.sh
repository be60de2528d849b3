# SPDX-License-Identifier: ISC
# tests/examples/expect-noop.sh: what examples/noop does when it runs, on
# every target (see expect-common.sh).

# expect_noop: it exits with 0 and prints nothing; --help, an unknown
# option and a positional argument.
expect_noop() {
    run
    check_status "noop exits with 0" 0 "$status"
    check "noop prints nothing" test ! -s "$scratch/out"
    check_no_stderr "noop writes nothing to stderr"

    run --help
    check_status "--help exits with 63" 63 "$status"
    check_grep "--help starts with NAME" '^NAME$' "$scratch/all"
    check_grep "--help has RUNTIME OPTIONS" '^RUNTIME OPTIONS$' "$scratch/all"
    check_grep "--help lists the exit statuses" '^ +125 ' "$scratch/all"

    run --no-such-thing
    check_status "an unknown argument exits with 64" 64 "$status"
    check_grep "the error names the argument" \
        "unknown option '--no-such-thing'" "$scratch/err"

    run stray
    check_status "a positional argument exits with 64" 64 "$status"
}
