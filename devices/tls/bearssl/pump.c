/* SPDX-License-Identifier: ISC */
/* pump.c: runs a flow's BearSSL engine over its TCP flow. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tls_bearssl.h"

int tls_fail(struct tls_flow *f, int err, const char *fmt, ...)
{
    va_list ap;
    char peer[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";
    struct mirage_stack_endpoint local, remote;

    if (f->err)
        return f->err;
    f->err = err;
    va_start(ap, fmt);
    vsnprintf(f->why, sizeof(f->why), fmt, ap);
    va_end(ap);
    if (f->raw && mirage_tcp_endpoints(f->raw, &local, &remote) == 0)
        mirage_stack_endpoint_to_string(&remote, peer, sizeof(peer));
    if (err == -EPIPE || err == -ECONNRESET || err == -ETIMEDOUT ||
        err == -ECANCELED)
        mirage_log_debug(&tls_bearssl_log, "%s: %s %s%s%s%s: %s",
                         f->d->dev.name, f->server ? "client" : "server",
                         f->server || f->host_iplen ? "" : f->host,
                         f->server || f->host_iplen ? "" : " (", peer,
                         f->server || f->host_iplen ? "" : ")", f->why);
    else
        mirage_log_warn(&tls_bearssl_log, "%s: %s %s%s%s%s: %s", f->d->dev.name,
                        f->server ? "client" : "server",
                        f->server || f->host_iplen ? "" : f->host,
                        f->server || f->host_iplen ? "" : " (", peer,
                        f->server || f->host_iplen ? "" : ")", f->why);
    return err;
}

/* Ends (f) from the engine's state: its error, or a close. */
static int engine_closed(struct tls_flow *f)
{
    int code = br_ssl_engine_last_error(f->eng);

    if (code != BR_ERR_OK)
        return tls_fail_engine(f, code);
    f->eof = true;
    return 0;
}

/* Waits for the turn of a direction (busy) until (deadline). */
static int wait_turn(struct tls_flow *f, uint64_t deadline)
{
    uint64_t left = tls_left(f->d, deadline);

    if (left == 0)
        return -ETIMEDOUT;
    return mirage_cond_wait(&f->turn, left);
}

/* Sends the records the engine holds. 0, or a negative errno. */
static int send_records(struct tls_flow *f, uint64_t deadline)
{
    unsigned char *buf;
    size_t len;
    int rc;

    if (f->tx_busy)
        return wait_turn(f, deadline);
    buf = br_ssl_engine_sendrec_buf(f->eng, &len);
    if (!len)
        return 0;
    f->tx_busy = true;
    rc = mirage_tcp_write(f->raw, buf, len, tls_left(f->d, deadline));
    f->tx_busy = false;
    mirage_cond_broadcast(&f->turn);
    if (f->closed)
        return -EBADF;
    if (rc < 0) /* some of a record may be gone: the stream is lost */
        return tls_fail(f, rc, "a write failed or timed out mid-record (%d)",
                        rc);
    if (f->closed)
        return -EBADF;
    br_ssl_engine_sendrec_ack(f->eng, len);
    return 0;
}

/* Reads records into the engine. 0, or a negative errno. */
static int recv_records(struct tls_flow *f, uint64_t deadline)
{
    unsigned char *buf;
    size_t len;
    int rc;

    if (f->rx_busy)
        return wait_turn(f, deadline);
    buf = br_ssl_engine_recvrec_buf(f->eng, &len);
    if (!len)
        return 0;
    f->rx_busy = true;
    rc = mirage_tcp_read(f->raw, buf, len, tls_left(f->d, deadline));
    f->rx_busy = false;
    mirage_cond_broadcast(&f->turn);
    if (rc < 0)
        return rc;
    if (f->closed)
        return -EBADF;
    if (rc == 0) {
        /* The TCP end without close_notify: a truncation the reader
         * cannot tell from the end, unless the engine is mid-handshake
         * or mid-record. */
        if (!f->handshaken)
            return tls_fail(f, -EPIPE,
                            "the peer closed the connection during the "
                            "handshake");
        br_ssl_engine_close(f->eng);
        f->eof = true;
        return 0;
    }
    br_ssl_engine_recvrec_ack(f->eng, (size_t)rc);
    return 0;
}

int tls_pump(struct tls_flow *f, unsigned want, uint64_t deadline)
{
    int rc;

    for (;;) {
        unsigned st;

        if (f->closed)
            return -EBADF;
        if (f->err)
            return f->err;
        st = br_ssl_engine_current_state(f->eng);
        if (!f->handshaken && (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP))) {
            f->handshaken = true;
            if (f->server)
                snprintf(f->host, sizeof(f->host), "%s",
                         br_ssl_engine_get_server_name(f->eng));
            tls_handshake_done(f);
        }
        if (st & BR_SSL_CLOSED) {
            rc = engine_closed(f);
            if (rc < 0)
                return rc;
            return want == BR_SSL_SENDAPP ? -EPIPE : 0;
        }
        if (want == 0 && f->handshaken)
            return 0;
        if (want == TLS_WANT_FLUSHED && !(st & BR_SSL_SENDREC) && !f->tx_busy)
            return 0;
        if (want && (st & want))
            return 0;
        if (f->eof && want == BR_SSL_RECVAPP)
            return 0;
        /* records to send go first: the peer may wait for them */
        if (st & BR_SSL_SENDREC) {
            rc = send_records(f, deadline);
        } else if (st & BR_SSL_RECVREC) {
            if (f->eof)
                return want == BR_SSL_SENDAPP ? -EPIPE : 0;
            rc = recv_records(f, deadline);
        } else {
            /* Nothing to do but wait for the other direction's fiber. */
            rc = wait_turn(f, deadline);
        }
        if (f->err)
            return f->err;
        if (rc == -ETIMEDOUT || rc == -ECANCELED || rc == -EBADF)
            return rc;
        if (rc < 0) {
            if (rc == -ECONNRESET || rc == -EPIPE)
                return tls_fail(f, rc, "the peer reset the connection");
            return tls_fail(f, rc, "the TCP connection failed (%d)", rc);
        }
    }
}
