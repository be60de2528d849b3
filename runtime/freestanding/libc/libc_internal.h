/* SPDX-License-Identifier: ISC */
/* libc_internal.h: what the freestanding libc's sources share. */
#ifndef MIRAGE_FREESTANDING_LIBC_INTERNAL_H
#define MIRAGE_FREESTANDING_LIBC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

/*
 * GCC turns byte loops into calls of memcpy and memset, which in memcpy and
 * memset themselves would recurse: the functions that must not be turned
 * carry this. (Clang does not do it with -ffreestanding.)
 */
#if defined(__GNUC__) && !defined(__clang__)
#define LIBC_NO_LIBCALLS                                                       \
    __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define LIBC_NO_LIBCALLS
#endif

/* A word that may alias anything, for the word-at-a-time loops. */
typedef unsigned long __attribute__((may_alias)) libc_word;

/* The same at any address: x86-64 loads and stores words unaligned at
 * little cost, so copies between buffers of different alignment need not
 * go a byte at a time. */
typedef unsigned long __attribute__((may_alias, aligned(1))) libc_uword;

/*
 * Formats (fmt) with (ap) as vsnprintf does, handing the text to (out) in
 * pieces (never with (len) 0). Returns the whole length, or -1 for an
 * invalid conversion (after emitting the text before it).
 */
int core_libc_format(void (*out)(void *ctx, const char *s, size_t len),
                     void *ctx, const char *fmt, va_list ap);

/*
 * Converts as strtoull does, returning the magnitude; (*neg) tells whether
 * there was a minus sign, and (*over) whether the magnitude went beyond
 * (pos_limit), or (neg_limit) after a minus (the result is then the limit,
 * and errno ERANGE).
 */
unsigned long long core_libc_strtox(const char *s, char **end, int base,
                                    unsigned long long pos_limit,
                                    unsigned long long neg_limit, int *neg,
                                    int *over);

#endif
