/* SPDX-License-Identifier: ISC */
/* test_xen_pvcons.c: the Xen PV console ring's index arithmetic, on the host.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xen/pvcons.h"

static struct xencons_interface ring;

static void reset(uint32_t out_start, uint32_t in_start)
{
    memset(&ring, 0, sizeof(ring));
    ring.out_cons = ring.out_prod = out_start;
    ring.in_cons = ring.in_prod = in_start;
}

static void test_layout(void)
{
    TAP_OK(sizeof(ring.in) == 1024 && sizeof(ring.out) == 2048,
           "in[1024], out[2048]");
    TAP_OK((char *)&ring.in_cons - (char *)&ring == 3072 &&
               (char *)&ring.out_prod - (char *)&ring == 3084,
           "indices in_cons, in_prod, out_cons, out_prod at 3072..3084");
}

static void test_write(void)
{
    size_t n;

    reset(0, 0);
    n = xen_pvcons_write(&ring, "hello\n", 6);
    TAP_OK(n == 6 && ring.out_prod == 6 && ring.out_cons == 0,
           "6 bytes written, out_prod 6");
    TAP_OK(memcmp(ring.out, "hello\n", 6) == 0, "bytes unchanged, '\\n' too");

    /* Indices about to wrap at 2^32. */
    reset(UINT32_MAX - 2, 0);
    n = xen_pvcons_write(&ring, "0123456789", 10);
    TAP_OK(n == 10 && ring.out_prod == 7,
           "wrap at 2^32: out_prod UINT32_MAX-2+10 = %u", ring.out_prod);
    TAP_OK(ring.out[2045] == '0' && ring.out[2046] == '1' &&
               ring.out[2047] == '2' && memcmp(ring.out, "3456789", 7) == 0,
           "bytes at slots 2045..2047 then 0..6");

    /* Full. */
    reset(100, 0);
    ring.out_prod = 100 + 2048;
    n = xen_pvcons_write(&ring, "x", 1);
    TAP_OK(n == 0 && ring.out_prod == 100 + 2048, "full ring: 0, no change");

    /* Full across the wrap. */
    reset(UINT32_MAX - 1000, 0);
    ring.out_prod = UINT32_MAX - 1000 + 2048;
    TAP_OK(xen_pvcons_write(&ring, "x", 1) == 0, "full ring across 2^32: 0");

    /* Partial: 8 bytes of room. */
    reset(UINT32_MAX - 5, 0);
    ring.out_prod = UINT32_MAX - 5 + 2040;
    n = xen_pvcons_write(&ring, "abcdefghijklmnopqrst", 20);
    TAP_OK(n == 8 && ring.out_prod == (uint32_t)(UINT32_MAX - 5 + 2048),
           "8 bytes of room: 8 of 20 written");
    TAP_OK(memcmp(ring.out + 2034, "abcdefgh", 8) == 0, "at slots 2034..2041");

    /* Inconsistent indices: treated as full. */
    reset(0, 0);
    ring.out_prod = 3000;
    TAP_OK(xen_pvcons_write(&ring, "x", 1) == 0 && ring.out_prod == 3000,
           "out_prod - out_cons > 2048: nothing written");
    reset(10, 0);
    ring.out_prod = 5;
    TAP_OK(xen_pvcons_write(&ring, "x", 1) == 0, "out_prod behind out_cons: 0");

    reset(0, 0);
    TAP_OK(xen_pvcons_write(&ring, "", 0) == 0 && ring.out_prod == 0,
           "empty write");
}

/* A fake backend: wait() consumes up to (chunk) bytes into sink. */
static struct {
    char *sink;
    size_t got, chunk;
    int notifies, waits, give_up;
} be;

static void drain(size_t max)
{
    while (ring.out_cons != ring.out_prod && max-- > 0)
        be.sink[be.got++] = ring.out[ring.out_cons++ & 2047];
}

static void notify(void *ctx)
{
    (void)ctx;
    be.notifies++;
}

static int wait_fn(void *ctx)
{
    (void)ctx;
    be.waits++;
    if (be.give_up)
        return -1;
    drain(be.chunk);
    return 0;
}

static void test_write_all(void)
{
    enum { LEN = 10000 };
    char *msg = malloc(LEN);
    size_t n;

    for (size_t i = 0; i < LEN; i++)
        msg[i] = (char)('a' + (i * 7) % 26);
    memset(&be, 0, sizeof(be));
    be.sink = calloc(1, LEN + 1);
    be.chunk = 777;
    reset(UINT32_MAX - 100, 0);
    n = xen_pvcons_write_all(&ring, msg, LEN, notify, wait_fn, NULL);
    drain(SIZE_MAX);
    TAP_OK(n == LEN, "10000 bytes through a 2048-byte ring: %zu", n);
    TAP_OK(be.got == LEN && memcmp(be.sink, msg, LEN) == 0,
           "the backend got every byte in order across the 2^32 wrap");
    TAP_OK(be.waits > 0 && be.notifies >= be.waits,
           "waited %d times, notified %d times", be.waits, be.notifies);
    TAP_OK(ring.out_prod == (uint32_t)(UINT32_MAX - 100 + LEN),
           "out_prod advanced by 10000");

    /* The backend never drains: wait gives up, partial count. */
    free(be.sink);
    memset(&be, 0, sizeof(be));
    be.sink = calloc(1, LEN + 1);
    be.give_up = 1;
    reset(0, 0);
    ring.out_prod = 2000;
    n = xen_pvcons_write_all(&ring, msg, 100, notify, wait_fn, NULL);
    TAP_OK(n == 48 && be.notifies == 1 && be.waits == 1,
           "wait gives up: 48 of 100 written, one notify");
    free(be.sink);
    free(msg);
}

/* The sink of xen_pvcons_early_flush: records every call. */
static char sunk[8192];
static size_t sunk_len;
static int sink_calls;

static void sink(void *ctx, const char *buf, size_t len)
{
    (*(int *)ctx)++;
    sink_calls++;
    if (len <= sizeof(sunk) - sunk_len) {
        memcpy(sunk + sunk_len, buf, len);
        sunk_len += len;
    }
}

static void sink_reset(void)
{
    sunk_len = 0;
    sink_calls = 0;
}

static void test_early(void)
{
    static struct xen_pvcons_early e;
    static char big[XEN_PVCONS_EARLY_SIZE + 100];
    int ctx = 0;
    size_t n;

    sink_reset();
    xen_pvcons_early_flush(&e, sink, &ctx);
    TAP_OK(sink_calls == 0 && ctx == 0, "empty: flush writes nothing");

    n = xen_pvcons_early_put(&e, "xen: one\n", 9);
    n += xen_pvcons_early_put(&e, "two\n", 4);
    TAP_OK(n == 13 && e.len == 13 && e.dropped == 0, "13 bytes held");
    xen_pvcons_early_flush(&e, sink, &ctx);
    TAP_OK(sink_calls == 1 && ctx == 1 && sunk_len == 13 &&
               memcmp(sunk, "xen: one\ntwo\n", 13) == 0,
           "flush: the bytes in order, in one write, ctx passed");
    TAP_OK(e.len == 0 && e.dropped == 0, "and empties the buffer");
    sink_reset();
    xen_pvcons_early_flush(&e, sink, &ctx);
    TAP_OK(sink_calls == 0, "a second flush writes nothing");

    /* Overflow: the first XEN_PVCONS_EARLY_SIZE bytes kept. */
    memset(big, 'a', sizeof(big));
    big[XEN_PVCONS_EARLY_SIZE - 3] = 'z'; /* the last byte kept */
    big[XEN_PVCONS_EARLY_SIZE - 2] = 'Q'; /* the first dropped */
    n = xen_pvcons_early_put(&e, "hi", 2);
    n += xen_pvcons_early_put(&e, big, XEN_PVCONS_EARLY_SIZE);
    TAP_OK(n == XEN_PVCONS_EARLY_SIZE && e.len == XEN_PVCONS_EARLY_SIZE &&
               e.dropped == 2,
           "2 + %d bytes: %d kept, 2 dropped", XEN_PVCONS_EARLY_SIZE,
           XEN_PVCONS_EARLY_SIZE);
    n = xen_pvcons_early_put(&e, "more", 4);
    TAP_OK(n == 0 && e.dropped == 6, "full: nothing kept, 6 dropped");
    sink_reset();
    xen_pvcons_early_flush(&e, sink, &ctx);
    TAP_OK(sink_calls == 2 && sunk_len > XEN_PVCONS_EARLY_SIZE &&
               memcmp(sunk, "hi", 2) == 0 &&
               sunk[XEN_PVCONS_EARLY_SIZE - 2] == 'a' &&
               sunk[XEN_PVCONS_EARLY_SIZE - 1] == 'z' &&
               memchr(sunk, 'Q', sunk_len) == NULL,
           "flush: the first %d bytes, as written", XEN_PVCONS_EARLY_SIZE);
    sunk[sunk_len] = '\0';
    TAP_STREQ(sunk + XEN_PVCONS_EARLY_SIZE,
              "mirage: 6 bytes of early console output lost\n",
              "then a line with the count of the bytes lost");
    TAP_OK(e.len == 0 && e.dropped == 0, "both counts reset");
}

int main(void)
{
    test_layout();
    test_write();
    test_write_all();
    test_early();
    return tap_done();
}
