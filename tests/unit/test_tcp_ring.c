/* SPDX-License-Identifier: ISC */
/* test_tcp_ring.c: TCP's ring buffers grow as data comes, up to their limit,
 * and shrink back when empty. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_int.h"

/* tcp_buf.c's reassembly tells SACK of new ranges: not tested here. */
void tcp_sack_note_recent(struct tcp_conn *c, uint32_t start, uint32_t end)
{
    (void)c;
    (void)start;
    (void)end;
}

/* Byte (i) of the test's stream. */
static uint8_t byte_at(size_t i)
{
    return (uint8_t)(i * 7 + 3);
}

/* Do the ring's (n) bytes from (off) equal the stream from (first)? */
static bool holds(const struct tcp_ring *r, size_t off, size_t first, size_t n)
{
    uint8_t *out = malloc(n ? n : 1);
    bool same = true;

    tcp_ring_copy_out(r, off, out, n);
    for (size_t i = 0; i < n; i++)
        if (out[i] != byte_at(first + i))
            same = false;
    free(out);
    return same;
}

/* Appends stream bytes [first, first + n) at the ring's end. */
static int append(struct tcp_ring *r, size_t first, size_t n)
{
    uint8_t *in = malloc(n);
    int rc;

    for (size_t i = 0; i < n; i++)
        in[i] = byte_at(first + i);
    rc = tcp_ring_reserve(r, r->len + n);
    if (rc == 0) {
        tcp_ring_copy_in(r, r->len, in, n);
        r->len += n;
    }
    free(in);
    return rc;
}

int main(void)
{
    struct tcp_ring r = {0};
    uint8_t ooo[100];

    TAP_OK(tcp_ring_alloc(&r, 65536) == 0 && r.size == TCP_RING_MIN &&
               r.cap == 65536 && r.len == 0,
           "a new ring of 64 KiB allocates %u bytes", TCP_RING_MIN);
    TAP_OK(append(&r, 0, 1500) == 0 && r.size == TCP_RING_MIN,
           "1,500 bytes fit without growing");
    tcp_ring_consume(&r, 1000);
    TAP_OK(append(&r, 1500, 1500) == 0 && r.size == TCP_RING_MIN &&
               r.head + 2000 > TCP_RING_MIN && holds(&r, 0, 1000, 2000),
           "a wrapped ring keeps its bytes in order");
    TAP_OK(append(&r, 3000, 3000) == 0 && r.size == 8192 && r.head == 0 &&
               holds(&r, 0, 1000, 5000),
           "5,000 bytes: it doubled twice (8 KiB), the wrapped bytes laid "
           "out from the start");
    /* out-of-order bytes beyond len survive a growth */
    for (size_t i = 0; i < sizeof(ooo); i++)
        ooo[i] = byte_at(9000 + i);
    tcp_ring_copy_in(&r, r.len + 3000, ooo, sizeof(ooo));
    TAP_OK(tcp_ring_reserve(&r, 20000) == 0 && r.size == 32768 &&
               holds(&r, 0, 1000, 5000) && holds(&r, 8000, 9000, 100),
           "growing to 32 KiB keeps the bytes held beyond len");
    TAP_OK(tcp_ring_reserve(&r, 65536) == 0 && r.size == 65536,
           "and it grows to its cap, 64 KiB");
    TAP_OK(tcp_ring_reserve(&r, 65537) == 0 ? r.size == 65536 : 1,
           "never beyond it");
    tcp_ring_trim(&r);
    TAP_OK(r.size == 65536, "a ring that holds bytes is not trimmed");
    tcp_ring_consume(&r, r.len);
    tcp_ring_trim(&r);
    TAP_OK(r.size == TCP_RING_MIN && r.len == 0 && r.head == 0,
           "emptied and trimmed: back to %u bytes", TCP_RING_MIN);
    TAP_OK(append(&r, 0, 100) == 0 && holds(&r, 0, 0, 100),
           "and it takes data again");
    tcp_ring_free(&r);
    TAP_OK(r.buf == NULL && r.size == 0 && r.cap == 0, "freed");

    TAP_OK(tcp_ring_alloc(&r, 500) == 0 && r.size == 500,
           "a cap under %u bytes allocates the cap", TCP_RING_MIN);
    tcp_ring_free(&r);
    return tap_done();
}
