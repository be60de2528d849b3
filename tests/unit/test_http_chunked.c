/* SPDX-License-Identifier: ISC */
/* test_http_chunked.c: chunked bodies: sizes, extensions, trailers, splits. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

#include "http_test.h"
#include "tap.h"

#define CH "POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"

/* The dump of (in) (whole) and whether every split gives the same. */
static char *dump_all_splits(const char *in, size_t len,
                             const struct mirage_http_limits *lim, bool *same)
{
    struct http_run_opts o = {.eof = true, .lim = lim};
    struct http_dump whole = {0}, d = {0};

    dump_add(&whole, "%s", "");
    http_run(in, len, &o, &whole);
    *same = true;
    for (size_t k = 1; k <= len; k++) {
        size_t cut[2] = {k, len};

        o.cuts = cut;
        o.ncuts = k == len ? 1 : 2;
        if (k == len) /* a byte at a time */
            cut[0] = 1;
        dump_free(&d);
        dump_add(&d, "%s", "");
        http_run(in, len, &o, &d);
        if (strcmp(d.s, whole.s) != 0)
            *same = false;
    }
    dump_free(&d);
    return whole.s;
}

/* The chunked bodies taken: the input after CH, the body, the trailers. */
static const struct {
    const char *what;
    const char *chunks;
    size_t len;           /* of chunks, if it holds a NUL (else 0) */
    const char *body;     /* the body's dump line, "" for none */
    const char *trailers; /* the trailers' dump lines (kept) */
} good[] = {
    {"two chunks", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 0,
     "body hello world\n", ""},
    {"no data: the last chunk only", "0\r\n\r\n", 0, "", ""},
    {"hex in upper and lower case",
     "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n"
     "0\r\n\r\n",
     0, "body 0123456789abcdefghijk\n", ""},
    {"leading zeros", "0005\r\nhello\r\n000\r\n\r\n", 0, "body hello\n", ""},
    {"extensions skipped, quoted strings with escapes",
     "5;name=value;flag;q=\"a \\\"b\\\" ;c\"\r\nhello\r\n0;last\r\n\r\n", 0,
     "body hello\n", ""},
    {"BWS around ';' and '='", "5 ; a = b\t;c\r\nhello\r\n0\r\n\r\n", 0,
     "body hello\n", ""},
    {"CRLF and NUL inside chunk data are data",
     "6\r\n\r\n\0\r\n\r\r\n0\r\n\r\n",
     sizeof("6\r\n\r\n\0\r\n\r\r\n0\r\n\r\n") - 1,
     "body \\x0d\\x0a\\x00\\x0d\\x0a\\x0d\n", ""},
    {"trailers kept", "3\r\nabc\r\n0\r\nChecksum: 42\r\nX-T:  v \r\n\r\n", 0,
     "body abc\n", "trailer Checksum: 42\ntrailer X-T: v\n"},
};

static void test_good(void)
{
    struct mirage_http_limits lim;

    mirage_http_limits_default(&lim);
    lim.keep_trailers = true;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char in[512], want[512];
        size_t n = strlen(CH), clen = strlen(good[i].chunks);
        bool same;
        char *d;

        if (good[i].len)
            clen = good[i].len;
        memcpy(in, CH, n);
        memcpy(in + n, good[i].chunks, clen);
        d = dump_all_splits(in, n + clen, &lim, &same);
        snprintf(want, sizeof want,
                 "head 1.1 method=POST (3) target=/u status=0 reason= body=2 "
                 "cl=0 ka=1 ec=0 eo=0 oc=0\nfield Host: h\n"
                 "field Transfer-Encoding: chunked\n%s%sdone at %zu\neof: 5\n",
                 good[i].body, good[i].trailers, n + clen);
        TAP_STREQ(d, want, "%s", good[i].what);
        TAP_OK(same, "%s: the same at every split", good[i].what);
        free(d);
    }
}

static void test_trailers_skipped(void)
{
    static const char in[] = CH "3\r\nabc\r\n0\r\nA: 1\r\nB: 2\r\n\r\n"
                                "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    struct mirage_http_limits lim;
    bool same;
    char *d;

    mirage_http_limits_default(&lim);
    lim.max_fields = 2; /* the head's two: skipped trailers do not count */
    d = dump_all_splits(in, strlen(in), &lim, &same);
    TAP_OK(strstr(d, "body abc\ndone at 82\nhead 1.1 method=GET") != NULL &&
               strstr(d, "trailer") == NULL && strstr(d, "done at 109\n"),
           "trailers skipped by default, not counted; the next request "
           "follows");
    TAP_OK(same, "the same at every split");
    if (!strstr(d, "done at 82"))
        TAP_DIAG("%s", d);
    free(d);
}

static void test_bare_lf(void)
{
    static const char in[] = "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: "
                             "chunked\n\n3;x=y\nabc\n0\nT: 1\n\n";
    struct mirage_http_limits lim;
    bool same;
    char *d;

    mirage_http_limits_default(&lim);
    lim.allow_bare_lf = true;
    lim.keep_trailers = true;
    d = dump_all_splits(in, strlen(in), &lim, &same);
    TAP_OK(strstr(d, "body abc\ntrailer T: 1\ndone at 70\n") != NULL,
           "allow_bare_lf: chunk lines and trailers ended by LF");
    if (!strstr(d, "done at 70"))
        TAP_DIAG("%s", d);
    TAP_OK(same, "the same at every split");
    free(d);
}

static void test_limits(void)
{
    struct mirage_http_limits lim;
    char in[512], *d;
    bool same;
    size_t n;

    mirage_http_limits_default(&lim);
    lim.max_body = 16;
    n = (size_t)sprintf(in, CH "10\r\n0123456789abcdef\r\n0\r\n\r\n");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "body 0123456789abcdef\ndone at") != NULL && same,
           "one chunk of exactly max_body: taken");
    free(d);
    n = (size_t)sprintf(in, CH "8\r\n01234567\r\n8\r\n89abcdef\r\n1\r\nx\r\n");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "body 0123456789abcdef\nerror 413") != NULL && same,
           "chunks reaching max_body, then one byte more: 413");
    free(d);

    mirage_http_limits_default(&lim);
    lim.max_chunk_line = 8;
    n = (size_t)sprintf(in, CH "5;abcdef\r\nhello\r\n0\r\n\r\n");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "done at") != NULL && same,
           "a chunk-size line of max_chunk_line bytes (CRLF apart): taken");
    free(d);
    n = (size_t)sprintf(in, CH "5;abcdefg\r\nhello\r\n0\r\n\r\n");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "error 400 (chunk-size line too long) at 66\n") != NULL &&
               same,
           "one byte more: 400 at that byte");
    free(d);
    n = (size_t)sprintf(in, CH "000000000000000000000000005\r\nhello\r\n0\r\n"
                               "\r\n");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "error 400 (chunk-size line too long)") != NULL && same,
           "leading zeros count against max_chunk_line");
    free(d);
    mirage_http_limits_default(&lim);
    lim.max_body = UINT64_MAX;
    n = (size_t)sprintf(in, CH "ffffffffffffffff\r\nabc");
    d = dump_all_splits(in, n, &lim, &same);
    TAP_OK(strstr(d, "body abc\neof: error 400 (message truncated)\n") !=
                   NULL &&
               same,
           "a chunk of 2^64 - 1 bytes (max_body unbounded): taken as it "
           "comes, truncated at eof");
    free(d);
}

static void test_responses(void)
{
    static const char in[] =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n"
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    struct http_run_opts o = {.response = true, .eof = true};
    struct http_dump d = {0};

    dump_add(&d, "%s", "");
    http_run(in, strlen(in), &o, &d);
    TAP_OK(strstr(d.s,
                  "body Wikipedia in\\x0d\\x0a\\x0d\\x0achunks.\ndone "
                  "at 90\nhead 1.1 method= (0) target= status=404") != NULL,
           "a chunked response, then the next on the connection");
    if (!strstr(d.s, "done at 90"))
        TAP_DIAG("%s", d.s);
    dump_free(&d);
}

int main(void)
{
    tap_alarm(60);
    test_good();
    test_trailers_skipped();
    test_bare_lf();
    test_limits();
    test_responses();
    return tap_done();
}
