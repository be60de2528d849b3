/* SPDX-License-Identifier: ISC */
/* fuzz_http.c: the HTTP/1.1 codec (lib/http) on hostile bytes. */
#define FUZZ_NAME    "fuzz_http"
#define FUZZ_INPUTS  500000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  4096
#define FUZZ_TEXT    1

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

#include "fuzz_input.h"
#include "http_test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input's first byte chooses the configuration, the rest is what a
 * peer sent on one connection:
 *   bit 0: a parser of responses (else requests)
 *   bit 1: allow_bare_lf       bit 2: keep_trailers
 *   bit 3: small limits (so that inputs reach them)
 *   bits 4-5: responses answer GET, HEAD, CONNECT or POST
 *   bits 6-7: how the split run cuts the input
 * Properties, for each input:
 *  - the parser never reads outside the input (the guarded copy of
 *    fuzz_input.h) and never reports more bytes taken than it was given,
 *    nor body bytes outside them;
 *  - whole, a byte at a time, and in pieces of 1 to 17 bytes, it reports
 *    the same events, messages, bodies and verdicts at the same offsets;
 *  - a verdict's status is that of its error, one of 400, 413, 414, 431,
 *    501, 505;
 *  - every message it accepts keeps RFC 9112's framing rules: no
 *    Content-Length with Transfer-Encoding, no two Content-Length values,
 *    a request's codings end in chunked, a 1.1 request has one Host, a
 *    body within max_body and a length body of Content-Length bytes;
 *  - the first message accepted, written again by the serializer (which
 *    must take every field the parser took), parses to the same message;
 *  - the helpers on the input's text: an HTTP-date read is written back
 *    and read again to the same time; a range decision lies inside the
 *    representation; a normalised path starts with '/' and holds no ".",
 *    ".." or empty segment, no NUL and no backslash; ETag matching and
 *    target splitting keep inside their input.
 */

/* The configuration the first byte chooses, in (lim) and (o). */
static void configure(uint8_t c, struct mirage_http_limits *lim,
                      struct http_run_opts *o)
{
    static const enum mirage_http_method to[4] = {
        MIRAGE_HTTP_GET, MIRAGE_HTTP_HEAD, MIRAGE_HTTP_CONNECT,
        MIRAGE_HTTP_POST};

    mirage_http_limits_default(lim);
    lim->allow_bare_lf = c & 2;
    lim->keep_trailers = c & 4;
    if (c & 8) {
        lim->max_line = 40;
        lim->max_head = 120;
        lim->max_fields = 4;
        lim->max_body = 64;
        lim->max_chunk_line = 12;
        lim->max_trailer = 30;
    }
    memset(o, 0, sizeof *o);
    o->response = c & 1;
    o->lim = lim;
    o->response_to = to[(c >> 4) & 3];
    o->eof = true;
}

/* Runs (in) with (o) cut in pieces of (cuts); returns the dump. */
static char *dump_run(const char *in, size_t len, struct http_run_opts *o,
                      const size_t *cuts, size_t ncuts)
{
    struct http_dump d = {0};

    o->cuts = cuts;
    o->ncuts = ncuts;
    dump_add(&d, "%s", "");
    http_run(in, len, o, &d);
    return d.s;
}

/* The status every error has, by the header's table. */
static bool status_ok(const struct mirage_http_parser *p)
{
    int s = mirage_http_error_status(p->error);

    return p->error != MIRAGE_HTTP_E_NONE && s == p->status &&
           (s == 400 || s == 413 || s == 414 || s == 431 || s == 501 ||
            s == 505);
}

/* The framing rules an accepted message (m) keeps (see above). */
static void check_framing(const struct mirage_http_parser *p)
{
    const struct mirage_http_message *m = &p->msg;
    int cl = mirage_http_field_find(m->fields, m->nfields, "content-length", 0);
    int te =
        mirage_http_field_find(m->fields, m->nfields, "transfer-encoding", 0);
    int host = mirage_http_field_find(m->fields, m->nfields, "host", 0);

    if (cl >= 0 && te >= 0)
        fuzz_fail("a message with Content-Length and Transfer-Encoding");
    if (te >= 0 && m->version_minor == 0)
        fuzz_fail("an HTTP/1.0 message with Transfer-Encoding");
    for (int i = cl; i >= 0;
         i = mirage_http_field_find(m->fields, m->nfields, "content-length",
                                    (size_t)i + 1)) {
        struct mirage_http_slice list = m->fields[i].value, e;

        while (mirage_http_list_next(&list, &e)) {
            uint64_t v = 0;

            for (size_t k = 0; k < e.len; k++) {
                if (e.ptr[k] < '0' || e.ptr[k] > '9')
                    fuzz_fail("a Content-Length element not digits");
                v = v * 10 + (uint64_t)(e.ptr[k] - '0');
            }
            if (m->body == MIRAGE_HTTP_BODY_LENGTH && v != m->content_length)
                fuzz_fail("Content-Length %llu, the body framed as %llu",
                          (unsigned long long)v,
                          (unsigned long long)m->content_length);
        }
    }
    if (!p->response && te >= 0) {
        /* the last coding of all the lines is chunked */
        struct mirage_http_slice final = {"", 0};

        for (; te >= 0;
             te = mirage_http_field_find(m->fields, m->nfields,
                                         "transfer-encoding", (size_t)te + 1)) {
            struct mirage_http_slice list = m->fields[te].value, e;

            while (mirage_http_list_next(&list, &e))
                final = e;
        }
        if (!mirage_http_case_equal(final.ptr, final.len, "chunked") ||
            m->body != MIRAGE_HTTP_BODY_CHUNKED)
            fuzz_fail("a request whose codings do not end in chunked");
    }
    if (!p->response && m->version_minor == 1 &&
        (host < 0 || mirage_http_field_find(m->fields, m->nfields, "host",
                                            (size_t)host + 1) >= 0))
        fuzz_fail("an HTTP/1.1 request without exactly one Host");
    if (p->response && m->method.len)
        fuzz_fail("a response with a method");
}

/* Writes the message (m) and its (body) again to (w). */
static void rewrite(struct mirage_http_writer *w,
                    const struct mirage_http_parser *p, const char *body,
                    size_t blen)
{
    const struct mirage_http_message *m = &p->msg;
    static char method[FUZZ_MAXLEN + 1], target[FUZZ_MAXLEN + 1],
        reason[FUZZ_MAXLEN + 1];

    if (m->method.len >= sizeof method || m->target.len >= sizeof target ||
        m->reason.len >= sizeof reason)
        fuzz_fail("a start line part longer than the input");
    snprintf(method, sizeof method, "%.*s", (int)m->method.len, m->method.ptr);
    snprintf(target, sizeof target, "%.*s", (int)m->target.len, m->target.ptr);
    snprintf(reason, sizeof reason, "%.*s", (int)m->reason.len, m->reason.ptr);
    if (strlen(reason) != m->reason.len)
        fuzz_fail("a NUL in a reason phrase accepted");
    if (p->response)
        mirage_http_write_status_line(w, m->version_minor, m->status, reason);
    else
        mirage_http_write_request_line(w, method, target, m->version_minor);
    if (w->err)
        fuzz_fail("the start line accepted is refused by the writer: %d",
                  w->err);
    for (size_t i = 0; i < m->nfields; i++)
        if (mirage_http_write_field_n(
                w, m->fields[i].name.ptr, m->fields[i].name.len,
                m->fields[i].value.ptr, m->fields[i].value.len) == -EINVAL)
            fuzz_fail("field %zu accepted is refused by the writer", i);
    mirage_http_write_end(w);
    if (m->body == MIRAGE_HTTP_BODY_CHUNKED) {
        /* in two chunks when it can */
        size_t half = blen / 2;

        if (half)
            mirage_http_write_chunk(w, body, half);
        if (blen - half)
            mirage_http_write_chunk(w, body + half, blen - half);
        mirage_http_write_last_chunk(w);
        for (size_t i = 0; i < m->ntrailers; i++)
            if (mirage_http_write_field_n(w, m->trailers[i].name.ptr,
                                          m->trailers[i].name.len,
                                          m->trailers[i].value.ptr,
                                          m->trailers[i].value.len) == -EINVAL)
                fuzz_fail("trailer %zu accepted is refused by the writer", i);
        mirage_http_write_end(w);
    } else {
        mirage_http_write_body(w, body, blen);
    }
    if (w->err)
        fuzz_fail("the writer failed: %d", w->err);
}

/* Removes the "done at N" lines of (s), in place; returns it. */
static char *without_offsets(char *s)
{
    char *r = s, *w = s;

    while (*r) {
        char *nl = strchr(r, '\n');
        size_t n = nl ? (size_t)(nl - r + 1) : strlen(r);

        if (strncmp(r, "done at ", 8) != 0) {
            memmove(w, r, n);
            w += n;
        }
        r += n;
    }
    *w = '\0';
    return s;
}

/*
 * Parses the first message of (in) directly: the framing checks on every
 * message accepted, the verdict's status; then writes the first message
 * again and compares its parse to the original's.
 */
static void check_messages(const char *in, size_t len, struct http_run_opts *o)
{
    struct mirage_http_parser p;
    size_t memlen = mirage_http_parser_mem_size(o->lim), off = 0, blen = 0;
    void *mem = malloc(memlen);
    char *body = malloc(len + 1);
    static char out[2 * FUZZ_MAXLEN + 1024];
    struct mirage_http_writer w;
    bool done = false;

    if (!mem || !body ||
        mirage_http_parser_init(&p, o->response, o->lim, mem, memlen) != 0)
        fuzz_fail("parser init");
    mirage_http_parser_response_to(&p, o->response_to);
    for (;;) {
        size_t used;
        enum mirage_http_event ev =
            mirage_http_parse(&p, in + off, len - off, &used);

        off += used;
        if (ev == MIRAGE_HTTP_EV_MORE) {
            ev = mirage_http_parser_eof(&p);
            if (ev == MIRAGE_HTTP_EV_DONE)
                done = true;
            else if (ev == MIRAGE_HTTP_EV_ERROR && !status_ok(&p))
                fuzz_fail("eof: status %d for error %d", p.status, p.error);
            break;
        }
        if (ev == MIRAGE_HTTP_EV_ERROR) {
            if (!status_ok(&p))
                fuzz_fail("status %d for error %d", p.status, p.error);
            break;
        }
        if (ev == MIRAGE_HTTP_EV_HEAD)
            check_framing(&p);
        if (ev == MIRAGE_HTTP_EV_BODY) {
            memcpy(body + blen, p.body.ptr, p.body.len);
            blen += p.body.len;
            if (blen > o->lim->max_body)
                fuzz_fail("a body over max_body");
        }
        if (ev == MIRAGE_HTTP_EV_DONE) {
            if (p.msg.body == MIRAGE_HTTP_BODY_LENGTH &&
                blen != p.msg.content_length)
                fuzz_fail("a body of %zu bytes, not Content-Length", blen);
            done = true;
            break;
        }
    }
    if (done) {
        char *a, *b;
        struct http_run_opts o2 = *o;

        fuzz_accepted++;
        mirage_http_writer_init(&w, out, sizeof out);
        rewrite(&w, &p, body, blen);
        /* the original's first message, and the one written again */
        a = dump_run(in, off, &o2, NULL, 0);
        b = dump_run(out, w.len, &o2, NULL, 0);
        if (strcmp(without_offsets(a), without_offsets(b)) != 0)
            fuzz_fail("written again, the message parses otherwise:\n%s\n"
                      "---\n%s",
                      a, b);
        free(a);
        free(b);
    }
    free(body);
    free(mem);
}

/* The helpers, on the input as text. */
static void check_helpers(const char *s, size_t len)
{
    int64_t t, t2;
    uint64_t first, last, size = len * 37;
    char d[MIRAGE_HTTP_DATE_LEN + 1], out[FUZZ_MAXLEN + 1];
    struct mirage_http_target tg;
    int n;

    if (mirage_http_date_parse(s, len, 1700000000, &t) == 0 &&
        (mirage_http_date_format(t, d) != MIRAGE_HTTP_DATE_LEN ||
         mirage_http_date_parse(d, MIRAGE_HTTP_DATE_LEN, 0, &t2) != 0 ||
         t2 != t))
        fuzz_fail("a date read does not read back");
    switch (mirage_http_range_parse(s, len, size, &first, &last)) {
    case MIRAGE_HTTP_RANGE_PARTIAL:
        if (first > last || last >= size)
            fuzz_fail("a range [%llu, %llu] outside %llu bytes",
                      (unsigned long long)first, (unsigned long long)last,
                      (unsigned long long)size);
        break;
    default:
        break;
    }
    n = mirage_http_path_normalize(s, len, out, len);
    if (n >= 0) {
        out[n] = '\0';
        if (n == 0 || out[0] != '/' || strstr(out, "//") ||
            strstr(out, "/./") || strstr(out, "/../") || memchr(out, '\\', n) ||
            strlen(out) != (size_t)n ||
            (n >= 2 && strcmp(out + n - 2, "/.") == 0) ||
            (n >= 3 && strcmp(out + n - 3, "/..") == 0))
            fuzz_fail("a path normalised to \"%s\"", out);
    } else if (n != -EINVAL) {
        fuzz_fail("normalize: %d with room for the input", n);
    }
    if (mirage_http_target_split(s, len, &tg) == 0) {
        if (tg.path.len > len || tg.query.len > len || tg.authority.len > len)
            fuzz_fail("a target split longer than the target");
    }
    n = mirage_http_etag_match(s, len, "\"x\"", 3);
    if (n != 0 && n != 1 && n != -EINVAL)
        fuzz_fail("etag_match: %d", n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t one = 1;
    struct mirage_http_limits lim;
    struct http_run_opts o;
    char *in;
    size_t len, cuts[16];
    uint64_t h = 0x9e3779b97f4a7c15ull;
    char *whole, *bytes, *split;

    if (size == 0)
        return 0;
    configure(data[0], &lim, &o);
    in = fuzz_input_copy(data + 1, size - 1, 0);
    len = size - 1;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)in[i]) * 0x100000001b3ull;
    for (size_t i = 0; i < 16; i++) {
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        cuts[i] = 1 + (h >> 33) % (data[0] >> 6 == 3 ? 3 : 17);
    }

    whole = dump_run(in, len, &o, NULL, 0);
    bytes = dump_run(in, len, &o, &one, 1);
    split = dump_run(in, len, &o, cuts, 16);
    if (strstr(whole, HTTP_RUN_BROKEN) || strstr(bytes, HTTP_RUN_BROKEN) ||
        strstr(split, HTTP_RUN_BROKEN))
        fuzz_fail("the parser's report is inconsistent:\n%s", whole);
    if (strcmp(whole, bytes) != 0)
        fuzz_fail("whole and a byte at a time differ:\n%s\n---\n%s", whole,
                  bytes);
    if (strcmp(whole, split) != 0)
        fuzz_fail("whole and in pieces differ:\n%s\n---\n%s", whole, split);
    free(whole);
    free(bytes);
    free(split);
    check_messages(in, len, &o);
    check_helpers(in, len);
    fuzz_input_free(in);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
/* What HTTP messages are made of. */
static const char *const fuzz_tokens[] = {"\r\n",
                                          "\n",
                                          "\r",
                                          " ",
                                          "\t",
                                          ":",
                                          ",",
                                          ";",
                                          "=",
                                          "\"",
                                          "\\",
                                          "\r\n\r\n",
                                          "\r\n ",
                                          "Content-Length: ",
                                          "Content-Length: 5\r\n",
                                          "Transfer-Encoding: ",
                                          "Transfer-Encoding: chunked\r\n",
                                          "chunked",
                                          "gzip",
                                          "Host: h\r\n",
                                          "Connection: close\r\n",
                                          "keep-alive",
                                          "Expect: 100-continue\r\n",
                                          "HTTP/1.1",
                                          "HTTP/1.0",
                                          "HTTP/2.0",
                                          "GET / HTTP/1.1\r\n",
                                          "HTTP/1.1 200 OK\r\n",
                                          "HEAD ",
                                          "POST ",
                                          "0\r\n\r\n",
                                          "5\r\nhello\r\n",
                                          ";ext=\"v\"",
                                          "ffffffffffffffff",
                                          "10000000000000000",
                                          "18446744073709551616",
                                          "0",
                                          "-1",
                                          "+1",
                                          "204",
                                          "304",
                                          "100",
                                          "%00",
                                          "%2e%2e/",
                                          "../",
                                          "//",
                                          "bytes=",
                                          "-",
                                          "W/\"",
                                          "*",
                                          "\x80",
                                          "\x7f",
                                          "Sun, 06 Nov 1994 08:49:37 GMT",
                                          "Sunday, 06-Nov-94 08:49:37 GMT",
                                          "Sun Nov  6 08:49:37 1994",
                                          NULL};

#include "fuzz_main.h"

/* Seeds: the configuration byte, then the bytes of a connection. */
static const struct {
    uint8_t config;
    const char *text;
} seed_text[] = {
    {0x00, "GET /index.html HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n"
           "Connection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"},
    {0x40, "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n"
           "Expect: 100-continue\r\n\r\nhello world"},
    {0x84, "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
           "5;a=\"b c\"\r\nhello\r\n6\r\n world\r\n0\r\nChecksum: 1\r\n\r\n"
           "GET / HTTP/1.0\r\n\r\n"},
    {0x01, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5"
           "\r\n\r\nhelloHTTP/1.1 304 Not Modified\r\nETag: \"1-2\"\r\n\r\n"},
    {0x05, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
           "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n"
           "T: v\r\n\r\n"},
    {0x11, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"},
    {0x01, "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nread until close"},
    {0x02, "GET / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\nabc\n"
           "0\n\n"},
    {0x08, "GET /a/very/long/path/over/the/small/limit HTTP/1.1\r\nHost: h"
           "\r\nX: 1\r\nY: 2\r\nZ: 3\r\nW: 4\r\n\r\n"},
    {0xc0, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
           "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
    {0x00, "GET /../etc/passwd?x=%00 HTTP/1.1\r\nHost: h\r\n"
           "Range: bytes=0-99\r\nIf-None-Match: W/\"a\", \"b\"\r\n\r\n"},
    {0x00, "Sun, 06 Nov 1994 08:49:37 GMT"},
    {0x00, "bytes=100-,-5"},
    {0x00, "/a/./b/../c%2fd//e"},
};

static uint8_t seed_buf[sizeof seed_text / sizeof seed_text[0]][1024];

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    size_t n = sizeof seed_text / sizeof seed_text[0];

    for (size_t i = 0; i < n && i < max; i++) {
        size_t l = strlen(seed_text[i].text);

        seed_buf[i][0] = seed_text[i].config;
        memcpy(seed_buf[i] + 1, seed_text[i].text, l);
        seeds[i] = seed_buf[i];
        lens[i] = l + 1;
    }
    return n < max ? n : max;
}

/* The dump of seed (i). */
static char *seed_dump(size_t i)
{
    struct mirage_http_limits lim;
    struct http_run_opts o;

    configure(seed_text[i].config, &lim, &o);
    return dump_run(seed_text[i].text, strlen(seed_text[i].text), &o, NULL, 0);
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    static const struct {
        size_t seed;
        const char *want;
    } expect[] = {
        {0, "field Host: h\ndone at 112\neof: 5\n"},
        {1, "body hello world\ndone at 85\n"},
        {2, "body hello world\ntrailer Checksum: 1\ndone at 105\n"},
        {3, "body hello\ndone at 69\n"},
        {4, "body abc\ntrailer T: v\ndone at 97\n"},
        {5, "body=0 cl=0 ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 10\ndone "
            "at 39\n"},
        {6, "body read until close\neof: 3\n"},
        {7, "body abc\ndone at 60\n"},
        {8, "error 414 (start line too long)"},
        {9, "error 400 (Content-Length with Transfer-Encoding)"},
    };

    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        char *d = seed_dump(expect[i].seed);
        bool ok = strstr(d, expect[i].want) != NULL;

        if (!ok)
            snprintf(why, n, "seed %zu lacks \"%s\":\n%s", expect[i].seed,
                     expect[i].want, d);
        free(d);
        if (!ok)
            return 0;
    }
    return 1;
}
#endif
