/* SPDX-License-Identifier: ISC */
/* test_http_static.c: the static file handler (mirage_http_static) over
   a crunched store, served over the socket stack. */
#include "http_net.h"

#include "runtime_capture.h"

/* --- the store: crunched files, seen through a wrapper that counts ------ */

static unsigned char big[20000];
static const unsigned char index_html[] = "<h1>root</h1>\n";
static const unsigned char dir_index[] = "<h1>dir</h1>\n";
static const unsigned char a_txt[] = "the file a\n";
static const unsigned char css[] = "p { color: red }\n";
static const unsigned char nofile[] = "no index here\n";
static const unsigned char secret[] = "x";

/* Sorted by key, bytewise. a.txt has a time (2020-09-13 12:26:40 UTC). */
static const struct mirage_kv_crunch_file files[] = {
    {"a.txt", a_txt, sizeof(a_txt) - 1, INT64_C(1600000000) * 1000000000, NULL},
    {"big.bin", big, sizeof(big), 0, NULL},
    {"broken.txt", secret, 1, 0, NULL},
    {"dir/index.html", dir_index, sizeof(dir_index) - 1, 0, NULL},
    {"dir/sub/x.css", css, sizeof(css) - 1, 0, NULL},
    {"empty.txt", index_html, 0, 0, NULL},
    {"forbidden.txt", secret, 1, 0, NULL},
    {"index.html", index_html, sizeof(index_html) - 1, 0, NULL},
    {"noindex/file.txt", nofile, sizeof(nofile) - 1, 0, NULL},
};
static const struct mirage_kv_crunch crunch = {sizeof(files) / sizeof(files[0]),
                                               files};

static struct mirage_kv_ro *inner;
static unsigned digests; /* digest calls that reached the store */
static size_t stack_depth;

/* broken.txt fails -EIO, forbidden.txt -EACCES; the rest is crunch's. */
static int failing(const char *key)
{
    if (strcmp(key, "broken.txt") == 0)
        return -EIO;
    if (strcmp(key, "forbidden.txt") == 0)
        return -EACCES;
    return 0;
}

static int w_exists(struct mirage_kv_ro *d, const char *key)
{
    (void)d;
    return failing(key) ? failing(key) : mirage_kv_ro_exists(inner, key);
}

static int w_get(struct mirage_kv_ro *d, const char *key, void *buf, size_t cap,
                 size_t *len)
{
    (void)d;
    return mirage_kv_ro_get(inner, key, buf, cap, len);
}

static int w_get_partial(struct mirage_kv_ro *d, const char *key,
                         uint64_t offset, size_t length, void *buf, size_t *len)
{
    (void)d;
    measure_stack(&stack_depth);
    return mirage_kv_ro_get_partial(inner, key, offset, length, buf, len);
}

static int w_size(struct mirage_kv_ro *d, const char *key, uint64_t *size)
{
    (void)d;
    return mirage_kv_ro_size(inner, key, size);
}

static int w_list(struct mirage_kv_ro *d, const char *key, mirage_kv_list_fn fn,
                  void *ctx)
{
    (void)d;
    return mirage_kv_ro_list(inner, key, fn, ctx);
}

static int w_last_modified(struct mirage_kv_ro *d, const char *key, int64_t *ns)
{
    (void)d;
    return mirage_kv_ro_last_modified(inner, key, ns);
}

static int w_digest(struct mirage_kv_ro *d, const char *key,
                    uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    (void)d;
    digests++;
    return mirage_kv_ro_digest(inner, key, out);
}

/* peek: -ENOTSUP (as a store that copies, `direct`) until (peek_on), then
   the crunched store's own (counted in (peeks)) */
static bool peek_on;
static unsigned peeks;

static int w_peek(struct mirage_kv_ro *d, const char *key, const void **data,
                  size_t *size)
{
    (void)d;
    if (!peek_on)
        return -ENOTSUP;
    peeks++;
    return mirage_kv_ro_peek(inner, key, data, size);
}

static const struct mirage_kv_ro_ops wrapper_ops = {
    .peek = w_peek,
    .exists = w_exists,
    .get = w_get,
    .get_partial = w_get_partial,
    .size = w_size,
    .list = w_list,
    .last_modified = w_last_modified,
    .digest = w_digest,
};
static struct mirage_kv_ro store = {&wrapper_ops, NULL, "files"};

/* --- requests ------------------------------------------------------------ */

static struct test_server ts;
static struct raw_reader rr;
static struct raw_response r;
static struct mirage_tcp_flow *flow;

/* Sends (req) on the kept connection (opened again when the server closed
 * it) and reads the answer into (r). 1 or an error. */
static int ask(const char *req, enum mirage_http_method m)
{
    int rc;

    if (!flow) {
        flow = raw_open(ts.port);
        raw_reader_init(&rr, flow);
    }
    rc = raw_send(flow, req);
    rc = rc == 0 ? raw_response(&rr, m, &r, TIMEOUT) : rc;
    if (rc != 1 || !r.keep_alive) {
        mirage_tcp_close(flow);
        flow = NULL;
    }
    return rc;
}

/* GET (target) with the extra field lines (more, "" for none). */
static int get(const char *target, const char *more)
{
    char req[1024];

    snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: t\r\n%s\r\n", target,
             more);
    return ask(req, MIRAGE_HTTP_GET);
}

/* The value of field (name) in the last answer ("" when absent). */
static const char *field(const char *name)
{
    static char v[256];
    size_t n = strlen(name);

    v[0] = 0;
    for (const char *p = r.head; *p; p = strchr(p, '\n') + 1) {
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            const char *e = strchr(p, '\n');

            snprintf(v, sizeof(v), "%.*s", (int)(e - p - n - 2), p + n + 2);
            break;
        }
        if (!strchr(p, '\n'))
            break;
    }
    return v;
}

static bool body_is(const void *want, size_t len)
{
    return r.body_len == len && memcmp(r.body, want, len) == 0;
}

static void case_files(void)
{
    char etag[64], more[256];
    int rc;

    rc = get("/index.html", "");
    TAP_OK(rc == 1 && r.status == 200 &&
               body_is(index_html, sizeof(index_html) - 1),
           "GET /index.html: 200 and the file (%d, %d)", rc, r.status);
    TAP_STREQ(field("Content-Type"), "text/html; charset=utf-8",
              "its Content-Type by extension");
    TAP_OK(field("ETag")[0] == '"' && strlen(field("ETag")) > 4,
           "a strong ETag (%s)", field("ETag"));
    TAP_STREQ(field("Last-Modified"), "",
              "no Last-Modified: the store has no time for it");
    TAP_STREQ(field("Accept-Ranges"), "bytes", "Accept-Ranges: bytes");
    get("/", "");
    TAP_OK(r.status == 200 && body_is(index_html, sizeof(index_html) - 1),
           "GET /: the index file");
    get("/dir/", "");
    TAP_OK(r.status == 200 && body_is(dir_index, sizeof(dir_index) - 1),
           "GET /dir/: its index file");
    get("/dir", "");
    TAP_OK(r.status == 301 && strcmp(field("Location"), "/dir/") == 0,
           "GET /dir: 301 to /dir/ (%d, %s)", r.status, field("Location"));
    get("/dir?x=1&y", "");
    TAP_STREQ(field("Location"), "/dir/?x=1&y", "the query goes along");
    get("/dir/sub/x.css", "");
    TAP_OK(r.status == 200 && body_is(css, sizeof(css) - 1) &&
               strcmp(field("Content-Type"), "text/css; charset=utf-8") == 0,
           "a file two folders down, text/css");
    get("/noindex/", "");
    TAP_OK(r.status == 404, "a folder without index.html: 404");
    get("/missing.txt", "");
    TAP_OK(r.status == 404, "a missing file: 404");
    get("/a.txt/", "");
    TAP_OK(r.status == 404, "a file asked as a folder: 404");
    get("/broken.txt", "");
    TAP_OK(r.status == 500, "a store that fails -EIO: 500");
    get("/forbidden.txt", "");
    TAP_OK(r.status == 403, "a store that refuses -EACCES: 403");
    get("/empty.txt", "");
    TAP_OK(r.status == 200 && r.body_len == 0 &&
               strcmp(field("Content-Length"), "0") == 0,
           "an empty file: 200, Content-Length 0");

    /* times and conditional requests */
    get("/a.txt", "");
    TAP_STREQ(field("Last-Modified"), "Sun, 13 Sep 2020 12:26:40 GMT",
              "Last-Modified when the store knows the time");
    snprintf(etag, sizeof(etag), "%s", field("ETag"));
    get("/a.txt", "If-Modified-Since: Sun, 13 Sep 2020 12:26:40 GMT\r\n");
    TAP_OK(r.status == 304 && r.body_len == 0 &&
               strcmp(field("ETag"), etag) == 0 &&
               strcmp(field("Content-Length"), "") == 0,
           "If-Modified-Since that time: 304 with the ETag, no body, no "
           "Content-Length");
    get("/a.txt", "If-Modified-Since: Sun, 13 Sep 2020 12:26:39 GMT\r\n");
    TAP_OK(r.status == 200, "If-Modified-Since a second before: 200");
    snprintf(more, sizeof(more), "If-None-Match: \"x\", %s\r\n", etag);
    get("/a.txt", more);
    TAP_OK(r.status == 304, "If-None-Match listing its ETag: 304");
    snprintf(more, sizeof(more),
             "If-None-Match: \"x\"\r\nIf-Modified-Since: Sun, 13 Sep 2020 "
             "12:26:40 GMT\r\n");
    get("/a.txt", more);
    TAP_OK(r.status == 200,
           "If-None-Match without it wins over If-Modified-Since: 200");
    get("/index.html", "If-None-Match: *\r\n");
    TAP_OK(r.status == 304, "If-None-Match: *: 304");
    ask("HEAD /a.txt HTTP/1.1\r\nHost: t\r\n\r\n", MIRAGE_HTTP_HEAD);
    TAP_OK(r.status == 200 && r.body_len == 0 &&
               strcmp(field("Content-Length"), "11") == 0 &&
               strcmp(field("ETag"), etag) == 0,
           "HEAD: the GET's fields, no body");
}

static void case_ranges(void)
{
    char etag[64], more[256];

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 13 + i / 256);
    get("/big.bin", "");
    TAP_OK(r.status == 200 && body_is(big, sizeof(big)) &&
               strcmp(field("Content-Type"), "application/octet-stream") == 0,
           "a 20,000-byte file streamed whole (%zu bytes)", r.body_len);
    snprintf(etag, sizeof(etag), "%s", field("ETag"));
    get("/big.bin", "Range: bytes=100-199\r\n");
    TAP_OK(r.status == 206 && body_is(big + 100, 100) &&
               strcmp(field("Content-Range"), "bytes 100-199/20000") == 0 &&
               strcmp(field("Content-Length"), "100") == 0,
           "Range 100-199: 206, those bytes, Content-Range");
    get("/big.bin", "Range: bytes=19990-\r\n");
    TAP_OK(r.status == 206 && body_is(big + 19990, 10),
           "Range 19990-: the last 10 bytes");
    get("/big.bin", "Range: bytes=-5\r\n");
    TAP_OK(r.status == 206 && body_is(big + 19995, 5) &&
               strcmp(field("Content-Range"), "bytes 19995-19999/20000") == 0,
           "Range -5: the last 5 bytes");
    get("/big.bin", "Range: bytes=1000-99999\r\n");
    TAP_OK(r.status == 206 && body_is(big + 1000, 19000),
           "a range past the end is cut to it (19,000 bytes)");
    get("/big.bin", "Range: bytes=20000-\r\n");
    TAP_OK(r.status == 416 &&
               strcmp(field("Content-Range"), "bytes */20000") == 0,
           "Range 20000-: 416, Content-Range */20000");
    get("/big.bin", "Range: bytes=0-0,5-6\r\n");
    TAP_OK(r.status == 200 && r.body_len == sizeof(big),
           "two ranges: the whole file (no multipart)");
    get("/big.bin", "Range: lines=1-2\r\n");
    TAP_OK(r.status == 200, "another unit: the whole file");
    snprintf(more, sizeof(more), "Range: bytes=0-9\r\nIf-Range: %s\r\n", etag);
    get("/big.bin", more);
    TAP_OK(r.status == 206 && body_is(big, 10), "If-Range with its ETag: 206");
    get("/big.bin", "Range: bytes=0-9\r\nIf-Range: \"other\"\r\n");
    TAP_OK(r.status == 200 && r.body_len == sizeof(big),
           "If-Range with another ETag: 200, the whole file");
    get("/a.txt", "Range: bytes=4-7\r\nIf-Range: Sun, 13 Sep 2020 12:26:40 "
                  "GMT\r\n");
    TAP_OK(r.status == 206 && body_is("file", 4),
           "If-Range with its Last-Modified: 206");
    get("/empty.txt", "Range: bytes=0-\r\n");
    TAP_OK(r.status == 416, "a range of an empty file: 416");
    ask("HEAD /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\n\r\n",
        MIRAGE_HTTP_HEAD);
    TAP_OK(r.status == 206 && r.body_len == 0 &&
               strcmp(field("Content-Length"), "10") == 0,
           "HEAD with a Range: 206, Content-Length 10, no body");
    {
        unsigned before = digests;

        for (int i = 0; i < 5; i++)
            get("/big.bin", "Range: bytes=0-0\r\n");
        TAP_OK(digests == before,
               "the ETag is kept: five more GETs digest nothing (%u)",
               digests - before);
    }
}

/* The same ranges from a store whose bytes stay in memory (crunch): sent
   from them in one write, not copied through the response's buffer. */
static void case_peeked(void)
{
    peek_on = true;
    get("/big.bin", "");
    TAP_OK(r.status == 200 && body_is(big, sizeof(big)) && peeks > 0,
           "a store's own bytes (peek): the 20,000-byte file whole (%u peeks)",
           peeks);
    get("/big.bin", "Range: bytes=100-199\r\n");
    TAP_OK(r.status == 206 && body_is(big + 100, 100) &&
               strcmp(field("Content-Length"), "100") == 0,
           "peek: Range 100-199, those bytes");
    get("/big.bin", "Range: bytes=1000-99999\r\n");
    TAP_OK(r.status == 206 && body_is(big + 1000, 19000),
           "peek: a range cut at the end (19,000 bytes)");
    get("/big.bin", "Range: bytes=-5\r\n");
    TAP_OK(r.status == 206 && body_is(big + 19995, 5), "peek: the last 5");
    get("/empty.txt", "");
    TAP_OK(r.status == 200 && r.body_len == 0, "peek: an empty file");
    ask("HEAD /big.bin HTTP/1.1\r\nHost: t\r\n\r\n", MIRAGE_HTTP_HEAD);
    TAP_OK(r.status == 200 && r.body_len == 0 &&
               strcmp(field("Content-Length"), "20000") == 0,
           "peek: HEAD, the length and no body");
    get("/index.html", "");
    TAP_OK(r.status == 200 && body_is(index_html, sizeof(index_html) - 1),
           "peek: and the next answer on the connection is whole");
    peek_on = false;
}

static void case_refusals(void)
{
    static const char *const bad[] = {
        "/../a.txt",       "/%2e%2e/a.txt", "/dir/../../a.txt",
        "/%2E%2E%2fa.txt", "/a%00.txt",     "/%5c..%5ca.txt",
        "/a\\b",           "/%zz",          "/dir/%2e%2e/%2e%2e/a.txt",
    };
    char req[1400];

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        get(bad[i], "");
        TAP_OK(r.status == 400, "GET %s: 400, never looked up (%d)", bad[i],
               r.status);
    }
    get("/dir/../a.txt", "");
    TAP_OK(r.status == 200 && body_is(a_txt, sizeof(a_txt) - 1),
           "/dir/../a.txt stays inside: a.txt");
    get("/dir%2f..%2fa.txt", "");
    TAP_OK(r.status == 200 && body_is(a_txt, sizeof(a_txt) - 1),
           "/dir%%2f..%%2fa.txt: a decoded / is a separator: a.txt");
    get("/%61.txt", "");
    TAP_OK(r.status == 200 && body_is(a_txt, sizeof(a_txt) - 1),
           "/%%61.txt is /a.txt");
    snprintf(req, sizeof(req), "GET /%01200d HTTP/1.1\r\nHost: t\r\n\r\n", 7);
    ask(req, MIRAGE_HTTP_GET);
    TAP_OK(r.status == 404, "a path longer than any key: 404");
    ask("POST /a.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi",
        MIRAGE_HTTP_POST);
    TAP_OK(r.status == 405 && strcmp(field("Allow"), "GET, HEAD") == 0,
           "POST: 405 with Allow: GET, HEAD");
    ask("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n", MIRAGE_HTTP_OPTIONS);
    TAP_OK(r.status == 405, "OPTIONS *: 405");
    ask("GET * HTTP/1.1\r\nHost: t\r\n\r\n", MIRAGE_HTTP_GET);
    TAP_OK(r.status == 400, "GET *: 400");
    ask("GET http://t/a.txt HTTP/1.1\r\nHost: t\r\n\r\n", MIRAGE_HTTP_GET);
    TAP_OK(r.status == 200 && body_is(a_txt, sizeof(a_txt) - 1),
           "an absolute-form target: its path");
}

static void case_api(void)
{
    struct mirage_http_static_config sc = {.store = &store};
    struct mirage_http_static *st;

    TAP_OK(mirage_http_static_new(&st, NULL) == -EINVAL,
           "new: no config: -EINVAL");
    sc.index = "a/b";
    TAP_OK(mirage_http_static_new(&st, &sc) == -EINVAL,
           "new: an index file with a '/': -EINVAL");
    sc.index = "";
    TAP_OK(mirage_http_static_new(&st, &sc) == -EINVAL,
           "new: an empty index file: -EINVAL");
    sc.store = NULL;
    sc.index = NULL;
    TAP_OK(mirage_http_static_new(&st, &sc) == -EINVAL,
           "new: no store: -EINVAL");
}

static int run_all(void *arg)
{
    struct mirage_http_server_config cfg;
    struct mirage_http_static_config sc = {
        .store = &store, .index = "index.html", .etag_cache = 4};
    struct mirage_http_static *st;
    int rc;

    (void)arg;
    case_api();
    rc = mirage_http_static_new(&st, &sc);
    TAP_OK(rc == 0, "new: a handler of the store (%d)", rc);
    server_config(&cfg);
    if (rc < 0 || server_start(&ts, &cfg, mirage_http_static_handler, st) < 0)
        return 1;
    case_files();
    case_ranges();
    case_peeked();
    case_refusals();
    if (flow)
        mirage_tcp_close(flow);
    TAP_OK(server_end(&ts) == 0, "the server stops");
    mirage_http_static_free(st);
    TAP_DIAG("a connection fiber serving files used %zu bytes of its "
             "%zu-byte stack (socket stack)",
             stack_depth, cfg.fiber_stack);
#ifdef CORE_SAN_ADDRESS
    TAP_SKIP("AddressSanitizer poisons the stack's unused part (and makes "
             "frames bigger)",
             "%s", "serving files leaves a quarter of the stack free");
#else
    TAP_OK(stack_depth > 0 && stack_depth < cfg.fiber_stack * 3 / 4,
           "serving files leaves a quarter of the stack free");
#endif
    return 0;
}

int main(void)
{
    int rc;

    tap_alarm(120);
    if (!net_setup())
        return tap_done();
    rc = mirage_kv_ro_crunch_connect(&inner, "crunched", &crunch);
    TAP_OK(rc == 0, "a crunched store (%d)", rc);
    if (rc == 0)
        core_sched_run_main(run_all, NULL);
    return tap_done();
}
