/* SPDX-License-Identifier: ISC */
/* format.c: the printf conversions, for snprintf, printf and the rest. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libc_internal.h"

/*
 * ISO C's conversions but floating point: %d %i %u %o %x %X %c %s %p %%
 * with the flags - + space 0 #, a width and a precision (each may be *),
 * and the length modifiers hh h l ll z j t. %f %F %e %E %g %G %a %A print
 * "?" (taking their double argument where the target has floating point
 * registers to take it from). %n is refused as an invalid conversion, as is
 * any other letter: the function then returns -1.
 */

/* Whether the target passes doubles at all (no -mgeneral-regs-only). */
#if (defined(__x86_64__) && !defined(__SSE2__)) ||                             \
    (defined(__aarch64__) && !defined(__ARM_FP))
#define FORMAT_NO_FLOAT_ARGS 1
#endif

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ZERO = 8, F_ALT = 16 };
enum { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T, L_BIG_L };

struct sink {
    void (*out)(void *ctx, const char *s, size_t len);
    void *ctx;
    size_t total;
};

static void emit(struct sink *k, const char *s, size_t len)
{
    if (len) {
        k->out(k->ctx, s, len);
        k->total += len;
    }
}

static void pad(struct sink *k, char c, size_t n)
{
    char run[16];
    size_t i;

    if (n == 0)
        return; /* the common case: no padding, no run to fill */
    for (i = 0; i < sizeof(run); i++)
        run[i] = c;
    for (; n > sizeof(run); n -= sizeof(run))
        emit(k, run, sizeof(run));
    emit(k, run, n);
}

/* Emits (body), (len) bytes, padded to (width) by spaces. */
static void field(struct sink *k, const char *body, size_t len, int width,
                  int flags)
{
    size_t fill = width > 0 && (size_t)width > len ? (size_t)width - len : 0;

    if (!(flags & F_LEFT))
        pad(k, ' ', fill);
    emit(k, body, len);
    if (flags & F_LEFT)
        pad(k, ' ', fill);
}

/*
 * Emits an integer of magnitude (v) in (base), with (prefix) (a sign or
 * 0x, or ""), (prec) minimum digits (-1: none given) and the flags.
 */
static void integer(struct sink *k, uintmax_t v, unsigned base, int upper,
                    const char *prefix, int width, int prec, int flags)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[sizeof(uintmax_t) * 3];
    size_t n = 0, zeros = 0, plen = strlen(prefix), len, fill;

    while (v) {
        buf[sizeof(buf) - ++n] = digits[v % base];
        v /= base;
    }
    if (prec < 0 && !n)
        buf[sizeof(buf) - ++n] = '0';
    if (prec > 0 && (size_t)prec > n)
        zeros = (size_t)prec - n;
    if (base == 8 && (flags & F_ALT) && !zeros &&
        (!n || buf[sizeof(buf) - n] != '0'))
        zeros = 1;
    len = plen + zeros + n;
    if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 && width > 0 &&
        (size_t)width > len) {
        zeros += (size_t)width - len;
        len = (size_t)width;
    }
    fill = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
    if (!(flags & F_LEFT))
        pad(k, ' ', fill);
    emit(k, prefix, plen);
    pad(k, '0', zeros);
    emit(k, buf + sizeof(buf) - n, n);
    if (flags & F_LEFT)
        pad(k, ' ', fill);
}

static intmax_t signed_arg(va_list *ap, int length)
{
    switch (length) {
    case L_HH:
        return (signed char)va_arg(*ap, int);
    case L_H:
        return (short)va_arg(*ap, int);
    case L_L:
        return va_arg(*ap, long);
    case L_LL:
        return va_arg(*ap, long long);
    case L_Z:
        return va_arg(*ap, ptrdiff_t); /* the signed type of size_t's width */
    case L_J:
        return va_arg(*ap, intmax_t);
    case L_T:
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, int);
    }
}

static uintmax_t unsigned_arg(va_list *ap, int length)
{
    switch (length) {
    case L_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case L_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case L_L:
        return va_arg(*ap, unsigned long);
    case L_LL:
        return va_arg(*ap, unsigned long long);
    case L_Z:
        return va_arg(*ap, size_t);
    case L_J:
        return va_arg(*ap, uintmax_t);
    case L_T:
        return (uintmax_t)va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Reads a decimal number at (*p), saturating at INT_MAX. */
static int number(const char **p)
{
    int v = 0;

    for (; **p >= '0' && **p <= '9'; (*p)++)
        v = v > (INT_MAX - 9) / 10 ? INT_MAX : v * 10 + (**p - '0');
    return v;
}

/* One conversion at (*p), after its '%'; returns -1 when it is invalid. */
static int conversion(struct sink *k, const char **p, va_list *ap)
{
    const char *f = *p;
    int flags = 0, width = 0, prec = -1, length = L_NONE;
    char c;

    for (;; f++) {
        if (*f == '-')
            flags |= F_LEFT;
        else if (*f == '+')
            flags |= F_PLUS;
        else if (*f == ' ')
            flags |= F_SPACE;
        else if (*f == '0')
            flags |= F_ZERO;
        else if (*f == '#')
            flags |= F_ALT;
        else
            break;
    }
    if (*f == '*') {
        f++;
        width = va_arg(*ap, int);
        if (width < 0) {
            flags |= F_LEFT;
            width = width == INT_MIN ? INT_MAX : -width;
        }
    } else {
        width = number(&f);
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            f++;
            prec = va_arg(*ap, int);
            if (prec < 0)
                prec = -1;
        } else {
            prec = number(&f);
        }
    }
    switch (*f) {
    case 'h':
        length = *++f == 'h' ? (f++, L_HH) : L_H;
        break;
    case 'l':
        length = *++f == 'l' ? (f++, L_LL) : L_L;
        break;
    case 'z':
        length = L_Z, f++;
        break;
    case 'j':
        length = L_J, f++;
        break;
    case 't':
        length = L_T, f++;
        break;
    case 'L':
        length = L_BIG_L, f++;
        break;
    }
    c = *f++;
    *p = f;
    switch (c) {
    case 'd':
    case 'i': {
        intmax_t v = signed_arg(ap, length);
        uintmax_t m = v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v;
        const char *sign = v < 0             ? "-"
                           : flags & F_PLUS  ? "+"
                           : flags & F_SPACE ? " "
                                             : "";
        integer(k, m, 10, 0, sign, width, prec, flags);
        return 0;
    }
    case 'u':
        integer(k, unsigned_arg(ap, length), 10, 0, "", width, prec, flags);
        return 0;
    case 'o':
        integer(k, unsigned_arg(ap, length), 8, 0, "", width, prec, flags);
        return 0;
    case 'x':
    case 'X': {
        uintmax_t v = unsigned_arg(ap, length);
        const char *prefix = (flags & F_ALT) && v ? c == 'x' ? "0x" : "0X" : "";
        integer(k, v, 16, c == 'X', prefix, width, prec, flags);
        return 0;
    }
    case 'p': {
        void *v = va_arg(*ap, void *);
        if (!v)
            field(k, "(nil)", 5, width, flags);
        else
            integer(k, (uintptr_t)v, 16, 0, "0x", width, prec, flags);
        return 0;
    }
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        field(k, &ch, 1, width, flags);
        return 0;
    }
    case 's': {
        const char *s = va_arg(*ap, const char *);
        if (!s)
            s = "(null)";
        field(k, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec), width,
              flags);
        return 0;
    }
    case '%':
        emit(k, "%", 1);
        return 0;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
#ifndef FORMAT_NO_FLOAT_ARGS
        if (length == L_BIG_L)
            (void)va_arg(*ap, long double);
        else
            (void)va_arg(*ap, double);
#endif
        field(k, "?", 1, width, flags);
        return 0;
    default:
        return -1;
    }
}

int core_libc_format(void (*out)(void *ctx, const char *s, size_t len),
                     void *ctx, const char *fmt, va_list ap)
{
    struct sink k = {out, ctx, 0};
    va_list aq;
    int r = 0;

    va_copy(aq, ap);
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        if (!pct) {
            emit(&k, fmt, strlen(fmt));
            break;
        }
        emit(&k, fmt, (size_t)(pct - fmt));
        fmt = pct + 1;
        if ((r = conversion(&k, &fmt, &aq)) < 0)
            break;
    }
    va_end(aq);
    return r < 0 || k.total > INT_MAX ? -1 : (int)k.total;
}
