/* SPDX-License-Identifier: ISC */
/* unikernel.c: crypto logs digests and a cipher text of published vectors. */
#include <mirage/crypto.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(crypto_log, "crypto", "the crypto unikernel");

/* Writes (len) <= 64 bytes as hex into (hex), of at least 129 bytes. */
static const char *hex(const uint8_t *p, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * len] = '\0';
    return out;
}

int crypto_start(void)
{
    /* RFC 8439 section 2.4.2: its key, nonce, counter and plaintext */
    static const char sunscreen[] =
        "Ladies and Gentlemen of the class of '99: If I could offer you "
        "only one tip for the future, sunscreen would be it.";
    static const uint8_t nonce[12] = {0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0};
    uint8_t key[32], digest[32], ct[32];
    char text[129];

    mirage_sha256("abc", 3, digest);
    mirage_log_info(&crypto_log, "SHA-256(\"abc\") = %s",
                    hex(digest, sizeof(digest), text));

    /* RFC 4231 test case 2 */
    mirage_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, digest);
    mirage_log_info(&crypto_log,
                    "HMAC-SHA256(\"Jefe\", \"what do ya want for "
                    "nothing?\") = %s",
                    hex(digest, sizeof(digest), text));

    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)i;
    if (mirage_chacha20_xor(key, nonce, 1, sunscreen, ct, sizeof(ct)) < 0)
        return 1;
    mirage_log_info(&crypto_log, "ChaCha20 of the first %zu bytes = %s",
                    sizeof(ct), hex(ct, sizeof(ct), text));
    mirage_crypto_wipe(key, sizeof(key));
    return 0;
}
