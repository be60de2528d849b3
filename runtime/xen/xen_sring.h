/* SPDX-License-Identifier: ISC */
/* xen_sring.h: Xen's shared request/response rings (public/io/ring.h). */
#ifndef MIRAGE_XEN_XEN_SRING_H
#define MIRAGE_XEN_XEN_SRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ring.h"

/*
 * A shared ring fills one page: this 64-byte header, then an array of
 * entries, each the union of a request and a response, as many as the
 * largest power of two that fits. Indices run free (mod 2^32); an entry's
 * slot is the index masked by the size. The producer of requests is the
 * frontend: it publishes req_prod and notifies the backend when the
 * backend asked (req_event); the backend does the same with rsp_prod and
 * rsp_event.
 */
struct xen_sring {
    volatile uint32_t req_prod, req_event;
    volatile uint32_t rsp_prod, rsp_event;
    uint8_t pvt[4]; /* netif: smartpoll_active; unused here */
    uint8_t pad[44];
    uint8_t ring[]; /* the entries */
};
#define XEN_SRING_HEADER 64u
#define XEN_SRING_PAGE   4096u

/* The entry count of a ring of entries of (entry_size) bytes. */
static inline uint32_t xen_sring_entries(size_t entry_size)
{
    uint32_t n = 1;

    while ((size_t)n * 2 * entry_size <= XEN_SRING_PAGE - XEN_SRING_HEADER)
        n *= 2;
    return n;
}

/* Initialises a fresh shared ring (the frontend does, before granting
 * its page). */
static inline void xen_sring_init(struct xen_sring *s)
{
    s->req_prod = s->rsp_prod = 0;
    s->req_event = s->rsp_event = 1;
}

/* The frontend's private view of a ring. */
struct xen_front_ring {
    struct xen_sring *s;
    uint32_t size;         /* entries */
    uint32_t req_prod_pvt; /* requests written, not all published */
    uint32_t rsp_cons;     /* responses consumed */
};

/* Slot (idx) of ring (r) of entries of (entry_size) bytes. */
static inline void *xen_front_slot(struct xen_front_ring *r, uint32_t idx,
                                   size_t entry_size)
{
    return r->s->ring + (size_t)(idx & (r->size - 1)) * entry_size;
}

/* Free request slots: size minus requests not yet answered. */
static inline uint32_t xen_front_free(const struct xen_front_ring *r)
{
    return r->size - (r->req_prod_pvt - r->rsp_cons);
}

/*
 * Publishes the requests written since the last push. Returns true when
 * the backend asked to be notified (RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
 */
static inline bool xen_front_push(struct xen_front_ring *r)
{
    uint32_t old = r->s->req_prod, now = r->req_prod_pvt;

    xen_wmb(); /* the requests before the index */
    r->s->req_prod = now;
    xen_mb(); /* the index before reading req_event */
    return (uint32_t)(now - r->s->req_event) < (uint32_t)(now - old);
}

/*
 * The number of responses ready to consume, the backend's rsp_prod read
 * once; 0 also when rsp_prod is inconsistent (more responses than
 * requests outstanding: a hostile backend), which (*bad) then reports.
 * Call xen_rmb-ordered reads of the slots after it.
 */
static inline uint32_t xen_front_ready(struct xen_front_ring *r, bool *bad)
{
    uint32_t prod = r->s->rsp_prod;
    uint32_t n = prod - r->rsp_cons;

    xen_rmb(); /* the index before the responses */
    if (n > r->req_prod_pvt - r->rsp_cons) {
        if (bad)
            *bad = true;
        return 0;
    }
    return n;
}

/*
 * Asks for a notification at the next response, then looks again
 * (RING_FINAL_CHECK_FOR_RESPONSES): returns what xen_front_ready does.
 */
static inline uint32_t xen_front_final_check(struct xen_front_ring *r,
                                             bool *bad)
{
    uint32_t n = xen_front_ready(r, bad);

    if (n)
        return n;
    r->s->rsp_event = r->rsp_cons + 1;
    xen_mb();
    return xen_front_ready(r, bad);
}

#endif
