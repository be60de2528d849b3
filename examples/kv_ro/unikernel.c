/* SPDX-License-Identifier: ISC */
/* unikernel.c: kv_ro logs the value of key `secret' and its SHA-256. */
#include <stddef.h>
#include <stdint.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(kv_log, "kv_ro", "the kv_ro unikernel");

int kv_ro_start(struct mirage_kv_ro *secrets)
{
    static const char hexdigits[] = "0123456789abcdef";
    char value[256], hex[2 * MIRAGE_KV_DIGEST_SIZE + 1];
    uint8_t digest[MIRAGE_KV_DIGEST_SIZE];
    size_t len;
    int rc;

    rc = mirage_kv_ro_get(secrets, "secret", value, sizeof(value) - 1, &len);
    if (rc < 0) {
        mirage_log_err(&kv_log, "cannot read 'secret' (error %d)", rc);
        return 1;
    }
    while (len > 0 && value[len - 1] == '\n')
        len--;
    value[len] = '\0';
    rc = mirage_kv_ro_digest(secrets, "secret", digest);
    if (rc < 0) {
        mirage_log_err(&kv_log, "cannot digest 'secret' (error %d)", rc);
        return 1;
    }
    for (size_t i = 0; i < sizeof(digest); i++) {
        hex[2 * i] = hexdigits[digest[i] >> 4];
        hex[2 * i + 1] = hexdigits[digest[i] & 15];
    }
    hex[sizeof(hex) - 1] = '\0';
    mirage_log_info(&kv_log, "secret: %s", value);
    mirage_log_info(&kv_log, "sha256: %s", hex);
    return 0;
}
