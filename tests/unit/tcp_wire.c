/* SPDX-License-Identifier: ISC */
/* tcp_wire.c: the fake wire of tcp_wire.h. */
#include <stdlib.h>
#include <string.h>

#include "tcp_wire.h"

#define TW_MAX 20000

uint64_t tw_rand(struct tw_wire *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return w->rng;
}

void tw_init(struct tw_wire *w, struct th *a, struct th *b, uint64_t seed)
{
    memset(w, 0, sizeof *w);
    w->end[0] = a;
    w->end[1] = b;
    b->clock = &a->now_own;
    w->rng = seed ? seed : 1;
    w->max = TW_MAX;
    w->p = calloc(w->max, sizeof *w->p);
    if (!w->p)
        abort();
}

void tw_fini(struct tw_wire *w)
{
    while (w->n)
        free(w->p[--w->n].bytes);
    free(w->p);
    w->p = NULL;
}

/* Removes the listed options from a SYN (NOPs in their place), fixing the
   checksum: a peer that does not offer them. */
static void strip_options(struct tw_wire *w, uint8_t *p, size_t len,
                          uint32_t src, uint32_t dst)
{
    size_t doff = (size_t)(p[12] >> 4) * 4, i = 20;
    uint16_t sum;

    if (!(p[13] & TH_SYN) || !w->strip[0])
        return;
    while (i < doff) {
        uint8_t k = p[i], ol;
        unsigned j;
        bool kill = false;

        if (k == 0)
            break;
        if (k == 1) {
            i++;
            continue;
        }
        ol = p[i + 1];
        for (j = 0; j < 4; j++)
            if (w->strip[j] && w->strip[j] == k)
                kill = true;
        if (kill)
            memset(p + i, 1, ol);
        i += ol;
    }
    p[16] = p[17] = 0;
    sum = th_tcp_csum(src, dst, p, len);
    p[16] = (uint8_t)(sum >> 8);
    p[17] = (uint8_t)sum;
}

static void put(struct tw_wire *w, int to, const struct th_seg *g)
{
    struct tw_pkt *k;

    if (w->n == w->max)
        return; /* a full wire loses */
    k = &w->p[w->n++];
    k->at =
        th_now(w->end[0]) + w->delay + (w->jitter ? tw_rand(w) % w->jitter : 0);
    k->order = w->order++;
    k->to = to;
    k->src = g->src;
    k->dst = g->dst;
    k->len = g->rawlen;
    k->bytes = malloc(g->rawlen);
    if (!k->bytes)
        abort();
    memcpy(k->bytes, g->raw, g->rawlen);
    strip_options(w, k->bytes, k->len, k->src, k->dst);
}

void tw_collect(struct tw_wire *w)
{
    static struct th_seg g;
    int from;

    for (from = 0; from < 2; from++) {
        while (th_pop(w->end[from], &g)) {
            w->sent++;
            if (tw_rand(w) % 1000 < w->loss_pm) {
                w->lost++;
                continue;
            }
            put(w, !from, &g);
            if (tw_rand(w) % 1000 < w->dup_pm) {
                w->duped++;
                put(w, !from, &g);
            }
        }
    }
}

bool tw_deliver(struct tw_wire *w)
{
    bool any = false;

    for (;;) {
        size_t i, best = SIZE_MAX;
        struct tw_pkt k;

        for (i = 0; i < w->n; i++)
            if (w->p[i].at <= th_now(w->end[0]) &&
                (best == SIZE_MAX || w->p[i].at < w->p[best].at ||
                 (w->p[i].at == w->p[best].at &&
                  w->p[i].order < w->p[best].order)))
                best = i;
        if (best == SIZE_MAX)
            return any;
        k = w->p[best];
        w->p[best] = w->p[--w->n];
        th_inject_raw(w->end[k.to], k.src, k.dst, k.bytes, k.len);
        free(k.bytes);
        any = true;
    }
}

tcpip_ns tw_next_event(struct tw_wire *w)
{
    tcpip_ns t = tcp_timers(&w->end[0]->st, th_now(w->end[0])), u;
    size_t i;

    u = tcp_timers(&w->end[1]->st, th_now(w->end[1]));
    if (u < t)
        t = u;
    /* what the timers just sent (a delayed ACK, a retransmission) is on
       the wire now: without this, time ran on to the next timer first */
    tw_collect(w);
    for (i = 0; i < w->n; i++)
        if (w->p[i].at < t)
            t = w->p[i].at;
    return t;
}
