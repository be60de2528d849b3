/* SPDX-License-Identifier: ISC */
/* stdio.h: formatting into memory; the freestanding targets have no FILE. */
#ifndef MIRAGE_FREESTANDING_STDIO_H
#define MIRAGE_FREESTANDING_STDIO_H

/*
 * In-memory formatting; the runtime writes its output through the platform
 * API, never through streams. Console output for a unikernel's code is
 * below, behind MIRAGE_FS_CONSOLE_STDIO; there is no fopen. No floating
 * point: %f, %e, %g and %a print "?".
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

/*
 * Console output, declared only where MIRAGE_FS_CONSOLE_STDIO is defined
 * (for a unikernel's own code): the runtime's core must not print, and a
 * check in the test suite holds it to that. printf and the like write to the
 * console (plat_console_write), stderr to the error output
 * (plat_error_write); there is no buffering, so fflush has nothing to do.
 * They return what snprintf would, or EOF for an invalid format; putchar,
 * fputc and the puts return the character, a non-negative value or EOF.
 */
#ifdef MIRAGE_FS_CONSOLE_STDIO
#define EOF (-1)

typedef struct core_libc_file FILE; /* an output: stdout or stderr only */
extern FILE *const core_libc_stdout;
extern FILE *const core_libc_stderr;
#define stdout core_libc_stdout
#define stderr core_libc_stderr

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Writes string (s) and a newline. */
int puts(const char *s);
/* Writes string (s) alone. */
int fputs(const char *restrict s, FILE *restrict f);
int putchar(int c);
int fputc(int c, FILE *f);
int fflush(FILE *f);
#endif

#endif
