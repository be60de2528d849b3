/* SPDX-License-Identifier: ISC */
/* test_crypto.c: SHA-256, SHA-512, HMAC-SHA256 and ChaCha20 test vectors. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/crypto.h>

#include "tap.h"

/* Writes (len) bytes as lower-case hex into (hex), which holds 2*len+1. */
static const char *to_hex(const uint8_t *p, size_t len, char *hex)
{
    for (size_t i = 0; i < len; i++)
        sprintf(hex + 2 * i, "%02x", p[i]);
    hex[2 * len] = '\0';
    return hex;
}

/* Parses hex (no spaces) into (out); returns the number of bytes. */
static size_t from_hex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    unsigned v;

    for (; hex[0] && hex[1]; hex += 2) {
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

static void test_sha256(void)
{
    static const char msg448[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t d[32], d2[32], block[1000];
    char hex[129];
    struct mirage_sha256_ctx ctx;

    mirage_sha256("abc", 3, d);
    TAP_STREQ(
        to_hex(d, 32, hex),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA-256(\"abc\")");
    mirage_sha256(NULL, 0, d);
    TAP_STREQ(
        to_hex(d, 32, hex),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA-256(\"\")");
    mirage_sha256(msg448, strlen(msg448), d);
    TAP_STREQ(
        to_hex(d, 32, hex),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "SHA-256 of the 448-bit message");

    /* one million 'a', 1000 at a time */
    memset(block, 'a', sizeof(block));
    mirage_sha256_init(&ctx);
    for (int i = 0; i < 1000; i++)
        mirage_sha256_update(&ctx, block, sizeof(block));
    mirage_sha256_final(&ctx, d);
    TAP_STREQ(
        to_hex(d, 32, hex),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        "SHA-256 of one million 'a'");

    /* incremental in uneven pieces equals one-shot, at every split */
    {
        int same = 1;

        for (size_t split = 0; split <= strlen(msg448); split++) {
            mirage_sha256_init(&ctx);
            mirage_sha256_update(&ctx, msg448, split);
            mirage_sha256_update(&ctx, NULL, 0);
            mirage_sha256_update(&ctx, msg448 + split, strlen(msg448) - split);
            mirage_sha256_final(&ctx, d2);
            mirage_sha256(msg448, strlen(msg448), d);
            same &= memcmp(d, d2, 32) == 0;
        }
        TAP_OK(same, "SHA-256: split updates equal the one-shot digest");
    }
    /* padding edge: 55, 56, 63, 64 bytes (one or two final blocks) */
    {
        static const char *want[] = {
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        };
        static const size_t lens[] = {55, 56, 63, 64};

        for (int i = 0; i < 4; i++) {
            mirage_sha256(block, lens[i], d);
            TAP_STREQ(to_hex(d, 32, hex), want[i], "SHA-256 of %zu 'a'",
                      lens[i]);
        }
    }
}

static void test_sha512(void)
{
    static const char msg896[] =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
        "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    uint8_t d[64], block[1000];
    char hex[129];
    struct mirage_sha512_ctx ctx;

    mirage_sha512("abc", 3, d);
    TAP_STREQ(
        to_hex(d, 64, hex),
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "SHA-512(\"abc\")");
    mirage_sha512("", 0, d);
    TAP_STREQ(
        to_hex(d, 64, hex),
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        "SHA-512(\"\")");
    mirage_sha512(msg896, strlen(msg896), d);
    TAP_STREQ(
        to_hex(d, 64, hex),
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
        "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
        "SHA-512 of the 896-bit message");
    memset(block, 'a', sizeof(block));
    mirage_sha512_init(&ctx);
    for (int i = 0; i < 1000; i++)
        mirage_sha512_update(&ctx, block, sizeof(block));
    mirage_sha512_final(&ctx, d);
    TAP_STREQ(
        to_hex(d, 64, hex),
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
        "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
        "SHA-512 of one million 'a'");
}

static void test_hmac(void)
{
    uint8_t key[131], tag[32];
    char hex[65];
    struct mirage_hmac_sha256_ctx ctx;

    memset(key, 0x0b, 20);
    mirage_hmac_sha256(key, 20, "Hi There", 8, tag);
    TAP_STREQ(
        to_hex(tag, 32, hex),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "HMAC-SHA256 RFC 4231 case 1");
    mirage_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, tag);
    TAP_STREQ(
        to_hex(tag, 32, hex),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "HMAC-SHA256 RFC 4231 case 2");
    /* case 6: a 131-byte key, longer than a block, is hashed first */
    memset(key, 0xaa, sizeof(key));
    mirage_hmac_sha256_init(&ctx, key, sizeof(key));
    mirage_hmac_sha256_update(&ctx, "Test Using Larger Than Block-Size Key - ",
                              40);
    mirage_hmac_sha256_update(&ctx, "Hash Key First", 14);
    mirage_hmac_sha256_final(&ctx, tag);
    TAP_STREQ(
        to_hex(tag, 32, hex),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "HMAC-SHA256 RFC 4231 case 6 (long key, incremental)");
}

static void test_chacha20(void)
{
    /* RFC 8439 section 2.3.2 */
    static const char key_hex[] =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static const char sunscreen[] =
        "Ladies and Gentlemen of the class of '99: If I could offer you "
        "only one tip for the future, sunscreen would be it.";
    uint8_t key[32], nonce[12], block[64], ct[114], pt[114];
    char hex[229];

    from_hex(key_hex, key);
    from_hex("000000090000004a00000000", nonce);
    mirage_chacha20_block(key, nonce, 1, block);
    TAP_STREQ(
        to_hex(block, 64, hex),
        "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
        "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
        "ChaCha20 block, RFC 8439 2.3.2");

    /* RFC 8439 section 2.4.2 */
    from_hex("000000000000004a00000000", nonce);
    TAP_OK(strlen(sunscreen) == 114, "the plaintext is 114 bytes");
    TAP_OK(mirage_chacha20_xor(key, nonce, 1, sunscreen, ct, 114) == 0,
           "ChaCha20 encryption returns 0");
    TAP_STREQ(to_hex(ct, 114, hex),
              "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
              "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
              "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
              "5af90bbf74a35be6b40b8eedf2785e42874d",
              "ChaCha20 encryption, RFC 8439 2.4.2");
    memcpy(pt, ct, sizeof(pt));
    mirage_chacha20_xor(key, nonce, 1, pt, pt, sizeof(pt));
    TAP_OK(memcmp(pt, sunscreen, 114) == 0, "decrypting in place gives back "
                                            "the plaintext");
    TAP_OK(mirage_chacha20_xor(key, nonce, UINT32_MAX, pt, ct, 64) == 0,
           "the last block of the counter space can be used");
    TAP_OK(mirage_chacha20_xor(key, nonce, UINT32_MAX, pt, ct, 65) ==
               -EOVERFLOW,
           "a counter that would wrap: -EOVERFLOW");
    TAP_OK(mirage_chacha20_xor(key, nonce, 5, NULL, NULL, 0) == 0,
           "an empty message is fine");
}

static void test_helpers(void)
{
    uint8_t a[16], b[16];

    memset(a, 7, sizeof(a));
    memset(b, 7, sizeof(b));
    TAP_OK(mirage_crypto_equal(a, b, 16) == 1, "equal buffers compare equal");
    b[15] ^= 0x80;
    TAP_OK(mirage_crypto_equal(a, b, 16) == 0, "one bit differs: not equal");
    TAP_OK(mirage_crypto_equal(a, b, 0) == 1, "empty buffers are equal");
    mirage_crypto_wipe(a, sizeof(a));
    memset(b, 0, sizeof(b));
    TAP_OK(memcmp(a, b, 16) == 0, "wipe zeroes");
}

int main(void)
{
    test_sha256();
    test_sha512();
    test_hmac();
    test_chacha20();
    test_helpers();
    return tap_done();
}
