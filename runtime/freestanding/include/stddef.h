/* SPDX-License-Identifier: ISC */
/* stddef.h: the freestanding C basic types, from the compiler's own macros. */
#ifndef MIRAGE_FREESTANDING_STDDEF_H
#define MIRAGE_FREESTANDING_STDDEF_H

/*
 * The toolkit's own libc headers for the freestanding targets: declarations
 * only, built on what GCC and Clang predefine, never on the host's headers.
 */

#ifndef MIRAGE_FREESTANDING_SIZE_T
#define MIRAGE_FREESTANDING_SIZE_T
typedef __SIZE_TYPE__ size_t; /* the type of sizeof */
#endif

typedef __PTRDIFF_TYPE__ ptrdiff_t; /* the difference of two pointers */

#ifndef __cplusplus
typedef __WCHAR_TYPE__ wchar_t; /* a wide character */
#endif

/* A type whose alignment suits every scalar type. */
typedef struct {
    long long mirage_ll __attribute__((aligned(__alignof__(long long))));
    long double mirage_ld __attribute__((aligned(__alignof__(long double))));
} max_align_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

/* The offset in bytes of (member) in the struct or union (type). */
#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
