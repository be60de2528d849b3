/* SPDX-License-Identifier: ISC */
/* tcp_stub_lower.c: the engine's lower layers as TCP's unit tests need
 * them: checksums, ipv4_send capturing each segment, the path MTU, the
 * timer and log hooks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "tcp_harness.h"

/* The stub's checksum, written apart from the harness's (so an error in
   either shows). */
uint32_t tcpip_csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t s = sum;
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        s += (uint32_t)p[len - 1] << 8;
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

uint16_t tcpip_csum_finish(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)~sum;
}

uint32_t tcpip_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
                           uint16_t len)
{
    return (src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu) +
           proto + len;
}

/* The harness that owns (st): st is its first member. */
static struct th *owner(struct tcpip *st)
{
    return (struct th *)(void *)st;
}

int ipv4_send(struct tcpip *st, uint32_t src, uint32_t dst, uint8_t proto,
              uint8_t *buf, size_t len, unsigned flags)
{
    struct th *h = owner(st);
    struct th_seg *g;
    uint32_t mtu = ipv4_path_mtu(st, dst);

    if (proto != TCPIP_PROTO_TCP)
        return -EINVAL;
    if ((flags & TCPIP_IPV4_DF) && len + TCPIP_IPV4_HLEN > mtu) {
        h->too_big++;
        return -EMSGSIZE;
    }
    if (h->send_error)
        return h->send_error;
    if (h->drop_output)
        return 0;
    if (h->qlen == TH_MAXQ) {
        fprintf(stderr, "tcp_stub_lower: capture queue full\n");
        abort();
    }
    g = &h->q[(h->qhead + h->qlen) % TH_MAXQ];
    h->qlen++;
    th_parse(g, src, dst, buf + TCPIP_HEADROOM, len);
    g->when = th_now(h);
    if (!g->csum_ok)
        h->bad_csums++;
    return 0;
}

uint32_t ipv4_path_mtu(struct tcpip *st, uint32_t dst)
{
    struct th *h = owner(st);

    (void)dst;
    return h->path_mtu ? h->path_mtu : st->cfg.mtu;
}

void tcpip_timer_armed(struct tcpip *st, tcpip_ns deadline)
{
    if (deadline < st->next_deadline) {
        st->next_deadline = deadline;
        st->env.timer_changed(st->env.ctx, deadline);
    }
}

void tcpip_logf(struct tcpip *st, int level, const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    st->env.log(st->env.ctx, level, line);
}

bool tcpip_on_link(const struct tcpip *st, uint32_t addr)
{
    (void)st;
    (void)addr;
    return true;
}
