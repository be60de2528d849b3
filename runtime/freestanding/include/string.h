/* SPDX-License-Identifier: ISC */
/* string.h: memory and string functions of the freestanding libc. */
#ifndef MIRAGE_FREESTANDING_STRING_H
#define MIRAGE_FREESTANDING_STRING_H

#ifndef MIRAGE_FREESTANDING_SIZE_T
#define MIRAGE_FREESTANDING_SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/*
 * None of these fails or sets errno; as in ISO C, passing a NULL pointer or
 * a region that is not fully accessible is undefined.
 */

/* Copies (n) bytes from (src) to non-overlapping (dest); returns (dest). */
void *memcpy(void *restrict dest, const void *restrict src, size_t n);

/* Copies (n) bytes from (src) to (dest), which may overlap; returns dest. */
void *memmove(void *dest, const void *src, size_t n);

/* Sets (n) bytes at (s) to (c) converted to unsigned char; returns (s). */
void *memset(void *s, int c, size_t n);

/*
 * Compares (n) bytes as unsigned chars; returns <0, 0 or >0 as (a) sorts
 * before, equal to or after (b).
 */
int memcmp(const void *a, const void *b, size_t n);

/* The first of (n) bytes at (s) equal to (c), or NULL. */
void *memchr(const void *s, int c, size_t n);

/* The length of string (s), without its NUL. */
size_t strlen(const char *s);

/* The length of string (s), but at most (max), reading no further. */
size_t strnlen(const char *s, size_t max);

/* Compares two strings as unsigned chars; <0, 0 or >0 as for memcmp. */
int strcmp(const char *a, const char *b);

/* As strcmp, comparing at most (n) characters. */
int strncmp(const char *a, const char *b, size_t n);

/*
 * The first (strchr) or last (strrchr) (c) in string (s), or NULL; the NUL
 * itself can be searched for.
 */
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * The first occurrence of string (needle) in (haystack), or NULL; an empty
 * (needle) matches at (haystack).
 */
char *strstr(const char *haystack, const char *needle);

/*
 * The length of the longest prefix of (s) made only of bytes in (accept)
 * (strspn), or only of bytes not in (reject) (strcspn).
 */
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);

/*
 * Copies string (src) with its NUL to (dest) (strcpy); or exactly (n) bytes
 * of it, padded with NULs and unterminated when (src) is (n) or longer
 * (strncpy). Returns (dest).
 */
char *strcpy(char *restrict dest, const char *restrict src);
char *strncpy(char *restrict dest, const char *restrict src, size_t n);

/*
 * A copy of string (s) (strdup), or of at most (n) bytes of it, terminated
 * (strndup), from malloc; NULL with errno ENOMEM when memory is short.
 */
char *strdup(const char *s);
char *strndup(const char *s, size_t n);

/*
 * The text of errno value (errnum), e.g. "input/output error (EIO)": the
 * same as mirage_strerror's (mirage/error.h), so a negative value, as
 * mirage_* functions return it, gives the same text; "unknown error" for a
 * value <errno.h> does not define. The string is constant: do not change
 * it.
 */
char *strerror(int errnum);

#endif
