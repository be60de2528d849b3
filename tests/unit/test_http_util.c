/* SPDX-License-Identifier: ISC */
/* test_http_util.c: HTTP dates, ranges, ETags, MIME types, paths, reasons. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mirage/http.h>

#include "tap.h"

/* The IMF-fixdate of (t), or the error as text. */
static const char *date(int64_t t)
{
    static char s[MIRAGE_HTTP_DATE_LEN + 1];
    int rc = mirage_http_date_format(t, s);

    if (rc != MIRAGE_HTTP_DATE_LEN)
        snprintf(s, sizeof s, "error %d", rc);
    return s;
}

/* The Unix time of the HTTP-date (s) (now: 2023-11-14), or a sentinel. */
static int64_t parse(const char *s)
{
    int64_t t = -42;

    if (mirage_http_date_parse(s, s ? strlen(s) : 0, 1700000000, &t) != 0)
        return INT64_MIN;
    return t;
}

static void test_dates(void)
{
    static const char *const bad[] = {
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        " Sun, 06 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 19a4 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 UTC",
        "Sundae, 06-Nov-94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 1994 ",
        "Sun Nov 32 08:49:37 1994",
        "Sun Nov 06 08:49:37 19944",
        "",
    };
    int64_t t;
    size_t nbad = 0;

    TAP_STREQ(date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT",
              "format: RFC 9110's example");
    TAP_STREQ(date(0), "Thu, 01 Jan 1970 00:00:00 GMT", "format: the epoch");
    TAP_STREQ(date(-1), "Wed, 31 Dec 1969 23:59:59 GMT",
              "format: a second before");
    TAP_STREQ(date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT",
              "format: 29 February 2000");
    TAP_STREQ(date(253402300799LL), "Fri, 31 Dec 9999 23:59:59 GMT",
              "format: the last second of 9999");
    TAP_STREQ(date(-62135596800LL), "Mon, 01 Jan 0001 00:00:00 GMT",
              "format: the first second of year 1");
    TAP_STREQ(date(253402300800LL), "error -34", "format: 10000: -ERANGE");
    TAP_STREQ(date(-62135596801LL), "error -34", "format: year 0: -ERANGE");

    TAP_OK(parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777,
           "parse: IMF-fixdate");
    TAP_OK(parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777,
           "parse: RFC 850");
    TAP_OK(parse("Sun Nov  6 08:49:37 1994") == 784111777 &&
               parse("Sun Nov 06 08:49:37 1994") == 784111777,
           "parse: asctime, the day as \" 6\" or \"06\"");
    TAP_OK(parse("Sunday, 01-Jan-73 00:00:00 GMT") == 3250454400LL &&
               parse("Tuesday, 01-Jan-74 00:00:00 GMT") == 126230400,
           "parse: RFC 850's 73 is 2073 (50 years after 2023), 74 is 1974");
    TAP_OK(parse("Mon, 06 Nov 1994 08:49:37 GMT") == 784111777,
           "parse: the day name is not checked against the date");
    TAP_OK(parse("Thu, 31 Dec 1998 23:59:60 GMT") ==
               parse("Thu, 31 Dec 1998 23:59:59 GMT"),
           "parse: second 60 (a leap second) is 59");
    TAP_OK(parse("Tue, 29 Feb 2000 00:00:00 GMT") == 951782400,
           "parse: 29 February of a leap year");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i]) != INT64_MIN) {
            nbad++;
            TAP_DIAG("taken: \"%s\"", bad[i]);
        }
    TAP_OK(nbad == 0, "parse: %zu malformed dates refused",
           sizeof bad / sizeof bad[0]);
    TAP_OK(mirage_http_date_parse(NULL, 29, 0, &t) == -EINVAL,
           "parse: NULL refused");

    /* every 1,000,003rd second of years 1 to 9999 reads back; 1900 to
     * 2100 agree with the C library's gmtime */
    {
        size_t wrong = 0, libc = 0, n = 0;

        for (int64_t s = -62135596800LL; s < 253402300800LL;
             s += 1000003 * 97) {
            char d[MIRAGE_HTTP_DATE_LEN + 1], want[64];

            n++;
            if (mirage_http_date_format(s, d) != MIRAGE_HTTP_DATE_LEN ||
                mirage_http_date_parse(d, MIRAGE_HTTP_DATE_LEN, 0, &t) != 0 ||
                t != s)
                wrong++;
            if (s >= -2208988800LL && s < 4102444800LL) {
                time_t tt = (time_t)s;
                struct tm tm;

                gmtime_r(&tt, &tm);
                strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S GMT", &tm);
                if (strcmp(want, d) != 0)
                    libc++;
            }
        }
        TAP_OK(wrong == 0, "%zu dates across years 1 to 9999 read back", n);
        TAP_OK(libc == 0, "and agree with gmtime from 1900 to 2100");
    }
}

/* The range decision on (value) for (size), as text. */
static const char *range(const char *value, uint64_t size)
{
    static char s[80];
    uint64_t a = 7, b = 7;
    enum mirage_http_range r =
        mirage_http_range_parse(value, value ? strlen(value) : 0, size, &a, &b);

    if (r == MIRAGE_HTTP_RANGE_PARTIAL)
        snprintf(s, sizeof s, "206 %llu-%llu", (unsigned long long)a,
                 (unsigned long long)b);
    else
        snprintf(s, sizeof s, "%s",
                 r == MIRAGE_HTTP_RANGE_WHOLE ? "200" : "416");
    return s;
}

static void test_ranges(void)
{
    static const struct {
        const char *value;
        uint64_t size;
        const char *want;
    } cases[] = {
        {"bytes=0-499", 1000, "206 0-499"},
        {"bytes=500-", 1000, "206 500-999"},
        {"bytes=-200", 1000, "206 800-999"},
        {"bytes=-2000", 1000, "206 0-999"},
        {"bytes=900-2000", 1000, "206 900-999"},
        {"bytes=999-999", 1000, "206 999-999"},
        {"Bytes=0-0", 1000, "206 0-0"},
        {"bytes= 0-1 ", 1000, "206 0-1"},
        {"bytes=0-99999999999999999999999", 1000, "206 0-999"},
        {"bytes=-99999999999999999999999", 1000, "206 0-999"},
        {"bytes=1000-", 1000, "416"},
        {"bytes=1000-1001", 1000, "416"},
        {"bytes=-0", 1000, "416"},
        {"bytes=99999999999999999999999-", 1000, "416"},
        {"bytes=2000-3000, 5000-", 1000, "416"},
        {"bytes=0-", 0, "416"},
        {"bytes=-5", 0, "200"},
        {"bytes=0-1,5-6", 1000, "200"},
        {"bytes=0-1, 2000-", 1000, "200"},
        {"bytes=5-4", 1000, "200"},
        {"bytes=abc", 1000, "200"},
        {"bytes=", 1000, "200"},
        {"bytes=-", 1000, "200"},
        {"bytes=1-2-3", 1000, "200"},
        {"bytes=+1-2", 1000, "200"},
        {"bytes=0-1, x", 1000, "200"},
        {"bytes = 0-1", 1000, "200"},
        {"items=0-1", 1000, "200"},
        {"bytes", 1000, "200"},
        {NULL, 1000, "200"},
    };
    char out[80];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        TAP_STREQ(range(cases[i].value, cases[i].size), cases[i].want,
                  "Range: %s of %llu bytes: %s",
                  cases[i].value ? cases[i].value : "(none)",
                  (unsigned long long)cases[i].size, cases[i].want);
    TAP_OK(mirage_http_content_range(out, sizeof out, MIRAGE_HTTP_RANGE_PARTIAL,
                                     0, 499, 1000) == 16 &&
               strcmp(out, "bytes 0-499/1000") == 0,
           "Content-Range of 206");
    TAP_OK(mirage_http_content_range(out, sizeof out,
                                     MIRAGE_HTTP_RANGE_UNSATISFIABLE, 0, 0,
                                     1000) == 12 &&
               strcmp(out, "bytes */1000") == 0,
           "Content-Range of 416");
    TAP_OK(mirage_http_content_range(out, 12, MIRAGE_HTTP_RANGE_UNSATISFIABLE,
                                     0, 0, 1000) == -ENOSPC &&
               mirage_http_content_range(
                   out, 13, MIRAGE_HTTP_RANGE_UNSATISFIABLE, 0, 0, 1000) == 12,
           "Content-Range: -ENOSPC without room for the NUL");
    TAP_OK(mirage_http_content_range(out, sizeof out, MIRAGE_HTTP_RANGE_WHOLE,
                                     0, 0, 1) == -EINVAL &&
               mirage_http_content_range(out, sizeof out,
                                         MIRAGE_HTTP_RANGE_PARTIAL, 5, 4,
                                         10) == -EINVAL &&
               mirage_http_content_range(out, sizeof out,
                                         MIRAGE_HTTP_RANGE_PARTIAL, 0, 10,
                                         10) == -EINVAL,
           "Content-Range: -EINVAL for 200, a reversed range, one past the "
           "end");
}

static void test_mime(void)
{
    static const struct {
        const char *path, *type;
    } cases[] = {
        {"/index.html", "text/html; charset=utf-8"},
        {"/A/B.CSS", "text/css; charset=utf-8"},
        {"app.js", "text/javascript; charset=utf-8"},
        {"d.json", "application/json"},
        {"r.txt", "text/plain; charset=utf-8"},
        {"i.png", "image/png"},
        {"i.jpg", "image/jpeg"},
        {"i.JPEG", "image/jpeg"},
        {"i.gif", "image/gif"},
        {"i.svg", "image/svg+xml"},
        {"/favicon.ico", "image/vnd.microsoft.icon"},
        {"m.wasm", "application/wasm"},
        {"d.pdf", "application/pdf"},
        {"f.xml", "application/xml"},
        {"f.woff2", "font/woff2"},
        {"f.woff", "font/woff"},
        {"a.tar.gz", "application/gzip"},
        {"/README", "application/octet-stream"},
        {"/dir.d/file", "application/octet-stream"},
        {"/.htaccess", "application/octet-stream"},
        {".html", "application/octet-stream"},
        {"a.", "application/octet-stream"},
        {"a.unknown", "application/octet-stream"},
        {"", "application/octet-stream"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        TAP_STREQ(mirage_http_mime_type(cases[i].path, strlen(cases[i].path)),
                  cases[i].type, "MIME type of \"%s\"", cases[i].path);
}

static void test_etags(void)
{
    static const char tag[] = "\"4d2-deadbeef\"";
    static const struct {
        const char *list;
        int want;
    } cases[] = {
        {"\"4d2-deadbeef\"", 1},
        {"W/\"4d2-deadbeef\"", 1},
        {"*", 1},
        {" * ", 1},
        {"\"x\", \"4d2-deadbeef\"", 1},
        {"\"x\",W/\"4d2-deadbeef\" ,", 1},
        {"\"x\",\"y\"", 0},
        {"\"4D2-DEADBEEF\"", 0},
        {"", 0},
        {", ,", 0},
        {"\"x", -EINVAL},
        {"x", -EINVAL},
        {"\"x\" \"y\"", -EINVAL},
        {"*, \"x\"", -EINVAL},
        {"w/\"4d2-deadbeef\"", -EINVAL},
        {"\"a b\"", -EINVAL},
    };
    char e[MIRAGE_HTTP_ETAG_MAX];

    TAP_OK(mirage_http_etag(e, 1234, 0xdeadbeef) == 14 && strcmp(e, tag) == 0,
           "etag(1234, 0xdeadbeef)");
    TAP_OK(mirage_http_etag(e, 0, 0) == 5 && strcmp(e, "\"0-0\"") == 0,
           "etag(0, 0)");
    TAP_OK(mirage_http_etag(e, UINT64_MAX, UINT64_MAX) ==
                   MIRAGE_HTTP_ETAG_MAX - 1 &&
               strlen(e) == MIRAGE_HTTP_ETAG_MAX - 1,
           "the longest etag fits MIRAGE_HTTP_ETAG_MAX with its NUL");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        TAP_OK(mirage_http_etag_match(cases[i].list, strlen(cases[i].list), tag,
                                      strlen(tag)) == cases[i].want,
               "If-None-Match: %s -> %d", cases[i].list, cases[i].want);
    TAP_OK(mirage_http_etag_match("\"4d2-deadbeef\"", 14, "W/\"4d2-deadbeef\"",
                                  16) == 1,
           "a weak etag of ours matches by weak comparison");
    TAP_OK(mirage_http_etag_match("\"x\"", 3, "4d2", 3) == -EINVAL,
           "a malformed etag of ours: -EINVAL");
}

static void test_not_modified(void)
{
    struct mirage_http_field f[3];
    struct mirage_http_message m = {.method_id = MIRAGE_HTTP_GET, .fields = f};
    static const char tag[] = "\"1-2\"";
    const int64_t mtime = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */

#define FIELD(i, n, v)                                                         \
    (f[i].name.ptr = (n), f[i].name.len = strlen(n), f[i].value.ptr = (v),     \
     f[i].value.len = strlen(v))

    FIELD(0, "If-None-Match", "\"1-2\"");
    m.nfields = 1;
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 1,
           "If-None-Match matching: 304");
    FIELD(0, "If-None-Match", "\"1-3\"");
    FIELD(1, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
    m.nfields = 2;
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 0,
           "If-None-Match not matching wins over If-Modified-Since");
    FIELD(0, "If-None-Match", "\"1-3");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 1,
           "a malformed If-None-Match is ignored: If-Modified-Since decides");
    FIELD(0, "X", "y");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 1,
           "If-Modified-Since at the modification time: 304");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime + 1) == 0,
           "modified a second later: 200");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, -1) == 0,
           "no modification time known: 200");
    FIELD(1, "If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 1,
           "If-Modified-Since in RFC 850 form");
    FIELD(1, "If-Modified-Since", "yesterday");
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 0,
           "an invalid date is ignored");
    FIELD(1, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
    FIELD(2, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
    m.nfields = 3;
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 0,
           "two If-Modified-Since lines are ignored");
    m.nfields = 2;
    m.method_id = MIRAGE_HTTP_POST;
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 0,
           "never for a POST");
    m.method_id = MIRAGE_HTTP_HEAD;
    TAP_OK(mirage_http_not_modified(&m, tag, 5, mtime) == 1, "HEAD as GET");
    FIELD(0, "if-none-match", "*");
    FIELD(1, "If-None-Match", "\"x\"");
    TAP_OK(mirage_http_not_modified(&m, NULL, 0, -1) == 1,
           "If-None-Match: * (on any of its lines) for a representation "
           "without etag");
#undef FIELD
}

/* The normalised (path), or the error as text. */
static const char *norm(const char *path, size_t cap)
{
    static char out[256];
    char buf[256];
    int n = mirage_http_path_normalize(path, strlen(path), buf, cap);

    if (n < 0)
        snprintf(out, sizeof out, "error %d", n);
    else
        snprintf(out, sizeof out, "%.*s", n, buf);
    return out;
}

static void test_paths(void)
{
    static const struct {
        const char *path, *want;
    } cases[] = {
        {"/", "/"},
        {"/a/b", "/a/b"},
        {"/a/b/", "/a/b/"},
        {"//a///b", "/a/b"},
        {"/a/./b", "/a/b"},
        {"/a/../b", "/b"},
        {"/a/b/..", "/a/"},
        {"/a/.", "/a/"},
        {"/a/b/../../", "/"},
        {"/./", "/"},
        {"/...", "/..."},
        {"/.hidden/..x/x..", "/.hidden/..x/x.."},
        {"/a%2Fb", "/a/b"},
        {"/caf%C3%A9", "/caf\xc3\xa9"},
        {"/a%20b%25", "/a b%"},
        {"/..", "error -22"},
        {"/a/../..", "error -22"},
        {"/../etc/passwd", "error -22"},
        {"/a/b/../../../etc", "error -22"},
        {"/%2e%2e/etc/passwd", "error -22"},
        {"/a/%2E%2e/%2e%2E/x", "error -22"},
        {"/a%2f..%2f..%2fetc", "error -22"},
        {"/.%2e/x", "error -22"},
        {"/a%00b", "error -22"},
        {"/a%5cb", "error -22"},
        {"/a\\b", "error -22"},
        {"/..\\..\\x", "error -22"},
        {"/a%0ab", "error -22"},
        {"/a%7f", "error -22"},
        {"/a b", "error -22"},
        {"/a\xc3\xa9", "error -22"},
        {"/a%", "error -22"},
        {"/a%4", "error -22"},
        {"/a%zz", "error -22"},
        {"a/b", "error -22"},
        {"", "error -22"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        TAP_STREQ(norm(cases[i].path, 256), cases[i].want, "normalize \"%s\"",
                  cases[i].path);
    TAP_STREQ(norm("/abc/def", 8), "/abc/def", "cap of the result: enough");
    TAP_STREQ(norm("/abc/def", 7), "error -28", "one less: -ENOSPC");
    TAP_STREQ(norm("/abc/x/../", 10), "/abc/",
              "a cap of the input's length is always enough");
    TAP_STREQ(norm("/", 0), "error -28", "cap 0: -ENOSPC");
}

static void test_targets(void)
{
    struct mirage_http_target t;
    struct mirage_http_slice q, n, v;
    char out[64], got[128] = "";
    int rc;

#define SL(s) (int)(s).len, (s).ptr
    TAP_OK(mirage_http_target_split("/a/b?x=1&y", 10, &t) == 0 &&
               t.path.len == 4 && memcmp(t.path.ptr, "/a/b", 4) == 0 &&
               t.query.len == 5 && memcmp(t.query.ptr, "x=1&y", 5) == 0 &&
               t.has_query && t.authority.len == 0,
           "origin-form with a query");
    TAP_OK(mirage_http_target_split("/a?", 3, &t) == 0 && t.has_query &&
               t.query.len == 0 && t.path.len == 2,
           "an empty query");
    TAP_OK(mirage_http_target_split("/a", 2, &t) == 0 && !t.has_query &&
               t.query.len == 0,
           "no query");
    TAP_OK(mirage_http_target_split("*", 1, &t) == 0 && t.path.len == 1 &&
               t.path.ptr[0] == '*',
           "asterisk-form");
    rc = mirage_http_target_split("http://Example.org:80/p?q", 25, &t);
    snprintf(got, sizeof got, "%d %.*s|%.*s|%.*s", rc, SL(t.authority),
             SL(t.path), SL(t.query));
    TAP_STREQ(got, "0 Example.org:80|/p|q", "absolute-form");
    rc = mirage_http_target_split("HTTPS://h", 9, &t);
    snprintf(got, sizeof got, "%d %.*s|%.*s|%.*s", rc, SL(t.authority),
             SL(t.path), SL(t.query));
    TAP_STREQ(got, "0 h|/|", "absolute-form without a path: /");
    rc = mirage_http_target_split("http://h?q", 10, &t);
    snprintf(got, sizeof got, "%d %.*s|%.*s|%.*s", rc, SL(t.authority),
             SL(t.path), SL(t.query));
    TAP_STREQ(got, "0 h|/|q", "absolute-form with a query, no path");
    rc = mirage_http_target_split("example.org:443", 15, &t);
    snprintf(got, sizeof got, "%d %.*s|%.*s", rc, SL(t.authority), SL(t.path));
    TAP_STREQ(got, "0 example.org:443|", "authority-form");
    TAP_OK(mirage_http_target_split("http://", 7, &t) == -EINVAL &&
               mirage_http_target_split("http:///p", 9, &t) == -EINVAL &&
               mirage_http_target_split("http://u@h/", 11, &t) == -EINVAL &&
               mirage_http_target_split("/a#f", 4, &t) == -EINVAL &&
               mirage_http_target_split("a/b", 3, &t) == -EINVAL &&
               mirage_http_target_split("", 0, &t) == -EINVAL &&
               mirage_http_target_split("/a b", 4, &t) == -EINVAL &&
               mirage_http_target_split("ftp://h/", 8, &t) == -EINVAL,
           "refused: no authority, userinfo, a fragment, a relative path, "
           "empty, a space, another scheme");

    rc = mirage_http_percent_decode("a%20b+c%2B", 10, out, sizeof out, true);
    TAP_OK(rc == 6 && memcmp(out, "a b c+", 6) == 0,
           "percent_decode of a form: '+' is a space, %%2B a plus");
    rc = mirage_http_percent_decode("a%20b+c", 7, out, sizeof out, false);
    TAP_OK(rc == 5 && memcmp(out, "a b+c", 5) == 0,
           "percent_decode of a path: '+' stays");
    TAP_OK(mirage_http_percent_decode("%", 1, out, sizeof out, false) ==
                   -EINVAL &&
               mirage_http_percent_decode("%4", 2, out, sizeof out, false) ==
                   -EINVAL &&
               mirage_http_percent_decode("%g0", 3, out, sizeof out, false) ==
                   -EINVAL &&
               mirage_http_percent_decode("abc", 3, out, 2, false) == -ENOSPC,
           "percent_decode refuses a malformed %% and -ENOSPC");

    q.ptr = "a=1&&b=&c&=d&";
    q.len = strlen(q.ptr);
    got[0] = '\0';
    while (mirage_http_query_next(&q, &n, &v)) {
        char pair[32];

        snprintf(pair, sizeof pair, "[%.*s|%.*s]", SL(n), SL(v));
        strcat(got, pair);
    }
    TAP_STREQ(got, "[a|1][b|][c|][|d]",
              "query_next: pairs, empty ones skipped, a name without '='");
#undef SL
}

static void test_reasons(void)
{
    TAP_OK(strcmp(mirage_http_reason(200), "OK") == 0 &&
               strcmp(mirage_http_reason(100), "Continue") == 0 &&
               strcmp(mirage_http_reason(413), "Content Too Large") == 0 &&
               strcmp(mirage_http_reason(511),
                      "Network Authentication Required") == 0 &&
               mirage_http_reason(418) == NULL &&
               mirage_http_reason(999) == NULL &&
               mirage_http_reason(-1) == NULL,
           "reason phrases, and none for codes RFC 9110 does not define");
}

int main(void)
{
    tap_alarm(60);
    test_dates();
    test_ranges();
    test_mime();
    test_etags();
    test_not_modified();
    test_paths();
    test_targets();
    test_reasons();
    return tap_done();
}
