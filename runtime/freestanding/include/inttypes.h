/* SPDX-License-Identifier: ISC */
/* inttypes.h: printf conversions of the fixed-width integer types. */
#ifndef MIRAGE_FREESTANDING_INTTYPES_H
#define MIRAGE_FREESTANDING_INTTYPES_H

#include <stdint.h>

/* The length modifier of int64_t and of intmax_t: long on LP64 targets. */
#if __SIZEOF_LONG__ == 8
#define MIRAGE_FS_PRI64 "l"
#else
#define MIRAGE_FS_PRI64 "ll"
#endif
#if __INTMAX_WIDTH__ == __LONG_WIDTH__
#define MIRAGE_FS_PRIMAX "l"
#else
#define MIRAGE_FS_PRIMAX "ll"
#endif

#define PRId8   "d"
#define PRIi8   "i"
#define PRIu8   "u"
#define PRIx8   "x"
#define PRIX8   "X"
#define PRIo8   "o"
#define PRId16  "d"
#define PRIi16  "i"
#define PRIu16  "u"
#define PRIx16  "x"
#define PRIX16  "X"
#define PRIo16  "o"
#define PRId32  "d"
#define PRIi32  "i"
#define PRIu32  "u"
#define PRIx32  "x"
#define PRIX32  "X"
#define PRIo32  "o"
#define PRId64  MIRAGE_FS_PRI64 "d"
#define PRIi64  MIRAGE_FS_PRI64 "i"
#define PRIu64  MIRAGE_FS_PRI64 "u"
#define PRIx64  MIRAGE_FS_PRI64 "x"
#define PRIX64  MIRAGE_FS_PRI64 "X"
#define PRIo64  MIRAGE_FS_PRI64 "o"
#define PRIdMAX MIRAGE_FS_PRIMAX "d"
#define PRIiMAX MIRAGE_FS_PRIMAX "i"
#define PRIuMAX MIRAGE_FS_PRIMAX "u"
#define PRIxMAX MIRAGE_FS_PRIMAX "x"
#define PRIXMAX MIRAGE_FS_PRIMAX "X"
#define PRIoMAX MIRAGE_FS_PRIMAX "o"

#endif
