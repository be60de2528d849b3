/* SPDX-License-Identifier: ISC */
/* server_out.c: a connection's output and the response API. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/log.h>

#include "http_internal.h"
#include "server_internal.h"

/* A body written out directly goes in pieces of at most this many bytes,
 * each within write_timeout_ns: the timeout bounds a stall, not a size. */
#define DIRECT_PIECE (64 * 1024)

/* The least room mirage_http_response_space hands out. */
#define SPACE_MIN 256

/* A write to the connection failed: it ends (said at debug level: a
   client that went away is no news, but a cut answer should be told). */
static int write_failed(struct http_conn *c, int rc)
{
    mirage_log_debug(&http_server_log,
                     "a write failed (%s, error %d): the connection ends",
                     mirage_strerror(-rc), rc);
    c->close = true;
    return c->err = rc;
}

int http_out_flush(struct http_conn *c)
{
    int rc;

    if (c->err)
        return c->err;
    if (c->out_len == 0)
        return 0;
    if (!c->flow)
        return c->err = -EBADF;
    rc = mirage_tcp_write(c->flow, c->out, c->out_len,
                          c->srv->cfg.write_timeout_ns);
    if (rc < 0)
        return write_failed(c, rc);
    c->out_len = 0;
    return 0;
}

int http_out_put(struct http_conn *c, const void *data, size_t len)
{
    size_t cap = c->srv->cfg.write_buffer;
    const char *p = data;
    int rc;

    if (c->err)
        return c->err;
    if (len <= cap - c->out_len) {
        memcpy(c->out + c->out_len, data, len);
        c->out_len += len;
        return 0;
    }
    if (c->out_len && len > cap / 2) {
        /* a large write after a head: the buffer's room goes with the
           head, so that it does not leave as a small segment of its own */
        size_t n = cap - c->out_len;

        memcpy(c->out + c->out_len, p, n);
        c->out_len = cap;
        p += n;
        len -= n;
    }
    rc = http_out_flush(c);
    if (rc < 0)
        return rc;
    if (len <= cap / 2) {
        memcpy(c->out, p, len);
        c->out_len = len;
        return 0;
    }
    while (len > 0) {
        size_t n = len < DIRECT_PIECE ? len : DIRECT_PIECE;

        if (!c->flow)
            return c->err = -EBADF;
        rc = mirage_tcp_write(c->flow, p, n, c->srv->cfg.write_timeout_ns);
        if (rc < 0)
            return write_failed(c, rc);
        p += n;
        len -= n;
    }
    return 0;
}

/* What one serializer call writes into the head. */
struct emit {
    enum { E_STATUS, E_FIELD, E_U64, E_END } kind;
    int status;
    const char *name, *value;
    size_t name_len, value_len;
    uint64_t v;
};

/* Runs (e) on a writer over the free output; when it does not fit, writes
 * the output out and tries once more. 0 or a negative errno value. */
static int head_emit(struct http_conn *c, const struct emit *e)
{
    size_t cap = c->srv->cfg.write_buffer;

    if (c->err)
        return c->err;
    for (int attempt = 0;; attempt++) {
        struct mirage_http_writer w;
        int rc;

        mirage_http_writer_init(&w, c->out + c->out_len, cap - c->out_len);
        switch (e->kind) {
        case E_STATUS:
            rc = mirage_http_write_status_line(&w, 1, e->status, NULL);
            break;
        case E_FIELD:
            rc = mirage_http_write_field_n(&w, e->name, e->name_len, e->value,
                                           e->value_len);
            break;
        case E_U64:
            rc = mirage_http_write_field_u64(&w, e->name, e->v);
            break;
        default:
            rc = mirage_http_write_end(&w);
            break;
        }
        if (rc == 0) {
            c->out_len += w.len;
            return 0;
        }
        if (rc != -ENOSPC || attempt > 0 || c->out_len == 0)
            return rc;
        rc = http_out_flush(c);
        if (rc < 0)
            return rc;
    }
}

/* Writes the field (name: value) into the head. */
static int put_field(struct http_conn *c, const char *name, const char *value)
{
    struct emit e = {.kind = E_FIELD,
                     .name = name,
                     .name_len = strlen(name),
                     .value = value,
                     .value_len = strlen(value)};

    return head_emit(c, &e);
}

void http_resp_reset(struct http_conn *c, bool head_request)
{
    memset(&c->resp, 0, sizeof(c->resp));
    c->resp.c = c;
    c->resp.no_body = head_request;
}

bool mirage_http_response_begun(const struct mirage_http_response *resp)
{
    return resp && resp->state != HTTP_R_NONE;
}

int mirage_http_response_begin(struct mirage_http_response *r, int status)
{
    struct emit e = {.kind = E_STATUS, .status = status};
    int rc;

    if (!r)
        return -EINVAL;
    if (r->state != HTTP_R_NONE)
        return -EALREADY;
    if (status < 200 || status > 599)
        return -EINVAL;
    rc = head_emit(r->c, &e);
    if (rc < 0)
        return rc;
    r->status = status;
    if (status == 204 || status == 304)
        r->no_body = true;
    r->state = HTTP_R_HEAD;
    return 0;
}

int mirage_http_response_field_n(struct mirage_http_response *r,
                                 const char *name, size_t name_len,
                                 const char *value, size_t value_len)
{
    struct emit e = {.kind = E_FIELD,
                     .name = name,
                     .name_len = name_len,
                     .value = value,
                     .value_len = value_len};
    int rc;

    if (!r || !name || (!value && value_len))
        return -EINVAL;
    if (r->state != HTTP_R_HEAD)
        return -EPROTO;
    if (mirage_http_case_equal(name, name_len, "content-length") ||
        mirage_http_case_equal(name, name_len, "transfer-encoding"))
        return -EINVAL;
    if (mirage_http_case_equal(name, name_len, "connection")) {
        if (!mirage_http_case_equal(value, value_len, "close"))
            return -EINVAL;
        r->c->close = true;
        return 0;
    }
    rc = head_emit(r->c, &e);
    if (rc == 0 && mirage_http_case_equal(name, name_len, "date"))
        r->has_date = true;
    if (rc == 0 && mirage_http_case_equal(name, name_len, "server"))
        r->has_server = true;
    return rc;
}

int mirage_http_response_field(struct mirage_http_response *r, const char *name,
                               const char *value)
{
    if (!name || !value)
        return -EINVAL;
    return mirage_http_response_field_n(r, name, strlen(name), value,
                                        strlen(value));
}

int mirage_http_response_field_u64(struct mirage_http_response *r,
                                   const char *name, uint64_t v)
{
    char d[24];
    int n = snprintf(d, sizeof(d), "%llu", (unsigned long long)v);

    return mirage_http_response_field_n(r, name, name ? strlen(name) : 0, d,
                                        (size_t)n);
}

int mirage_http_response_field_date(struct mirage_http_response *r,
                                    const char *name, int64_t t)
{
    char d[MIRAGE_HTTP_DATE_LEN + 1];

    if (mirage_http_date_format(t, d) < 0)
        return -EINVAL;
    return mirage_http_response_field(r, name, d);
}

/* How a body is framed. */
enum framing { F_LENGTH, F_CHUNKED, F_CLOSE };

/* Ends (r)'s head: the server's fields, the framing, Connection. */
static int end_head(struct mirage_http_response *r, enum framing f,
                    uint64_t length)
{
    struct http_conn *c = r->c;
    struct mirage_http_server *srv = c->srv;
    const struct mirage_http_message *m = &c->parser.msg;
    bool bodiless_status = r->status == 204 || r->status == 304;
    struct emit e = {.kind = E_END};
    const char *date;
    int rc = 0;

    if (!r->has_date && (date = http_srv_date(srv)) != NULL)
        rc = put_field(c, "Date", date);
    if (rc == 0 && !r->has_server && srv->cfg.server_name)
        rc = put_field(c, "Server", srv->cfg.server_name);
    if (f == F_CHUNKED && m->version_minor == 0)
        f = F_CLOSE; /* a 1.0 client knows no chunked coding */
    if (rc == 0 && !bodiless_status) {
        if (f == F_LENGTH) {
            struct emit l = {
                .kind = E_U64, .name = "Content-Length", .v = length};

            rc = head_emit(c, &l);
            r->has_length = true;
            r->remain = length;
        } else if (f == F_CHUNKED) {
            rc = put_field(c, "Transfer-Encoding", "chunked");
            r->chunked = true;
        } else {
            c->close = true;
        }
    }
    /* a body the client holds back for a 100 Continue never sent: the
     * next request cannot be told from it */
    if (c->body == HTTP_B_OPEN && m->expect_continue && !c->continue_sent)
        c->close = true;
    if (srv->stopping || c->body == HTTP_B_FAILED)
        c->close = true;
    if (rc == 0 && c->close)
        rc = put_field(c, "Connection", "close");
    else if (rc == 0 && m->version_minor == 0)
        rc = put_field(c, "Connection", "keep-alive");
    if (rc == 0)
        rc = head_emit(c, &e);
    if (rc < 0) {
        c->close = true;
        return rc;
    }
    srv->st.responses[r->status / 100]++;
    if (r->no_body) {
        r->chunked = false;
        r->has_length = false;
    }
    r->state = HTTP_R_BODY;
    return 0;
}

int mirage_http_response_send(struct mirage_http_response *r, const void *body,
                              size_t len)
{
    int rc;

    if (!r || (!body && len))
        return -EINVAL;
    if (r->state != HTTP_R_HEAD)
        return -EPROTO;
    rc = end_head(r, F_LENGTH, len);
    if (rc == 0 && !r->no_body && len)
        rc = http_out_put(r->c, body, len);
    r->sent = len;
    r->remain = 0;
    r->state = HTTP_R_DONE;
    return rc;
}

int mirage_http_respond(struct mirage_http_response *r, int status,
                        const char *content_type, const void *body, size_t len)
{
    int rc = mirage_http_response_begin(r, status);

    if (rc == 0 && content_type)
        rc = mirage_http_response_field(r, "Content-Type", content_type);
    if (rc == 0)
        rc = mirage_http_response_send(r, body, len);
    return rc;
}

int mirage_http_response_stream(struct mirage_http_response *r, int64_t length)
{
    if (!r)
        return -EINVAL;
    if (r->state != HTTP_R_HEAD)
        return -EPROTO;
    return length >= 0 ? end_head(r, F_LENGTH, (uint64_t)length)
                       : end_head(r, F_CHUNKED, 0);
}

/* Counts (len) more body bytes against the length. 0 or -EMSGSIZE. */
static int count(struct mirage_http_response *r, size_t len)
{
    if (r->has_length) {
        if (len > r->remain)
            return -EMSGSIZE;
        r->remain -= len;
    }
    r->sent += len;
    return 0;
}

int mirage_http_response_write(struct mirage_http_response *r, const void *data,
                               size_t len)
{
    char head[MIRAGE_HTTP_CHUNK_HEAD_MAX];
    int rc;

    if (!r || (!data && len))
        return -EINVAL;
    if (r->state != HTTP_R_BODY)
        return -EPROTO;
    if (r->c->err)
        return r->c->err;
    if (len == 0)
        return 0;
    rc = count(r, len);
    if (rc < 0 || r->no_body)
        return rc;
    if (!r->chunked)
        return http_out_put(r->c, data, len);
    rc = http_out_put(r->c, head, (size_t)mirage_http_chunk_head(head, len));
    if (rc == 0)
        rc = http_out_put(r->c, data, len);
    if (rc == 0)
        rc = http_out_put(r->c, "\r\n", 2);
    return rc;
}

/* The bytes a padded chunk head "0...0HEX\r\n" takes for a chunk of up to
 * (cap) bytes. */
static size_t chunk_head_width(size_t cap)
{
    size_t digits = 1;

    while (cap >>= 4)
        digits++;
    return digits + 2;
}

void *mirage_http_response_space(struct mirage_http_response *r, size_t *room)
{
    struct http_conn *c;
    size_t cap, head, tail, free_bytes;

    if (!r || !room || r->state != HTTP_R_BODY || r->c->err)
        return NULL;
    c = r->c;
    cap = c->srv->cfg.write_buffer;
    head = r->chunked ? chunk_head_width(cap) : 0;
    tail = r->chunked ? 2 : 0;
    if (cap - c->out_len < head + tail + SPACE_MIN && http_out_flush(c) < 0)
        return NULL;
    free_bytes = cap - c->out_len - head - tail;
    if (r->has_length && free_bytes > r->remain)
        free_bytes = (size_t)r->remain;
    r->space_head = head;
    r->space_room = free_bytes;
    *room = free_bytes;
    return c->out + c->out_len + head;
}

int mirage_http_response_commit(struct mirage_http_response *r, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    struct http_conn *c;
    int rc;

    if (!r)
        return -EINVAL;
    if (r->state != HTTP_R_BODY)
        return -EPROTO;
    c = r->c;
    if (c->err)
        return c->err;
    if (len > r->space_room)
        return -EINVAL;
    r->space_room = 0;
    if (len == 0)
        return 0;
    rc = count(r, len);
    if (rc < 0 || r->no_body)
        return rc;
    if (r->chunked) {
        char *p = c->out + c->out_len;
        size_t digits = r->space_head - 2, v = len;

        for (size_t i = digits; i-- > 0; v >>= 4)
            p[i] = hex[v & 15];
        p[digits] = '\r';
        p[digits + 1] = '\n';
        c->out_len += r->space_head + len;
        memcpy(c->out + c->out_len, "\r\n", 2);
        c->out_len += 2;
    } else {
        c->out_len += len;
    }
    return 0;
}

int mirage_http_response_flush(struct mirage_http_response *r)
{
    if (!r)
        return -EINVAL;
    return http_out_flush(r->c);
}

int mirage_http_response_end(struct mirage_http_response *r)
{
    int rc = 0;

    if (!r)
        return -EINVAL;
    if (r->state != HTTP_R_BODY)
        return -EPROTO;
    r->state = HTTP_R_DONE;
    if (r->c->err)
        return r->c->err;
    if (r->no_body)
        return 0;
    if (r->chunked)
        rc = http_out_put(r->c, "0\r\n\r\n", 5);
    else if (r->has_length && r->remain > 0) {
        r->c->close = true;
        rc = -EPIPE;
    }
    return rc;
}

int http_resp_error(struct http_conn *c, int status)
{
    char body[64];
    const char *reason = mirage_http_reason(status);
    int n =
        snprintf(body, sizeof(body), "%d %s\n", status, reason ? reason : "");

    c->close = true;
    return mirage_http_respond(&c->resp, status, "text/plain; charset=utf-8",
                               body, (size_t)n);
}

void http_resp_finish(struct http_conn *c, int rc)
{
    struct mirage_http_response *r = &c->resp;

    switch (r->state) {
    case HTTP_R_NONE:
        http_resp_error(c, c->body_status ? c->body_status : 500);
        break;
    case HTTP_R_HEAD:
        if (rc < 0)
            c->close = true;
        mirage_http_response_send(r, NULL, 0);
        break;
    case HTTP_R_BODY:
        if (rc < 0 && r->chunked) {
            /* the client sees a chunked body cut short */
            c->close = true;
            r->state = HTTP_R_DONE;
        } else {
            mirage_http_response_end(r);
        }
        break;
    default:
        break;
    }
    if (rc < 0 && r->has_length && r->remain > 0 && !r->no_body)
        c->close = true;
}
