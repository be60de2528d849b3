/* SPDX-License-Identifier: ISC */
/* symbolize.c: naming the functions of a crash report's addresses. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "symbolize.h"

void symbolizer_init(struct symbolizer *s, const struct elf64_image *img,
                     const char *image_path)
{
    memset(s, 0, sizeof(*s));
    s->img = img;
    s->image_name = path_basename(image_path);
}

void symbolizer_free(struct symbolizer *s)
{
    sb_free(&s->held);
    s->nheld = 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * Reads "0x" and 1 to 16 hex digits at (p), up to (end); returns the end
 * of the digits, or NULL.
 */
static const char *parse_hex(const char *p, const char *end, uint64_t *v)
{
    const char *start;
    uint64_t x = 0;

    if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X') ||
        !c_isxdigit(p[2]))
        return NULL;
    p += 2;
    start = p;
    for (; p < end && c_isxdigit(*p); p++) {
        if (p - start >= 16)
            return NULL;
        x = x * 16 + (uint64_t)(*p <= '9'   ? *p - '0'
                                : *p <= 'F' ? *p - 'A' + 10
                                            : *p - 'a' + 10);
    }
    *v = x;
    return p;
}

/* Does (name) look like a shared library's (libc.so.6, linux-vdso.so.1)? */
static bool is_shared_object(const char *name, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (!memcmp(name + i, ".so", 3) && (i + 3 == len || name[i + 3] == '.'))
            return true;
    return false;
}

/* May frame NAME+0xOFF be looked up in the image? */
static bool name_matches(const struct symbolizer *s, const char *name,
                         size_t len)
{
    if (strlen(s->image_name) == len && !memcmp(s->image_name, name, len))
        return true;
    /* the image may have been renamed; a library is another file */
    return !is_shared_object(name, len);
}

/* Appends " FUNCTION+0xDELTA" for (addr), looked up at (key); false if none. */
static bool add_function(struct strbuf *sb, const struct elf64_image *img,
                         uint64_t addr, uint64_t key)
{
    const struct elf64_symbol *sym = elf64_lookup(img, key);

    if (!sym)
        return false;
    sb_addf(sb, " %s+0x%llx", sym->name,
            (unsigned long long)(addr - sym->value));
    return true;
}

/* A backtrace frame found in a line. */
struct frame {
    unsigned long number;
    uint64_t addr;
    bool has_offset; /* NAME+0xOFF was there */
    const char *name;
    size_t name_len;
    uint64_t offset;
};

/* Finds "#N 0xADDR [NAME+0xOFF]" in [p, end). */
static bool find_frame(const char *p, const char *end, struct frame *f)
{
    for (; p < end; p++) {
        const char *q = p + 1, *tok, *plus = NULL;

        if (*p != '#' || q >= end || !c_isdigit(*q))
            continue;
        memset(f, 0, sizeof(*f));
        for (; q < end && c_isdigit(*q) && f->number < 100000; q++)
            f->number = f->number * 10 + (unsigned long)(*q - '0');
        if (q >= end || !is_blank(*q))
            continue;
        while (q < end && is_blank(*q))
            q++;
        q = parse_hex(q, end, &f->addr);
        if (!q || (q < end && !is_blank(*q) && *q != '\r' && *q != '\n'))
            continue;
        while (q < end && is_blank(*q))
            q++;
        /* an optional NAME+0xOFF: the last "+0x" of the next word */
        tok = q;
        while (q < end && !is_blank(*q) && *q != '\r' && *q != '\n') {
            if (*q == '+' && q + 1 < end && q[1] == '0')
                plus = q;
            q++;
        }
        if (plus && plus > tok && parse_hex(plus + 1, q, &f->offset) == q) {
            f->has_offset = true;
            f->name = tok;
            f->name_len = (size_t)(plus - tok);
        }
        return true;
    }
    return false;
}

/* The length of (line) without its "\n" or "\r\n" ending. */
static size_t body_length(const char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    return len;
}

/*
 * Appends (line) with its rip values named; (base) is subtracted from them
 * (the load address of a PIE; 0 for ET_EXEC), and with (returns) the
 * function is the one before a return address. A value outside the image's
 * code is left alone.
 */
static void add_rip_line(struct strbuf *out, const struct elf64_image *img,
                         const char *line, size_t len, uint64_t base,
                         bool returns)
{
    const char *p = line, *end = line + len;

    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), "rip=", 4), *q;
        uint64_t value;

        if (!hit || (hit > line && hit[-1] != ' ' && hit[-1] != '\t')) {
            const char *stop = hit ? hit + 4 : end;
            sb_addn(out, p, (size_t)(stop - p));
            p = stop;
            continue;
        }
        q = parse_hex(hit + 4, end, &value);
        if (!q) {
            sb_addn(out, p, (size_t)(hit + 4 - p));
            p = hit + 4;
            continue;
        }
        sb_addn(out, p, (size_t)(q - p));
        value -= base;
        if (elf64_in_text(img, value - returns))
            add_function(out, img, value, value - returns);
        p = q;
    }
}

/* Does (line) hold a "rip=0x" register value? */
static bool has_rip(const char *line, size_t len)
{
    return memmem(line, len, "rip=0x", 6) != NULL;
}

/* Appends the held lines, their rip values named with (base) if (known). */
static void release(struct symbolizer *s, struct strbuf *out, bool known,
                    uint64_t base)
{
    const char *p = sb_str(&s->held), *end = p + s->held.len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

        if (known && s->img->type == ELF64_ET_DYN)
            add_rip_line(out, s->img, p, len, base, s->held_returns);
        else
            sb_addn(out, p, len);
        p += len;
    }
    sb_free(&s->held);
    s->nheld = 0;
}

/* Appends (line) with its backtrace frame named; (*base) gets the load
 * address when the frame is the image's with an offset. */
static void frame_line(struct symbolizer *s, const char *line, size_t len,
                       const struct frame *f, struct strbuf *out,
                       bool *has_base, uint64_t *base)
{
    size_t body = body_length(line, len);
    uint64_t addr = 0;
    bool known = false, returns = f->number > 0 || s->abort_regs;

    *has_base = false;
    if (f->has_offset && name_matches(s, f->name, f->name_len)) {
        addr = f->offset;
        known = true;
        if (s->img->type == ELF64_ET_DYN) {
            *has_base = true;
            *base = f->addr - f->offset;
        }
    } else if (!f->has_offset && s->img->type == ELF64_ET_EXEC && f->addr > 0 &&
               elf64_in_text(s->img, f->addr - returns)) {
        addr = f->addr;
        known = true;
    }
    sb_addn(out, line, body);
    /* a return address follows its call, which may end a function */
    if (known)
        add_function(out, s->img, addr, returns && addr > 0 ? addr - 1 : addr);
    sb_addn(out, line + body, len - body);
}

void symbolizer_line(struct symbolizer *s, const char *line, size_t len,
                     struct strbuf *out)
{
    bool rip = has_rip(line, len);
    struct frame f;

    /* which registers the report shows says what its pc is */
    if (memmem(line, len, "crash: ", 7)) {
        s->full_regs = false;
        s->abort_regs = false;
    }
    if (memmem(line, len, "rax=0x", 6))
        s->full_regs = true;
    if (rip && !s->full_regs)
        s->abort_regs = true;

    if (find_frame(line, line + body_length(line, len), &f)) {
        bool has_base;
        uint64_t base = 0;
        struct strbuf annotated = {0};

        frame_line(s, line, len, &f, &annotated, &has_base, &base);
        if (s->nheld > 0 && has_base)
            release(s, out, true, base);
        if (s->nheld > 0) {
            sb_addn(&s->held, sb_str(&annotated), annotated.len);
            s->nheld++;
        } else {
            sb_addn(out, sb_str(&annotated), annotated.len);
        }
        sb_free(&annotated);
    } else if (rip && s->img->type == ELF64_ET_EXEC && s->nheld == 0) {
        add_rip_line(out, s->img, line, len, 0, s->abort_regs);
    } else if (rip && s->img->type == ELF64_ET_DYN) {
        sb_addn(&s->held, line, len);
        s->nheld++;
        s->held_returns = s->abort_regs;
    } else if (s->nheld > 0) {
        sb_addn(&s->held, line, len);
        s->nheld++;
    } else {
        sb_addn(out, line, len);
    }
    if (s->nheld >= SYMBOLIZE_MAX_HELD)
        release(s, out, false, 0);
}

void symbolizer_finish(struct symbolizer *s, struct strbuf *out)
{
    release(s, out, false, 0);
}

int symbolize_stream(struct symbolizer *s, FILE *in, FILE *out)
{
    struct strbuf text = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;

    errno = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        symbolizer_line(s, line, (size_t)n, &text);
        if (text.len > 0 &&
            (fwrite(sb_str(&text), 1, text.len, out) != text.len ||
             fflush(out) != 0)) {
            rc = -2;
            break;
        }
        free(sb_take(&text));
    }
    if (rc == 0 && ferror(in))
        rc = -1;
    free(line);
    if (rc == 0) {
        symbolizer_finish(s, &text);
        if (text.len > 0 && fwrite(sb_str(&text), 1, text.len, out) != text.len)
            rc = -2;
        if (fflush(out) != 0)
            rc = -2;
    }
    sb_free(&text);
    return rc;
}
