/* SPDX-License-Identifier: ISC */
/* mem.c: memcpy, memmove, memset, memcmp and memchr. */
#include <stdint.h>
#include <string.h>

#include "libc_internal.h"

#define WORD sizeof(libc_word)

static int aligned(const void *p)
{
    return ((uintptr_t)p & (WORD - 1)) == 0;
}

LIBC_NO_LIBCALLS
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    /* The destination aligned, the source as it comes (libc_uword). */
    while (n && !aligned(d)) {
        *d++ = *s++;
        n--;
    }
    for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
        *(libc_word *)(void *)d = *(const libc_uword *)(const void *)s;
    while (n--)
        *d++ = *s++;
}

LIBC_NO_LIBCALLS
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    while (n && !aligned(d)) {
        *--d = *--s;
        n--;
    }
    for (; n >= WORD; n -= WORD) {
        d -= WORD;
        s -= WORD;
        *(libc_word *)(void *)d = *(const libc_uword *)(const void *)s;
    }
    while (n--)
        *--d = *--s;
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
    copy_forward(dest, src, n);
    return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
    if ((uintptr_t)dest - (uintptr_t)src >= n)
        copy_forward(dest, src, n); /* dest before src, or no overlap */
    else
        copy_backward(dest, src, n);
    return dest;
}

LIBC_NO_LIBCALLS
void *memset(void *s, int c, size_t n)
{
    unsigned char *d = s;
    libc_word w = (unsigned char)c;

    while (n && !aligned(d)) {
        *d++ = (unsigned char)c;
        n--;
    }
    w |= w << 8;
    w |= w << 16;
    w |= (w << 16) << 16; /* no shift of 32 on a 32-bit word */
    for (; n >= WORD; n -= WORD, d += WORD)
        *(libc_word *)(void *)d = w;
    while (n--)
        *d++ = (unsigned char)c;
    return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    if (aligned(x) && aligned(y))
        for (; n >= WORD && *(const libc_word *)(const void *)x ==
                                *(const libc_word *)(const void *)y;
             n -= WORD, x += WORD, y += WORD)
            ;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)(uintptr_t)p;
    return NULL;
}
