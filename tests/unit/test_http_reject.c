/* SPDX-License-Identifier: ISC */
/* test_http_reject.c: every refusal of the HTTP parser, with its status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http.h>

#include "http_test.h"
#include "tap.h"

#define RQ "GET / HTTP/1.1\r\nHost: h\r\n"  /* a request's head so far */
#define PQ "POST / HTTP/1.1\r\nHost: h\r\n" /* the same, POST */
#define TE "Transfer-Encoding: "            /* a field's name */
#define CH PQ TE "chunked\r\n\r\n"          /* a chunked POST's head */
#define RS "HTTP/1.1 200 OK\r\n"            /* a response's status line */

/* The refusals: the input (whole or a byte at a time), its verdict. */
static const struct {
    const char *what;
    bool response;
    const char *in;
    size_t len; /* 0: strlen(in) */
    int status;
    enum mirage_http_error error;
} cases[] = {
    /* request smuggling: framing that two parsers may read apart */
    {"Content-Length and Transfer-Encoding", false,
     PQ "Content-Length: 5\r\n" TE "chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_LENGTH_AND_CODING},
    {"Transfer-Encoding then Content-Length", false,
     PQ TE "chunked\r\nContent-Length: 5\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_LENGTH_AND_CODING},
    {"Content-Length: 0 with Transfer-Encoding", false,
     PQ "Content-Length: 0\r\n" TE "chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_LENGTH_AND_CODING},
    {"chunked, then gzip: chunked not final", false,
     PQ TE "chunked, gzip\r\n\r\n", 0, 400, MIRAGE_HTTP_E_CHUNKED_NOT_FINAL},
    {"gzip alone: chunked not final", false, PQ TE "gzip\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNKED_NOT_FINAL},
    {"xchunked is not chunked", false, PQ TE "xchunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNKED_NOT_FINAL},
    {"chunked then identity on two lines", false,
     PQ TE "chunked\r\n" TE "identity\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNKED_NOT_FINAL},
    {"gzip, chunked: a coding we lack", false, PQ TE "gzip, chunked\r\n\r\n", 0,
     501, MIRAGE_HTTP_E_CODING_UNKNOWN},
    {"chunked twice in one line", false, PQ TE "chunked, chunked\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"chunked on two lines", false, PQ TE "chunked\r\n" TE "chunked\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"chunked with a parameter", false, PQ TE "chunked;q=1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"an empty Transfer-Encoding", false, PQ TE "\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"Transfer-Encoding of commas", false, PQ TE " , ,\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"a quoted coding", false, PQ TE "\"chunked\"\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"a coding with a space inside", false, PQ TE "chun ked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_TRANSFER_ENCODING},
    {"Transfer-Encoding in HTTP/1.0", false,
     "POST / HTTP/1.0\r\n" TE "chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CODING_IN_HTTP10},
    {"Transfer-Encoding folded (obs-fold)", false, PQ TE "\r\n chunked\r\n\r\n",
     0, 400, MIRAGE_HTTP_E_OBS_FOLD},
    {"Transfer-Encoding with a space before the colon", false,
     PQ "Transfer-Encoding : chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_SPACE_BEFORE_COLON},
    {"Content-Length with a tab before the colon", false,
     PQ "Content-Length\t: 5\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_SPACE_BEFORE_COLON},
    {"two different Content-Length lines", false,
     PQ "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT},
    {"a Content-Length list of different values", false,
     PQ "Content-Length: 5, 6\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT},
    {"Content-Length 5 and 05 (different text, equal values: taken; "
     "then 6)",
     false,
     PQ "Content-Length: 5\r\nContent-Length: 05\r\nContent-Length: 6"
        "\r\n\r\n",
     0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT},
    {"Content-Length with a plus sign", false, PQ "Content-Length: +5\r\n\r\n",
     0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length with a minus sign", false, PQ "Content-Length: -5\r\n\r\n",
     0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length with a space inside", false,
     PQ "Content-Length: 1 0\r\n\r\n", 0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length in hex", false, PQ "Content-Length: 0x5\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"an empty Content-Length", false, PQ "Content-Length:\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length with an empty element", false,
     PQ "Content-Length: 5,\r\n\r\n", 0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length with a fraction", false, PQ "Content-Length: 5.0\r\n\r\n",
     0, 400, MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length of 2^64 (overflow)", false,
     PQ "Content-Length: 18446744073709551616\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH},
    {"Content-Length of 2^64 - 1: over max_body", false,
     PQ "Content-Length: 18446744073709551615\r\n\r\n", 0, 413,
     MIRAGE_HTTP_E_BODY_TOO_LARGE},
    {"a chunk size of 2^64 (overflow)", false, CH "10000000000000000\r\n", 0,
     400, MIRAGE_HTTP_E_CHUNK_OVERFLOW},
    {"a chunk size over max_body", false, CH "100001\r\n", 0, 413,
     MIRAGE_HTTP_E_BODY_TOO_LARGE},

    /* line ends */
    {"a bare LF ending the request line", false,
     "GET / HTTP/1.1\nHost: h\r\n\r\n", 0, 400, MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF ending a field line", false, RQ "X: y\n\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF ending the head", false, RQ "\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF before the request line", false, "\nGET / HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF in a field value", false, RQ "X: a\nb\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF ending a chunk size", false, CH "5\nhello\r\n0\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF after chunk data", false, CH "5\r\nhello\n0\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_END},
    {"a bare LF in a chunk extension", false, CH "5;a=b\nhello\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare LF ending the trailers", false, CH "0\r\n\n", 0, 400,
     MIRAGE_HTTP_E_BARE_LF},
    {"a bare CR in a field value", false, RQ "X: a\rb\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_BARE_CR},
    {"a bare CR ending the request line", false, "GET / HTTP/1.1\rX", 0, 400,
     MIRAGE_HTTP_E_BARE_CR},
    {"a bare CR ending the head", false, RQ "\rX", 0, 400,
     MIRAGE_HTTP_E_BARE_CR},
    {"CR CR LF", false, RQ "X: y\r\r\n\r\n", 0, 400, MIRAGE_HTTP_E_BARE_CR},
    {"a bare CR ending a chunk size", false, CH "5\rhello", 0, 400,
     MIRAGE_HTTP_E_BARE_CR},

    /* folding and whitespace */
    {"obs-fold (a SP continuation line)", false, RQ "X: a\r\n b\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_OBS_FOLD},
    {"obs-fold (an HTAB continuation line)", false, RQ "X: a\r\n\tb\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_OBS_FOLD},
    {"whitespace before the first field", false,
     "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 0, 400, MIRAGE_HTTP_E_OBS_FOLD},
    {"whitespace before a colon", false, RQ "X : y\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_SPACE_BEFORE_COLON},
    {"a field line without a colon", false, RQ "X y\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_SPACE_BEFORE_COLON},
    {"a field line of a name only", false, RQ "Xy\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},
    {"an empty field name", false, RQ ": y\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},

    /* bytes not allowed */
    {"a NUL in a field value", false, RQ "X: a\0b\r\n\r\n",
     sizeof(RQ "X: a\0b\r\n\r\n") - 1, 400, MIRAGE_HTTP_E_FIELD_VALUE},
    {"a NUL in a field name", false, RQ "X\0: b\r\n\r\n",
     sizeof(RQ "X\0: b\r\n\r\n") - 1, 400, MIRAGE_HTTP_E_FIELD_NAME},
    {"a NUL in the target", false, "GET /\0 HTTP/1.1\r\n",
     sizeof("GET /\0 HTTP/1.1\r\n") - 1, 400, MIRAGE_HTTP_E_TARGET},
    {"a NUL in the method", false, "G\0T / HTTP/1.1\r\n",
     sizeof("G\0T / HTTP/1.1\r\n") - 1, 400, MIRAGE_HTTP_E_METHOD},
    {"DEL in a field value", false, RQ "X: a\x7f\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_VALUE},
    {"ESC in a field value", false, RQ "X: \x1b[1m\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_VALUE},
    {"a separator in a field name", false, RQ "X(y): z\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},
    {"a slash in a field name", false, RQ "X/y: z\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},
    {"obs-text in a field name", false, RQ "X\xe9: z\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},
    {"a separator in the method", false, "G(T / HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_METHOD},
    {"a space before the method", false, " GET / HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_METHOD},
    {"two spaces after the method", false, "GET  / HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_TARGET},
    {"obs-text in the target", false, "GET /\xe9 HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_TARGET},
    {"a tab in the target", false, "GET /a\tb HTTP/1.1\r\n", 0, 400,
     MIRAGE_HTTP_E_TARGET},
    {"no version (HTTP/0.9's form)", false, "GET /\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_START_LINE},
    {"no target", false, "GET HTTP/1.1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_START_LINE},

    /* versions */
    {"HTTP/1.2", false, "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 0, 505,
     MIRAGE_HTTP_E_VERSION_UNSUP},
    {"HTTP/2.0", false, "GET / HTTP/2.0\r\n\r\n", 0, 505,
     MIRAGE_HTTP_E_VERSION_UNSUP},
    {"HTTP/0.9", false, "GET / HTTP/0.9\r\n\r\n", 0, 505,
     MIRAGE_HTTP_E_VERSION_UNSUP},
    {"HTTP/1 (no minor)", false, "GET / HTTP/1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_VERSION},
    {"HTTP/11.1", false, "GET / HTTP/11.1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_VERSION},
    {"http/1.1 in lower case", false, "GET / http/1.1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_VERSION},
    {"a space after the version", false, "GET / HTTP/1.1 \r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_VERSION},
    {"a third word in the request line", false, "GET / x HTTP/1.1\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_VERSION},
    {"a response of HTTP/1.2", true, "HTTP/1.2 200 OK\r\n\r\n", 0, 505,
     MIRAGE_HTTP_E_VERSION_UNSUP},

    /* Host */
    {"1.1 without Host", false, "GET / HTTP/1.1\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_HOST},
    {"two Host lines", false, RQ "Host: h\r\n\r\n", 0, 400, MIRAGE_HTTP_E_HOST},
    {"two Host lines in 1.0", false,
     "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_HOST},
    {"a Host with a space", false, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_HOST},
    {"a Host with userinfo", false, "GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_HOST},
    {"a Host with a path", false, "GET / HTTP/1.1\r\nHost: h/x\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_HOST},

    /* chunked framing */
    {"a chunk size not hex", false, CH "zz\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_SIZE},
    {"a negative chunk size", false, CH "-1\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_SIZE},
    {"a chunk size with 0x", false, CH "0x5\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_SIZE},
    {"an empty chunk-size line", false, CH "\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_SIZE},
    {"a space before a chunk size", false, CH " 5\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_SIZE},
    {"a space after a chunk size, no extension", false, CH "5 \r\nhello", 0,
     400, MIRAGE_HTTP_E_CHUNK_EXT},
    {"a chunk extension without a name", false, CH "5;\r\nhello", 0, 400,
     MIRAGE_HTTP_E_CHUNK_EXT},
    {"a chunk extension '=' without a value", false, CH "5;a=\r\nhello", 0, 400,
     MIRAGE_HTTP_E_CHUNK_EXT},
    {"a chunk extension with an unterminated quote", false,
     CH "5;a=\"b\r\nhello", 0, 400, MIRAGE_HTTP_E_CHUNK_EXT},
    {"a NUL in a chunk extension", false, CH "5;a=\"\0\"\r\n",
     sizeof(CH "5;a=\"\0\"\r\n") - 1, 400, MIRAGE_HTTP_E_CHUNK_EXT},
    {"a chunk-size line over max_chunk_line", false,
     CH "5;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
     0, 400, MIRAGE_HTTP_E_CHUNK_LINE_TOO_LONG},
    {"chunk data longer than its size", false, CH "5\r\nhello!\r\n", 0, 400,
     MIRAGE_HTTP_E_CHUNK_END},
    {"chunk data shorter than its size (the next line eaten)", false,
     CH "6\r\nhello\r\n0\r\n\r\n", 0, 400, MIRAGE_HTTP_E_CHUNK_END},
    {"obs-fold in a trailer", false, CH "0\r\nT: a\r\n b\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_OBS_FOLD},
    {"a trailer without a colon", false, CH "0\r\nT\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_FIELD_NAME},

    /* responses */
    {"a status code of 99", true, "HTTP/1.1 099 Low\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_STATUS},
    {"a status code of 600", true, "HTTP/1.1 600 High\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_STATUS},
    {"a status code of four digits", true, "HTTP/1.1 2000 OK\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_STATUS},
    {"a status code of two digits", true, "HTTP/1.1 20 OK\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_STATUS},
    {"no status code", true, "HTTP/1.1\r\n\r\n", 0, 400, MIRAGE_HTTP_E_VERSION},
    {"a control byte in the reason", true, "HTTP/1.1 200 O\x01K\r\n\r\n", 0,
     400, MIRAGE_HTTP_E_REASON},
    {"a response with CL and TE", true,
     RS "Content-Length: 3\r\n" TE "chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_LENGTH_AND_CODING},
    {"a response with two Content-Lengths", true,
     RS "Content-Length: 3\r\nContent-Length: 4\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT},
    {"a 1.0 response with Transfer-Encoding", true,
     "HTTP/1.0 200 OK\r\n" TE "chunked\r\n\r\n", 0, 400,
     MIRAGE_HTTP_E_CODING_IN_HTTP10},
    {"a response with leading blank lines", true, "\r\nHTTP/1.1 200 OK\r\n", 0,
     400, MIRAGE_HTTP_E_VERSION},
};

/* Shapes near the refusals that are taken, and their body. */
static const struct {
    const char *what;
    const char *in;
    const char *body; /* the dump's body line, or NULL for none */
} accepted[] = {
    {"Content-Length: 5, 5 (a list of equal values)",
     PQ "Content-Length: 5, 5\r\n\r\nhello", "body hello\n"},
    {"two equal Content-Length lines",
     PQ "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "body hello\n"},
    {"Content-Length with leading zeros", PQ "Content-Length: 005\r\n\r\nhello",
     "body hello\n"},
    {"Transfer-Encoding: Chunked (any case)",
     PQ TE "Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "body hello\n"},
    {"Transfer-Encoding with OWS and an empty element",
     PQ TE " , chunked \t\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "body hello\n"},
    {"an empty Host in 1.1", "GET / HTTP/1.1\r\nHost:\r\n\r\n", NULL},
    {"an IPv6 Host with a port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
     NULL},
};

/* The dump of (len) bytes at (in), whole or a byte at a time. */
static char *dump_of(const char *in, size_t len, bool response, bool bytes,
                     const struct mirage_http_limits *lim)
{
    static const size_t one = 1;
    struct http_run_opts o = {.response = response, .eof = true, .lim = lim};
    struct http_dump d = {0};

    if (bytes) {
        o.cuts = &one;
        o.ncuts = 1;
    }
    dump_add(&d, "%s", "");
    http_run(in, len, &o, &d);
    return d.s;
}

/* Checks case (i): its verdict, the same whole and a byte at a time. */
static void check_case(size_t i, const struct mirage_http_limits *lim)
{
    size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
    char *whole = dump_of(cases[i].in, len, cases[i].response, false, lim);
    char *bytes = dump_of(cases[i].in, len, cases[i].response, true, lim);
    char want[160];
    const char *err = strstr(whole, "error ");

    snprintf(want, sizeof want, "error %d (%s) at ", cases[i].status,
             mirage_http_error_name(cases[i].error));
    TAP_OK(err && strncmp(err, want, strlen(want)) == 0 &&
               strcmp(whole, bytes) == 0,
           "%s: %d (%s)", cases[i].what, cases[i].status,
           mirage_http_error_name(cases[i].error));
    if (!err || strncmp(err, want, strlen(want)) != 0 ||
        strcmp(whole, bytes) != 0)
        TAP_DIAG("whole:\n%s\nbyte at a time:\n%s", whole, bytes);
    free(whole);
    free(bytes);
}

int main(void)
{
    struct mirage_http_limits lim;
    static char big[4096];
    char *d;

    tap_alarm(60);
    mirage_http_limits_default(&lim);
    lim.max_chunk_line = 256;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(i, &lim);

    mirage_http_limits_default(&lim);
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        const char *in = accepted[i].in;
        char *whole = dump_of(in, strlen(in), false, false, &lim);
        char *bytes = dump_of(in, strlen(in), false, true, &lim);
        char want[64];

        snprintf(want, sizeof want, "done at %zu\n", strlen(in));
        TAP_OK(strstr(whole, want) && strcmp(whole, bytes) == 0 &&
                   (accepted[i].body ? strstr(whole, accepted[i].body) != NULL
                                     : strstr(whole, "body ") == NULL),
               "taken: %s", accepted[i].what);
        free(whole);
        free(bytes);
    }

    /* chunks adding up over max_body: each fits, the sum does not */
    lim.max_body = 10;
    d = dump_of(CH "6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n",
                strlen(CH "6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n"), false,
                false, &lim);
    TAP_OK(strstr(d, "body abcdef\nerror 413 (body too large) at 70\n") != NULL,
           "chunks of 6 and 5 bytes over max_body 10: the first, then 413 "
           "at the second's size line");
    if (!strstr(d, "error 413"))
        TAP_DIAG("%s", d);
    free(d);

    /* trailers over max_trailer */
    mirage_http_limits_default(&lim);
    lim.max_trailer = 20;
    d = dump_of(CH "0\r\nT: 0123456789abcdef\r\n\r\n",
                strlen(CH "0\r\nT: 0123456789abcdef\r\n\r\n"), false, true,
                &lim);
    TAP_OK(strstr(d, "error 431 (trailer section too large) at 80\n") != NULL,
           "a trailer section over max_trailer: 431 at its 21st byte");
    if (!strstr(d, "error 431"))
        TAP_DIAG("%s", d);
    free(d);
    lim.keep_trailers = true;
    lim.max_fields = 3; /* two header fields, one trailer */
    d = dump_of(CH "0\r\nA: 1\r\nB: 2\r\n\r\n",
                strlen(CH "0\r\nA: 1\r\nB: 2\r\n\r\n"), false, false, &lim);
    TAP_OK(strstr(d, "error 431 (too many fields) at 66\n") != NULL,
           "kept trailers count against max_fields with the header fields");
    free(d);

    /* a long field line: 431, not 414 (that is the request line's) */
    mirage_http_limits_default(&lim);
    memcpy(big, RQ "X: ", strlen(RQ "X: "));
    memset(big + strlen(RQ "X: "), 'v', sizeof big - strlen(RQ "X: ") - 1);
    lim.max_head = 1000;
    d = dump_of(big, strlen(big), false, false, &lim);
    TAP_OK(strstr(d, "error 431 (header section too large) at 1017\n") != NULL,
           "a field line over max_head: 431");
    free(d);
    /* a long target: 414 */
    memcpy(big, "GET /", 5);
    memset(big + 5, 'a', sizeof big - 6);
    lim.max_line = 2000;
    d = dump_of(big, strlen(big), false, false, &lim);
    TAP_OK(strstr(d, "error 414 (start line too long) at 2001\n") != NULL,
           "a target longer than max_line: 414");
    free(d);
    return tap_done();
}
