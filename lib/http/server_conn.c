/* SPDX-License-Identifier: ISC */
/* server_conn.c: one connection: reading requests, their bodies, closing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "server_internal.h"

/* After an answer that leaves the client's bytes unread, they are read
 * and dropped until the client is silent for linger_timeout_ns, for at most
 * LINGER_TIMES times as long and LINGER_MAX bytes in all, before closing. */
#define LINGER_MAX   (1024 * 1024)
#define LINGER_TIMES 8

/* The time left until (deadline), or 0 when it passed. */
static uint64_t left(const struct http_conn *c, uint64_t deadline)
{
    uint64_t now = http_srv_now(c->srv);

    return deadline > now ? deadline - now : 0;
}

/* The deadline (timeout) from now, MIRAGE_FOREVER for none. */
static uint64_t deadline_in(const struct http_conn *c, uint64_t timeout)
{
    uint64_t now = http_srv_now(c->srv);

    if (timeout == MIRAGE_FOREVER || timeout > MIRAGE_FOREVER - now)
        return MIRAGE_FOREVER;
    return now + timeout;
}

/* What is left until (deadline), as a read's timeout. */
static uint64_t wait_for(const struct http_conn *c, uint64_t deadline)
{
    return deadline == MIRAGE_FOREVER ? MIRAGE_FOREVER : left(c, deadline);
}

/*
 * Reads into the input buffer (empty), waiting up to (timeout); what is
 * buffered for output goes out first, so that pipelined answers leave
 * together and a client waiting for one is never kept waiting. Returns the
 * bytes read, 0 at the end of the stream, or a negative errno value.
 */
static int fill(struct http_conn *c, uint64_t timeout)
{
    int rc = http_out_flush(c);

    if (rc < 0)
        return rc;
    if (!c->flow)
        return -EBADF;
    if (timeout == 0)
        return -ETIMEDOUT;
    rc = mirage_tcp_read(c->flow, c->in, c->srv->cfg.read_buffer, timeout);
    if (rc > 0) {
        c->in_off = 0;
        c->in_len = (size_t)rc;
    }
    return rc;
}

/* Drops the (n) input bytes the parser took. */
static void consume(struct http_conn *c, size_t n)
{
    c->in_off += n;
    c->in_len -= n;
}

/* How reading a head ended. */
enum head_result {
    HEAD_OK = 0, /* a head is in */
    HEAD_QUIET,  /* the client left or stayed silent: close, say nothing */
    HEAD_ERROR,  /* answer c->parser.status (or 408) and close */
};

/* Reads the next request's head. (*status): the answer of HEAD_ERROR. */
static enum head_result read_head(struct http_conn *c, int *status)
{
    const struct mirage_http_server_config *cfg = &c->srv->cfg;
    /* the first request must come within the header timeout of the
     * connection; later ones within it of their first byte */
    uint64_t deadline = 0;
    bool started = false;

    if (c->nreq == 0)
        deadline = cfg->header_timeout_ns > MIRAGE_FOREVER - c->accepted
                       ? MIRAGE_FOREVER
                       : c->accepted + cfg->header_timeout_ns;
    for (;;) {
        int n;

        if (c->in_len > 0) {
            size_t used;
            enum mirage_http_event ev;

            if (!started) {
                started = true;
                if (c->nreq > 0)
                    deadline = deadline_in(c, cfg->header_timeout_ns);
            }
            ev = mirage_http_parse(&c->parser, c->in + c->in_off, c->in_len,
                                   &used);
            consume(c, used);
            if (ev == MIRAGE_HTTP_EV_HEAD)
                return HEAD_OK;
            if (ev == MIRAGE_HTTP_EV_ERROR) {
                *status = c->parser.status;
                return HEAD_ERROR;
            }
            continue; /* EV_MORE: every byte was taken */
        }
        c->idle = !started;
        n = fill(c, deadline ? wait_for(c, deadline) : cfg->idle_timeout_ns);
        c->idle = false;
        if (n > 0)
            continue;
        if (n == -ETIMEDOUT) {
            c->srv->st.timeouts++;
            if (!started)
                return HEAD_QUIET;
            *status = 408;
            return HEAD_ERROR;
        }
        /* the end of the stream, or an error: nobody to answer */
        return HEAD_QUIET;
    }
}

int http_body_next(struct http_conn *c, size_t cap,
                   struct mirage_http_slice *piece)
{
    if (c->body == HTTP_B_DONE)
        return 0;
    if (c->body == HTTP_B_FAILED)
        return c->body_err;
    for (;;) {
        enum mirage_http_event ev;
        size_t used, give = c->in_len < cap ? c->in_len : cap;
        int n;

        /* with no input the parser says whether the body is complete */
        ev = mirage_http_parse(&c->parser, c->in + c->in_off, give, &used);
        consume(c, used);
        switch (ev) {
        case MIRAGE_HTTP_EV_BODY:
            *piece = c->parser.body;
            return 1;
        case MIRAGE_HTTP_EV_DONE:
            c->body = HTTP_B_DONE;
            return 0;
        case MIRAGE_HTTP_EV_ERROR:
            c->body = HTTP_B_FAILED;
            c->close = true;
            c->body_status = c->parser.status;
            c->body_err = c->parser.status == 413 ? -EMSGSIZE : -EBADMSG;
            return c->body_err;
        default:
            break; /* EV_MORE: framing bytes only, or none */
        }
        if (c->in_len > 0)
            continue;
        n = fill(c, wait_for(c, c->body_deadline));
        if (n <= 0) {
            c->body = HTTP_B_FAILED;
            c->close = true;
            c->body_err = n == 0 ? -ECONNRESET : n;
            if (n == -ETIMEDOUT) {
                c->body_status = 408;
                c->srv->st.timeouts++;
            }
            return c->body_err;
        }
    }
}

int mirage_http_request_read(struct mirage_http_request *req, void *buf,
                             size_t cap)
{
    struct http_conn *c;
    struct mirage_http_slice piece;
    int rc;

    if (!req || !req->conn || (!buf && cap))
        return -EINVAL;
    c = req->conn;
    if (c->body != HTTP_B_OPEN)
        return c->body == HTTP_B_DONE ? 0 : c->body_err;
    if (cap == 0)
        return -EINVAL;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    if (c->parser.msg.expect_continue && !c->continue_sent &&
        c->resp.state == HTTP_R_NONE) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

        c->continue_sent = true;
        c->srv->st.responses[1]++;
        rc = http_out_put(c, cont, sizeof(cont) - 1);
        if (rc < 0)
            return rc;
    }
    rc = http_body_next(c, cap, &piece);
    if (rc <= 0)
        return rc;
    memcpy(buf, piece.ptr, piece.len);
    return (int)piece.len;
}

int mirage_http_request_field(const struct mirage_http_request *req,
                              const char *name, struct mirage_http_slice *value)
{
    return mirage_http_field_get(req->msg, name, value);
}

/* Reads what is left of the body after the response, so that the next
 * request can be read. 0, or an error (the connection then closes). */
static int drain(struct http_conn *c)
{
    struct mirage_http_slice piece;
    int rc;

    if (c->body != HTTP_B_OPEN)
        return c->body == HTTP_B_DONE ? 0 : c->body_err;
    while ((rc = http_body_next(c, SIZE_MAX, &piece)) > 0)
        ;
    return rc;
}

/* Ends the connection after an answer that may leave the client's bytes
 * unread: our side is shut, and what still comes is read and dropped while
 * it comes (see LINGER_MAX), so that the client reads the answer before a
 * close with unread bytes resets the connection (and loses it there). */
static void linger(struct http_conn *c)
{
    uint64_t quiet = c->srv->cfg.linger_timeout_ns;
    uint64_t deadline = deadline_in(c, quiet > MIRAGE_FOREVER / LINGER_TIMES
                                           ? MIRAGE_FOREVER
                                           : quiet * LINGER_TIMES);
    size_t dropped = 0;

    if (http_out_flush(c) < 0 || !c->flow)
        return;
    mirage_tcp_shutdown(c->flow, MIRAGE_TCP_SHUT_WRITE);
    while (dropped < LINGER_MAX) {
        uint64_t wait = wait_for(c, deadline);
        int n;

        if (wait > quiet)
            wait = quiet;
        n = mirage_tcp_read(c->flow, c->in, c->srv->cfg.read_buffer, wait);
        if (n <= 0)
            break;
        dropped += (size_t)n;
    }
}

/* Logs a request's answer (debug). */
static void log_request(struct http_conn *c)
{
    const struct mirage_http_message *m = &c->parser.msg;

    if (http_server_log.level < MIRAGE_LOG_DEBUG)
        return;
    mirage_log_debug(
        &http_server_log, "%.*s %.*s -> %d (%llu bytes)%s", (int)m->method.len,
        m->method.ptr, (int)m->target.len, m->target.ptr, c->resp.status,
        (unsigned long long)c->resp.sent, c->close ? ", closing" : "");
}

/* Serves one request whose head is in. Returns whether the connection
 * goes on. */
static bool serve_request(struct http_conn *c)
{
    struct mirage_http_server *srv = c->srv;
    const struct mirage_http_message *m = &c->parser.msg;
    int rc;

    c->nreq++;
    c->req.msg = m;
    c->req.number = c->nreq;
    c->req.conn = c;
    c->body = m->body == MIRAGE_HTTP_BODY_NONE ? HTTP_B_DONE : HTTP_B_OPEN;
    c->body_err = 0;
    c->body_status = 0;
    c->continue_sent = false;
    c->body_deadline = deadline_in(c, srv->cfg.body_timeout_ns);
    c->close =
        !m->keep_alive || c->nreq >= srv->cfg.max_requests || srv->stopping;
    http_resp_reset(c, m->method_id == MIRAGE_HTTP_HEAD);
    if (mirage_http_target_split(m->target.ptr, m->target.len, &c->req.target) <
        0) {
        c->close = true;
        rc = http_resp_error(c, 400);
    } else if (m->expect_other) {
        c->close = true;
        rc = http_resp_error(c, 417);
    } else {
        srv->st.requests++;
        rc = srv->handler(srv->arg, &c->req, &c->resp);
    }
    http_resp_finish(c, rc);
    log_request(c);
    if (c->err || !c->flow)
        return false;
    if (c->close) {
        /* unread bytes (a body, pipelined requests) may follow */
        if (c->body != HTTP_B_DONE || c->in_len > 0)
            linger(c);
        else
            http_out_flush(c);
        return false;
    }
    if (drain(c) < 0) {
        linger(c);
        return false;
    }
    {
        /* a message without a body reaches its end with no input */
        size_t used;

        mirage_http_parse(&c->parser, c->in + c->in_off, 0, &used);
    }
    if (mirage_http_parser_next(&c->parser) < 0) {
        http_out_flush(c);
        return false;
    }
    return true;
}

int http_conn_main(void *arg)
{
    struct http_conn *c = arg;
    struct mirage_http_server *srv = c->srv;

    for (;;) {
        int status = 0;
        enum head_result r = read_head(c, &status);

        if (r == HEAD_QUIET)
            break;
        if (r == HEAD_ERROR) {
            if (status != 408)
                srv->st.refused++;
            http_resp_reset(c, false);
            c->close = true;
            c->body = HTTP_B_FAILED; /* nothing of it can be read */
            /* a client too slow for the deadline gets no more time */
            if (http_resp_error(c, status) == 0 && status != 408)
                linger(c);
            else
                http_out_flush(c);
            break;
        }
        if (!serve_request(c))
            break;
    }
    if (c->flow)
        mirage_tcp_close(c->flow);
    if (c->prev)
        c->prev->next = c->next;
    else
        srv->live = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv->st.active--;
    mirage_cond_broadcast(&srv->changed);
    free(c);
    return 0;
}
