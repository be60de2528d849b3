/* SPDX-License-Identifier: ISC */
/* tcp_conn.c: the connection table: set-up, lookup, states, ports, ends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_int.h"

/* Bucket of a 4-tuple: a keyed mix, so a peer cannot aim at one chain. */
static size_t bucket(const struct tcp_table *t, uint32_t laddr, uint16_t lport,
                     uint32_t raddr, uint16_t rport)
{
    uint32_t h = t->hkey;

    h ^= raddr;
    h *= 0x9e3779b1u;
    h ^= (uint32_t)rport << 16 | lport;
    h *= 0x85ebca77u;
    h ^= laddr;
    h *= 0xc2b2ae3du;
    h ^= h >> 15;
    return h & t->hmask;
}

/* Sets up the layer: the table, the timer heap, the secret. 0 or -ENOMEM. */
int tcp_init(struct tcpip *st)
{
    struct tcp_table *t = calloc(1, sizeof *t);
    size_t n = 16, cap;

    if (!t)
        return -ENOMEM;
    /* every connection with a timer is in the heap: at most
       lim.tcp_connections outside TIME_WAIT and lim.tcp_time_wait in it */
    cap = (size_t)st->lim.tcp_connections + st->lim.tcp_time_wait + 16;
    while (n < cap && n < ((size_t)1 << 20))
        n <<= 1;
    t->hash = calloc(n, sizeof *t->hash);
    t->hmask = n - 1;
    t->heap_cap = cap;
    t->heap = calloc(cap, sizeof *t->heap);
    t->scratch_len = TCPIP_HEADROOM + TCP_HLEN + TCP_MAX_OPTLEN + 9000;
    t->scratch = malloc(t->scratch_len);
    if (!t->hash || !t->heap || !t->scratch) {
        free(t->hash);
        free(t->heap);
        free(t->scratch);
        free(t);
        return -ENOMEM;
    }
    st->env.random(st->env.ctx, t->secret, sizeof t->secret);
    st->env.random(st->env.ctx, &t->hkey, sizeof t->hkey);
    st->env.random(st->env.ctx, &t->port_counter, sizeof t->port_counter);
    st->tcp = t;
    return 0;
}

/* Frees every connection, listener and the table. */
void tcp_fini(struct tcpip *st)
{
    struct tcp_table *t = st->tcp;

    if (!t)
        return;
    while (t->all)
        tcp_conn_free(t->all);
    while (t->listeners) {
        struct tcp_listener *l = t->listeners;

        t->listeners = l->next;
        st->stats.tcp.state[TCP_LISTEN]--;
        free(l);
    }
    free(t->hash);
    free(t->heap);
    free(t->scratch);
    free(t);
    st->tcp = NULL;
}

/* Connections the engine holds now (tcp.h). */
unsigned tcp_connection_count(struct tcpip *st)
{
    return st->tcp ? st->tcp->nall : 0;
}

/* A new connection in CLOSED, not hashed, not owned; NULL without memory. */
struct tcp_conn *tcp_conn_new(struct tcpip *st)
{
    struct tcp_table *t = st->tcp;
    struct tcp_conn *c = calloc(1, sizeof *c);

    if (!c)
        return NULL;
    c->st = st;
    c->heap_idx = SIZE_MAX;
    c->when = TCPIP_NEVER;
    c->t_rexmt = c->t_persist = c->t_delack = TCPIP_NEVER;
    c->t_keep = c->t_2msl = TCPIP_NEVER;
    c->state = TCP_CLOSED;
    c->rto = TCP_RTO_INIT;
    c->mss_clamp = TCP_DEFAULT_MSS;
    c->keep_idle = TCP_KEEP_IDLE;
    c->keep_intvl = TCP_KEEP_INTVL;
    c->keep_cnt = TCP_KEEP_COUNT;
    c->all_next = t->all;
    if (t->all)
        t->all->all_prev = c;
    t->all = c;
    t->nall++;
    t->nconns++;
    st->stats.tcp.state[TCP_CLOSED]++;
    return c;
}

/* Removes (c) from the TIME_WAIT list. */
static void tw_unlink(struct tcp_conn *c)
{
    struct tcp_table *t = c->st->tcp;

    if (c->tw_prev)
        c->tw_prev->tw_next = c->tw_next;
    else
        t->tw_head = c->tw_next;
    if (c->tw_next)
        c->tw_next->tw_prev = c->tw_prev;
    else
        t->tw_tail = c->tw_prev;
    c->tw_prev = c->tw_next = NULL;
}

/* Takes (c) out of its listener's accept queue. */
static void accept_unlink(struct tcp_conn *c)
{
    struct tcp_listener *l = c->listener;
    struct tcp_conn **pp;

    if (!c->in_accept_q || !l)
        return;
    for (pp = &l->acc_head; *pp; pp = &(*pp)->q_next) {
        if (*pp == c) {
            *pp = c->q_next;
            break;
        }
    }
    l->acc_tail = NULL;
    for (struct tcp_conn *q = l->acc_head; q; q = q->q_next)
        l->acc_tail = q;
    l->nacc--;
    c->in_accept_q = false;
    c->q_next = NULL;
}

/*
 * Moves (c) to state (s), keeping the per-state counters, the count of
 * connections and of TIME_WAIT entries, the TIME_WAIT list and the SYN
 * queue's count exact.
 */
void tcp_set_state(struct tcp_conn *c, enum tcp_state s)
{
    struct tcpip *st = c->st;
    struct tcp_table *t = st->tcp;
    enum tcp_state old = c->state;

    if (old == s)
        return;
    st->stats.tcp.state[old]--;
    st->stats.tcp.state[s]++;
    if (old == TCP_TIME_WAIT) {
        tw_unlink(c);
        t->ntw--;
        t->nconns++;
    }
    if (s == TCP_TIME_WAIT) {
        t->nconns--;
        t->ntw++;
        c->tw_prev = t->tw_tail;
        if (t->tw_tail)
            t->tw_tail->tw_next = c;
        else
            t->tw_head = c;
        t->tw_tail = c;
    }
    if (c->passive && old == TCP_SYN_RECEIVED) {
        t->nsyn--;
        if (c->listener)
            c->listener->nsyn--;
    }
    if (c->passive && s == TCP_SYN_RECEIVED) {
        t->nsyn++;
        if (c->listener)
            c->listener->nsyn++;
    }
    c->state = s;
}

/* Frees (c) whatever its state: out of every table, list and heap. */
void tcp_conn_free(struct tcp_conn *c)
{
    struct tcpip *st = c->st;
    struct tcp_table *t = st->tcp;

    tcp_set_state(c, TCP_CLOSED);
    st->stats.tcp.state[TCP_CLOSED]--;
    t->nconns--;
    tcp_hash_remove(c);
    tcp_heap_remove(c);
    accept_unlink(c);
    tcp_ring_free(&c->sndbuf);
    tcp_ring_free(&c->rcvbuf);
    if (c->all_prev)
        c->all_prev->all_next = c->all_next;
    else
        t->all = c->all_next;
    if (c->all_next)
        c->all_next->all_prev = c->all_prev;
    t->nall--;
    free(c);
}

/* Puts (c) in the lookup table under its 4-tuple. */
void tcp_hash_insert(struct tcp_conn *c)
{
    struct tcp_table *t = c->st->tcp;
    size_t b = bucket(t, c->laddr, c->lport, c->raddr, c->rport);

    if (c->hashed)
        return;
    c->hnext = t->hash[b];
    t->hash[b] = c;
    c->hashed = true;
}

/* Takes (c) out of the lookup table. */
void tcp_hash_remove(struct tcp_conn *c)
{
    struct tcp_table *t = c->st->tcp;
    struct tcp_conn **pp;

    if (!c->hashed)
        return;
    pp = &t->hash[bucket(t, c->laddr, c->lport, c->raddr, c->rport)];
    for (; *pp; pp = &(*pp)->hnext) {
        if (*pp == c) {
            *pp = c->hnext;
            break;
        }
    }
    c->hashed = false;
    c->hnext = NULL;
}

/* The connection of a 4-tuple (not CLOSED), or NULL. */
struct tcp_conn *tcp_lookup(struct tcpip *st, uint32_t laddr, uint16_t lport,
                            uint32_t raddr, uint16_t rport)
{
    struct tcp_table *t = st->tcp;
    struct tcp_conn *c = t->hash[bucket(t, laddr, lport, raddr, rport)];

    for (; c; c = c->hnext)
        if (c->lport == lport && c->rport == rport && c->raddr == raddr &&
            c->laddr == laddr)
            return c;
    return NULL;
}

/* The listener for segments to (addr, port), or NULL. */
struct tcp_listener *tcp_find_listener(struct tcpip *st, uint32_t addr,
                                       uint16_t port)
{
    struct tcp_listener *l;

    for (l = st->tcp->listeners; l; l = l->next)
        if (l->port == port && (!l->addr || l->addr == addr))
            return l;
    return NULL;
}

/* Does a listener have (port)? */
bool tcp_port_listened(struct tcpip *st, uint16_t port)
{
    struct tcp_listener *l;

    for (l = st->tcp->listeners; l; l = l->next)
        if (l->port == port)
            return true;
    return false;
}

/*
 * Chooses an ephemeral port (49152..65535) for a connection from (laddr)
 * to (raddr, rport) per RFC 6056's algorithm 3: a keyed hash of the
 * addresses and remote port, plus a counter, then the next free ones. The
 * 4-tuple only has to be free, so connections to different peers may
 * share a port. Returns 0 and (*out), or -EADDRNOTAVAIL.
 */
int tcp_pick_port(struct tcpip *st, uint32_t laddr, uint32_t raddr,
                  uint16_t rport, uint16_t *out)
{
    struct tcp_table *t = st->tcp;
    uint8_t key[10];
    uint32_t offset, i;

    tcpip_put32(key, laddr);
    tcpip_put32(key + 4, raddr);
    tcpip_put16(key + 8, rport);
    offset = tcp_keyed_hash(st, key, sizeof key, 0x706f7274u);
    for (i = 0; i < 16384; i++) {
        uint16_t port =
            (uint16_t)(49152u + (offset + t->port_counter + i) % 16384u);

        if (tcp_port_listened(st, port))
            continue;
        if (tcp_lookup(st, laddr, port, raddr, rport))
            continue;
        t->port_counter += i + 1;
        *out = port;
        return 0;
    }
    return -EADDRNOTAVAIL;
}

/* Wakes the owner's waiters on (c). */
void tcp_wake(struct tcp_conn *c)
{
    if (c->owned)
        c->st->env.wake(c->st->env.ctx, &c->cond);
}

/*
 * Makes the send and receive rings of (c), which grow up to
 * (lim.tcp_send_buffer, lim.tcp_receive_buffer bytes). Returns 0 or -ENOMEM.
 */
int tcp_conn_buffers(struct tcp_conn *c)
{
    const struct tcpip_limits *lim = &c->st->lim;

    if (!c->sndbuf.buf &&
        tcp_ring_alloc(&c->sndbuf,
                       lim->tcp_send_buffer ? lim->tcp_send_buffer : 1) < 0)
        return -ENOMEM;
    if (!c->rcvbuf.buf &&
        tcp_ring_alloc(&c->rcvbuf,
                       lim->tcp_receive_buffer ? lim->tcp_receive_buffer : 1) <
            0) {
        tcp_ring_free(&c->sndbuf);
        return -ENOMEM;
    }
    if (!c->sndbuf.held)
        tcp_ring_count(&c->sndbuf, &c->st->tcp->ring_bytes);
    if (!c->rcvbuf.held)
        tcp_ring_count(&c->rcvbuf, &c->st->tcp->ring_bytes);
    return 0;
}

/*
 * Ends (c): CLOSED with (err) (0 for a normal end), out of the lookup
 * table, timers off, the send buffer freed (the receive buffer too after an
 * error: a reset discards what was not read). Frees (c) when nobody owns
 * it; returns true then (the caller must not touch it again).
 */
bool tcp_conn_closed(struct tcp_conn *c, int err)
{
    if (err && !c->error)
        c->error = err;
    tcp_set_state(c, TCP_CLOSED);
    tcp_hash_remove(c);
    c->t_rexmt = c->t_persist = c->t_delack = TCPIP_NEVER;
    c->t_keep = c->t_2msl = TCPIP_NEVER;
    tcp_heap_remove(c);
    tcp_ring_free(&c->sndbuf);
    if (err)
        tcp_ring_free(&c->rcvbuf);
    c->ooo_fin = false;
    c->nooo = 0;
    if (!c->owned) {
        tcp_conn_free(c);
        return true;
    }
    tcp_wake(c);
    return false;
}

/*
 * Moves (c) to TIME_WAIT for 2 MSL, keeping only what a late segment
 * needs; when that makes more than lim.tcp_time_wait entries, the oldest
 * is ended (time_wait_recycled). Returns true if (c) itself was freed.
 */
bool tcp_enter_time_wait(struct tcp_conn *c)
{
    struct tcpip *st = c->st;
    struct tcp_table *t = st->tcp;
    bool freed = false;

    tcp_set_state(c, TCP_TIME_WAIT);
    tcp_ring_free(&c->sndbuf);
    if (!c->owned)
        tcp_ring_free(&c->rcvbuf);
    c->nooo = 0;
    c->nsacked = 0;
    c->t_rexmt = c->t_persist = c->t_delack = c->t_keep = TCPIP_NEVER;
    c->t_2msl = tcpip_now(st) + 2 * TCP_MSL;
    tcp_timer_update(c);
    tcp_wake(c);
    while (t->ntw > st->lim.tcp_time_wait && t->tw_head) {
        struct tcp_conn *old = t->tw_head;

        st->stats.tcp.time_wait_recycled++;
        if (old == c)
            freed = !c->owned;
        tcp_conn_closed(old, 0);
        if (old == c)
            break;
    }
    return freed;
}
