/* SPDX-License-Identifier: ISC */
/* util.h: allocation that cannot fail, a string builder, small file helpers. */
#ifndef MIRAGE_HELPER_UTIL_H
#define MIRAGE_HELPER_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* The program's name in messages ("mirage"). */
extern const char *program_name;

/* Allocation: on failure these print a message and exit with status 1. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing, always NUL-terminated string. Zero-initialise before use. */
struct strbuf {
    char *s;
    size_t len;
    size_t cap;
};

void sb_addc(struct strbuf *sb, char c);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The text so far (never NULL, "" when empty). */
const char *sb_str(struct strbuf *sb);
/* Hands the text over to the caller (never NULL); the builder is reset. */
char *sb_take(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* A list of words split from a space-separated value. */
struct words {
    char **v;
    size_t n;
};

/* Splits (s) (may be NULL) at spaces, tabs and newlines. */
void words_split(struct words *w, const char *s);
void words_free(struct words *w);

/* Does (s) equal (t)? Both non-NULL. */
bool streq(const char *s, const char *t);

/* The directory part of (path): "." when it has none. Caller frees. */
char *path_dirname(const char *path);
/* The last component of (path), pointing into it. */
const char *path_basename(const char *path);

/*
 * Writes (len) bytes of (data) to (path), unless the file already holds
 * exactly that: then it is not touched, so its timestamp stays. A new
 * content goes to a temporary file in the same directory that is then
 * renamed over (path). Returns 1 if written, 0 if unchanged, -1 on error
 * (after printing a message).
 */
int write_if_changed(const char *path, const char *data, size_t len);

#endif
