# SPDX-License-Identifier: ISC
# tests/examples/expect-crypto.sh: what examples/crypto does when it runs,
# on every target (see expect-common.sh).

# expect_crypto: the published test vectors (FIPS 180-4, RFC 4231,
# RFC 8439).
expect_crypto() {
    run
    check_status "crypto exits with 0" 0 "$status"
    check_no_stderr "nothing on stderr"
    check_status "it logs three lines" 3 "$(wc -l <"$scratch/out")"
    check_grep 'SHA-256("abc") as in FIPS 180-4' \
        '-00:00: INF \[crypto\] SHA-256\("abc"\) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad$' \
        "$scratch/out"
    check_grep "HMAC-SHA256 as in RFC 4231 test case 2" \
        '= 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843$' \
        "$scratch/out"
    check_grep "ChaCha20 as in RFC 8439 section 2.4.2 (first 32 bytes)" \
        'ChaCha20 of the first 32 bytes = 6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b$' \
        "$scratch/out"
}
