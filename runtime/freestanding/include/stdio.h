/* SPDX-License-Identifier: ISC */
/* stdio.h: formatting into memory; the freestanding targets have no FILE. */
#ifndef MIRAGE_FREESTANDING_STDIO_H
#define MIRAGE_FREESTANDING_STDIO_H

/*
 * Only in-memory formatting: the runtime writes its output through the
 * platform API, never through streams, so there is no FILE, printf or
 * fopen here, and code that uses them fails to compile for these targets.
 */

#ifndef MIRAGE_FREESTANDING_SIZE_T
#define MIRAGE_FREESTANDING_SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif

#ifndef MIRAGE_FREESTANDING_VA_LIST
#define MIRAGE_FREESTANDING_VA_LIST
typedef __builtin_va_list va_list;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/*
 * Formats (fmt) and its arguments as ISO C printf does (without floating
 * point) into (buf), writing at most (size) bytes including a terminating
 * NUL (nothing when (size) is 0). Returns the length the whole text would
 * have had, which is >= (size) when it was cut, or a negative value for an
 * invalid format.
 */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As snprintf, with the arguments in a va_list. */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap) __attribute__((format(printf, 3, 0)));

#endif
