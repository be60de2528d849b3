/* SPDX-License-Identifier: ISC */
/* test_http_parse.c: the HTTP parser: messages, splits, pipelining, limits. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

#include "http_test.h"
#include "tap.h"

/* The dump of a run over the string (in) with (o), in a static buffer. */
static const char *run(const char *in, const struct http_run_opts *o)
{
    static struct http_dump d;

    dump_free(&d);
    dump_add(&d, "%s", "");
    http_run(in, strlen(in), o, &d);
    return d.s;
}

static const struct http_run_opts req = {0};
static const struct http_run_opts req_eof = {.eof = true};
static const struct http_run_opts resp = {.response = true, .eof = true};

static void test_requests(void)
{
    TAP_STREQ(run("GET /index.html?x=1 HTTP/1.1\r\nHost: example.org\r\n"
                  "User-Agent: t/1.0\r\nAccept: */*\r\n\r\n",
                  &req),
              "head 1.1 method=GET (1) target=/index.html?x=1 status=0 "
              "reason= body=0 cl=0 ka=1 ec=0 eo=0 oc=0\n"
              "field Host: example.org\nfield User-Agent: t/1.0\n"
              "field Accept: */*\ndone at 83\n",
              "a GET: start line, fields in order, no body, keep-alive");
    TAP_STREQ(run("POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n"
                  "hello world",
                  &req),
              "head 1.1 method=POST (3) target=/f status=0 reason= body=1 "
              "cl=11 ka=1 ec=0 eo=0 oc=0\nfield Host: h\n"
              "field Content-Length: 11\nbody hello world\ndone at 60\n",
              "a POST with Content-Length: the body, then done at its end");
    TAP_STREQ(run("GET / HTTP/1.0\r\n\r\n", &req),
              "head 1.0 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=0 ec=0 eo=0 oc=0\ndone at 18\n",
              "HTTP/1.0 without Host: accepted, not keep-alive");
    TAP_STREQ(run("\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", &req),
              "head 1.1 method=OPTIONS (7) target=* status=0 reason= body=0 "
              "cl=0 ka=1 ec=0 eo=0 oc=0\nfield Host: h\ndone at 35\n",
              "blank lines before a request line are skipped");
    TAP_STREQ(run("BREW /pot HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n"
                  "X-Ows: \t a  b \t\r\nX-Obs: caf\xc3\xa9\r\n\r\n",
                  &req),
              "head 1.1 method=BREW (0) target=/pot status=0 reason= body=0 "
              "cl=0 ka=1 ec=0 eo=0 oc=0\nfield Host: h\nfield X-Empty: \n"
              "field X-Ows: a  b\nfield X-Obs: caf\\xc3\\xa9\ndone at 72\n",
              "an unknown method token; an empty value; OWS around a value "
              "dropped, inside kept; obs-text kept");
    TAP_STREQ(run("get / HTTP/1.1\r\nhost: h\r\n\r\n", &req),
              "head 1.1 method=get (0) target=/ status=0 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield host: h\ndone at 27\n",
              "methods are case-sensitive (get is another token); field names "
              "are not (host)");
    TAP_STREQ(run("GET http://example.org:8080/a?b HTTP/1.1\r\nHost: x\r\n\r\n",
                  &req),
              "head 1.1 method=GET (1) target=http://example.org:8080/a?b "
              "status=0 reason= body=0 cl=0 ka=1 ec=0 eo=0 oc=0\n"
              "field Host: x\ndone at 53\n",
              "an absolute-form target");
}

static void test_connection(void)
{
    TAP_STREQ(
        run("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", &req),
        "head 1.1 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
        "ka=0 ec=0 eo=0 oc=0\nfield Host: h\nfield Connection: close\n"
        "done at 46\n",
        "1.1 with Connection: close: not keep-alive");
    TAP_STREQ(run("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &req),
              "head 1.0 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Connection: Keep-Alive\n"
              "done at 42\n",
              "1.0 with Connection: Keep-Alive (any case): keep-alive");
    TAP_STREQ(run("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n"
                  "Connection: keep-alive, CLOSE\r\n\r\n",
                  &req),
              "head 1.1 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=0 ec=0 eo=0 oc=0\nfield Host: h\nfield Connection: upgrade\n"
              "field Connection: keep-alive, CLOSE\ndone at 79\n",
              "close in any Connection line wins over keep-alive");
    TAP_STREQ(run("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n"
                  "Content-Length: 1\r\n\r\nz",
                  &req),
              "head 1.1 method=PUT (4) target=/x status=0 reason= body=1 cl=1 "
              "ka=1 ec=1 eo=0 oc=0\nfield Host: h\n"
              "field Expect: 100-Continue\nfield Content-Length: 1\nbody z\n"
              "done at 70\n",
              "Expect: 100-continue (any case) in 1.1");
    TAP_STREQ(run("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", &req),
              "head 1.0 method=PUT (4) target=/x status=0 reason= body=0 cl=0 "
              "ka=0 ec=0 eo=0 oc=0\nfield Expect: 100-continue\ndone at 41\n",
              "Expect in HTTP/1.0 is ignored (RFC 9110 10.1.1)");
    TAP_STREQ(run("GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n", &req),
              "head 1.1 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=1 oc=0\nfield Host: h\nfield Expect: teapot\n"
              "done at 43\n",
              "another expectation is reported (the server may answer 417)");
}

static void test_responses(void)
{
    struct http_run_opts head = resp, connect = resp;

    head.response_to = MIRAGE_HTTP_HEAD;
    connect.response_to = MIRAGE_HTTP_CONNECT;
    TAP_STREQ(run("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", &resp),
              "head 1.1 method= (0) target= status=200 reason=OK body=1 cl=3 "
              "ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 3\nbody abc\n"
              "done at 41\neof: 5\n",
              "a response with Content-Length; eof after it: closed");
    TAP_STREQ(run("HTTP/1.1 404 Not  Found\t\r\n\r\nbody until close", &resp),
              "head 1.1 method= (0) target= status=404 reason=Not  Found\\x09 "
              "body=3 cl=0 ka=0 ec=0 eo=0 oc=0\nbody body until close\n"
              "eof: 3\n",
              "no framing: read until close, not keep-alive; the reason is "
              "kept as sent");
    TAP_STREQ(run("HTTP/1.1 204\r\nContent-Length: 10\r\n\r\n", &resp),
              "head 1.1 method= (0) target= status=204 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 10\ndone at 36\n"
              "eof: 5\n",
              "a status line without a reason (no SP); 204 has no body");
    TAP_STREQ(run("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"
                  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                  &resp),
              "head 1.1 method= (0) target= status=304 reason=Not Modified "
              "body=0 cl=0 ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 10\n"
              "done at 49\nhead 1.1 method= (0) target= status=200 reason=OK "
              "body=1 cl=0 ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 0\n"
              "done at 87\neof: 5\n",
              "304 has no body whatever its Content-Length");
    TAP_STREQ(run("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", &head),
              "head 1.1 method= (0) target= status=200 reason=OK body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 10\ndone at 39\n"
              "eof: 5\n",
              "a response to HEAD has no body");
    TAP_STREQ(run("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                  "Content-Length: 2\r\n\r\nok",
                  &resp),
              "head 1.1 method= (0) target= status=100 reason=Continue body=0 "
              "cl=0 ka=1 ec=0 eo=0 oc=0\ndone at 25\nhead 1.1 method= (0) "
              "target= status=201 reason=Created body=1 cl=2 ka=1 ec=0 eo=0 "
              "oc=0\nfield Content-Length: 2\nbody ok\ndone at 70\neof: 5\n",
              "1xx, then the final response");
    TAP_STREQ(run("HTTP/1.1 200 Connection established\r\n\r\n", &connect),
              "head 1.1 method= (0) target= status=200 reason=Connection "
              "established body=0 cl=0 ka=1 ec=0 eo=0 oc=0\ndone at 39\n"
              "eof: 5\n",
              "a 2xx answer to CONNECT has no body (a tunnel)");
    TAP_STREQ(
        run("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz", &resp),
        "head 1.1 method= (0) target= status=200 reason=OK body=3 cl=0 "
        "ka=0 ec=0 eo=0 oc=1\nfield Transfer-Encoding: gzip\nbody xyz\n"
        "eof: 3\n",
        "a response whose codings do not end in chunked: until close, "
        "with other codings");
    TAP_STREQ(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                  "3\r\nxyz\r\n0\r\n\r\n",
                  &resp),
              "head 1.1 method= (0) target= status=200 reason=OK body=2 cl=0 "
              "ka=1 ec=0 eo=0 oc=1\nfield Transfer-Encoding: gzip, chunked\n"
              "body xyz\ndone at 66\neof: 5\n",
              "gzip, chunked: chunked framing, the body still gzip-coded");
    TAP_STREQ(run("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
                  "Content-Length: 0\r\n\r\n",
                  &resp),
              "head 1.0 method= (0) target= status=200 reason=OK body=1 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Connection: keep-alive\n"
              "field Content-Length: 0\ndone at 62\neof: 5\n",
              "a 1.0 response with keep-alive and a length");
    TAP_STREQ(run("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", &resp),
              "head 1.1 method= (0) target= status=200 reason=OK body=1 cl=5 "
              "ka=1 ec=0 eo=0 oc=0\nfield Content-Length: 5\nbody ab\n"
              "eof: error 400 (message truncated)\n",
              "eof inside a body of known length: truncated");
}

static void test_pipelining(void)
{
    static const char in[] =
        "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
        "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
        "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /d HTTP/1.1\r\nHo";
    const char *d = run(in, &req_eof);

    TAP_OK(strstr(d, "done at 28\n") && strstr(d, "done at 79\n") &&
               strstr(d, "done at 107\n") &&
               strstr(d, "eof: error 400 (message truncated)\n"),
           "pipelined requests end at 28, 79 and 107; the fourth is cut");
    TAP_OK(strstr(d, "target=/a") < strstr(d, "target=/b") &&
               strstr(d, "target=/b") < strstr(d, "body xyz") &&
               strstr(d, "body xyz") < strstr(d, "target=/c"),
           "in order, the body of the second before the third");
    TAP_STREQ(run("\r\n\r\n", &req_eof), "eof: 5\n",
              "blank lines then eof: closed between messages");
    TAP_STREQ(run("", &req_eof), "eof: 5\n", "no input then eof: closed");
    TAP_STREQ(run("GET / HTTP/1.1\r\nHost: h\r\n\r\n\r\n", &req_eof),
              "head 1.1 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Host: h\ndone at 27\neof: 5\n",
              "a CRLF after a request (old clients after a POST) is skipped");
    TAP_STREQ(run("GET / HTTP/1.1\r\nHost: h\r\n", &req_eof),
              "eof: error 400 (message truncated)\n",
              "eof inside a head: truncated");
}

/* The messages whose dumps must not depend on how they are split. */
static const struct {
    bool response;
    bool bare_lf;
    const char *in;
} corpus[] = {
    {false, false,
     "GET /a HTTP/1.1\r\nHost: h\r\nX: y\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\n"
     "Content-Length: 5\r\n\r\nhelloGET /c HTTP/1.0\r\n\r\n"},
    {false, false,
     "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
     "5;a=b\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nT: v\r\n"
     "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {false, false,
     "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4"
     "\r\n\r\nabcd"},
    {false, false,
     "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
     "5\r\nhelloX\r\n"},
    {false, false, "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n"},
    {false, false, "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n"},
    {false, false, "GET / HTTP/2.0\r\nHost: h\r\n\r\n"},
    {false, true,
     "GET / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"},
    {false, false, "GET / HTTP/1.1\nHost: h\n\n"},
    {true, false,
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
     "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
     "HTTP/1.1 200 OK\r\n\r\nto the end"},
    {true, false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"},
    {true, false, "HTTP/1.1 99 Too low\r\n\r\n"},
};

/* Runs (in) whole, a byte at a time, in pieces of 2, 3 and 7 bytes, and
 * cut in two at every position: the same dump each time. */
static void test_splits(void)
{
    for (size_t c = 0; c < sizeof corpus / sizeof corpus[0]; c++) {
        struct mirage_http_limits lim;
        struct http_run_opts o = {
            .response = corpus[c].response, .eof = true, .lim = &lim};
        const char *in = corpus[c].in;
        size_t len = strlen(in), bad = 0, first_bad = 0;
        struct http_dump whole = {0}, d = {0};
        static const size_t sizes[] = {1, 2, 3, 7};

        mirage_http_limits_default(&lim);
        lim.allow_bare_lf = corpus[c].bare_lf;
        lim.keep_trailers = true;
        http_run(in, len, &o, &whole);
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            o.cuts = &sizes[s];
            o.ncuts = 1;
            dump_free(&d);
            http_run(in, len, &o, &d);
            if (strcmp(d.s, whole.s) != 0 && bad++ == 0)
                first_bad = sizes[s];
        }
        for (size_t k = 1; k < len; k++) {
            size_t cut[2] = {k, len};

            o.cuts = cut;
            o.ncuts = 2;
            dump_free(&d);
            http_run(in, len, &o, &d);
            if (strcmp(d.s, whole.s) != 0 && bad++ == 0)
                first_bad = 1000 + k;
        }
        if (strstr(whole.s, HTTP_RUN_BROKEN))
            bad++;
        TAP_OK(bad == 0,
               "corpus %zu (%zu bytes): the same events in %zu splits", c, len,
               len + 3);
        if (bad)
            TAP_DIAG("%zu differ, the first %zu; whole:\n%s", bad, first_bad,
                     whole.s);
        dump_free(&d);
        dump_free(&whole);
    }
}

/* A request with a line of (line) bytes and (fields) fields making a
 * header section of (head) bytes (each field "Xnnnn: v...\r\n"). */
static char *request_of(size_t line, size_t fields, size_t head)
{
    char *s = malloc(line + head + 64), *p = s;
    size_t used = 0;

    memcpy(p, "GET /", 5);
    p += 5;
    memset(p, 'a', line - 14);
    p += line - 14;
    memcpy(p, " HTTP/1.1\r\n", 11);
    p += 11;
    for (size_t i = 0; i < fields; i++) {
        /* the last one takes what is left, less the final CRLF */
        size_t n = i + 1 < fields ? 11 : head - used - 2;
        int k = sprintf(p, "X%04zu: ", i);

        memset(p + k, 'v', n - (size_t)k - 2);
        memcpy(p + n - 2, "\r\n", 2);
        p += n;
        used += n;
    }
    memcpy(p, "\r\n", 3);
    return s;
}

static void test_limits(void)
{
    struct mirage_http_limits lim;
    struct http_run_opts o = {.lim = &lim};
    char *s, buf[512];

    mirage_http_limits_default(&lim);
    lim.max_line = 100;
    lim.max_head = 200;
    lim.max_fields = 4;
    lim.max_body = 10;

    s = request_of(100, 1, 200);
    s[strlen(s) - 2] = '\0'; /* no final CRLF: not a request yet */
    TAP_OK(strlen(run(s, &o)) == 0, "max_line and max_head exactly: taken");
    free(s);
    s = request_of(101, 1, 20);
    TAP_STREQ(run(s, &o), "error 414 (start line too long) at 101\n",
              "a request line one byte over max_line: 414 at that byte");
    free(s);
    s = request_of(40, 4, 200);
    s[strlen(s) - 2] = '\0';
    snprintf(buf, sizeof buf, "%sHost: x", s);
    TAP_STREQ(run(buf, &o), "error 431 (too many fields) at 241\n",
              "a fifth field line over max_fields 4: 431");
    free(s);
    s = request_of(40, 3, 201);
    TAP_STREQ(run(s, &o), "error 431 (header section too large) at 243\n",
              "a header section one byte over max_head: 431 at that byte");
    free(s);
    s = request_of(40, 3, 200);
    memcpy(s + 42, "Host: ", 6); /* the first field "X0000: vv" */
    TAP_OK(strstr(run(s, &o), "done at 242\n") != NULL,
           "max_head exactly, the final CRLF included: taken");
    free(s);
    TAP_STREQ(
        run("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", &o),
        "error 413 (body too large) at 48\n",
        "Content-Length over max_body: 413 at the end of the head");
    TAP_OK(strstr(run("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n"
                      "0123456789",
                      &o),
                  "done at 58\n") != NULL,
           "Content-Length of max_body: taken");
    lim.max_body = 0;
    TAP_STREQ(
        run("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n", &o),
        "error 413 (body too large) at 47\n",
        "max_body 0: any body is too large");
    TAP_OK(strstr(run("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
                      &o),
                  "done at 47\n") != NULL,
           "max_body 0: Content-Length: 0 is taken");
    lim.max_body = 5;
    o.response = true;
    TAP_STREQ(run("HTTP/1.1 200 OK\r\n\r\n0123456789", &o),
              "head 1.1 method= (0) target= status=200 reason=OK body=3 cl=0 "
              "ka=0 ec=0 eo=0 oc=0\nbody 01234\nerror 413 (body too large) at "
              "24\n",
              "a body until close: max_body bytes, then 413");
    o.response = false;

    mirage_http_limits_default(&lim);
    for (int i = 0; i < 100; i++)
        memcpy(buf + 2 * i, "\r\n", 2);
    strcpy(buf + 200, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    lim.max_line = 200;
    TAP_OK(strstr(run(buf, &o), "done at 227\n") != NULL,
           "max_line bytes of blank lines before a request: skipped");
    lim.max_line = 199;
    TAP_STREQ(run(buf, &o), "error 400 (malformed start line) at 200\n",
              "more blank lines than max_line: 400");
}

static void test_parser_api(void)
{
    struct mirage_http_limits lim;
    struct mirage_http_parser p;
    static union {
        void *align;
        char b[64 * 1024];
    } mem;
    size_t used = 99;
    const char *get = "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET";

    mirage_http_limits_default(&lim);
    TAP_OK(mirage_http_parser_mem_size(NULL) ==
               8192 + 16384 + 100 * sizeof(struct mirage_http_field),
           "the defaults' memory: 8192 + 16384 + 100 fields");
    lim.keep_trailers = true;
    TAP_OK(mirage_http_parser_mem_size(&lim) ==
               8192 + 16384 + 4096 + 100 * sizeof(struct mirage_http_field),
           "keep_trailers adds max_trailer");
    lim.max_fields = 0;
    TAP_OK(mirage_http_parser_mem_size(&lim) == 0 &&
               mirage_http_parser_init(&p, false, &lim, mem.b, sizeof mem) ==
                   -EINVAL,
           "a zero limit is refused");
    lim.max_fields = SIZE_MAX / 2;
    TAP_OK(mirage_http_parser_mem_size(&lim) == 0, "an overflowing size: 0");
    TAP_OK(mirage_http_parser_init(&p, false, NULL, mem.b + 1, 40000) ==
               -EINVAL,
           "misaligned memory is refused");
    TAP_OK(mirage_http_parser_init(&p, false, NULL, mem.b,
                                   mirage_http_parser_mem_size(NULL) - 1) ==
               -EINVAL,
           "too little memory is refused");
    TAP_OK(mirage_http_parser_init(&p, false, NULL, NULL, 0) == -EINVAL,
           "no memory is refused");
    TAP_OK(mirage_http_parser_init(&p, false, NULL, mem.b, sizeof mem) == 0,
           "init");
    TAP_OK(mirage_http_parser_next(&p) == -EINVAL,
           "next before the message is done: -EINVAL");
    TAP_OK(mirage_http_parse(&p, get, 10, &used) == MIRAGE_HTTP_EV_MORE &&
               used == 10,
           "part of a head: MORE, all taken");
    TAP_OK(mirage_http_parse(&p, get + 10, strlen(get) - 10, &used) ==
                   MIRAGE_HTTP_EV_HEAD &&
               used == 17,
           "the rest: HEAD, taken up to the end of the head");
    TAP_OK(mirage_http_parse(&p, get + 27, 3, &used) == MIRAGE_HTTP_EV_DONE &&
               used == 0,
           "then DONE, taking nothing");
    TAP_OK(mirage_http_parse(&p, get + 27, 3, &used) == MIRAGE_HTTP_EV_DONE &&
               used == 0,
           "DONE again until next");
    TAP_OK(mirage_http_parser_next(&p) == 0 &&
               mirage_http_parse(&p, get + 27, 3, &used) ==
                   MIRAGE_HTTP_EV_MORE &&
               used == 3,
           "next: the pipelined bytes start the next message");
    TAP_OK(mirage_http_parse(&p, "\x01", 1, &used) == MIRAGE_HTTP_EV_ERROR &&
               used == 1 && p.status == 400 && p.error == MIRAGE_HTTP_E_METHOD,
           "a control byte in a method: ERROR 400");
    TAP_OK(mirage_http_parse(&p, "x", 1, &used) == MIRAGE_HTTP_EV_ERROR &&
               used == 0 && mirage_http_parser_next(&p) == -EINVAL &&
               mirage_http_parser_eof(&p) == MIRAGE_HTTP_EV_ERROR,
           "after ERROR: ERROR again, nothing taken, no next");
    TAP_OK(mirage_http_error_status(MIRAGE_HTTP_E_NONE) == 0 &&
               mirage_http_error_status(MIRAGE_HTTP_E_TRUNCATED + 1) == 400 &&
               strcmp(mirage_http_error_name(MIRAGE_HTTP_E_BARE_LF),
                      "bare LF") == 0 &&
               strcmp(mirage_http_error_name(1000), "unknown error") == 0,
           "error statuses and names, unknown ones too");
}

static void test_fields(void)
{
    static const struct mirage_http_field f[] = {
        {{"Host", 4}, {"h", 1}},
        {{"Accept", 6}, {"text/html;q=0.9, */*", 20}},
        {{"ACCEPT", 6}, {"\"a,b\", image/png", 16}},
        {{"X", 1}, {"", 0}},
    };
    struct mirage_http_message m = {.fields = f, .nfields = 4};
    struct mirage_http_slice v, list = {"  , a , \"x,\\\"y\" ,,b;q=1 ,", 25}, e;
    char got[128] = "";

    TAP_OK(mirage_http_field_find(f, 4, "accept", 0) == 1 &&
               mirage_http_field_find(f, 4, "accept", 2) == 2 &&
               mirage_http_field_find(f, 4, "accept", 3) == -1 &&
               mirage_http_field_find(f, 4, "Acc", 0) == -1,
           "field_find: any case, from an index, whole names only");
    TAP_OK(mirage_http_field_get(&m, "HOST", &v) == 1 && v.len == 1 &&
               v.ptr[0] == 'h',
           "field_get: the only Host");
    TAP_OK(mirage_http_field_get(&m, "accept", &v) == -EINVAL,
           "field_get: two Accept lines: -EINVAL");
    TAP_OK(mirage_http_field_get(&m, "nope", &v) == 0 && v.len == 0,
           "field_get: none: 0");
    TAP_OK(mirage_http_field_get(&m, "x", &v) == 1 && v.len == 0,
           "field_get: an empty value");
    TAP_OK(mirage_http_field_has_token(&m, "accept", "TEXT/HTML") == 1 &&
               mirage_http_field_has_token(&m, "accept", "image/png") == 1 &&
               mirage_http_field_has_token(&m, "accept", "b") == 0 &&
               mirage_http_field_has_token(&m, "accept", "q=0.9") == 0,
           "field_has_token: over every line, any case, parameters and quoted "
           "strings apart");
    while (mirage_http_list_next(&list, &e)) {
        strncat(got, e.ptr, e.len);
        strcat(got, "|");
    }
    TAP_STREQ(got, "a|\"x,\\\"y\"|b;q=1|",
              "list_next: OWS and empty elements skipped, quotes kept whole");
    TAP_OK(mirage_http_case_equal("Content-LENGTH", 14, "content-length") &&
               !mirage_http_case_equal("Content-Lengt", 13, "content-length") &&
               !mirage_http_case_equal("content-length", 14, "content-lengt"),
           "case_equal");
    TAP_OK(mirage_http_is_token("a!#$%&'*+-.^_`|~9Z", 18) &&
               !mirage_http_is_token("", 0) &&
               !mirage_http_is_token("a b", 3) &&
               !mirage_http_is_token("a:b", 3),
           "is_token");
    TAP_OK(mirage_http_method_of("PATCH", 5) == MIRAGE_HTTP_PATCH &&
               mirage_http_method_of("GETX", 4) == MIRAGE_HTTP_OTHER &&
               mirage_http_method_of("get", 3) == MIRAGE_HTTP_OTHER &&
               strcmp(mirage_http_method_name(MIRAGE_HTTP_DELETE), "DELETE") ==
                   0 &&
               mirage_http_method_name(MIRAGE_HTTP_OTHER) == NULL &&
               mirage_http_method_name(99) == NULL,
           "method_of and method_name");
}

static void test_bare_lf(void)
{
    struct mirage_http_limits lim;
    struct http_run_opts o = {.lim = &lim};

    mirage_http_limits_default(&lim);
    lim.allow_bare_lf = true;
    TAP_STREQ(run("\nGET / HTTP/1.1\nHost: h\r\nX: y\n\n", &o),
              "head 1.1 method=GET (1) target=/ status=0 reason= body=0 cl=0 "
              "ka=1 ec=0 eo=0 oc=0\nfield Host: h\nfield X: y\ndone at 31\n",
              "allow_bare_lf: LF ends lines, CRLF too");
    TAP_STREQ(run("GET / HTTP/1.1\r\nHost: h\r\nX: y\rz\n\n", &o),
              "error 400 (bare CR) at 31\n",
              "allow_bare_lf: a bare CR is still refused");
}

int main(void)
{
    tap_alarm(60);
    test_requests();
    test_connection();
    test_responses();
    test_pipelining();
    test_splits();
    test_limits();
    test_parser_api();
    test_fields();
    test_bare_lf();
    return tap_done();
}
