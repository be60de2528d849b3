/* SPDX-License-Identifier: ISC */
/* libc_test.h: the freestanding libc's functions, as renamed for the tests. */
#ifndef MIRAGE_TESTS_LIBC_TEST_H
#define MIRAGE_TESTS_LIBC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "heap.h"

/* See libc_rename.h: the tests' host libc and ours side by side. */
void *mfs_memcpy(void *dest, const void *src, size_t n);
void *mfs_memmove(void *dest, const void *src, size_t n);
void *mfs_memset(void *s, int c, size_t n);
int mfs_memcmp(const void *a, const void *b, size_t n);
void *mfs_memchr(const void *s, int c, size_t n);
size_t mfs_strlen(const char *s);
size_t mfs_strnlen(const char *s, size_t max);
int mfs_strcmp(const char *a, const char *b);
int mfs_strncmp(const char *a, const char *b, size_t n);
char *mfs_strchr(const char *s, int c);
char *mfs_strrchr(const char *s, int c);
char *mfs_strstr(const char *haystack, const char *needle);
size_t mfs_strspn(const char *s, const char *accept);
size_t mfs_strcspn(const char *s, const char *reject);
char *mfs_strcpy(char *dest, const char *src);
char *mfs_strncpy(char *dest, const char *src, size_t n);
char *mfs_strdup(const char *s);
char *mfs_strndup(const char *s, size_t n);

int mfs_isalnum(int c);
int mfs_isalpha(int c);
int mfs_isblank(int c);
int mfs_iscntrl(int c);
int mfs_isdigit(int c);
int mfs_isgraph(int c);
int mfs_islower(int c);
int mfs_isprint(int c);
int mfs_ispunct(int c);
int mfs_isspace(int c);
int mfs_isupper(int c);
int mfs_isxdigit(int c);
int mfs_tolower(int c);
int mfs_toupper(int c);

void *mfs_malloc(size_t size);
void *mfs_calloc(size_t n, size_t size);
void *mfs_realloc(void *p, size_t size);
void mfs_free(void *p);
void *mfs_aligned_alloc(size_t align, size_t size);
int mfs_posix_memalign(void **out, size_t align, size_t size);
long mfs_strtol(const char *s, char **end, int base);
unsigned long mfs_strtoul(const char *s, char **end, int base);
long long mfs_strtoll(const char *s, char **end, int base);
unsigned long long mfs_strtoull(const char *s, char **end, int base);
int mfs_atoi(const char *s);
long mfs_atol(const char *s);
int mfs_abs(int x);
long mfs_labs(long x);
long long mfs_llabs(long long x);
void mfs_qsort(void *base, size_t n, size_t size,
               int (*cmp)(const void *, const void *));
void *mfs_bsearch(const void *key, const void *base, size_t n, size_t size,
                  int (*cmp)(const void *, const void *));
void mfs_abort(void);
void *mfs___memcpy_chk(void *dest, const void *src, size_t len, size_t dstlen);
void *mfs___memmove_chk(void *dest, const void *src, size_t len, size_t dstlen);
void *mfs___memset_chk(void *dest, int c, size_t len, size_t dstlen);
long mfs_time(long *t);

int mfs_snprintf(char *buf, size_t size, const char *fmt, ...);
int mfs_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int mfs_printf(const char *fmt, ...);
int mfs_puts(const char *s);
int mfs_putchar(int c);
struct core_libc_file;
extern struct core_libc_file *const core_libc_stdout;
extern struct core_libc_file *const core_libc_stderr;
int mfs_fprintf(struct core_libc_file *f, const char *fmt, ...);
int mfs_fputs(const char *s, struct core_libc_file *f);
int *mfs___errno_location(void);
#define mfs_errno (*mfs___errno_location())
void core_libc_assert_fail(const char *expr, const char *file, int line);

/* The runtime functions the libc calls: libc_stubs.c, or the test itself. */
void mfs_mirage_abort(const char *fmt, ...);
void mfs_plat_console_write(const char *buf, size_t len);
void mfs_plat_error_write(const char *buf, size_t len);

/* A fixed-seed generator, the same on every host. */
static unsigned long long libc_test_rng = 0x2545f4914f6cdd1dULL;
static inline unsigned long long rnd(void)
{
    libc_test_rng ^= libc_test_rng << 13;
    libc_test_rng ^= libc_test_rng >> 7;
    libc_test_rng ^= libc_test_rng << 17;
    return libc_test_rng;
}

/* libc_stubs.c: where mirage_abort (as called by the libc) lands. */
extern jmp_buf libc_abort_jump;
extern char libc_abort_msg[256];

#endif
