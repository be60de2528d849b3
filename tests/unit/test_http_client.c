/* SPDX-License-Identifier: ISC */
/* test_http_client.c: http:// URLs, and the HTTP client against scripted
   servers over the socket stack. */
#include "http_net.h"

#include "runtime_capture.h"

/* --- URLs ----------------------------------------------------------------- */

static void case_urls(void)
{
    static const struct {
        const char *url;
        int rc;
        const char *host, *target;
        unsigned port;
        bool v4, v6;
    } cases[] = {
        {"http://10.0.0.1/", 0, "10.0.0.1", "/", 80, true, false},
        {"HTTP://10.0.0.1:8080/a/b?c=d#frag", 0, "10.0.0.1", "/a/b?c=d", 8080,
         true, false},
        {"http://example.com", 0, "example.com", "/", 80, false, false},
        {"http://www.example.com:81/x%20y", 0, "www.example.com", "/x%20y", 81,
         false, false},
        {"http://[::1]:81/x", 0, "::1", "/x", 81, false, true},
        {"http://1.2.3.256/", 0, "1.2.3.256", "/", 80, false, false},
        {"http://01.2.3.4/", 0, "01.2.3.4", "/", 80, false, false},
        {"http://1.2.3/", 0, "1.2.3", "/", 80, false, false},
        {"https://10.0.0.1/", 0, "10.0.0.1", "/", 443, true, false},
        {"HTTPS://web.test:8443/x", 0, "web.test", "/x", 8443, false, false},
        {"httpx://10.0.0.1/", -EPROTONOSUPPORT, NULL, NULL, 0, false, false},
        {"ftp://10.0.0.1/", -EPROTONOSUPPORT, NULL, NULL, 0, false, false},
        {"http:/10.0.0.1/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://", -EINVAL, NULL, NULL, 0, false, false},
        {"http://user@10.0.0.1/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1:0/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1:65536/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1:/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1:8a/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1/a b", -EINVAL, NULL, NULL, 0, false, false},
        {"http://10.0.0.1?q", -EINVAL, NULL, NULL, 0, false, false},
        {"http://[::1/", -EINVAL, NULL, NULL, 0, false, false},
        {"http://a%41/", -EINVAL, NULL, NULL, 0, false, false},
        {"10.0.0.1/x", -EINVAL, NULL, NULL, 0, false, false},
        {"", -EINVAL, NULL, NULL, 0, false, false},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct mirage_http_url u;
        int rc = mirage_http_url_parse(cases[i].url, &u);
        bool ok = rc == cases[i].rc;

        if (ok && rc == 0)
            ok = u.host.len == strlen(cases[i].host) &&
                 memcmp(u.host.ptr, cases[i].host, u.host.len) == 0 &&
                 u.target.len == strlen(cases[i].target) &&
                 memcmp(u.target.ptr, cases[i].target, u.target.len) == 0 &&
                 u.port == cases[i].port && u.host_is_ipv4 == cases[i].v4 &&
                 u.host_is_ipv6 == cases[i].v6;
        TAP_OK(ok, "url '%s': %d", cases[i].url, rc);
    }
    {
        struct mirage_http_url u;

        mirage_http_url_parse("http://192.168.1.20:8000/", &u);
        TAP_OK(u.ipv4.bytes[0] == 192 && u.ipv4.bytes[1] == 168 &&
                   u.ipv4.bytes[2] == 1 && u.ipv4.bytes[3] == 20 &&
                   u.has_port && !u.https,
               "url: the address's bytes, and has_port");
        mirage_http_url_parse("https://a.test/", &u);
        TAP_OK(u.https && !u.has_port && u.port == 443,
               "url: https is said, and its port is 443");
    }
}

/* --- scripted servers ----------------------------------------------------- */

/* One answer of a scripted server, and whether it then closes. */
struct step {
    const char *answer;
    bool close;
};

/* A server that answers each request it reads with the next step. */
struct script {
    const struct step *steps;
    size_t n;
    struct mirage_tcp_listener *listener;
    char log[16384]; /* the requests' bytes, as received */
    size_t log_len;
    int conns;
};

/* Reads one request from (flow) with (p) into the script's log (input
 * kept in (buf)). 1, 0 at the end of the stream, or an error. */
static int read_request(struct script *s, struct mirage_tcp_flow *flow,
                        struct mirage_http_parser *p, char *buf, size_t *off,
                        size_t *len)
{
    enum mirage_http_event ev = MIRAGE_HTTP_EV_MORE;

    for (;;) {
        size_t used;

        /* a head's end may be the message's: ask before reading more */
        if (*len == 0 && ev == MIRAGE_HTTP_EV_MORE) {
            int n = mirage_tcp_read(flow, buf, 4096, TIMEOUT);

            if (n <= 0)
                return n;
            *off = 0;
            *len = (size_t)n;
        }
        ev = mirage_http_parse(p, buf + *off, *len, &used);
        if (used <= sizeof(s->log) - s->log_len) {
            memcpy(s->log + s->log_len, buf + *off, used);
            s->log_len += used;
        }
        *off += used;
        *len -= used;
        if (ev == MIRAGE_HTTP_EV_DONE)
            return mirage_http_parser_next(p) == 0 ? 1 : -EBADMSG;
        if (ev == MIRAGE_HTTP_EV_ERROR)
            return -EBADMSG;
    }
}

static int script_server(void *arg)
{
    struct script *s = arg;
    static char mem[32768] __attribute__((aligned(16)));
    static char buf[4096];
    size_t i = 0;

    while (i < s->n) {
        struct mirage_tcp_flow *flow;
        struct mirage_http_parser p;
        size_t off = 0, len = 0;

        if (mirage_tcp_accept(s->listener, &flow, TIMEOUT) < 0)
            return -1;
        s->conns++;
        mirage_http_parser_init(&p, false, NULL, mem, sizeof(mem));
        while (i < s->n) {
            if (read_request(s, flow, &p, buf, &off, &len) != 1)
                break;
            mirage_tcp_write(flow, s->steps[i].answer,
                             strlen(s->steps[i].answer), TIMEOUT);
            if (s->steps[i++].close)
                break;
        }
        mirage_tcp_close(flow);
    }
    return 0;
}

static struct script sc;
static struct mirage_fiber *sf;

/* Starts a scripted server of (steps); a client of it in (*c). */
static int script_start(const struct step *steps, size_t n,
                        struct mirage_http_client **c)
{
    struct mirage_stack_endpoint here =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, 0);
    int rc;

    memset(&sc, 0, sizeof(sc));
    sc.steps = steps;
    sc.n = n;
    rc = mirage_tcp_listen(net, &here, 4, &sc.listener);
    if (rc < 0)
        return rc;
    here.port = (uint16_t)mirage_tcp_listener_port(sc.listener);
    mirage_fiber_spawn(&sf, script_server, &sc, NULL);
    return mirage_http_client_new(c, net, &here, "h", NULL);
}

static void script_end(struct mirage_http_client *c)
{
    mirage_http_client_free(c);
    if (mirage_fiber_join(sf, NULL, TIMEOUT) < 0) {
        mirage_fiber_cancel(sf);
        mirage_fiber_join(sf, NULL, TIMEOUT);
    }
    mirage_tcp_listener_close(sc.listener);
}

static void case_framings(void)
{
    static const struct step steps[] = {
        {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
         "5\r\n\r\nfirst",
         false},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "3;ext=1\r\nabc\r\n0003\r\ndef\r\n0\r\nX-Trailer: t\r\n\r\n",
         false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", false},
        {"HTTP/1.1 204 No Content\r\n\r\n", false},
        {"HTTP/1.0 200 OK\r\n\r\nuntil the close", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true},
    };
    struct mirage_http_client *c;
    struct mirage_http_client_response resp;
    struct mirage_http_client_stats st;
    static char body[1024];
    int rc;

    if (script_start(steps, 6, &c) < 0) {
        TAP_OK(0, "a scripted server");
        return;
    }
    rc = client_fetch(c, NULL, "/one", &resp, body, sizeof(body));
    TAP_OK(rc == 5 && resp.status == 200 && strcmp(body, "first") == 0,
           "a 100 Continue before the answer is skipped (%d)", rc);
    rc = client_fetch(c, NULL, "/two", &resp, body, sizeof(body));
    TAP_OK(rc == 6 && strcmp(body, "abcdef") == 0 && resp.content_length == -1,
           "a chunked body with extensions, leading zeros and a trailer, "
           "decoded (%d)",
           rc);
    rc = client_fetch(c, "HEAD", "/three", &resp, body, sizeof(body));
    TAP_OK(rc == 0 && resp.content_length == 9,
           "HEAD: Content-Length 9, no body (%d)", rc);
    rc = client_fetch(c, NULL, "/four", &resp, body, sizeof(body));
    TAP_OK(rc == 0 && resp.status == 204, "204: no body (%d)", rc);
    mirage_http_client_stats(c, &st);
    TAP_OK(st.connections == 1 && st.requests == 4,
           "four requests on one connection (%llu)",
           (unsigned long long)st.connections);
    rc = client_fetch(c, NULL, "/five", &resp, body, sizeof(body));
    TAP_OK(rc == 15 && strcmp(body, "until the close") == 0 &&
               !resp.msg->keep_alive,
           "an HTTP/1.0 body until the close (%d)", rc);
    rc = client_fetch(c, NULL, "/six", &resp, body, sizeof(body));
    mirage_http_client_stats(c, &st);
    TAP_OK(rc == 2 && st.connections == 2 && st.retries == 0,
           "then a new connection (%llu)", (unsigned long long)st.connections);
    TAP_OK(strstr(sc.log, "GET /one HTTP/1.1\r\nHost: h\r\nUser-Agent: "
                          "mirage\r\n\r\n") == sc.log,
           "the request's bytes: request line, Host, User-Agent, the end");
    script_end(c);
}

static void case_kept_closed(void)
{
    /* the server keeps the first connection, then closes it silently */
    static const struct step steps[] = {
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc", false},
    };
    struct mirage_http_client *c;
    struct mirage_http_client_response resp;
    struct mirage_http_client_stats st;
    static char body[64];
    int rc;

    if (script_start(steps, 3, &c) < 0) {
        TAP_OK(0, "a scripted server");
        return;
    }
    client_fetch(c, NULL, "/a", &resp, body, sizeof(body));
    /* let the server's close arrive */
    mirage_sleep_ns(50 * MS);
    rc = client_fetch(c, NULL, "/b", &resp, body, sizeof(body));
    mirage_http_client_stats(c, &st);
    TAP_OK(rc == 1 && strcmp(body, "b") == 0 && st.retries == 1 &&
               st.connections == 2,
           "a GET that finds its kept connection closed is sent again on a "
           "new one (%d, %llu retries)",
           rc, (unsigned long long)st.retries);
    mirage_sleep_ns(50 * MS);
    {
        struct mirage_http_client_request rq = {
            .method = "POST", .target = "/c", .body = "x", .body_len = 1};

        rc = mirage_http_client_request(c, &rq, &resp);
        TAP_OK(rc == -ECONNRESET || rc == -EPIPE,
               "a POST is not: the error is the caller's (%d)", rc);
    }
    rc = client_fetch(c, NULL, "/c", &resp, body, sizeof(body));
    TAP_OK(rc == 1 && strcmp(body, "c") == 0, "the next GET connects again");
    script_end(c);
}

/* A streamed body: "chunk" five times. */
static int five_chunks(void *arg, void *buf, size_t cap)
{
    int *left = arg;

    if (*left == 0)
        return 0;
    if (cap < 5)
        return -EINVAL;
    (*left)--;
    memcpy(buf, "chunk", 5);
    return 5;
}

static void case_requests(void)
{
    static const struct step steps[] = {
        {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", false},
        {"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false},
        {"HTTP/1.1 2OO OK\r\n\r\n", true},
    };
    static const char *const fields[] = {"Accept", "text/plain", "User-Agent",
                                         "test/1", NULL};
    static const char *const bad_fields[] = {"Content-Length", "3", NULL};
    struct mirage_http_client *c;
    struct mirage_http_client_response resp;
    struct mirage_http_client_stats st;
    struct mirage_http_client_request rq = {.target = "/p"};
    static char body[256];
    int rc, left = 5;
    size_t mark;

    if (script_start(steps, 5, &c) < 0) {
        TAP_OK(0, "a scripted server");
        return;
    }
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == 0 && mirage_http_client_read(c, body, 3) == 3,
           "a body read in part");
    rq.method = "PUT";
    rq.body = "put body";
    rq.body_len = 8;
    rq.fields = fields;
    mark = sc.log_len;
    rc = mirage_http_client_request(c, &rq, &resp);
    mirage_http_client_stats(c, &st);
    TAP_OK(rc == 0 && resp.status == 201 && st.connections == 2,
           "the next request gives it up: a new connection (%d, %llu)", rc,
           (unsigned long long)st.connections);
    TAP_OK(strcmp(sc.log + mark, "PUT /p HTTP/1.1\r\nHost: h\r\nAccept: "
                                 "text/plain\r\nUser-Agent: test/1\r\n"
                                 "Content-Length: 8\r\n\r\nput body") == 0,
           "PUT: its fields (its own User-Agent), Content-Length, the body");
    mirage_http_client_read(c, body, sizeof(body));
    rq.method = "POST";
    rq.body = NULL;
    rq.body_len = 0;
    rq.fields = NULL;
    mark = sc.log_len;
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == 0 && strstr(sc.log + mark, "Content-Length: 0\r\n") != NULL,
           "an empty POST says Content-Length: 0");
    mirage_http_client_read(c, body, sizeof(body));
    rq.body_read = five_chunks;
    rq.body_arg = &left;
    mark = sc.log_len;
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == 0 &&
               strstr(sc.log + mark,
                      "Transfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n"
                      "5\r\nchunk\r\n") != NULL &&
               strstr(sc.log + mark, "chunk\r\n0\r\n\r\n") != NULL,
           "a streamed body goes chunked");
    mirage_http_client_read(c, body, sizeof(body));
    rq.body_read = NULL;
    rq.fields = bad_fields;
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == -EINVAL, "a Content-Length among the fields: -EINVAL (%d)",
           rc);
    rq.fields = NULL;
    rq.method = NULL;
    rc = mirage_http_client_request(c, &rq, &resp);
    TAP_OK(rc == -EBADMSG, "a malformed status line: -EBADMSG (%d)", rc);
    TAP_OK(mirage_http_client_read(c, body, sizeof(body)) == -EPROTO,
           "read with no response: -EPROTO");
    script_end(c);
}

static void case_api(void)
{
    struct mirage_http_client *c = NULL;
    struct mirage_stack_endpoint any = {.port = 80};
    struct mirage_stack_endpoint to =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, 1);
    struct mirage_http_client_config cfg;

    TAP_OK(mirage_http_client_new(&c, net, &any, NULL, NULL) == -EINVAL,
           "new: an endpoint of version 0: -EINVAL");
    TAP_OK(mirage_http_client_new(&c, net, &to, "a\r\nb", NULL) == -EINVAL,
           "new: a Host with a line break: -EINVAL");
    mirage_http_client_config_default(&cfg);
    cfg.buffer = 100;
    TAP_OK(mirage_http_client_new(&c, net, &to, NULL, &cfg) == -EINVAL,
           "new: a buffer of 100 bytes: -EINVAL");
    TAP_OK(mirage_http_client_new(&c, net, &to, NULL, NULL) == 0,
           "new: Host from the endpoint");
    {
        struct mirage_http_client_request rq = {.target = "/"};
        struct mirage_http_client_response resp;
        int rc = mirage_http_client_request(c, &rq, &resp);

        TAP_OK(rc == -ECONNREFUSED, "a closed port: -ECONNREFUSED (%d)", rc);
    }
    mirage_http_client_free(c);
}

static int run_all(void *arg)
{
    (void)arg;
    case_api();
    case_framings();
    case_kept_closed();
    case_requests();
    return 0;
}

int main(void)
{
    tap_alarm(120);
    case_urls();
    if (!net_setup())
        return tap_done();
    core_sched_run_main(run_all, NULL);
    return tap_done();
}
