/* SPDX-License-Identifier: ISC */
/* tcp_buf.c: TCP's ring buffers and the reassembly of received data. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_int.h"

/* Makes a ring of at most (cap) bytes, with TCP_RING_MIN of them (or
   fewer, when (cap) is) allocated: 0 or -ENOMEM. */
int tcp_ring_alloc(struct tcp_ring *r, size_t cap)
{
    size_t size = cap < TCP_RING_MIN ? cap : TCP_RING_MIN;

    r->buf = malloc(size);
    if (!r->buf)
        return -ENOMEM;
    r->size = size;
    r->cap = cap;
    r->head = 0;
    r->len = 0;
    r->held = NULL;
    return 0;
}

/* From now on (r) keeps (*held) counting its allocation: adds its size. */
void tcp_ring_count(struct tcp_ring *r, size_t *held)
{
    r->held = held;
    if (held)
        *held += r->size;
}

/* (r)'s allocation changes from (from) to (to) bytes: its count too. */
static void ring_resized(struct tcp_ring *r, size_t from, size_t to)
{
    if (r->held)
        *r->held = *r->held - from + to;
}

/*
 * The size tcp_ring_reserve would give (r) to hold (end) bytes from its
 * head, keeping the growth within (room) bytes: the largest of its
 * doublings (up to cap) that does; (r)'s size when none does.
 */
size_t tcp_ring_growth(const struct tcp_ring *r, size_t end, size_t room)
{
    size_t size = r->size ? r->size : TCP_RING_MIN, best = r->size;

    if (end <= r->size)
        return r->size;
    while (size < end && size < r->cap) {
        size = size * 2 > r->cap ? r->cap : size * 2;
        if (size - r->size > room)
            break;
        best = size;
    }
    return best;
}

/*
 * Makes the ring's first (end) bytes from its head (end <= cap) fit in
 * its allocation, doubling it (up to cap) and laying out again from the
 * start what it holds, out-of-order bytes beyond (len) included. Returns
 * 0, or -ENOMEM (the ring is unchanged).
 */
int tcp_ring_reserve(struct tcp_ring *r, size_t end)
{
    size_t size = r->size ? r->size : TCP_RING_MIN;
    uint8_t *buf;

    if (end <= r->size)
        return 0;
    while (size < end)
        size *= 2;
    if (size > r->cap)
        size = r->cap;
    buf = malloc(size);
    if (!buf)
        return -ENOMEM;
    if (r->size)
        tcp_ring_copy_out(r, 0, buf, r->size);
    free(r->buf);
    ring_resized(r, r->size, size);
    r->buf = buf;
    r->size = size;
    r->head = 0;
    return 0;
}

/* Gives back all but TCP_RING_MIN bytes of an empty ring (the caller
   knows that nothing lies beyond (len) either). */
void tcp_ring_trim(struct tcp_ring *r)
{
    uint8_t *buf;

    if (r->len || r->size <= TCP_RING_MIN)
        return;
    buf = malloc(TCP_RING_MIN);
    if (!buf)
        return; /* keep the larger one */
    free(r->buf);
    ring_resized(r, r->size, TCP_RING_MIN);
    r->buf = buf;
    r->size = TCP_RING_MIN;
    r->head = 0;
}

/* Frees a ring's bytes (a ring never allocated is left alone). */
void tcp_ring_free(struct tcp_ring *r)
{
    free(r->buf);
    ring_resized(r, r->size, 0);
    r->held = NULL;
    r->buf = NULL;
    r->size = 0;
    r->cap = 0;
    r->head = 0;
    r->len = 0;
}

/* Copies (len) bytes to the ring at (off) bytes from its head, wrapping;
   off + len must not exceed the ring's size. */
void tcp_ring_copy_in(struct tcp_ring *r, size_t off, const uint8_t *src,
                      size_t len)
{
    size_t pos = (r->head + off) % r->size;
    size_t first = r->size - pos;

    if (first > len)
        first = len;
    memcpy(r->buf + pos, src, first);
    if (len > first)
        memcpy(r->buf, src + first, len - first);
}

/* Copies (len) bytes from the ring at (off) bytes from its head. */
void tcp_ring_copy_out(const struct tcp_ring *r, size_t off, uint8_t *dst,
                       size_t len)
{
    size_t pos = (r->head + off) % r->size;
    size_t first = r->size - pos;

    if (first > len)
        first = len;
    memcpy(dst, r->buf + pos, first);
    if (len > first)
        memcpy(dst + first, r->buf, len - first);
}

/* Drops (len) bytes (at most its length) from the ring's head. */
void tcp_ring_consume(struct tcp_ring *r, size_t len)
{
    if (len > r->len)
        len = r->len;
    if (!r->size)
        return;
    r->head = (r->head + len) % r->size;
    r->len -= len;
}

/* Removes out-of-order range (i). */
static void ooo_remove(struct tcp_conn *c, unsigned i)
{
    memmove(&c->ooo[i], &c->ooo[i + 1], (c->nooo - i - 1) * sizeof c->ooo[0]);
    c->nooo--;
}

/*
 * Records [start, end) as held out of order, merging it with the ranges
 * it touches. Returns false when that would need a range more than
 * TCP_OOO_MAX (the segment is then dropped).
 */
static bool ooo_insert(struct tcp_conn *c, uint32_t start, uint32_t end)
{
    unsigned i = 0, j;

    while (i < c->nooo && SEQ_LT(c->ooo[i].end, start))
        i++;
    if (i == c->nooo || SEQ_LT(end, c->ooo[i].start)) {
        /* no overlap nor contact: a new range at i */
        if (c->nooo == TCP_OOO_MAX)
            return false;
        memmove(&c->ooo[i + 1], &c->ooo[i], (c->nooo - i) * sizeof c->ooo[0]);
        c->ooo[i].start = start;
        c->ooo[i].end = end;
        c->nooo++;
        tcp_sack_note_recent(c, start, end);
        return true;
    }
    if (SEQ_LT(start, c->ooo[i].start))
        c->ooo[i].start = start;
    if (SEQ_GT(end, c->ooo[i].end))
        c->ooo[i].end = end;
    /* swallow the following ranges that it now reaches */
    j = i + 1;
    while (j < c->nooo && SEQ_LE(c->ooo[j].start, c->ooo[i].end)) {
        if (SEQ_GT(c->ooo[j].end, c->ooo[i].end))
            c->ooo[i].end = c->ooo[j].end;
        ooo_remove(c, j);
    }
    tcp_sack_note_recent(c, c->ooo[i].start, c->ooo[i].end);
    return true;
}

/*
 * Stores the payload of a segment at (seq): what lies before rcv_nxt or
 * beyond the free room of the receive buffer is cut off (out-of-order data
 * is held inside the buffer's room, never beyond it). Data that arrives in
 * order advances rcv_nxt, with the out-of-order data it joins. Returns the
 * bytes that became readable (or were discarded after a shutdown of
 * reading).
 */
size_t tcp_rcv_data(struct tcp_conn *c, uint32_t seq, const uint8_t *data,
                    size_t len)
{
    struct tcp_ring *r = &c->rcvbuf;
    size_t room, off, added;

    if (SEQ_LT(seq, c->rcv_nxt)) {
        uint32_t skip = c->rcv_nxt - seq;

        if (skip >= len)
            return 0;
        data += skip;
        len -= skip;
        seq = c->rcv_nxt;
    }
    if (!r->buf || !len)
        return 0;
    room = r->cap - r->len;
    off = (uint32_t)(seq - c->rcv_nxt);
    if (off >= room)
        return 0;
    if (len > room - off)
        len = room - off;
    if (tcp_ring_reserve(r, r->len + off + len) < 0)
        return 0; /* no memory now: as if lost, the peer sends it again */
    tcp_ring_copy_in(r, r->len + off, data, len);
    if (off) {
        ooo_insert(c, seq, seq + (uint32_t)len);
        return 0;
    }
    r->len += len;
    c->rcv_nxt += (uint32_t)len;
    added = len;
    while (c->nooo && SEQ_LE(c->ooo[0].start, c->rcv_nxt)) {
        if (SEQ_GT(c->ooo[0].end, c->rcv_nxt)) {
            uint32_t more = c->ooo[0].end - c->rcv_nxt;

            r->len += more;
            c->rcv_nxt += more;
            added += more;
        }
        ooo_remove(c, 0);
    }
    if (c->rd_shut)
        tcp_ring_consume(r, r->len);
    return added;
}

/* The free room of the receive buffer: the most we may announce. */
uint32_t tcp_rcv_window(struct tcp_conn *c)
{
    const struct tcp_ring *r = &c->rcvbuf;

    if (!r->buf)
        return 0;
    return (uint32_t)(r->cap - r->len);
}
