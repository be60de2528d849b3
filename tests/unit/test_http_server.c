/* SPDX-License-Identifier: ISC */
/* test_http_server.c: the HTTP server over the socket stack, and clients
   that attack it. */
#include "http_net.h"

#include <mirage/log.h>

#include "runtime_capture.h"

extern struct mirage_log_src http_server_log;

/* --- the handler the tests talk to ---------------------------------------*/

static struct test_server ts;
/* The deepest stack a connection fiber used so far (bytes). */
static size_t stack_depth;
static unsigned handler_calls;

/* The query's number "n=N", or (dflt). */
static long query_n(const struct mirage_http_request *req, long dflt)
{
    struct mirage_http_slice q = req->target.query, name, value;

    while (mirage_http_query_next(&q, &name, &value))
        if (name.len == 1 && name.ptr[0] == 'n') {
            long v = 0;

            for (size_t i = 0; i < value.len; i++)
                v = v * 10 + (value.ptr[i] - '0');
            return v;
        }
    return dflt;
}

/* Whether the path of (req) is (path). */
static bool is(const struct mirage_http_request *req, const char *path)
{
    return req->target.path.len == strlen(path) &&
           memcmp(req->target.path.ptr, path, req->target.path.len) == 0;
}

static int handler(void *arg, struct mirage_http_request *req,
                   struct mirage_http_response *resp)
{
    char text[256];
    int rc, n;

    (void)arg;
    handler_calls++;
    measure_stack(&stack_depth);
    if (is(req, "/hello")) {
        n = snprintf(text, sizeof(text), "hello, request %llu\n",
                     (unsigned long long)req->number);
        rc = mirage_http_response_begin(resp, 200);
        if (rc == 0)
            rc = mirage_http_response_field(resp, "Content-Type", "text/plain");
        if (rc == 0)
            rc = mirage_http_response_send(resp, text, (size_t)n);
        return rc;
    }
    if (is(req, "/stream")) {
        long pieces = query_n(req, 3);

        rc = mirage_http_response_begin(resp, 200);
        if (rc == 0)
            rc = mirage_http_response_stream(resp, -1);
        for (long i = 0; rc == 0 && i < pieces; i++) {
            n = snprintf(text, sizeof(text), "piece %ld\n", i);
            rc = mirage_http_response_write(resp, text, (size_t)n);
        }
        return rc == 0 ? mirage_http_response_end(resp) : rc;
    }
    if (is(req, "/space")) {
        /* n bytes of the pattern i & 0xff, through _space and _commit */
        long len = query_n(req, 10000), done = 0;
        bool chunked = req->target.has_query &&
                       strstr(req->target.query.ptr, "chunked") != NULL &&
                       (size_t)(strstr(req->target.query.ptr, "chunked") -
                                req->target.query.ptr) < req->target.query.len;

        rc = mirage_http_response_begin(resp, 200);
        if (rc == 0)
            rc = mirage_http_response_stream(resp, chunked ? -1 : len);
        while (rc == 0 && done < len) {
            size_t room;
            unsigned char *p = mirage_http_response_space(resp, &room);

            if (!p)
                return -EIO;
            if ((long)room > len - done)
                room = (size_t)(len - done);
            for (size_t i = 0; i < room; i++)
                p[i] = (unsigned char)((size_t)done + i);
            rc = mirage_http_response_commit(resp, room);
            done += (long)room;
        }
        return rc == 0 ? mirage_http_response_end(resp) : rc;
    }
    if (is(req, "/echo")) {
        /* reads the body; answers its length and a checksum */
        static char buf[1000];
        unsigned long long total = 0, sum = 0;

        while ((n = mirage_http_request_read(req, buf, sizeof(buf))) > 0) {
            total += (unsigned long long)n;
            for (int i = 0; i < n; i++)
                sum = sum * 31 + (unsigned char)buf[i];
        }
        if (n < 0)
            return n;
        n = snprintf(text, sizeof(text), "%llu bytes, sum %llu", total, sum);
        return mirage_http_respond(resp, 200, "text/plain", text, (size_t)n);
    }
    if (is(req, "/noread"))
        return mirage_http_respond(resp, 200, NULL, "not read", 8);
    if (is(req, "/fail"))
        return -EIO;
    if (is(req, "/half")) {
        rc = mirage_http_response_begin(resp, 200);
        if (rc == 0)
            rc = mirage_http_response_stream(resp, 100);
        if (rc == 0)
            rc = mirage_http_response_write(resp, "0123456789", 10);
        return rc == 0 ? -EIO : rc;
    }
    if (is(req, "/fields")) {
        /* what the API refuses, and what it takes */
        int a, b, c, d, e, f, g;

        a = mirage_http_response_field(resp, "X-Early", "1");
        mirage_http_response_begin(resp, 200);
        b = mirage_http_response_begin(resp, 201);
        c = mirage_http_response_field(resp, "Content-Length", "5");
        d = mirage_http_response_field(resp, "transfer-encoding", "chunked");
        e = mirage_http_response_field(resp, "X-Bad", "a\r\nInjected: yes");
        f = mirage_http_response_field(resp, "Connection", "upgrade");
        g = mirage_http_response_field(resp, "Date",
                                       "Thu, 01 Jan 1970 00:00:00 GMT");
        n = snprintf(text, sizeof(text), "%d %d %d %d %d %d %d", a, b, c, d, e,
                     f, g);
        rc = mirage_http_response_send(resp, text, (size_t)n);
        if (rc == 0)
            n = mirage_http_response_send(resp, text, 1);
        return rc == 0 && n == -EPROTO ? 0 : -EINVAL;
    }
    if (is(req, "/close")) {
        rc = mirage_http_response_begin(resp, 200);
        if (rc == 0)
            rc = mirage_http_response_field(resp, "Connection", "close");
        return rc == 0 ? mirage_http_response_send(resp, "bye", 3) : rc;
    }
    if (is(req, "/nocontent"))
        return mirage_http_respond(resp, 204, NULL, "dropped", 7);
    if (is(req, "/stop")) {
        mirage_http_server_stop(ts.srv);
        return mirage_http_respond(resp, 200, NULL, "stopping", 8);
    }
    return mirage_http_respond(resp, 404, "text/plain", "no\n", 3);
}

/* --- well-behaved clients ----------------------------------------------- */

static void case_basics(void)
{
    struct mirage_http_client *c;
    struct mirage_http_client_response resp;
    struct mirage_http_client_stats cs;
    struct mirage_http_server_stats ss;
    struct mirage_stack_endpoint to =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, (uint16_t)ts.port);
    struct mirage_http_slice v;
    static char body[70000];
    int rc;

    rc = mirage_http_client_new(&c, net, &to, NULL, NULL);
    TAP_OK(rc == 0, "client: made (%d)", rc);
    if (rc < 0)
        return;
    rc = client_fetch(c, NULL, "/hello", &resp, body, sizeof(body));
    TAP_OK(rc > 0 && resp.status == 200 &&
               strcmp(body, "hello, request 1\n") == 0,
           "GET /hello: 200 and the body (%d, %d)", rc, resp.status);
    if (rc < 0) {
        TAP_DIAG("log: %s", capture_out);
        mirage_http_client_free(c);
        return;
    }
    TAP_OK(resp.content_length == 17, "its Content-Length is 17 (%lld)",
           (long long)resp.content_length);
    TAP_OK(mirage_http_field_get(resp.msg, "Date", &v) == 1 &&
               v.len == MIRAGE_HTTP_DATE_LEN,
           "it has a Date");
    TAP_OK(mirage_http_field_get(resp.msg, "Server", &v) == 1 && v.len == 6 &&
               memcmp(v.ptr, "mirage", 6) == 0,
           "and Server: mirage");
    rc = client_fetch(c, NULL, "/hello", &resp, body, sizeof(body));
    TAP_OK(rc > 0 && strcmp(body, "hello, request 2\n") == 0,
           "a second request on the same connection is its number 2");
    rc = client_fetch(c, "HEAD", "/hello", &resp, body, sizeof(body));
    TAP_OK(rc == 0 && resp.status == 200 && resp.content_length == 17,
           "HEAD: 200, Content-Length 17 and no body (%d)", rc);
    rc = client_fetch(c, NULL, "/stream?n=5", &resp, body, sizeof(body));
    TAP_OK(rc > 0 && resp.content_length == -1 &&
               mirage_http_field_get(resp.msg, "Transfer-Encoding", &v) == 1 &&
               strcmp(body, "piece 0\npiece 1\npiece 2\npiece 3\npiece 4\n") ==
                   0,
           "a streamed body goes chunked, and reads back whole");
    rc = client_fetch(c, NULL, "/space?n=65000", &resp, body, sizeof(body));
    {
        bool same = rc == 65000;

        for (int i = 0; same && i < 65000; i++)
            same = (unsigned char)body[i] == (unsigned char)i;
        TAP_OK(same && resp.content_length == 65000,
               "_space and _commit: 65,000 bytes with Content-Length (%d)", rc);
    }
    rc = client_fetch(c, NULL, "/space?n=30000&chunked", &resp, body,
                      sizeof(body));
    {
        bool same = rc == 30000;

        for (int i = 0; same && i < 30000; i++)
            same = (unsigned char)body[i] == (unsigned char)i;
        TAP_OK(same && resp.content_length == -1,
               "_space and _commit: 30,000 bytes chunked (%d)", rc);
    }
    rc = client_fetch(c, NULL, "/fields", &resp, body, sizeof(body));
    TAP_STREQ(body, "-71 -114 -22 -22 -22 -22 0",
              "fields before begin -EPROTO, begin twice -EALREADY, framing, "
              "injection and Connection: upgrade -EINVAL, a Date taken");
    TAP_OK(mirage_http_field_find(resp.msg->fields, resp.msg->nfields, "Date",
                                  0) >= 0 &&
               mirage_http_field_get(resp.msg, "Date", &v) == 1,
           "a handler's Date is the only one");
    rc = client_fetch(c, NULL, "/nocontent", &resp, body, sizeof(body));
    TAP_OK(rc == 0 && resp.status == 204 &&
               mirage_http_field_get(resp.msg, "Content-Length", &v) == 0,
           "204: no body and no Content-Length");
    rc = client_fetch(c, NULL, "/fail", &resp, body, sizeof(body));
    TAP_OK(resp.status == 500 && !resp.msg->keep_alive,
           "a handler failing before it answers: 500, and close");
    mirage_http_client_stats(c, &cs);
    TAP_OK(cs.connections == 1,
           "all of them went over one connection (%llu; %llu requests)",
           (unsigned long long)cs.connections, (unsigned long long)cs.requests);
    rc = client_fetch(c, NULL, "/close", &resp, body, sizeof(body));
    TAP_OK(rc == 3 && !resp.msg->keep_alive,
           "Connection: close from the handler reaches the client");
    rc = client_fetch(c, NULL, "/hello", &resp, body, sizeof(body));
    mirage_http_client_stats(c, &cs);
    TAP_OK(rc > 0 && cs.connections == 3 && cs.retries == 0 &&
               strcmp(body, "hello, request 1\n") == 0,
           "after it the client opens a new connection (%llu)",
           (unsigned long long)cs.connections);
    rc = client_fetch(c, NULL, "/half", &resp, body, sizeof(body));
    TAP_OK(rc == -EBADMSG,
           "a handler failing half-way: the body is cut "
           "short, the client says so (%d)",
           rc);
    mirage_http_client_free(c);
    mirage_http_server_stats(ts.srv, &ss);
    TAP_OK(ss.responses[2] >= 8 && ss.responses[5] == 1,
           "the server counts its answers by class (2xx %llu, 5xx %llu)",
           (unsigned long long)ss.responses[2],
           (unsigned long long)ss.responses[5]);
}

/* A body streamed by the client: (n) bytes of i * 7 in pieces. */
struct source {
    size_t n, at;
};

static int source_read(void *arg, void *buf, size_t cap)
{
    struct source *s = arg;
    size_t k = s->n - s->at < cap ? s->n - s->at : cap;

    if (k > 777)
        k = 777;
    for (size_t i = 0; i < k; i++)
        ((unsigned char *)buf)[i] = (unsigned char)((s->at + i) * 7);
    s->at += k;
    return (int)k;
}

/* The answer of /echo for (n) bytes of the source's pattern. */
static void echo_expect(size_t n, char *out, size_t cap)
{
    unsigned long long sum = 0;

    for (size_t i = 0; i < n; i++)
        sum = sum * 31 + (unsigned char)(i * 7);
    snprintf(out, cap, "%zu bytes, sum %llu", n, sum);
}

static void case_bodies(void)
{
    struct mirage_http_client *c;
    struct mirage_http_client_response resp;
    struct mirage_stack_endpoint to =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, (uint16_t)ts.port);
    static char payload[200000], body[256], want[64];
    struct source src = {100000, 0};
    struct mirage_http_client_request rq = {.method = "POST",
                                            .target = "/echo"};
    int rc, n;
    size_t len = 0;

    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (char)(i * 7);
    mirage_http_client_new(&c, net, &to, "test.invalid", NULL);
    rq.body = payload;
    rq.body_len = 150000;
    rc = mirage_http_client_request(c, &rq, &resp);
    while (rc == 0 && (n = mirage_http_client_read(c, body + len,
                                                   sizeof(body) - 1 - len)) > 0)
        len += (size_t)n;
    body[len] = 0;
    echo_expect(150000, want, sizeof(want));
    TAP_STREQ(body, want, "POST of 150,000 bytes (Content-Length) read whole");
    rq.body = NULL;
    rq.body_len = 0;
    rq.body_read = source_read;
    rq.body_arg = &src;
    len = 0;
    rc = mirage_http_client_request(c, &rq, &resp);
    while (rc == 0 && (n = mirage_http_client_read(c, body + len,
                                                   sizeof(body) - 1 - len)) > 0)
        len += (size_t)n;
    body[len] = 0;
    echo_expect(100000, want, sizeof(want));
    TAP_STREQ(body, want, "POST of 100,000 bytes chunked, read whole");
    /* a body over max_body (1 MiB by default), chunked: the handler's read
     * fails -EMSGSIZE and the server answers 413 */
    src.n = 1100000;
    src.at = 0;
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == 0 && resp.status == 413 && !resp.msg->keep_alive,
           "a chunked body over max_body: 413 and close (%d, %d)", rc,
           resp.status);
    mirage_http_client_free(c);
}

/* --- raw clients --------------------------------------------------------- */

static struct raw_reader rr;
static struct raw_response resp1;

/* Sends (req) on a new connection and reads one response. */
static int raw_one(const char *req, enum mirage_http_method m)
{
    struct mirage_tcp_flow *flow = raw_open(ts.port);
    int rc;

    if (!flow)
        return -ECONNREFUSED;
    raw_reader_init(&rr, flow);
    rc = raw_send(flow, req);
    if (rc == 0)
        rc = raw_response(&rr, m, &resp1, TIMEOUT);
    mirage_tcp_close(flow);
    return rc;
}

static void case_pipelining(void)
{
    struct mirage_tcp_flow *flow = raw_open(ts.port);
    int rc, ok = 0;

    raw_reader_init(&rr, flow);
    /* three requests in one write, one of them HEAD, one with a body */
    rc = raw_send(flow, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                        "HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                        "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        "Content-Length: 3\r\n\r\nabc"
                        "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    if (rc == 0 && raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
        strcmp(resp1.body, "hello, request 1\n") == 0)
        ok++;
    if (raw_response(&rr, MIRAGE_HTTP_HEAD, &resp1, TIMEOUT) == 1 &&
        resp1.body_len == 0 && has_line(resp1.head, "Content-Length: 17"))
        ok++;
    if (raw_response(&rr, MIRAGE_HTTP_POST, &resp1, TIMEOUT) == 1 &&
        strncmp(resp1.body, "3 bytes", 7) == 0)
        ok++;
    if (raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
        strcmp(resp1.body, "hello, request 4\n") == 0)
        ok++;
    TAP_OK(ok == 4,
           "four pipelined requests answered in order, HEAD "
           "without a body (%d of 4)",
           ok);
    /* the HEAD answer had no body bytes: the fourth answer parsed right
     * after it proves it; and 1.0 with keep-alive is kept */
    rc =
        raw_send(flow, "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    TAP_OK(
        rc == 0 && raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
            has_line(resp1.head, "Connection: keep-alive") && resp1.keep_alive,
        "HTTP/1.0 with Connection: keep-alive: kept, and said so");
    rc = raw_send(flow,
                  "GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    TAP_OK(rc == 0 &&
               raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
               !has_line(resp1.head, "Transfer-Encoding: chunked") &&
               has_line(resp1.head, "Connection: close") &&
               strcmp(resp1.body, "piece 0\npiece 1\npiece 2\n") == 0,
           "a streamed body to HTTP/1.0: not chunked, until the close");
    mirage_tcp_close(flow);
}

static void case_continue(void)
{
    struct mirage_tcp_flow *flow = raw_open(ts.port);
    int rc;

    raw_reader_init(&rr, flow);
    rc = raw_send(flow, "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_POST, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.status == 100,
           "Expect: 100-continue: 100 Continue when the handler reads (%d)",
           resp1.status);
    rc = raw_send(flow, "hello");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_POST, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.status == 200 &&
               strncmp(resp1.body, "5 bytes", 7) == 0 && resp1.keep_alive,
           "then the body, and the answer; the connection stays");
    rc = raw_send(flow, "POST /noread HTTP/1.1\r\nHost: a\r\n"
                        "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_POST, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.status == 200 && !resp1.keep_alive,
           "a handler that answers without reading: no 100, and close");
    mirage_tcp_close(flow);

    flow = raw_open(ts.port);
    raw_reader_init(&rr, flow);
    rc = raw_send(flow, "POST /noread HTTP/1.1\r\nHost: a\r\n"
                        "Content-Length: 5\r\n\r\nhelloGET /hello HTTP/1.1\r\n"
                        "Host: a\r\n\r\n");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_POST, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.keep_alive &&
               raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
               strcmp(resp1.body, "hello, request 2\n") == 0,
           "a body the handler did not read is read past: the next request "
           "follows");
    mirage_tcp_close(flow);
    rc = raw_one("POST /echo HTTP/1.1\r\nHost: a\r\n"
                 "Expect: something-else\r\nContent-Length: 5\r\n\r\nhello",
                 MIRAGE_HTTP_POST);
    TAP_OK(rc == 1 && resp1.status == 417, "another expectation: 417 (%d)",
           resp1.status);
}

/* Raw requests the codec refuses: their status, and the close. */
static void case_verdicts(void)
{
    static char big[20000];
    unsigned calls = handler_calls;
    int rc;

    rc = raw_one("GET /hello HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
                 MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 400 && !resp1.keep_alive,
           "a malformed field: 400 and close");
    rc = raw_one("GET /hello HTTP/2.0\r\nHost: a\r\n\r\n", MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 505, "HTTP/2.0: 505");
    rc = raw_one("POST /echo HTTP/1.1\r\nHost: a\r\n"
                 "Content-Length: 2000000\r\n\r\n",
                 MIRAGE_HTTP_POST);
    TAP_OK(rc == 1 && resp1.status == 413 && !resp1.keep_alive,
           "a Content-Length over max_body: 413 before any byte of it");
    rc = raw_one("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n",
                 MIRAGE_HTTP_POST);
    TAP_OK(rc == 1 && resp1.status == 400,
           "Content-Length with Transfer-Encoding: 400");
    memcpy(big, "GET /", 5);
    memset(big + 5, 'a', 5000);
    memcpy(big + 5005, " HTTP/1.1\r\nHost: a\r\n\r\n", 23);
    rc = raw_one(big, MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 414,
           "a request line over 4096 bytes: 414 (%d, %d)", rc, resp1.status);
    memset(big, 0, sizeof(big));
    strcpy(big, "GET /hello HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 10; i++)
        snprintf(big + strlen(big), sizeof(big) - strlen(big),
                 "X-Field-%d: %0990d\r\n", i, i);
    strcat(big, "\r\n");
    rc = raw_one(big, MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 431,
           "a head over 8192 bytes: 431 (%d, %d)", rc, resp1.status);
    memset(big, 0, sizeof(big));
    strcpy(big, "GET /hello HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 70; i++)
        snprintf(big + strlen(big), sizeof(big) - strlen(big), "X-%d: y\r\n",
                 i);
    strcat(big, "\r\n");
    rc = raw_one(big, MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 431, "70 fields (over 64): 431");
    rc = raw_one("GET /hello HTTP/1.1\r\nHost: a\r\n"
                 "Transfer-Encoding: gzip, chunked\r\n\r\n",
                 MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 501, "a coding but chunked: 501");
    rc = raw_one("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", MIRAGE_HTTP_GET);
    TAP_OK(rc == 1 && resp1.status == 400,
           "a target that does not split (a fragment): 400");
    TAP_OK(handler_calls == calls, "the handler saw none of them (%u calls)",
           handler_calls - calls);
}

/* --- timeouts and limits ------------------------------------------------- */

/* The slow client: the head a byte at a time, every 50 ms. */
static int slowloris(void *arg)
{
    static const char head[] = "GET /hello HTTP/1.1\r\nHost: slow\r\n"
                               "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "\r\n\r\n";
    struct mirage_tcp_flow *flow = arg;

    for (size_t i = 0; i < sizeof(head) - 1; i++) {
        if (mirage_tcp_write(flow, head + i, 1, TIMEOUT) < 0)
            return (int)i;
        if (mirage_sleep_ns(50 * MS) < 0)
            return -ECANCELED;
    }
    return (int)sizeof(head);
}

static void case_slowloris(void)
{
    struct mirage_http_server_config cfg;
    struct test_server slow;
    struct mirage_tcp_flow *flow, *idle;
    struct mirage_fiber *f;
    struct mirage_http_server_stats st;
    uint64_t t0, t1;
    int rc, sent = -1;

    server_config(&cfg);
    cfg.header_timeout_ns = 1000 * MS;
    cfg.idle_timeout_ns = 1000 * MS;
    if (server_start(&slow, &cfg, handler, NULL) < 0)
        return;
    t0 = mirage_mclock_elapsed_ns(mclock);
    flow = raw_open(slow.port);
    idle = raw_open(slow.port);
    raw_reader_init(&rr, flow);
    mirage_fiber_spawn(&f, slowloris, flow, NULL);
    /* another client is served meanwhile */
    {
        struct mirage_tcp_flow *other = raw_open(slow.port);
        static struct raw_reader r2;
        struct raw_response *o = malloc(sizeof(*o));

        raw_reader_init(&r2, other);
        rc = raw_send(other, "GET /hello HTTP/1.1\r\nHost: b\r\n\r\n");
        TAP_OK(rc == 0 && raw_response(&r2, MIRAGE_HTTP_GET, o, TIMEOUT) == 1 &&
                   o->status == 200,
               "slowloris: another client is served while it trickles");
        free(o);
        mirage_tcp_close(other);
    }
    rc = raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT);
    t1 = mirage_mclock_elapsed_ns(mclock);
    TAP_OK(rc == 1 && resp1.status == 408 && !resp1.keep_alive,
           "slowloris: 408 and close at the header deadline (%d, %d)", rc,
           resp1.status);
    mirage_fiber_join(f, &sent, TIMEOUT);
    TAP_OK(sent >= 0 && sent < 300,
           "slowloris: closed before its head was complete (%d bytes sent "
           "of 300)",
           sent);
    TAP_OK(t1 - t0 >= 1000 * MS, "slowloris: not before the deadline (%llu ms)",
           (unsigned long long)((t1 - t0) / MS));
    rc = raw_drain(idle, TIMEOUT);
    TAP_OK(rc == 0,
           "a connection that sends nothing is closed, with no "
           "answer, at the header deadline (%d)",
           rc);
    mirage_tcp_close(flow);
    mirage_tcp_close(idle);
    mirage_http_server_stats(slow.srv, &st);
    TAP_OK(st.timeouts == 2, "the server counts both timeouts (%llu)",
           (unsigned long long)st.timeouts);
    server_end(&slow);
}

static void case_backpressure(void)
{
    struct mirage_http_server_config cfg;
    struct test_server bp;
    struct mirage_tcp_flow *f[3];
    static struct raw_reader r[3];
    struct mirage_http_server_stats st;
    int ok = 0, rc;

    server_config(&cfg);
    cfg.max_connections = 2;
    if (server_start(&bp, &cfg, handler, NULL) < 0)
        return;
    for (int i = 0; i < 3; i++) {
        f[i] = raw_open(bp.port);
        raw_reader_init(&r[i], f[i]);
        raw_send(f[i], "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    }
    for (int i = 0; i < 2; i++)
        if (raw_response(&r[i], MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
            resp1.status == 200 && resp1.keep_alive)
            ok++;
    mirage_http_server_stats(bp.srv, &st);
    TAP_OK(ok == 2 && st.accepted == 2 && st.active == 2,
           "max_connections 2: two are served and kept, the third waits "
           "unaccepted (%llu accepted, %u active)",
           (unsigned long long)st.accepted, st.active);
    mirage_tcp_close(f[0]);
    rc = raw_response(&r[2], MIRAGE_HTTP_GET, &resp1, TIMEOUT);
    mirage_http_server_stats(bp.srv, &st);
    TAP_OK(rc == 1 && resp1.status == 200 && st.peak == 2,
           "once one closes the third is served; never more than 2 at once "
           "(peak %u)",
           st.peak);
    mirage_tcp_close(f[1]);
    mirage_tcp_close(f[2]);
    server_end(&bp);
}

/* The flood: pipelined requests written without reading an answer. */
static int flood(void *arg)
{
    static const char req[] = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n";
    static char block[(sizeof(req) - 1) * 1000];
    struct mirage_tcp_flow *flow = arg;
    int blocks = 0;

    for (int i = 0; i < 1000; i++)
        memcpy(block + i * (sizeof(req) - 1), req, sizeof(req) - 1);
    /* up to a million requests, 33 MB */
    while (blocks < 1000) {
        if (mirage_tcp_write(flow, block, sizeof(block), TIMEOUT) < 0)
            break;
        blocks++;
    }
    return blocks;
}

static void case_flood(void)
{
    struct mirage_http_server_config cfg;
    struct test_server fl;
    struct mirage_tcp_flow *flow;
    struct mirage_fiber *f;
    struct mirage_http_server_stats st;
    int blocks = -1, rc;

    server_config(&cfg);
    cfg.write_timeout_ns = 500 * MS;
    cfg.max_requests = 1000000000u;
    if (server_start(&fl, &cfg, handler, NULL) < 0)
        return;
    flow = raw_open(fl.port);
    mirage_fiber_spawn(&f, flood, flow, NULL);
    rc = mirage_fiber_join(f, &blocks, TIMEOUT * 3);
    mirage_http_server_stats(fl.srv, &st);
    TAP_OK(rc == 0 && blocks < 1000,
           "a flood of pipelined requests never read: the server stops "
           "reading, so the writer stops (%d of 1,000 blocks of 1,000 "
           "written; %llu answered)",
           blocks, (unsigned long long)st.requests);
    TAP_OK(st.requests < 1000000 && st.active == 0,
           "and the server closed the connection when its write waited "
           "500 ms (active %u)",
           st.active);
    mirage_tcp_close(flow);
    server_end(&fl);
}

static void case_max_requests(void)
{
    struct mirage_http_server_config cfg;
    struct test_server mr;
    struct mirage_tcp_flow *flow;
    int ok = 0;

    server_config(&cfg);
    cfg.max_requests = 3;
    if (server_start(&mr, &cfg, handler, NULL) < 0)
        return;
    flow = raw_open(mr.port);
    raw_reader_init(&rr, flow);
    for (int i = 0; i < 5; i++)
        raw_send(flow, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    for (int i = 0; i < 3; i++)
        if (raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 1 &&
            resp1.status == 200 && resp1.keep_alive == (i < 2))
            ok++;
    TAP_OK(ok == 3 && raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) == 0,
           "max_requests 3: the third answer says close, then the end, the "
           "pipelined rest unanswered");
    mirage_tcp_close(flow);
    server_end(&mr);
}

static void case_stop(void)
{
    struct mirage_http_server_config cfg;
    struct test_server st;
    struct mirage_tcp_flow *idle, *flow;
    int rc;

    server_config(&cfg);
    cfg.max_accepts = 0;
    if (server_start(&st, &cfg, handler, NULL) < 0)
        return;
    ts.srv = st.srv; /* /stop stops this one */
    idle = raw_open(st.port);
    raw_reader_init(&rr, idle);
    rc = raw_send(idle, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.keep_alive, "a kept connection, idle");
    flow = raw_open(st.port);
    raw_reader_init(&rr, flow);
    rc = raw_send(flow, "GET /stop HTTP/1.1\r\nHost: a\r\n\r\n");
    rc = rc == 0 ? raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT) : rc;
    TAP_OK(rc == 1 && resp1.status == 200 && !resp1.keep_alive,
           "stop from a handler: its own answer is finished, with close");
    rc = mirage_fiber_join(st.fiber, &st.result, TIMEOUT);
    TAP_OK(rc == 0 && st.result == 0,
           "and run returns 0 once the connections ended (%d, %d)", rc,
           st.result);
    rc = raw_drain(idle, TIMEOUT);
    TAP_OK(rc == 0, "the idle connection was closed (%d)", rc);
    mirage_tcp_close(idle);
    mirage_tcp_close(flow);
    mirage_http_server_free(st.srv);
    ts.srv = NULL;
}

static void case_max_accepts(void)
{
    struct mirage_http_server_config cfg;
    struct test_server ma;
    int rc;

    server_config(&cfg);
    cfg.max_accepts = 2;
    if (server_start(&ma, &cfg, handler, NULL) < 0)
        return;
    for (int i = 0; i < 2; i++) {
        struct mirage_tcp_flow *flow = raw_open(ma.port);

        raw_reader_init(&rr, flow);
        raw_send(flow, "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: "
                       "close\r\n\r\n");
        raw_response(&rr, MIRAGE_HTTP_GET, &resp1, TIMEOUT);
        mirage_tcp_close(flow);
    }
    rc = mirage_fiber_join(ma.fiber, &ma.result, TIMEOUT);
    TAP_OK(rc == 0 && ma.result == 0,
           "max_accepts 2: run returns 0 after two connections (%d)",
           ma.result);
    TAP_OK(raw_open(ma.port) == NULL, "and no longer listens");
    mirage_http_server_free(ma.srv);
}

static void case_api(void)
{
    struct mirage_http_server_config cfg;
    struct mirage_http_server *srv = NULL;
    int rc;

    server_config(&cfg);
    cfg.mclock = NULL;
    rc = mirage_http_server_listen(&srv, net, &cfg, handler, NULL);
    TAP_OK(rc == -EINVAL && !srv, "listen without an mclock: -EINVAL");
    server_config(&cfg);
    cfg.limits.max_line = 0;
    rc = mirage_http_server_listen(&srv, net, &cfg, handler, NULL);
    TAP_OK(rc == -EINVAL, "a limit the codec refuses: -EINVAL");
    server_config(&cfg);
    cfg.local.port = (uint16_t)ts.port;
    rc = mirage_http_server_listen(&srv, net, &cfg, handler, NULL);
    TAP_OK(rc == -EADDRINUSE, "a port in use: -EADDRINUSE (%d)", rc);
    server_config(&cfg);
    TAP_OK(mirage_http_parser_mem_size(&cfg.limits) < 16 * 1024,
           "the default limits need %zu bytes of parser memory (< 16 KiB)",
           mirage_http_parser_mem_size(&cfg.limits));
}

static int run_all(void *arg)
{
    struct mirage_http_server_config cfg;

    (void)arg;
    server_config(&cfg);
    if (server_start(&ts, &cfg, handler, NULL) < 0)
        return 1;
    case_api();
    case_basics();
    case_bodies();
    case_pipelining();
    case_continue();
    case_verdicts();
    TAP_DIAG("a connection fiber used %zu bytes of its %zu-byte stack "
             "(socket stack, debug log on)",
             stack_depth, cfg.fiber_stack);
#ifdef CORE_SAN_ADDRESS
    TAP_SKIP("AddressSanitizer poisons the stack's unused part (and makes "
             "frames bigger)",
             "%s",
             "a connection's stack use leaves a quarter of the default free");
#else
    TAP_OK(stack_depth > 0 && stack_depth < cfg.fiber_stack * 3 / 4,
           "a connection's stack use leaves a quarter of the default free");
#endif
    server_end(&ts);
    TAP_OK(ts.result == 0, "the server stops (%d)", ts.result);
    case_slowloris();
    case_backpressure();
    case_flood();
    case_max_requests();
    case_stop();
    case_max_accepts();
    return 0;
}

int main(void)
{
    tap_alarm(300);
    if (!net_setup())
        return tap_done();
    http_server_log.level = MIRAGE_LOG_DEBUG;
    core_sched_run_main(run_all, NULL);
    TAP_OK(capture_count(capture_out, "GET /hello -> 200") > 0,
           "the debug log names each request and its status");
    return tap_done();
}
