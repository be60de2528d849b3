/* SPDX-License-Identifier: ISC */
/* xenstore.c: the xenstore client over the shared ring (xenstore.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/log.h>

#include "platform.h"
#include "ring.h"
#include "xen_io.h"
#include "xenstore.h"
#include "xs_proto.h"

MIRAGE_LOG_SOURCE(xs_log, "xenstore", "the Xen xenstore client");

#define XS_WATCHES   32  /* watches at once */
#define XS_TOKEN_MAX 64  /* a token's bytes, its NUL included */
#define XS_EVENTS    64  /* queued watch events */
#define XS_EV_PATH   256 /* an event's path, its NUL included */

struct xs_watch {
    bool used;
    bool lost; /* events were dropped since the owner last waited */
    char token[XS_TOKEN_MAX];
};

struct xs_event {
    unsigned watch; /* index in watches[] */
    char path[XS_EV_PATH];
};

/*
 * The client: one request in flight (busy; the others wait on turn), the
 * answer the pump found for it, the watch events it queued. Every fiber
 * that waits for the ring waits on (ev), armed on the event channel.
 */
static struct {
    bool ready;
    bool broken; /* the answer stream is lost: every call fails -EIO */
    volatile struct xenstore_domain_interface *ring;
    evtchn_port_t port;
    int source;
    uint32_t req_prod, rsp_cons; /* our own indices, published */
    struct mirage_cond ev;
    struct mirage_cond turn;
    bool busy;
    uint32_t next_id;
    /* The request in flight and its answer. */
    bool waiting, done;
    uint32_t want_id, want_type;
    int status;
    uint32_t answer_len;
    char answer[XENSTORE_PAYLOAD_MAX + 1];
    /* The request being built: header and payload. */
    unsigned char req[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    struct xs_rx rx;
    struct xs_watch watches[XS_WATCHES];
    struct xs_event events[XS_EVENTS];
    unsigned nevents;
} xs;

/* Finds the ring once xen_io_init and the platform allow it. */
static int xs_setup(void)
{
    if (xs.ready)
        return xs.broken ? -EIO : 0;
    if (xen_io_init() != 0 || xen_io_xenstore(&xs.ring, &xs.port) != 0)
        return -ENODEV;
    xs.source = xen_io_evtchn_source(xs.port);
    if (xs.source < 0)
        return -ENODEV;
    xs.req_prod = xen_read_idx(&xs.ring->req_prod);
    xs.rsp_cons = xen_read_idx(&xs.ring->rsp_cons);
    xs_rx_reset(&xs.rx);
    xs.ready = true;
    return 0;
}

static int watch_find(const char *token)
{
    for (unsigned i = 0; i < XS_WATCHES; i++)
        if (xs.watches[i].used && strcmp(xs.watches[i].token, token) == 0)
            return (int)i;
    return -ENOENT;
}

/* The oldest queued event of watch (w), or -1. */
static int event_find(unsigned w)
{
    for (unsigned e = 0; e < xs.nevents; e++)
        if (xs.events[e].watch == w)
            return (int)e;
    return -1;
}

/* Removes queued event (i). */
static void event_drop(unsigned i)
{
    memmove(&xs.events[i], &xs.events[i + 1],
            (xs.nevents - i - 1) * sizeof(xs.events[0]));
    xs.nevents--;
}

/* Queues a watch event of the message in xs.rx. */
static void event_queue(void)
{
    const char *path, *token;
    int w;

    if (xs_event_split(xs.rx.body, xs.rx.hdr.len, &path, &token) != 0) {
        mirage_log(&xs_log, MIRAGE_LOG_WARNING,
                   "malformed watch event (%u bytes) dropped",
                   (unsigned)xs.rx.hdr.len);
        return;
    }
    w = watch_find(token);
    if (w < 0)
        return; /* a watch already gone */
    if (strlen(path) >= XS_EV_PATH) {
        xs.watches[w].lost = true;
        return;
    }
    if (xs.nevents == XS_EVENTS) {
        xs.watches[xs.events[0].watch].lost = true;
        event_drop(0);
    }
    xs.events[xs.nevents].watch = (unsigned)w;
    strcpy(xs.events[xs.nevents].path, path);
    xs.nevents++;
}

/* Hands the message in xs.rx to its owner. */
static void dispatch(void)
{
    const struct xsd_sockmsg *h = &xs.rx.hdr;

    if (h->type == XS_WATCH_EVENT) {
        event_queue();
        return;
    }
    if (!xs.waiting || h->req_id != xs.want_id) {
        mirage_log(&xs_log, MIRAGE_LOG_WARNING,
                   "answer to no request (type %u, req_id %u) dropped",
                   (unsigned)h->type, (unsigned)h->req_id);
        return;
    }
    xs.status = xs_answer_check(h, xs.rx.body, xs.want_type);
    if (xs.status == -EIO)
        mirage_log(&xs_log, MIRAGE_LOG_WARNING,
                   "answer of type %u to a request of type %u",
                   (unsigned)h->type, (unsigned)xs.want_type);
    memcpy(xs.answer, xs.rx.body, h->len + 1);
    xs.answer_len = h->len;
    xs.waiting = false;
    xs.done = true;
}

/* Takes every whole message off the ring, without waiting. Returns 0 or
 * -EIO (the ring is inconsistent now, or for good: xs.broken). */
static int pump(void)
{
    uint32_t cons0 = xs.rsp_cons;
    int rc;

    for (;;) {
        rc = xs_ring_take(xs.ring, &xs.rsp_cons, &xs.rx);
        if (rc <= 0)
            break;
        dispatch();
        xs_rx_reset(&xs.rx);
    }
    if (xs.rsp_cons != cons0) {
        xen_mb(); /* our reads of the bytes before the index that frees
                     them */
        xen_write_idx(&xs.ring->rsp_cons, xs.rsp_cons);
        (void)xen_io_evtchn_notify(xs.port);
        /* an answer or an event another fiber waits for may be among them */
        mirage_cond_broadcast(&xs.ev);
    }
    if (rc == -EPROTO) {
        mirage_log(&xs_log, MIRAGE_LOG_ERROR,
                   "answer longer than %u bytes: the ring is lost",
                   (unsigned)XENSTORE_PAYLOAD_MAX);
        xs.broken = true;
        return -EIO;
    }
    if (rc == -EIO)
        mirage_log(&xs_log, MIRAGE_LOG_ERROR,
                   "inconsistent answer ring (prod %u, cons %u)",
                   (unsigned)xen_read_idx(&xs.ring->rsp_prod),
                   (unsigned)xs.rsp_cons);
    return rc < 0 ? rc : 0;
}

/*
 * Clears the ring's event channel before a look at the ring. A
 * notification may be meant for another fiber (an answer it waits for,
 * room for its request): whoever clears it wakes every waiter, which
 * look again, so no wake-up is lost to the fiber that happened to clear.
 */
static void port_clear(void)
{
    if (xen_io_evtchn_clear(xs.port) > 0)
        mirage_cond_broadcast(&xs.ev);
}

/* Waits for the event channel until (deadline_ns). 0, -ETIMEDOUT or the
 * wait's error. */
static int ring_wait(uint64_t deadline_ns)
{
    uint64_t now = plat_clock_monotonic_ns();
    int rc;

    if (now >= deadline_ns)
        return -ETIMEDOUT;
    rc = plat_io_watch(xs.source, PLAT_IO_READ, &xs.ev);
    if (rc != 0)
        return rc;
    rc = mirage_cond_wait(&xs.ev, deadline_ns - now);
    return rc;
}

static int turn_take(uint64_t deadline_ns)
{
    while (xs.busy) {
        uint64_t now = plat_clock_monotonic_ns();
        int rc;

        if (now >= deadline_ns)
            return -ETIMEDOUT;
        rc = mirage_cond_wait(&xs.turn, deadline_ns - now);
        if (rc != 0 && rc != -ETIMEDOUT)
            return rc;
    }
    xs.busy = true;
    return 0;
}

static void turn_give(void)
{
    xs.busy = false;
    mirage_cond_signal(&xs.turn);
}

/* Sends the request in xs.req (header and (len) payload bytes). */
static int send_request(uint32_t len, uint64_t deadline_ns)
{
    size_t total = sizeof(struct xsd_sockmsg) + len, off = 0;

    while (off < total) {
        int put, rc;

        port_clear();
        if (pump() != 0)
            return -EIO;
        put = xs_ring_put(xs.ring, &xs.req_prod, xs.req + off, total - off);
        if (put < 0) {
            mirage_log(&xs_log, MIRAGE_LOG_ERROR,
                       "inconsistent request ring (prod %u, cons %u)",
                       (unsigned)xs.req_prod,
                       (unsigned)xen_read_idx(&xs.ring->req_cons));
            goto lost;
        }
        if (put > 0) {
            xen_wmb(); /* the bytes before the index that announces them */
            xen_write_idx(&xs.ring->req_prod, xs.req_prod);
            (void)xen_io_evtchn_notify(xs.port);
            off += (size_t)put;
            continue;
        }
        rc = ring_wait(deadline_ns);
        if (rc != 0 && rc != -ETIMEDOUT) {
            if (off == 0)
                return rc;
            goto lost;
        }
        if (rc == -ETIMEDOUT && plat_clock_monotonic_ns() >= deadline_ns) {
            if (off == 0)
                return -ETIMEDOUT;
            goto lost;
        }
    }
    return 0;
lost:
    /* Half a request sits in the ring: the stream cannot be resumed. */
    xs.broken = true;
    return -EIO;
}

/*
 * Makes request (type) in transaction (tx) with payload (a) and its NUL,
 * then (b) with its NUL if (b_nul) (a value has none), and waits for its
 * answer, which it checks and copies to out[0..cap) (NUL-terminated, cap
 * >= 1) with its length in (*len). Returns 0, -ERANGE when the answer does
 * not fit, or the error.
 */
static int xs_call(uint32_t type, uint32_t tx, const char *a, const char *b,
                   bool b_nul, char *out, size_t cap, uint32_t *len)
{
    uint64_t deadline = plat_clock_monotonic_ns() + XEN_XS_TIMEOUT_NS;
    size_t alen = strlen(a) + 1;
    size_t blen = b ? strlen(b) + (b_nul ? 1 : 0) : 0;
    struct xsd_sockmsg h;
    int rc;

    rc = xs_setup();
    if (rc != 0)
        return rc;
    if (alen + blen > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    rc = turn_take(deadline);
    if (rc != 0)
        return rc;
    if (xs.broken) {
        rc = -EIO;
        goto out;
    }
    h.type = type;
    h.req_id = ++xs.next_id;
    h.tx_id = tx;
    h.len = (uint32_t)(alen + blen);
    memcpy(xs.req, &h, sizeof(h));
    memcpy(xs.req + sizeof(h), a, alen);
    if (b)
        memcpy(xs.req + sizeof(h) + alen, b, blen);
    xs.want_id = h.req_id;
    xs.want_type = type;
    xs.waiting = true;
    xs.done = false;
    rc = send_request(h.len, deadline);
    while (rc == 0) {
        port_clear();
        rc = pump();
        if (rc != 0 || xs.done)
            break;
        rc = ring_wait(deadline);
        if (rc == -ETIMEDOUT && plat_clock_monotonic_ns() < deadline)
            rc = 0;
    }
    if (rc == -ETIMEDOUT && !xs.done && pump() == 0 && xs.done)
        rc = 0; /* the answer came with the deadline */
    xs.waiting = false;
    if (rc == 0 && xs.done) {
        rc = xs.status;
        if (rc == 0) {
            if (xs.answer_len + 1 > cap)
                rc = -ERANGE;
            else {
                memcpy(out, xs.answer, xs.answer_len + 1);
                *len = xs.answer_len;
            }
        }
    }
out:
    turn_give();
    return rc;
}

/* A request whose answer is "OK". */
static int xs_call_ok(uint32_t type, uint32_t tx, const char *a, const char *b,
                      bool b_nul)
{
    char ok[4];
    uint32_t len;
    int rc = xs_call(type, tx, a, b, b_nul, ok, sizeof(ok), &len);

    if (rc == -ERANGE || (rc == 0 && xs_answer_ok(ok, len) != 0))
        return -EIO;
    return rc;
}

int xen_xs_read(uint32_t tx, const char *path, char *buf, size_t cap)
{
    uint32_t len;
    int rc;

    if (cap == 0)
        return -ERANGE;
    rc = xs_call(XS_READ, tx, path, NULL, false, buf, cap, &len);
    return rc != 0 ? rc : (int)len;
}

int xen_xs_read_u64(uint32_t tx, const char *path, uint64_t *value)
{
    char buf[32];
    int rc = xen_xs_read(tx, path, buf, sizeof(buf));

    if (rc == -ERANGE)
        return -EINVAL;
    if (rc < 0)
        return rc;
    return xs_parse_u64(buf, (size_t)rc, value);
}

int xen_xs_write(uint32_t tx, const char *path, const char *value)
{
    return xs_call_ok(XS_WRITE, tx, path, value, false);
}

int xen_xs_rm(uint32_t tx, const char *path)
{
    return xs_call_ok(XS_RM, tx, path, NULL, false);
}

int xen_xs_directory(uint32_t tx, const char *path, char *buf, size_t cap)
{
    uint32_t len;
    int rc;

    if (cap == 0)
        return -ERANGE;
    rc = xs_call(XS_DIRECTORY, tx, path, NULL, false, buf, cap, &len);
    if (rc != 0)
        return rc;
    if (xs_answer_directory(buf, len) != 0) {
        mirage_log(&xs_log, MIRAGE_LOG_WARNING,
                   "malformed directory answer for %s", path);
        return -EIO;
    }
    return (int)len;
}

int xen_xs_transaction_start(uint32_t *tx)
{
    char buf[16];
    uint32_t len;
    int rc = xs_call(XS_TRANSACTION_START, 0, "", NULL, false, buf, sizeof(buf),
                     &len);

    if (rc == -ERANGE)
        return -EIO;
    if (rc != 0)
        return rc;
    return xs_answer_tx(buf, len, tx);
}

int xen_xs_transaction_end(uint32_t tx, int commit)
{
    if (tx == 0)
        return -EINVAL;
    return xs_call_ok(XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL, false);
}

int xen_xs_transact(int (*fn)(uint32_t tx, void *arg), void *arg)
{
    for (int i = 0; i < XEN_XS_TX_TRIES; i++) {
        uint32_t tx;
        int rc = xen_xs_transaction_start(&tx);

        if (rc != 0)
            return rc;
        rc = fn(tx, arg);
        if (rc != 0) {
            (void)xen_xs_transaction_end(tx, 0);
            return rc;
        }
        rc = xen_xs_transaction_end(tx, 1);
        if (rc != -EAGAIN)
            return rc;
    }
    mirage_log(&xs_log, MIRAGE_LOG_WARNING,
               "transaction still conflicting after %d tries", XEN_XS_TX_TRIES);
    return -EAGAIN;
}

int xen_xs_watch(const char *path, const char *token)
{
    int w, rc;

    if (strlen(token) >= XS_TOKEN_MAX)
        return -EINVAL;
    if (watch_find(token) >= 0)
        return -EEXIST;
    for (w = 0; w < XS_WATCHES && xs.watches[w].used; w++)
        ;
    if (w == XS_WATCHES)
        return -ENOSPC;
    /* Registered first: the event Xen fires at once may come before the
     * answer is read. */
    xs.watches[w].used = true;
    xs.watches[w].lost = false;
    strcpy(xs.watches[w].token, token);
    rc = xs_call_ok(XS_WATCH, 0, path, token, true);
    if (rc != 0) {
        int i = watch_find(token);

        if (i >= 0)
            xs.watches[i].used = false;
        for (unsigned e = xs.nevents; e-- > 0;)
            if (xs.events[e].watch == (unsigned)w)
                event_drop(e);
    }
    return rc;
}

int xen_xs_unwatch(const char *path, const char *token)
{
    int rc = xs_call_ok(XS_UNWATCH, 0, path, token, true);
    /* Forgotten whatever xenstored says: its late events are dropped. */
    int w = watch_find(token);
    if (w >= 0) {
        xs.watches[w].used = false;
        for (unsigned e = xs.nevents; e-- > 0;)
            if (xs.events[e].watch == (unsigned)w)
                event_drop(e);
    }
    return rc;
}

int xen_xs_wait_watch(const char *token, uint64_t deadline_ns, char *buf,
                      size_t cap)
{
    int rc = xs_setup();

    if (rc != 0)
        return rc;
    for (;;) {
        int w = watch_find(token);

        if (w < 0)
            return -ENOENT;
        if (xs.watches[w].lost) {
            xs.watches[w].lost = false;
            return -ENOBUFS;
        }
        int e = event_find((unsigned)w);

        if (e >= 0) {
            rc = 0;
            if (buf) {
                if (strlen(xs.events[e].path) + 1 > cap)
                    rc = -ERANGE;
                else
                    strcpy(buf, xs.events[e].path);
            }
            event_drop((unsigned)e);
            return rc;
        }
        port_clear();
        rc = pump();
        if (rc != 0)
            return rc;
        if (event_find((unsigned)w) >= 0 || xs.watches[w].lost)
            continue;
        rc = ring_wait(deadline_ns);
        if (rc == -ETIMEDOUT && plat_clock_monotonic_ns() < deadline_ns)
            rc = 0;
        if (rc != 0)
            return rc;
    }
}
