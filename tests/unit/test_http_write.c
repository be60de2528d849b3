/* SPDX-License-Identifier: ISC */
/* test_http_write.c: the HTTP serializer, and its output parsed back. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

#include "http_test.h"
#include "tap.h"

/* The writer's bytes as a string (in a static buffer). */
static const char *text(const struct mirage_http_writer *w)
{
    static char s[4096];

    memcpy(s, w->buf, w->len);
    s[w->len] = '\0';
    return s;
}

static void test_lines(void)
{
    char buf[256];
    struct mirage_http_writer w;

    mirage_http_writer_init(&w, buf, sizeof buf);
    TAP_OK(mirage_http_write_status_line(&w, 1, 200, NULL) == 0 &&
               mirage_http_write_status_line(&w, 0, 404, "Nope") == 0 &&
               mirage_http_write_status_line(&w, 1, 299, NULL) == 0 &&
               mirage_http_write_status_line(&w, 1, 431, NULL) == 0,
           "status lines");
    TAP_STREQ(text(&w),
              "HTTP/1.1 200 OK\r\nHTTP/1.0 404 Nope\r\nHTTP/1.1 299 \r\n"
              "HTTP/1.1 431 Request Header Fields Too Large\r\n",
              "their text: the standard reason, the one given, none for an "
              "unknown status");
    mirage_http_writer_init(&w, buf, sizeof buf);
    TAP_OK(mirage_http_write_request_line(&w, "GET", "/a?b=c", 1) == 0 &&
               mirage_http_write_request_line(&w, "M-SEARCH", "*", 0) == 0,
           "request lines");
    TAP_STREQ(text(&w), "GET /a?b=c HTTP/1.1\r\nM-SEARCH * HTTP/1.0\r\n",
              "their text");
    mirage_http_writer_init(&w, buf, sizeof buf);
    TAP_OK(mirage_http_write_field(&w, "Server", "mirage") == 0 &&
               mirage_http_write_field(&w, "X-Empty", "") == 0 &&
               mirage_http_write_field_n(&w, "X-Bin", 5, "a\tb\x80", 4) == 0 &&
               mirage_http_write_field_u64(&w, "Content-Length", UINT64_MAX) ==
                   0 &&
               mirage_http_write_field_date(&w, "Date", 784111777) == 0 &&
               mirage_http_write_end(&w) == 0 &&
               mirage_http_write_body(&w, "hi", 2) == 0 && w.err == 0,
           "fields, the end of the head, a body");
    TAP_STREQ(text(&w),
              "Server: mirage\r\nX-Empty: \r\nX-Bin: a\tb\x80\r\n"
              "Content-Length: 18446744073709551615\r\n"
              "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nhi",
              "their text");
}

static void test_refusals(void)
{
    char buf[64];
    struct mirage_http_writer w;
    static const struct {
        const char *name, *value;
    } bad[] = {
        {"X", "a\r\nInjected: yes"},
        {"X", "a\nb"},
        {"X", "a\rb"},
        {"X", " leading"},
        {"X", "trailing\t"},
        {"X", "del\x7f"},
        {"X", "esc\x1b"},
        {"X: y\r\nZ", "v"},
        {"X Y", "v"},
        {"X:", "v"},
        {"", "v"},
        {"X\xe9", "v"},
    };

    mirage_http_writer_init(&w, buf, sizeof buf);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        TAP_OK(mirage_http_write_field(&w, bad[i].name, bad[i].value) ==
                       -EINVAL &&
                   w.len == 0,
               "field %zu refused (CR, LF, control bytes, OWS around the "
               "value, a name not a token), nothing written",
               i);
    TAP_OK(mirage_http_write_field_n(&w, "X", 1, "a\0b", 3) == -EINVAL &&
               w.err == -EINVAL,
           "a NUL in a value is refused; err keeps -EINVAL");
    TAP_OK(mirage_http_write_status_line(&w, 1, 99, NULL) == -EINVAL &&
               mirage_http_write_status_line(&w, 1, 600, NULL) == -EINVAL &&
               mirage_http_write_status_line(&w, 2, 200, NULL) == -EINVAL &&
               mirage_http_write_status_line(&w, 1, 200, "O\r\nK") == -EINVAL &&
               w.len == 0,
           "status lines refused: 99, 600, HTTP/1.2, CRLF in the reason");
    TAP_OK(mirage_http_write_request_line(&w, "GET", "/a b", 1) == -EINVAL &&
               mirage_http_write_request_line(&w, "GET", "/\r\nX: y", 1) ==
                   -EINVAL &&
               mirage_http_write_request_line(&w, "G T", "/", 1) == -EINVAL &&
               mirage_http_write_request_line(&w, "GET", "", 1) == -EINVAL &&
               mirage_http_write_request_line(&w, "GET", "/", -1) == -EINVAL &&
               w.len == 0,
           "request lines refused: a space or CRLF in the target, a method "
           "not a token, an empty target, a bad version");
    TAP_OK(mirage_http_write_chunk(&w, "x", 0) == -EINVAL &&
               mirage_http_write_field_date(&w, "Date", INT64_MAX) == -EINVAL &&
               w.len == 0,
           "an empty chunk (that is the last one) and a date past 9999");

    mirage_http_writer_init(&w, buf, 19);
    TAP_OK(mirage_http_write_field(&w, "Server", "mirage") == 0 &&
               mirage_http_write_field(&w, "Server", "mirage") == -ENOSPC &&
               w.len == 16 && w.err == -ENOSPC,
           "a field that does not fit: -ENOSPC, nothing of it written");
    TAP_OK(mirage_http_write_end(&w) == 0 &&
               mirage_http_write_end(&w) == -ENOSPC && w.len == 18 &&
               mirage_http_write_body(&w, "abc", 3) == -ENOSPC &&
               mirage_http_write_chunk(&w, "a", 1) == -ENOSPC &&
               mirage_http_write_last_chunk(&w) == -ENOSPC && w.len == 18,
           "every call either fits whole or writes nothing");
    TAP_OK(mirage_http_write_field(&w, "X", "\n") == -EINVAL &&
               w.err == -ENOSPC,
           "err keeps the first error");
    mirage_http_writer_init(&w, NULL, 100);
    TAP_OK(mirage_http_write_end(&w) == -ENOSPC, "no buffer: nothing fits");
}

static void test_chunks(void)
{
    char head[MIRAGE_HTTP_CHUNK_HEAD_MAX + 1], buf[128];
    struct mirage_http_writer w;
    int n;

    n = mirage_http_chunk_head(head, 255);
    head[n > 0 ? n : 0] = '\0';
    TAP_STREQ(head, "ff\r\n", "chunk_head(255)");
    n = mirage_http_chunk_head(head, UINT64_MAX);
    head[n > 0 ? n : 0] = '\0';
    TAP_OK(n == MIRAGE_HTTP_CHUNK_HEAD_MAX &&
               strcmp(head, "ffffffffffffffff\r\n") == 0,
           "chunk_head(2^64 - 1): the longest, 18 bytes");
    n = mirage_http_chunk_head(head, 1);
    head[n > 0 ? n : 0] = '\0';
    TAP_OK(n == 3 && strcmp(head, "1\r\n") == 0, "chunk_head(1)");
    TAP_OK(mirage_http_chunk_head(head, 0) == -EINVAL,
           "chunk_head(0): -EINVAL");
    mirage_http_writer_init(&w, buf, sizeof buf);
    TAP_OK(mirage_http_write_chunk(&w, "hello world, hi!", 16) == 0 &&
               mirage_http_write_last_chunk(&w) == 0 &&
               mirage_http_write_field(&w, "Checksum", "1") == 0 &&
               mirage_http_write_end(&w) == 0,
           "a chunk, the last chunk, a trailer, the end");
    TAP_STREQ(text(&w), "10\r\nhello world, hi!\r\n0\r\nChecksum: 1\r\n\r\n",
              "their text");
}

/* A response written whole, then parsed: the same status, fields, body. */
static void test_round_trips(void)
{
    static char buf[8192];
    struct mirage_http_writer w;
    struct mirage_http_limits lim;
    struct http_run_opts o = {.response = true, .eof = true, .lim = &lim};
    struct http_dump d = {0};
    char body[1000], want[512];

    mirage_http_limits_default(&lim);
    lim.keep_trailers = true;
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (char)('a' + i % 26);
    mirage_http_writer_init(&w, buf, sizeof buf);
    mirage_http_write_status_line(&w, 1, 206, NULL);
    mirage_http_write_field(&w, "Content-Type", "text/plain; charset=utf-8");
    mirage_http_write_field_u64(&w, "Content-Length", 5);
    mirage_http_write_field_date(&w, "Last-Modified", 0);
    mirage_http_write_end(&w);
    mirage_http_write_body(&w, "hello", 5);
    /* a second response on the connection, chunked, with a trailer */
    mirage_http_write_status_line(&w, 1, 200, NULL);
    mirage_http_write_field(&w, "Transfer-Encoding", "chunked");
    mirage_http_write_end(&w);
    for (size_t off = 0; off < sizeof body; off += 300)
        mirage_http_write_chunk(
            &w, body + off, sizeof body - off < 300 ? sizeof body - off : 300);
    mirage_http_write_last_chunk(&w);
    mirage_http_write_field(&w, "Server-Timing", "db;dur=53");
    mirage_http_write_end(&w);
    mirage_http_write_status_line(&w, 1, 204, NULL);
    mirage_http_write_field(&w, "Connection", "close");
    mirage_http_write_end(&w);
    TAP_OK(w.err == 0, "three responses written (%zu bytes)", w.len);

    dump_add(&d, "%s", "");
    TAP_OK(http_run(buf, w.len, &o, &d) == 3, "parsed: three responses");
    TAP_OK(strstr(d.s, "status=206 reason=Partial Content body=1 cl=5 ka=1") &&
               strstr(d.s, "field Content-Type: text/plain; charset=utf-8\n") &&
               strstr(d.s, "field Last-Modified: Thu, 01 Jan 1970 00:00:00 "
                           "GMT\n") &&
               strstr(d.s, "body hello\n"),
           "the first: its status, reason, fields and body");
    TAP_OK(strstr(d.s, "status=200 reason=OK body=2") &&
               strstr(d.s, "trailer Server-Timing: db;dur=53\n"),
           "the second: chunked, its trailer");
    {
        const char *b = strstr(d.s, "status=200");
        b = b ? strstr(b, "body ") : NULL;
        TAP_OK(b && strncmp(b + 5, body, sizeof body) == 0 &&
                   b[5 + sizeof body] == '\n',
               "its 1000 bytes, from four chunks");
    }
    TAP_OK(strstr(d.s, "status=204 reason=No Content body=0 cl=0 ka=0") &&
               strstr(d.s, "eof: 5\n"),
           "the third: no body, not keep-alive; then closed cleanly");
    dump_free(&d);

    /* a request with every kind of field value the writer takes */
    mirage_http_writer_init(&w, buf, sizeof buf);
    mirage_http_write_request_line(&w, "PUT", "/x%20y?z=1", 1);
    mirage_http_write_field(&w, "Host", "example.org:8080");
    mirage_http_write_field(&w, "X-Odd", "a \t b \"q\" \x80\xff");
    mirage_http_write_field(&w, "X-Empty", "");
    mirage_http_write_field_u64(&w, "Content-Length", 3);
    mirage_http_write_end(&w);
    mirage_http_write_body(&w, "xyz", 3);
    o.response = false;
    dump_add(&d, "%s", "");
    http_run(buf, w.len, &o, &d);
    snprintf(want, sizeof want,
             "head 1.1 method=PUT (4) target=/x%%20y?z=1 status=0 reason= "
             "body=1 cl=3 ka=1 ec=0 eo=0 oc=0\nfield Host: example.org:8080\n"
             "field X-Odd: a \\x09 b \"q\" \\x80\\xff\nfield X-Empty: \n"
             "field Content-Length: 3\nbody xyz\ndone at %zu\neof: 5\n",
             w.len);
    TAP_STREQ(d.s, want, "a request written, then parsed: the same fields");
    dump_free(&d);
}

int main(void)
{
    tap_alarm(60);
    test_lines();
    test_refusals();
    test_chunks();
    test_round_trips();
    return tap_done();
}
