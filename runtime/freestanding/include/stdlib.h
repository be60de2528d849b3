/* SPDX-License-Identifier: ISC */
/* stdlib.h: the little of the standard library that freestanding code uses. */
#ifndef MIRAGE_FREESTANDING_STDLIB_H
#define MIRAGE_FREESTANDING_STDLIB_H

#ifndef MIRAGE_FREESTANDING_SIZE_T
#define MIRAGE_FREESTANDING_SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/*
 * Ends the unikernel at once as a crash (exit status 255 on every target),
 * with a crash report; never returns.
 */
void abort(void) __attribute__((noreturn));

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/*
 * Memory from the heap (the regions the platform's loader reported), aligned
 * to 16 bytes. malloc returns NULL with errno ENOMEM when no free block is
 * large enough; malloc(0) returns a unique pointer. calloc zeroes the memory
 * and fails (NULL, ENOMEM) when (n) * (size) overflows. realloc keeps the
 * old contents up to the smaller size, moving the block when it cannot grow
 * in place; realloc(NULL, n) is malloc(n); realloc(p, 0) frees (p) and
 * returns NULL; on failure (p) is left as it was. free(NULL) does nothing;
 * freeing a pointer twice, or one that malloc did not return, ends the
 * unikernel with a crash report where it is detected (always for a block
 * still free).
 */
void *malloc(size_t size) __attribute__((malloc));
void *calloc(size_t n, size_t size) __attribute__((malloc));
void *realloc(void *p, size_t size);
void free(void *p);

/*
 * Memory aligned to (align), a power of two; (size) need not be a multiple
 * of it. aligned_alloc returns NULL with errno EINVAL for a bad (align) or
 * ENOMEM; posix_memalign stores the block in (*out) and returns 0, EINVAL
 * (also when (align) is not a multiple of sizeof(void *)) or ENOMEM.
 */
void *aligned_alloc(size_t align, size_t size) __attribute__((malloc));
int posix_memalign(void **out, size_t align, size_t size);

/*
 * Converts the initial part of string (s): optional white space, an optional
 * sign, then digits in (base) (2 to 36, letters either case for digits above
 * 9; base 0 takes a 0x or 0X prefix as 16, a leading 0 as 8, else 10, and 16
 * accepts the 0x prefix too). Stores in (*end), when (end) is not NULL, the
 * first character not converted, or (s) when there were no digits (the
 * result is then 0). Out of range: returns the type's limit nearest the
 * value and sets errno to ERANGE; a bad (base) sets EINVAL. The unsigned
 * ones negate a value with a minus sign in the unsigned type.
 */
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
                            int base);

/* strtol(s, NULL, 10), converted to int (atoi) or kept long (atol). */
int atoi(const char *s);
long atol(const char *s);

/* The absolute value; undefined for the type's minimum. */
int abs(int x) __attribute__((const));
long labs(long x) __attribute__((const));
long long llabs(long long x) __attribute__((const));

/*
 * Sorts (n) elements of (size) bytes at (base) in the order of (cmp), which
 * returns <0, 0 or >0 as its first argument sorts before, with or after its
 * second. Not stable; O(n log n) comparisons in the worst case.
 */
void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *));

/*
 * The element of the (n) sorted elements of (size) bytes at (base) that
 * (cmp)(key, element) finds equal to (key), or NULL; any one of several.
 */
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

#endif
