# SPDX-License-Identifier: ISC
# tests/examples/expect-memtest.sh: what examples/memtest does when it
# runs, on every target (see expect-common.sh).

# expect_memtest: the default run (200000 operations, seed 1) passes and
# has the same peak everywhere (it counts the bytes asked for, which the
# seed alone decides); other seeds and sizes pass; bad arguments fail.
expect_memtest() {
    run
    check_status "memtest exits with 0" 0 "$status"
    check_grep "200000 operations of seed 1 pass, peak 10652041 bytes" \
        '^memtest: 200000 ops, 10652041 bytes peak, ok$' "$scratch/all"
    check_no_grep "nothing failed" 'FAIL' "$scratch/all"

    run --seed=7 --ops=20000 --max-size=300000
    check_status "seed 7 with blocks up to 300000 bytes exits with 0" 0 \
        "$status"
    check_grep "and passes" '^memtest: 20000 ops, [0-9]+ bytes peak, ok$' \
        "$scratch/all"

    run --ops=-1
    check_status "--ops=-1 exits with 1" 1 "$status"
    check_grep "and says why" '^memtest: --ops must be 0 or more' \
        "$scratch/all"
}
