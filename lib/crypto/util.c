/* SPDX-License-Identifier: ISC */
/* util.c: constant-time comparison and wiping of secrets. */
#include <stddef.h>
#include <stdint.h>

#include <mirage/crypto.h>

int mirage_crypto_equal(const void *a, const void *b, size_t len)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;

    for (size_t i = 0; i < len; i++)
        diff |= x[i] ^ y[i];
    /* 1 when diff is 0, without a branch on the secret */
    return (int)(1 & ((uint32_t)(diff - 1) >> 8));
}

void mirage_crypto_wipe(void *p, size_t len)
{
    volatile uint8_t *v = p;

    for (size_t i = 0; i < len; i++)
        v[i] = 0;
    /* also keep the compiler from moving later reads of (p) before this */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
