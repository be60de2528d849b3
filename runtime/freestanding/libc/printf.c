/* SPDX-License-Identifier: ISC */
/* printf.c: printf, puts and the like, written to the console. */
#define MIRAGE_FS_CONSOLE_STDIO 1
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libc_internal.h"
#include "platform.h"

/* An output: which platform function takes its bytes. */
struct core_libc_file {
    void (*write)(const char *buf, size_t len);
};

static FILE out_file = {plat_console_write};
static FILE err_file = {plat_error_write};
FILE *const core_libc_stdout = &out_file;
FILE *const core_libc_stderr = &err_file;

/* Text gathered in a buffer, written out when full and at the end. */
struct buffered {
    FILE *f;
    size_t len;
    char buf[128];
};

static void to_file(void *ctx, const char *s, size_t len)
{
    struct buffered *b = ctx;

    while (len) {
        size_t n = sizeof(b->buf) - b->len;
        if (n > len)
            n = len;
        memcpy(b->buf + b->len, s, n);
        b->len += n;
        s += n;
        len -= n;
        if (b->len == sizeof(b->buf)) {
            b->f->write(b->buf, b->len);
            b->len = 0;
        }
    }
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct buffered b;
    int r;

    b.f = f;
    b.len = 0;
    r = core_libc_format(to_file, &b, fmt, ap);
    if (b.len)
        f->write(b.buf, b.len);
    return r < 0 ? EOF : r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    f->write(s, strlen(s));
    return 0;
}

int puts(const char *s)
{
    struct buffered b;

    b.f = stdout;
    b.len = 0;
    to_file(&b, s, strlen(s));
    to_file(&b, "\n", 1);
    if (b.len)
        stdout->write(b.buf, b.len);
    return 0;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;

    f->write(&ch, 1);
    return (unsigned char)ch;
}

int putchar(int c)
{
    return fputc(c, stdout);
}

int fflush(FILE *f)
{
    (void)f;
    return 0;
}
