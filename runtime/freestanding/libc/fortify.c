/* SPDX-License-Identifier: ISC */
/* fortify.c: glibc's checked memcpy, memmove and memset (fortify.h). */
#include <string.h>

#include <mirage/abort.h>

#include "fortify.h"

/* Ends the unikernel: (what) would have written (len) bytes into (dstlen). */
static void __attribute__((noreturn))
overflow(const char *what, size_t len, size_t dstlen)
{
    mirage_abort("buffer overflow detected: %s of %zu bytes into a "
                 "%zu-byte destination (a _FORTIFY_SOURCE check)",
                 what, len, dstlen);
}

void *__memcpy_chk(void *restrict dest, const void *restrict src, size_t len,
                   size_t dstlen)
{
    if (len > dstlen)
        overflow("memcpy", len, dstlen);
    return memcpy(dest, src, len);
}

void *__memmove_chk(void *dest, const void *src, size_t len, size_t dstlen)
{
    if (len > dstlen)
        overflow("memmove", len, dstlen);
    return memmove(dest, src, len);
}

void *__memset_chk(void *dest, int c, size_t len, size_t dstlen)
{
    if (len > dstlen)
        overflow("memset", len, dstlen);
    return memset(dest, c, len);
}
