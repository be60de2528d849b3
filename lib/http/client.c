/* SPDX-License-Identifier: ISC */
/* client.c: the HTTP client: requests over a kept connection, bodies. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/http_client.h>

#define SECOND 1000000000ull

/* Where the client is. */
enum client_state {
    C_IDLE = 0, /* no response being read */
    C_BODY,     /* a response's body being read */
};

struct mirage_http_client {
    struct mirage_stack *stack;
    struct mirage_stack_endpoint server;
    struct mirage_http_client_config cfg;
    char *host;
    char *tls_name; /* the server's name for TLS (cfg.tls set) */
    struct mirage_tcp_flow *flow;
    uint64_t used; /* requests sent on this connection */
    struct mirage_http_parser parser;
    void *parser_mem;
    size_t parser_size;
    char *in, *out; /* cfg.buffer bytes each */
    size_t in_off, in_len, out_len;
    enum client_state state;
    struct mirage_http_client_stats st;
};

void mirage_http_client_config_default(struct mirage_http_client_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->connect_timeout_ns = 10 * SECOND;
    cfg->timeout_ns = 30 * SECOND;
    mirage_http_limits_default(&cfg->limits);
    cfg->limits.max_body = UINT64_MAX;
    cfg->buffer = 4096;
    cfg->user_agent = "mirage";
}

/* The name a TLS server must have: (given), else (host) without its port
 * (and an IPv6 address without its brackets). NULL without memory. */
static char *tls_name_of(const char *given, const char *host)
{
    const char *start = host, *end;
    char *name;

    if (given) {
        end = given + strlen(given);
        start = given;
    } else if (host[0] == '[' && (end = strchr(host, ']')) != NULL) {
        start = host + 1;
    } else {
        end = strrchr(host, ':');
        if (!end || strchr(host, ':') != end)
            end = host + strlen(host); /* no port, or a bare IPv6 */
    }
    name = malloc((size_t)(end - start) + 1);
    if (name) {
        memcpy(name, start, (size_t)(end - start));
        name[end - start] = 0;
    }
    return name;
}

int mirage_http_client_new(struct mirage_http_client **cp,
                           struct mirage_stack *stack,
                           const struct mirage_stack_endpoint *server,
                           const char *host,
                           const struct mirage_http_client_config *cfg)
{
    struct mirage_http_client *c;
    char text[MIRAGE_STACK_ENDPOINT_STRLEN];
    struct mirage_http_writer w;
    char probe[8];
    size_t pm;

    if (!cp || !stack || !server || server->port == 0 ||
        (server->version != MIRAGE_STACK_IPV4 &&
         server->version != MIRAGE_STACK_IPV6))
        return -EINVAL;
    c = calloc(1, sizeof(*c));
    if (!c)
        return -ENOMEM;
    if (cfg)
        c->cfg = *cfg;
    else
        mirage_http_client_config_default(&c->cfg);
    pm = mirage_http_parser_mem_size(&c->cfg.limits);
    if (pm == 0 || c->cfg.buffer < 256 || c->cfg.buffer > SIZE_MAX / 4) {
        free(c);
        return -EINVAL;
    }
    if (!host) {
        if (mirage_stack_endpoint_to_string(server, text, sizeof(text)) < 0) {
            free(c);
            return -EINVAL;
        }
        host = text;
    }
    /* a Host the serializer takes (checked once, here) */
    mirage_http_writer_init(&w, probe, sizeof(probe));
    if (mirage_http_write_field(&w, "Host", host) == -EINVAL || !host[0]) {
        free(c);
        return -EINVAL;
    }
    c->stack = stack;
    c->server = *server;
    c->host = malloc(strlen(host) + 1);
    c->parser_mem = malloc(pm);
    c->in = malloc(c->cfg.buffer * 2);
    if (!c->host || !c->parser_mem || !c->in) {
        mirage_http_client_free(c);
        return -ENOMEM;
    }
    memcpy(c->host, host, strlen(host) + 1);
    if (c->cfg.tls) {
        c->tls_name = tls_name_of(c->cfg.tls_name, host);
        if (!c->tls_name) {
            mirage_http_client_free(c);
            return -ENOMEM;
        }
        c->cfg.tls_name = c->tls_name;
    }
    c->out = c->in + c->cfg.buffer;
    c->parser_size = pm;
    *cp = c;
    return 0;
}

/* Closes the connection, if open. */
static void disconnect(struct mirage_http_client *c)
{
    if (c->flow) {
        mirage_tcp_close(c->flow);
        c->flow = NULL;
    }
    c->in_len = 0;
    c->out_len = 0;
    c->state = C_IDLE;
}

void mirage_http_client_free(struct mirage_http_client *c)
{
    if (!c)
        return;
    disconnect(c);
    free(c->host);
    free(c->tls_name);
    free(c->parser_mem);
    free(c->in);
    free(c);
}

void mirage_http_client_stats(struct mirage_http_client *c,
                              struct mirage_http_client_stats *st)
{
    *st = c->st;
}

/* Writes out the buffered bytes. */
static int flush(struct mirage_http_client *c)
{
    int rc = 0;

    if (c->out_len)
        rc = mirage_tcp_write(c->flow, c->out, c->out_len, c->cfg.timeout_ns);
    c->out_len = 0;
    return rc;
}

/* Appends (len) bytes to the output (written directly when large). */
static int put(struct mirage_http_client *c, const void *data, size_t len)
{
    int rc;

    if (len <= c->cfg.buffer - c->out_len) {
        memcpy(c->out + c->out_len, data, len);
        c->out_len += len;
        return 0;
    }
    rc = flush(c);
    if (rc < 0)
        return rc;
    if (len <= c->cfg.buffer / 2) {
        memcpy(c->out, data, len);
        c->out_len = len;
        return 0;
    }
    return mirage_tcp_write(c->flow, data, len, c->cfg.timeout_ns);
}

/* Writes one field into the head (flushing to make room). */
static int put_field(struct mirage_http_client *c, const char *name,
                     const char *value)
{
    for (int attempt = 0;; attempt++) {
        struct mirage_http_writer w;
        int rc;

        mirage_http_writer_init(&w, c->out + c->out_len,
                                c->cfg.buffer - c->out_len);
        rc = mirage_http_write_field(&w, name, value);
        if (rc == 0) {
            c->out_len += w.len;
            return 0;
        }
        if (rc != -ENOSPC || attempt > 0 || c->out_len == 0)
            return rc;
        rc = flush(c);
        if (rc < 0)
            return rc;
    }
}

/* Whether the request's fields name (name). */
static bool has_field(const char *const *fields, const char *name)
{
    for (size_t i = 0; fields && fields[i] && fields[i + 1]; i += 2)
        if (mirage_http_case_equal(fields[i], strlen(fields[i]), name))
            return true;
    return false;
}

/* Sends the streamed body of (rq), chunked. */
static int send_stream(struct mirage_http_client *c,
                       const struct mirage_http_client_request *rq)
{
    for (;;) {
        char head[MIRAGE_HTTP_CHUNK_HEAD_MAX];
        size_t room = c->cfg.buffer - c->out_len;
        int n, rc;

        if (room < MIRAGE_HTTP_CHUNK_HEAD_MAX + 2 + 64) {
            rc = flush(c);
            if (rc < 0)
                return rc;
            room = c->cfg.buffer;
        }
        /* read straight after where the chunk's head will go */
        n = rq->body_read(rq->body_arg,
                          c->out + c->out_len + MIRAGE_HTTP_CHUNK_HEAD_MAX,
                          room - MIRAGE_HTTP_CHUNK_HEAD_MAX - 2);
        if (n < 0)
            return n;
        if (n == 0)
            break;
        if ((size_t)n > room - MIRAGE_HTTP_CHUNK_HEAD_MAX - 2)
            return -EINVAL;
        rc = mirage_http_chunk_head(head, (uint64_t)n);
        memmove(c->out + c->out_len + rc,
                c->out + c->out_len + MIRAGE_HTTP_CHUNK_HEAD_MAX, (size_t)n);
        memcpy(c->out + c->out_len, head, (size_t)rc);
        c->out_len += (size_t)rc + (size_t)n;
        memcpy(c->out + c->out_len, "\r\n", 2);
        c->out_len += 2;
    }
    return put(c, "0\r\n\r\n", 5);
}

/* Sends (rq) on the open connection. */
static int send_request(struct mirage_http_client *c,
                        const struct mirage_http_client_request *rq,
                        const char *method)
{
    struct mirage_http_writer w;
    char len[24];
    int rc;

    c->out_len = 0;
    mirage_http_writer_init(&w, c->out, c->cfg.buffer);
    rc = mirage_http_write_request_line(&w, method, rq->target, 1);
    if (rc < 0)
        return rc;
    c->out_len = w.len;
    rc = put_field(c, "Host", c->host);
    if (rc == 0 && c->cfg.user_agent && !has_field(rq->fields, "user-agent"))
        rc = put_field(c, "User-Agent", c->cfg.user_agent);
    for (size_t i = 0; rc == 0 && rq->fields && rq->fields[i]; i += 2) {
        const char *name = rq->fields[i], *value = rq->fields[i + 1];

        if (!value || mirage_http_case_equal(name, strlen(name), "host") ||
            mirage_http_case_equal(name, strlen(name), "content-length") ||
            mirage_http_case_equal(name, strlen(name), "transfer-encoding"))
            return -EINVAL; /* the client's own */
        rc = put_field(c, name, value);
    }
    if (rc == 0 && rq->body_read)
        rc = put_field(c, "Transfer-Encoding", "chunked");
    else if (rc == 0 && (rq->body_len || strcmp(method, "POST") == 0 ||
                         strcmp(method, "PUT") == 0)) {
        snprintf(len, sizeof(len), "%llu", (unsigned long long)rq->body_len);
        rc = put_field(c, "Content-Length", len);
    }
    if (rc == 0)
        rc = put(c, "\r\n", 2);
    if (rc == 0 && rq->body_read)
        rc = send_stream(c, rq);
    else if (rc == 0 && rq->body_len)
        rc = put(c, rq->body, rq->body_len);
    if (rc == 0)
        rc = flush(c);
    return rc;
}

/* Reads more of the response into the input buffer (empty). Returns the
 * bytes, 0 at the end of the stream, or an error. */
static int fill(struct mirage_http_client *c)
{
    int n = mirage_tcp_read(c->flow, c->in, c->cfg.buffer, c->cfg.timeout_ns);

    if (n > 0) {
        c->in_off = 0;
        c->in_len = (size_t)n;
    }
    return n;
}

/* Reads the final response's head (1xx skipped). Returns 0, or an error;
 * -ECONNRESET when the connection ended before any byte of it. */
static int read_head(struct mirage_http_client *c,
                     enum mirage_http_method method)
{
    bool got = false;
    int rc;

    rc = mirage_http_parser_init(&c->parser, true, &c->cfg.limits,
                                 c->parser_mem, c->parser_size);
    if (rc < 0)
        return rc;
    mirage_http_parser_response_to(&c->parser, method);
    for (;;) {
        enum mirage_http_event ev;
        size_t used;
        int n;

        if (c->in_len == 0) {
            n = fill(c);
            if (n == 0 || n == -ECONNRESET)
                return got ? -EBADMSG : -ECONNRESET;
            if (n < 0)
                return n;
        }
        got = true;
        ev = mirage_http_parse(&c->parser, c->in + c->in_off, c->in_len, &used);
        c->in_off += used;
        c->in_len -= used;
        if (ev == MIRAGE_HTTP_EV_ERROR)
            return -EBADMSG;
        if (ev != MIRAGE_HTTP_EV_HEAD)
            continue;
        if (c->parser.msg.status >= 200)
            return 0;
        /* a 1xx: a message of its own, with no body */
        if (c->parser.msg.status == 101)
            return -EPROTO; /* an upgrade nobody asked for */
        ev = mirage_http_parse(&c->parser, c->in + c->in_off, 0, &used);
        if (ev != MIRAGE_HTTP_EV_DONE ||
            mirage_http_parser_next(&c->parser) < 0)
            return -EBADMSG;
        mirage_http_parser_response_to(&c->parser, method);
    }
}

/* The length of the body a response has, or would have (HEAD, 304), as
 * its Content-Length says; -1 when it does not say. */
static int64_t content_length(const struct mirage_http_message *m)
{
    struct mirage_http_slice v;
    int64_t n = 0;

    if (m->body == MIRAGE_HTTP_BODY_LENGTH)
        return m->content_length <= INT64_MAX ? (int64_t)m->content_length : -1;
    if (mirage_http_field_get(m, "Content-Length", &v) != 1 || v.len == 0 ||
        v.len > 18)
        return -1;
    for (size_t i = 0; i < v.len; i++) {
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return -1;
        n = n * 10 + (v.ptr[i] - '0');
    }
    return n;
}

/* Whether a request of (method) may be sent again (RFC 9110 9.2.2). */
static bool idempotent(enum mirage_http_method m)
{
    return m == MIRAGE_HTTP_GET || m == MIRAGE_HTTP_HEAD ||
           m == MIRAGE_HTTP_PUT || m == MIRAGE_HTTP_DELETE ||
           m == MIRAGE_HTTP_OPTIONS || m == MIRAGE_HTTP_TRACE;
}

int mirage_http_client_request(struct mirage_http_client *c,
                               const struct mirage_http_client_request *rq,
                               struct mirage_http_client_response *resp)
{
    const char *method;
    enum mirage_http_method mid;
    int rc;

    if (!c || !rq || !resp || !rq->target || (!rq->body && rq->body_len))
        return -EINVAL;
    method = rq->method ? rq->method : "GET";
    mid = mirage_http_method_of(method, strlen(method));
    memset(resp, 0, sizeof(*resp));
    if (c->state == C_BODY)
        disconnect(c); /* the last body was not read to its end */
    for (int attempt = 0;; attempt++) {
        bool reused = c->flow != NULL;

        if (!c->flow) {
            rc = mirage_tcp_connect(c->stack, &c->server, &c->flow,
                                    c->cfg.connect_timeout_ns);
            if (rc < 0) {
                c->flow = NULL;
                return rc;
            }
            /* requests are gathered here: no Nagle (see server.c) */
            mirage_tcp_setopt(c->flow, MIRAGE_TCP_NODELAY, 1);
            if (c->cfg.tls) {
                struct mirage_tcp_flow *raw = c->flow;
                rc = mirage_tls_client(c->cfg.tls, raw, c->tls_name, &c->flow);
                if (rc < 0) {
                    mirage_tcp_close(raw);
                    c->flow = NULL;
                    return rc;
                }
            }
            c->st.connections++;
            c->used = 0;
            c->in_len = 0;
        }
        c->st.requests++;
        c->used++;
        rc = send_request(c, rq, method);
        if (rc == 0)
            rc = read_head(c, mid);
        if (rc == 0)
            break;
        disconnect(c);
        if (rc == -EINVAL || rc == -ENOSPC)
            return rc;
        /* a kept connection the server had closed: once more */
        if (!reused || attempt > 0 || rq->body_read || !idempotent(mid) ||
            (rc != -ECONNRESET && rc != -EPIPE))
            return rc;
        c->st.retries++;
    }
    resp->status = c->parser.msg.status;
    resp->msg = &c->parser.msg;
    resp->content_length = content_length(&c->parser.msg);
    c->state = C_BODY;
    return 0;
}

/* The response is read to its end: keep the connection or close it. */
static void response_done(struct mirage_http_client *c)
{
    bool keep = c->parser.msg.keep_alive;

    c->state = C_IDLE;
    if (!keep || c->in_len > 0) /* bytes after a response: not ours */
        disconnect(c);
}

int mirage_http_client_read(struct mirage_http_client *c, void *buf, size_t cap)
{
    if (!c || (!buf && cap))
        return -EINVAL;
    if (c->state != C_BODY)
        return -EPROTO;
    if (cap == 0)
        return -EINVAL;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    for (;;) {
        enum mirage_http_event ev;
        size_t used, give = c->in_len < cap ? c->in_len : cap;
        int n;

        ev = mirage_http_parse(&c->parser, c->in + c->in_off, give, &used);
        c->in_off += used;
        c->in_len -= used;
        if (ev == MIRAGE_HTTP_EV_BODY) {
            memcpy(buf, c->parser.body.ptr, c->parser.body.len);
            return (int)c->parser.body.len;
        }
        if (ev == MIRAGE_HTTP_EV_DONE) {
            response_done(c);
            return 0;
        }
        if (ev == MIRAGE_HTTP_EV_ERROR) {
            disconnect(c);
            return -EBADMSG;
        }
        if (c->in_len > 0)
            continue;
        n = fill(c);
        if (n == 0) {
            /* the end of the stream: the end of a body read until close */
            ev = mirage_http_parser_eof(&c->parser);
            disconnect(c);
            return ev == MIRAGE_HTTP_EV_DONE ? 0 : -EBADMSG;
        }
        if (n < 0) {
            disconnect(c);
            return n;
        }
    }
}
