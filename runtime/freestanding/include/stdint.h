/* SPDX-License-Identifier: ISC */
/* stdint.h: the fixed-width integer types, from the compiler's macros. */
#ifndef MIRAGE_FREESTANDING_STDINT_H
#define MIRAGE_FREESTANDING_STDINT_H

/* Exact widths. */
typedef __INT8_TYPE__ int8_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __INT16_TYPE__ int16_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __INT32_TYPE__ int32_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;

/* The smallest types of at least a width, and the fastest ones. */
typedef __INT_LEAST8_TYPE__ int_least8_t;
typedef __UINT_LEAST8_TYPE__ uint_least8_t;
typedef __INT_LEAST16_TYPE__ int_least16_t;
typedef __UINT_LEAST16_TYPE__ uint_least16_t;
typedef __INT_LEAST32_TYPE__ int_least32_t;
typedef __UINT_LEAST32_TYPE__ uint_least32_t;
typedef __INT_LEAST64_TYPE__ int_least64_t;
typedef __UINT_LEAST64_TYPE__ uint_least64_t;
typedef __INT_FAST8_TYPE__ int_fast8_t;
typedef __UINT_FAST8_TYPE__ uint_fast8_t;
typedef __INT_FAST16_TYPE__ int_fast16_t;
typedef __UINT_FAST16_TYPE__ uint_fast16_t;
typedef __INT_FAST32_TYPE__ int_fast32_t;
typedef __UINT_FAST32_TYPE__ uint_fast32_t;
typedef __INT_FAST64_TYPE__ int_fast64_t;
typedef __UINT_FAST64_TYPE__ uint_fast64_t;

/* Integers that hold a pointer, and the widest integers. */
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __INTMAX_TYPE__ intmax_t;
typedef __UINTMAX_TYPE__ uintmax_t;

/* Limits. */
#define INT8_MAX         __INT8_MAX__
#define INT8_MIN         (-INT8_MAX - 1)
#define UINT8_MAX        __UINT8_MAX__
#define INT16_MAX        __INT16_MAX__
#define INT16_MIN        (-INT16_MAX - 1)
#define UINT16_MAX       __UINT16_MAX__
#define INT32_MAX        __INT32_MAX__
#define INT32_MIN        (-INT32_MAX - 1)
#define UINT32_MAX       __UINT32_MAX__
#define INT64_MAX        __INT64_MAX__
#define INT64_MIN        (-INT64_MAX - 1)
#define UINT64_MAX       __UINT64_MAX__
#define INT_LEAST8_MAX   __INT_LEAST8_MAX__
#define INT_LEAST8_MIN   (-INT_LEAST8_MAX - 1)
#define UINT_LEAST8_MAX  __UINT_LEAST8_MAX__
#define INT_LEAST16_MAX  __INT_LEAST16_MAX__
#define INT_LEAST16_MIN  (-INT_LEAST16_MAX - 1)
#define UINT_LEAST16_MAX __UINT_LEAST16_MAX__
#define INT_LEAST32_MAX  __INT_LEAST32_MAX__
#define INT_LEAST32_MIN  (-INT_LEAST32_MAX - 1)
#define UINT_LEAST32_MAX __UINT_LEAST32_MAX__
#define INT_LEAST64_MAX  __INT_LEAST64_MAX__
#define INT_LEAST64_MIN  (-INT_LEAST64_MAX - 1)
#define UINT_LEAST64_MAX __UINT_LEAST64_MAX__
#define INT_FAST8_MAX    __INT_FAST8_MAX__
#define INT_FAST8_MIN    (-INT_FAST8_MAX - 1)
#define UINT_FAST8_MAX   __UINT_FAST8_MAX__
#define INT_FAST16_MAX   __INT_FAST16_MAX__
#define INT_FAST16_MIN   (-INT_FAST16_MAX - 1)
#define UINT_FAST16_MAX  __UINT_FAST16_MAX__
#define INT_FAST32_MAX   __INT_FAST32_MAX__
#define INT_FAST32_MIN   (-INT_FAST32_MAX - 1)
#define UINT_FAST32_MAX  __UINT_FAST32_MAX__
#define INT_FAST64_MAX   __INT_FAST64_MAX__
#define INT_FAST64_MIN   (-INT_FAST64_MAX - 1)
#define UINT_FAST64_MAX  __UINT_FAST64_MAX__
#define INTPTR_MAX       __INTPTR_MAX__
#define INTPTR_MIN       (-INTPTR_MAX - 1)
#define UINTPTR_MAX      __UINTPTR_MAX__
#define INTMAX_MAX       __INTMAX_MAX__
#define INTMAX_MIN       (-INTMAX_MAX - 1)
#define UINTMAX_MAX      __UINTMAX_MAX__
#define PTRDIFF_MAX      __PTRDIFF_MAX__
#define PTRDIFF_MIN      (-PTRDIFF_MAX - 1)
#define SIZE_MAX         __SIZE_MAX__
#define SIG_ATOMIC_MAX   __SIG_ATOMIC_MAX__
#define SIG_ATOMIC_MIN   (-SIG_ATOMIC_MAX - 1)

/*
 * Integer constants of the types above: GCC predefines __INT8_C() and the
 * like; Clang predefines only the suffixes, which are pasted on here.
 */
#define MIRAGE_FS_PASTE(c, suffix)  c##suffix
#define MIRAGE_FS_SUFFIX(c, suffix) MIRAGE_FS_PASTE(c, suffix)
#ifdef __INT8_C
#define INT8_C(c) __INT8_C(c)
#else
#define INT8_C(c) MIRAGE_FS_SUFFIX(c, __INT8_C_SUFFIX__)
#endif
#ifdef __INT16_C
#define INT16_C(c) __INT16_C(c)
#else
#define INT16_C(c) MIRAGE_FS_SUFFIX(c, __INT16_C_SUFFIX__)
#endif
#ifdef __INT32_C
#define INT32_C(c) __INT32_C(c)
#else
#define INT32_C(c) MIRAGE_FS_SUFFIX(c, __INT32_C_SUFFIX__)
#endif
#ifdef __INT64_C
#define INT64_C(c) __INT64_C(c)
#else
#define INT64_C(c) MIRAGE_FS_SUFFIX(c, __INT64_C_SUFFIX__)
#endif
#ifdef __UINT8_C
#define UINT8_C(c) __UINT8_C(c)
#else
#define UINT8_C(c) MIRAGE_FS_SUFFIX(c, __UINT8_C_SUFFIX__)
#endif
#ifdef __UINT16_C
#define UINT16_C(c) __UINT16_C(c)
#else
#define UINT16_C(c) MIRAGE_FS_SUFFIX(c, __UINT16_C_SUFFIX__)
#endif
#ifdef __UINT32_C
#define UINT32_C(c) __UINT32_C(c)
#else
#define UINT32_C(c) MIRAGE_FS_SUFFIX(c, __UINT32_C_SUFFIX__)
#endif
#ifdef __UINT64_C
#define UINT64_C(c) __UINT64_C(c)
#else
#define UINT64_C(c) MIRAGE_FS_SUFFIX(c, __UINT64_C_SUFFIX__)
#endif
#ifdef __INTMAX_C
#define INTMAX_C(c) __INTMAX_C(c)
#else
#define INTMAX_C(c) MIRAGE_FS_SUFFIX(c, __INTMAX_C_SUFFIX__)
#endif
#ifdef __UINTMAX_C
#define UINTMAX_C(c) __UINTMAX_C(c)
#else
#define UINTMAX_C(c) MIRAGE_FS_SUFFIX(c, __UINTMAX_C_SUFFIX__)
#endif

#endif
