/* SPDX-License-Identifier: ISC */
/* util.c: allocation that cannot fail, a string builder, small file helpers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *program_name = "mirage";

static void out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", program_name);
    exit(1);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Makes room for (extra) more bytes plus the terminating NUL. */
static void sb_grow(struct strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;

    if (need <= sb->cap)
        return;
    if (sb->cap == 0)
        sb->cap = 64;
    while (sb->cap < need)
        sb->cap *= 2;
    sb->s = xrealloc(sb->s, sb->cap);
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
    sb_addn(sb, &c, 1);
}

/* Appends printf-style (fmt, ap) to (sb). */
static void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        out_of_memory();
    sb_grow(sb, (size_t)n);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

char *xasprintf(const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    return sb_take(&sb);
}

const char *sb_str(struct strbuf *sb)
{
    return sb->s ? sb->s : "";
}

char *sb_take(struct strbuf *sb)
{
    char *s = sb->s ? sb->s : xstrdup("");
    sb->s = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void sb_free(struct strbuf *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

void words_split(struct words *w, const char *s)
{
    w->v = NULL;
    w->n = 0;
    if (!s)
        return;
    while (*s) {
        const char *start;
        while (is_blank(*s))
            s++;
        if (!*s)
            break;
        start = s;
        while (*s && !is_blank(*s))
            s++;
        w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
        w->v[w->n++] = xstrndup(start, (size_t)(s - start));
    }
}

void words_free(struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    w->v = NULL;
    w->n = 0;
}

bool streq(const char *s, const char *t)
{
    return strcmp(s, t) == 0;
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return xstrdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Does the file at (path) hold exactly (data, len)? */
static bool file_has_content(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t off = 0, n;
    bool same = true;

    if (!f)
        return false;
    while (same && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (n > len - off || memcmp(buf, data + off, n) != 0)
            same = false;
        off += n;
    }
    if (ferror(f))
        same = false;
    fclose(f);
    return same && off == len;
}

int write_if_changed(const char *path, const char *data, size_t len)
{
    char *dir = path_dirname(path);
    char *tmp = xasprintf("%s/.%s.XXXXXX", dir, path_basename(path));
    mode_t mask;
    size_t off = 0;
    int fd, err;

    free(dir);
    if (file_has_content(path, data, len)) {
        free(tmp);
        return 0;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create a temporary file for '%s': %s\n",
                program_name, path, strerror(errno));
        free(tmp);
        return -1;
    }
    /* mkstemp makes the file private; give it the usual mode instead */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) < 0)
        goto fail;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        off += (size_t)n;
    }
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 1;

fail:
    err = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    fprintf(stderr, "%s: cannot write '%s': %s\n", program_name, path,
            strerror(err));
    free(tmp);
    return -1;
}
