/* SPDX-License-Identifier: ISC */
/* fortify.h: glibc's checked copies, which _FORTIFY_SOURCE code calls. */
#ifndef MIRAGE_FREESTANDING_FORTIFY_H
#define MIRAGE_FREESTANDING_FORTIFY_H

#include <stddef.h>

/*
 * Code compiled for glibc with -D_FORTIFY_SOURCE (Debian's libbearssl.a)
 * calls these instead of memcpy, memmove and memset where the compiler
 * knows the size of the destination, (dstlen). Each does what the plain
 * function does when (len) fits in (dstlen); otherwise the write would
 * overflow the destination, and the unikernel ends with a crash report
 * (mirage_abort) before anything is written. Return (dest).
 */
void *__memcpy_chk(void *restrict dest, const void *restrict src, size_t len,
                   size_t dstlen);
void *__memmove_chk(void *dest, const void *src, size_t len, size_t dstlen);
void *__memset_chk(void *dest, int c, size_t len, size_t dstlen);

#endif
