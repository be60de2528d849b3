/* SPDX-License-Identifier: ISC */
/* buf.h: bounded text building that truncates instead of overflowing. */
#ifndef MIRAGE_CORE_BUF_H
#define MIRAGE_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Text built in caller-provided storage. The text is always NUL-terminated;
 * what does not fit is dropped and (truncated) is set.
 */
struct core_buf {
    char *data;     /* storage */
    size_t cap;     /* bytes of storage, including the final NUL */
    size_t len;     /* bytes of text, at most cap - 1 */
    bool truncated; /* something did not fit */
};

/* Starts empty text in (data), (cap) bytes long; (cap) must be >= 1. */
void core_buf_init(struct core_buf *b, char *data, size_t cap);

/* Appends (len) bytes of (s). */
void core_buf_add(struct core_buf *b, const char *s, size_t len);

/* Appends the NUL-terminated string (s). */
void core_buf_puts(struct core_buf *b, const char *s);

/* Appends formatted text, as snprintf would write it. */
void core_buf_printf(struct core_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* As core_buf_printf, with a va_list. */
void core_buf_vprintf(struct core_buf *b, const char *fmt, va_list ap);

#endif
