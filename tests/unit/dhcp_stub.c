/* SPDX-License-Identifier: ISC */
/* dhcp_stub.c: the rest of the engine, faked, for the DHCP client's tests. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_stub.h"

struct stub stub;

static tcpip_ns stub_now(void *ctx)
{
    (void)ctx;
    return stub.now;
}

/* xorshift64: the same bytes on every run. */
static void stub_random(void *ctx, void *buf, size_t len)
{
    uint8_t *p = buf;

    (void)ctx;
    for (size_t i = 0; i < len; i++) {
        stub.rng ^= stub.rng << 13;
        stub.rng ^= stub.rng >> 7;
        stub.rng ^= stub.rng << 17;
        p[i] = (uint8_t)(stub.rng >> 24);
    }
}

static void stub_wake(void *ctx, struct mirage_cond *cond)
{
    (void)ctx;
    stub.wakes++;
    stub.woken = cond;
}

static int stub_send_frame(void *ctx, const void *frame, size_t len)
{
    (void)ctx;
    (void)frame;
    (void)len;
    return 0;
}

static void stub_timer_changed(void *ctx, tcpip_ns deadline)
{
    (void)ctx;
    (void)deadline;
}

static void stub_log(void *ctx, int level, const char *msg)
{
    (void)ctx;
    (void)level;
    (void)msg;
}

void stub_init(struct tcpip *st, const uint8_t mac[6], const char *hostname)
{
    memset(&stub, 0, sizeof stub);
    stub.rng = 0x2545f4914f6cdd1dull;
    stub.now = TCPIP_S(1000);
    stub.armed = TCPIP_NEVER;
    stub.verbose = getenv("DHCP_TEST_LOG") != NULL;
    memset(st, 0, sizeof *st);
    st->env.now = stub_now;
    st->env.random = stub_random;
    st->env.wake = stub_wake;
    st->env.send_frame = stub_send_frame;
    st->env.timer_changed = stub_timer_changed;
    st->env.log = stub_log;
    memcpy(st->cfg.mac, mac, 6);
    st->cfg.mtu = 1500;
    st->cfg.dhcp_hostname = hostname;
    st->next_deadline = TCPIP_NEVER;
}

const struct stub_dgram *stub_sent(unsigned i)
{
    if (i >= stub.nsent || stub.nsent - i > STUB_MAX_SENT)
        return NULL;
    return &stub.sent[i % STUB_MAX_SENT];
}

int ipv4_send(struct tcpip *st, uint32_t src, uint32_t dst, uint8_t proto,
              uint8_t *buf, size_t len, unsigned flags)
{
    struct stub_dgram *d = &stub.sent[stub.nsent % STUB_MAX_SENT];

    (void)st;
    /* the engine writes its headers in the room before the payload */
    memset(buf, 0xa5, TCPIP_HEADROOM);
    if (len > sizeof d->data) {
        fprintf(stderr, "dhcp_stub: a datagram of %zu bytes\n", len);
        abort();
    }
    d->src = src;
    d->dst = dst;
    d->proto = proto;
    d->flags = flags;
    d->at = stub.now;
    d->len = len;
    memcpy(d->data, buf + TCPIP_HEADROOM, len);
    stub.nsent++;
    return stub.send_rc;
}

int tcpip_set_address(struct tcpip *st, uint32_t addr, unsigned prefix,
                      uint32_t gateway)
{
    if (prefix > 32)
        return -EINVAL;
    if (stub.nset < STUB_MAX_SET)
        stub.set[stub.nset] = (struct stub_set){addr, prefix, gateway};
    stub.nset++;
    st->cfg.addr = addr;
    st->cfg.prefix = prefix;
    st->cfg.gateway = gateway;
    return 0;
}

void tcpip_timer_armed(struct tcpip *st, tcpip_ns deadline)
{
    (void)st;
    stub.armed = deadline;
}

void tcpip_logf(struct tcpip *st, int level, const char *fmt, ...)
{
    va_list ap;

    (void)st;
    va_start(ap, fmt);
    vsnprintf(stub.last_log, sizeof stub.last_log, fmt, ap);
    va_end(ap);
    stub.nlogs++;
    if (stub.verbose)
        printf("# log %d: %s\n", level, stub.last_log);
}

/* The reference: 16-bit big-endian words summed, carries folded. */
uint32_t tcpip_csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t s = sum;

    for (size_t i = 0; i + 1 < len; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len % 2)
        s += (uint32_t)p[len - 1] << 8;
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

uint16_t tcpip_csum_finish(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

uint32_t tcpip_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
                           uint16_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
           len;
}

uint16_t stub_udp_check(const struct stub_dgram *d)
{
    uint32_t sum =
        tcpip_csum_pseudo(d->src, d->dst, d->proto, (uint16_t)d->len);
    return tcpip_csum_finish(tcpip_csum_add(sum, d->data, d->len));
}
