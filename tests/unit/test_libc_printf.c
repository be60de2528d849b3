/* SPDX-License-Identifier: ISC */
/* test_libc_printf.c: the freestanding snprintf against the host's, printf. */
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_test.h"
#include "tap.h"

static char console[4096], error_out[256];
static size_t console_len, error_len, console_writes;

void mfs_mirage_abort(const char *fmt, ...)
{
    (void)fmt;
    abort();
}

void mfs_plat_console_write(const char *buf, size_t len)
{
    if (console_len + len < sizeof(console)) {
        memcpy(console + console_len, buf, len);
        console_len += len;
        console[console_len] = '\0';
    }
    console_writes++;
}

void mfs_plat_error_write(const char *buf, size_t len)
{
    if (error_len + len < sizeof(error_out)) {
        memcpy(error_out + error_len, buf, len);
        error_len += len;
        error_out[error_len] = '\0';
    }
}

static const char *const lengths[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};

/* A random value of a random magnitude, biased to edges. */
static unsigned long long value(void)
{
    switch (rnd() % 6) {
    case 0:
        return rnd() % 10;
    case 1:
        return 0;
    case 2:
        return (unsigned long long)-(long long)(rnd() % 1000);
    case 3:
        return rnd() >> (rnd() % 64);
    case 4:
        return rnd() % 2 ? LLONG_MIN : ULLONG_MAX;
    default:
        return rnd();
    }
}

static int mismatches, shown;

/*
 * Formats (fmt) with one integer-like argument (v) passed as the type that
 * (length) and (conv) call for, with ours and the host's, into buffers of
 * several sizes; counts mismatches.
 */
#define BOTH(...)                                                              \
    do {                                                                       \
        char ours[300], host[300];                                             \
        size_t size = rnd() % 3 ? sizeof(ours) : rnd() % 12;                   \
        memset(ours, 'Z', sizeof(ours));                                       \
        memset(host, 'Z', sizeof(host));                                       \
        int r1 = mfs_snprintf(ours, size, __VA_ARGS__);                        \
        int r2 = snprintf(host, size, __VA_ARGS__);                            \
        if (r1 != r2 || memcmp(ours, host, sizeof(ours))) {                    \
            mismatches++;                                                      \
            if (shown++ < 5)                                                   \
                printf("# \"%s\" size %zu: ours %d \"%.*s\" host %d "          \
                       "\"%.*s\"\n",                                           \
                       fmt, size, r1, (int)(size ? size - 1 : 0), ours, r2,    \
                       (int)(size ? size - 1 : 0), host);                      \
        }                                                                      \
    } while (0)

static void one(const char *fmt, int length, char conv, int star_w, int w,
                int star_p, int p)
{
    unsigned long long v = value();
    int signed_conv = conv == 'd' || conv == 'i';
    static const char *const strs[] = {"", "a", "hello", "a longer string",
                                       "tab\there"};
    const char *str = strs[rnd() % 5];
    void *ptr = rnd() % 4 ? (void *)(uintptr_t)value() : NULL;

    (void)w;
    (void)p;
#define ARGS(x)                                                                \
    do {                                                                       \
        if (star_w && star_p)                                                  \
            BOTH(fmt, w, p, x);                                                \
        else if (star_w)                                                       \
            BOTH(fmt, w, x);                                                   \
        else if (star_p)                                                       \
            BOTH(fmt, p, x);                                                   \
        else                                                                   \
            BOTH(fmt, x);                                                      \
    } while (0)
    if (conv == 'c')
        ARGS((int)(32 + v % 95));
    else if (conv == 's')
        ARGS(str);
    else if (conv == 'p')
        ARGS(ptr);
    else if (signed_conv) {
        switch (length) {
        case 0:
        case 1:
        case 2:
            ARGS((int)v);
            break;
        case 3:
            ARGS((long)v);
            break;
        case 4:
            ARGS((long long)v);
            break;
        case 5:
            ARGS((ssize_t)v);
            break;
        case 6:
            ARGS((intmax_t)v);
            break;
        default:
            ARGS((ptrdiff_t)v);
        }
    } else {
        switch (length) {
        case 0:
        case 1:
        case 2:
            ARGS((unsigned)v);
            break;
        case 3:
            ARGS((unsigned long)v);
            break;
        case 4:
            ARGS((unsigned long long)v);
            break;
        case 5:
            ARGS((size_t)v);
            break;
        case 6:
            ARGS((uintmax_t)v);
            break;
        default:
            ARGS((ptrdiff_t)v);
        }
    }
#undef ARGS
}

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

static void test_random(void)
{
    static const char convs[] = "diuxXocsp";
    char fmt[64];

    for (int i = 0; i < 30000; i++) {
        char conv = convs[rnd() % (sizeof(convs) - 1)];
        int is_int = !strchr("csp", conv), length = 0;
        int star_w = 0, star_p = 0, w = 0, p = 0;
        char *f = fmt;

        f += sprintf(f, "%s", rnd() % 2 ? "x=" : "");
        *f++ = '%';
        if (rnd() % 3 == 0)
            *f++ = '-';
        if (rnd() % 4 == 0 && (conv == 'd' || conv == 'i'))
            *f++ = '+';
        if (rnd() % 4 == 0 && (conv == 'd' || conv == 'i'))
            *f++ = ' ';
        if (rnd() % 3 == 0 && is_int)
            *f++ = '0';
        if (rnd() % 3 == 0 && strchr("oxX", conv))
            *f++ = '#';
        switch (rnd() % 4) {
        case 0:
            f += sprintf(f, "%d", (int)(rnd() % 30));
            break;
        case 1:
            *f++ = '*';
            star_w = 1;
            w = (int)(rnd() % 50) - 20;
            break;
        }
        if (conv != 'c' && conv != 'p') {
            switch (rnd() % 5) {
            case 0:
                f += sprintf(f, ".%d", (int)(rnd() % 25));
                break;
            case 1:
                f += sprintf(f, ".");
                break;
            case 2:
                f += sprintf(f, ".*");
                star_p = 1;
                p = (int)(rnd() % 30) - 5;
                break;
            }
        }
        if (is_int) {
            length = (int)(rnd() % 8);
            f += sprintf(f, "%s", lengths[length]);
        }
        *f++ = conv;
        sprintf(f, "%s", rnd() % 2 ? "|end" : "");
        one(fmt, length, conv, star_w, w, star_p, p);
    }
    TAP_OK(!mismatches,
           "snprintf equals the host's on 30000 random conversions (%d "
           "differ)",
           mismatches);
}

static void test_fixed(void)
{
    char b[64];
    int r;

    memset(b, 'Z', sizeof(b));
    r = mfs_snprintf(b, 5, "%s-%d", "abcdef", 42);
    TAP_OK(r == 9 && !strcmp(b, "abcd") && b[5] == 'Z',
           "a cut output: would-be length, NUL, nothing past size");
    TAP_OK(mfs_snprintf(NULL, 0, "%d%s", 12345, "ab") == 7,
           "size 0 with NULL: only the length");
    mfs_snprintf(b, sizeof(b), "%s|%.3s|%10s", (char *)NULL, (char *)NULL, "x");
    TAP_STREQ(b, "(null)|(nu|         x", "a NULL %%s prints (null)");
    mfs_snprintf(b, sizeof(b), "%d %s %c %x %%%lld", -1, "two", '3', 255u,
                 -9223372036854775807LL - 1);
    TAP_STREQ(b, "-1 two 3 ff %-9223372036854775808",
              "several conversions take their arguments in order");
    mfs_snprintf(b, sizeof(b), "%f|%5.2e|%d", 1.5, 2.5, 7);
    TAP_STREQ(b, "?|    ?|7", "floating point prints ? and takes its argument");
    TAP_OK(mfs_snprintf(b, sizeof(b), "ok %y %d", 5) == -1,
           "an invalid conversion returns -1");
    TAP_OK(mfs_snprintf(b, sizeof(b), "%" PRIu64 " %" PRIx32, UINT64_MAX,
                        0xabcu) == 24 &&
               !strcmp(b, "18446744073709551615 abc"),
           "the inttypes.h conversions of the host agree");
}

static void test_console(void)
{
    console_len = 0;
    mfs_printf("hello %s %d\n", "world", 42);
    mfs_puts("line");
    mfs_putchar('!');
    TAP_STREQ(console, "hello world 42\nline\n!",
              "printf, puts and putchar write to the console");
    console_len = 0;
    console_writes = 0;
    char big[1000];
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    int r = mfs_printf("<%s>", big);
    TAP_OK(r == 1001 && console_len == 1001 && console[0] == '<' &&
               console[1000] == '>' && console_writes < 20,
           "a long printf arrives whole, in few writes (%zu)", console_writes);
    mfs_fprintf(core_libc_stderr, "err %d", 7);
    mfs_fputs("!", core_libc_stderr);
    TAP_STREQ(error_out, "err 7!", "fprintf(stderr) goes to the error output");
}

int main(void)
{
    test_random();
    test_fixed();
    test_console();
    return tap_done();
}
