/* SPDX-License-Identifier: ISC */
/* http_test.h: drives the HTTP parser over split input; dumps what it saw. */
#ifndef MIRAGE_TESTS_HTTP_TEST_H
#define MIRAGE_TESTS_HTTP_TEST_H

/*
 * http_run() feeds an input to a parser in pieces (cut where the caller
 * says), message after message (pipelining), and writes what the parser
 * reported to a text dump: each message's start line, fields, framing,
 * body bytes, trailers and the offset of its end in the input, or the
 * verdict and its offset. Two runs over the same input agree when their
 * dumps are equal, which is how the tests and fuzz_http check that the
 * split does not matter.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

/*
 * What starts a line of the dump that reports the parser breaking its own
 * contract (more bytes taken than given, body bytes outside the input):
 * a control byte, which the dump of any input escapes.
 */
#define HTTP_RUN_BROKEN "\001 broken: "

/* A growing text. */
struct http_dump {
    char *s;
    size_t len, cap;
};

static inline void dump_add(struct http_dump *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void dump_add(struct http_dump *d, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        size_t room = d->cap - d->len;

        va_start(ap, fmt);
        n = vsnprintf(d->s ? d->s + d->len : NULL, d->s ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            abort();
        if (d->s && (size_t)n < room) {
            d->len += (size_t)n;
            return;
        }
        d->cap = (d->cap + (size_t)n + 1) * 2;
        d->s = realloc(d->s, d->cap);
        if (!d->s)
            abort();
        d->s[d->len] = '\0';
    }
}

/* Appends (len) bytes at (s), escaping what is not printable. */
static inline void dump_bytes(struct http_dump *d, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";

    if (d->cap - d->len < 4 * len + 1) {
        d->cap = (d->len + 4 * len + 1) * 2;
        d->s = realloc(d->s, d->cap);
        if (!d->s)
            abort();
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f && c != '\\') {
            d->s[d->len++] = (char)c;
        } else {
            memcpy(d->s + d->len, "\\x", 2);
            d->s[d->len + 2] = hex[c >> 4];
            d->s[d->len + 3] = hex[c & 15];
            d->len += 4;
        }
    }
    d->s[d->len] = '\0';
}

static inline void dump_free(struct http_dump *d)
{
    free(d->s);
    d->s = NULL;
    d->len = d->cap = 0;
}

/* Appends the head of (m) (at EV_HEAD). */
static inline void dump_head(struct http_dump *d,
                             const struct mirage_http_message *m)
{
    dump_add(d, "head 1.%d method=", m->version_minor);
    dump_bytes(d, m->method.ptr, m->method.len);
    dump_add(d, " (%d) target=", (int)m->method_id);
    dump_bytes(d, m->target.ptr, m->target.len);
    dump_add(d, " status=%d reason=", m->status);
    dump_bytes(d, m->reason.ptr, m->reason.len);
    dump_add(d, " body=%d cl=%llu ka=%d ec=%d eo=%d oc=%d\n", (int)m->body,
             (unsigned long long)m->content_length, m->keep_alive,
             m->expect_continue, m->expect_other, m->other_codings);
    for (size_t i = 0; i < m->nfields; i++) {
        dump_add(d, "field ");
        dump_bytes(d, m->fields[i].name.ptr, m->fields[i].name.len);
        dump_add(d, ": ");
        dump_bytes(d, m->fields[i].value.ptr, m->fields[i].value.len);
        dump_add(d, "\n");
    }
}

/* How a run goes. */
struct http_run_opts {
    bool response;
    const struct mirage_http_limits *lim; /* NULL: the defaults */
    enum mirage_http_method response_to;  /* for each response */
    bool eof;                             /* call _eof at the end */
    const size_t *cuts;                   /* piece lengths, repeated */
    size_t ncuts;                         /* 0: the whole input at once */
};

/*
 * Runs a parser over (len) bytes at (in) as (o) says, dumping to (d).
 * Returns the number of messages completed.
 */
static inline int http_run(const char *in, size_t len,
                           const struct http_run_opts *o, struct http_dump *d)
{
    struct mirage_http_parser p;
    size_t memlen = mirage_http_parser_mem_size(o->lim);
    void *mem = malloc(memlen ? memlen : 1);
    size_t off = 0, piece = 0, body_run = 0;
    int done = 0;
    bool stopped = false;

    if (!mem)
        abort();
    if (mirage_http_parser_init(&p, o->response, o->lim, mem, memlen) != 0) {
        dump_add(d, HTTP_RUN_BROKEN "init refused\n");
        free(mem);
        return 0;
    }
    mirage_http_parser_response_to(&p, o->response_to);
    while (!stopped) {
        size_t n = o->ncuts ? o->cuts[piece++ % o->ncuts] : len;
        size_t end = off + n > len || n == 0 ? len : off + n;

        for (;;) {
            size_t used = 0;
            enum mirage_http_event ev =
                mirage_http_parse(&p, in + off, end - off, &used);

            if (used > end - off) {
                dump_add(d, HTTP_RUN_BROKEN "used %zu of %zu\n", used,
                         end - off);
                stopped = true;
                break;
            }
            off += used;
            if (ev == MIRAGE_HTTP_EV_MORE) {
                if (used != 0 && off != end)
                    dump_add(d, HTTP_RUN_BROKEN "more with bytes left\n");
                break;
            }
            if (ev == MIRAGE_HTTP_EV_HEAD) {
                if (body_run)
                    dump_add(d, "\n");
                body_run = 0;
                dump_head(d, &p.msg);
            } else if (ev == MIRAGE_HTTP_EV_BODY) {
                if (!body_run)
                    dump_add(d, "body ");
                dump_bytes(d, p.body.ptr, p.body.len);
                body_run += p.body.len;
                if (p.body.ptr < in + off - used ||
                    p.body.ptr + p.body.len > in + off)
                    dump_add(d, HTTP_RUN_BROKEN "body outside the input\n");
            } else if (ev == MIRAGE_HTTP_EV_DONE) {
                if (body_run)
                    dump_add(d, "\n");
                body_run = 0;
                for (size_t i = 0; i < p.msg.ntrailers; i++) {
                    dump_add(d, "trailer ");
                    dump_bytes(d, p.msg.trailers[i].name.ptr,
                               p.msg.trailers[i].name.len);
                    dump_add(d, ": ");
                    dump_bytes(d, p.msg.trailers[i].value.ptr,
                               p.msg.trailers[i].value.len);
                    dump_add(d, "\n");
                }
                dump_add(d, "done at %zu\n", off);
                done++;
                if (mirage_http_parser_next(&p) != 0)
                    dump_add(d, HTTP_RUN_BROKEN "next refused\n");
                mirage_http_parser_response_to(&p, o->response_to);
            } else {
                if (body_run)
                    dump_add(d, "\n");
                body_run = 0;
                dump_add(d, "error %d (%s) at %zu\n", p.status,
                         mirage_http_error_name(p.error), off);
                stopped = true;
                break;
            }
        }
        if (off == len && !stopped)
            break;
    }
    if (body_run)
        dump_add(d, "\n");
    if (!stopped && o->eof) {
        enum mirage_http_event ev = mirage_http_parser_eof(&p);

        if (ev == MIRAGE_HTTP_EV_ERROR)
            dump_add(d, "eof: error %d (%s)\n", p.status,
                     mirage_http_error_name(p.error));
        else
            dump_add(d, "eof: %d\n", (int)ev);
    }
    free(mem);
    return done;
}

#endif
