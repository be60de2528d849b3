# SPDX-License-Identifier: ISC
# tests/examples/expect-prng.sh: what examples/prng does when it runs, on
# every target (see expect-common.sh).

# expect_prng: --count numbers and dice rolls, other ones at each boot.
expect_prng() {
    number='-00:00: INF \[prng\] number [0-9]+: 0x[0-9a-f]{16}$'
    die='-00:00: INF \[prng\] die [0-9]+: [1-6]$'

    run
    check_status "prng exits with 0" 0 "$status"
    check_count "it logs five numbers by default" 5 "$number" "$scratch/out"
    check_count "and five dice rolls of 1 to 6" 5 "$die" "$scratch/out"
    check_status "and nothing else" 10 "$(wc -l <"$scratch/out")"
    check_no_stderr "nothing on stderr"

    run --count=200
    check_status "--count=200 exits with 0" 0 "$status"
    check_count "--count=200 logs 200 numbers" 200 "$number" "$scratch/all"
    check_count "and 200 dice rolls, each 1 to 6" 200 "$die" "$scratch/all"
    sed -n 's/.* number [0-9]*: //p' "$scratch/all" | sort >"$scratch/n1"
    check_status "the 200 numbers are distinct" 200 \
        "$(sort -u "$scratch/n1" | wc -l)"
    faces=$(sed -n 's/.* die [0-9]*: //p' "$scratch/all" | sort -u | wc -l)
    # all six faces appear in 200 fair rolls but with chance 6 * (5/6)^200
    check_status "all six faces come up in 200 rolls" 6 "$faces"

    run --count=200
    sed -n 's/.* number [0-9]*: //p' "$scratch/all" | sort >"$scratch/n2"
    check_status "a second boot draws other numbers" 0 \
        "$(comm -12 "$scratch/n1" "$scratch/n2" | wc -l)"

    run --count=-2
    check_status "--count=-2 exits with 1" 1 "$status"
    run -l random:debug --count=1
    check_grep "the random device logs under its own source" \
        'DBG \[random\] rng: connected and seeded' "$scratch/all"
}
