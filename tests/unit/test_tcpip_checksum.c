/* SPDX-License-Identifier: ISC */
/* test_tcpip_checksum.c: the engine's Internet checksum (RFC 1071). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "tcpip.h"
#include "tcpip_fake.h"

/* The 16-bit fold of a partial sum, as the tests read it. */
static uint32_t fold(uint32_t s)
{
    while (s > 0xffff)
        s = (s & 0xffff) + (s >> 16);
    return s;
}

static uint64_t rng = 0x1234567887654321ull;

static uint8_t next_byte(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint8_t)(rng >> 32);
}

int main(void)
{
    /* RFC 1071 section 3's example: these 8 bytes sum to ddf2. */
    static const uint8_t rfc[8] = {0x00, 0x01, 0xf2, 0x03,
                                   0xf4, 0xf5, 0xf6, 0xf7};
    /* An IPv4 header whose checksum field, b861, is well known. */
    static const uint8_t hdr[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                    0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
                                    0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    static uint8_t buf[70000 + 8];
    int bad;

    tap_alarm(60);
    TAP_OK(fold(tcpip_csum_add(0, rfc, 8)) == 0xddf2,
           "RFC 1071's example sums to ddf2 (got %04x)",
           (unsigned)fold(tcpip_csum_add(0, rfc, 8)));
    TAP_OK(tcpip_csum_finish(tcpip_csum_add(0, rfc, 8)) == 0x220d,
           "and its checksum is 220d");
    TAP_OK(tcpip_csum_finish(tcpip_csum_add(0, hdr, 20)) == 0xb861,
           "a known IPv4 header's checksum is b861 (got %04x)",
           tcpip_csum_finish(tcpip_csum_add(0, hdr, 20)));
    {
        uint8_t h[20];

        memcpy(h, hdr, 20);
        h[10] = 0xb8;
        h[11] = 0x61;
        TAP_OK(tcpip_csum_finish(tcpip_csum_add(0, h, 20)) == 0,
               "the header with its checksum verifies to 0");
        h[15] ^= 1;
        TAP_OK(tcpip_csum_finish(tcpip_csum_add(0, h, 20)) != 0,
               "one bit flipped does not");
    }
    /* Odd lengths: the last byte is the high half of a zero-padded word. */
    {
        static const uint8_t one[1] = {0xab}, three[3] = {0x12, 0x34, 0x56};

        TAP_OK(fold(tcpip_csum_add(0, one, 1)) == 0xab00,
               "one byte ab sums to ab00");
        TAP_OK(fold(tcpip_csum_add(0, three, 3)) == 0x1234 + 0x5600,
               "12 34 56 sums to 1234 + 5600");
        TAP_OK(fold(tcpip_csum_add(0, rfc, 0)) == 0, "no bytes sum to 0");
        TAP_OK(tcpip_csum_finish(0) == 0xffff && tcpip_csum_finish(0xffff) == 0,
               "finish complements: 0 -> ffff, ffff -> 0");
        TAP_OK(tcpip_csum_finish(0x1fffe) == 0,
               "finish folds its carries (1fffe is ffff)");
    }
    /* Every length 0..300 at every alignment 0..7, against the 16-bit
       reference of the fake. */
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = next_byte();
    bad = 0;
    for (size_t align = 0; align < 8; align++)
        for (size_t len = 0; len <= 300; len++)
            if (tcpip_csum_finish(tcpip_csum_add(0, buf + align, len)) !=
                fake_csum(buf + align, len, 0))
                bad++;
    TAP_OK(bad == 0,
           "lengths 0..300 at alignments 0..7 agree with the reference (%d "
           "differ)",
           bad);
    bad = 0;
    for (size_t len = 65000; len <= 65535 + 8; len += 37)
        if (tcpip_csum_finish(tcpip_csum_add(0, buf + 3, len)) !=
            fake_csum(buf + 3, len, 0))
            bad++;
    TAP_OK(bad == 0, "lengths near 64 KiB agree with the reference");
    memset(buf, 0xff, 65536);
    TAP_OK(tcpip_csum_finish(tcpip_csum_add(0, buf, 65535)) ==
               fake_csum(buf, 65535, 0),
           "64 KiB of ff (every carry) agrees with the reference");
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = next_byte();
    /* Partial sums: even pieces chained give the whole. */
    bad = 0;
    for (size_t split = 0; split <= 200; split += 2) {
        uint32_t s = tcpip_csum_add(0, buf + 1, split);

        s = tcpip_csum_add(s, buf + 1 + split, 201 - split);
        if (tcpip_csum_finish(s) != fake_csum(buf + 1, 201, 0))
            bad++;
    }
    TAP_OK(bad == 0, "sums chained at every even split give the whole");
    TAP_OK(tcpip_csum_finish(tcpip_csum_add(0xffffffffu, buf, 10)) ==
               fake_csum(buf, 10, 0xffff),
           "a partial sum of ffffffff (ffff folded) is carried in");
    /* The pseudo-header of 192.168.0.1 -> 192.168.0.199, UDP, 40 bytes:
       c0a8 + 0001 + c0a8 + 00c7 + 0011 + 0028 = 18251, folded 8252. */
    TAP_OK(fold(tcpip_csum_pseudo(0xc0a80001u, 0xc0a800c7u, 17, 40)) == 0x8252,
           "the pseudo-header sum of a known example is 8252 (got %04x)",
           (unsigned)fold(tcpip_csum_pseudo(0xc0a80001u, 0xc0a800c7u, 17, 40)));
    /* A UDP datagram checksummed with the pseudo-header verifies. */
    {
        uint8_t d[8 + 13] = {0x30, 0x39, 0x00, 0x35, 0x00, 0x15, 0, 0};
        uint16_t c;

        memcpy(d + 8, "hello, world!", 13);
        c = fake_csum(d, sizeof d,
                      fake_pseudo(0x0a000002u, 0x0a000005u, 17, sizeof d));
        TAP_OK(tcpip_csum_finish(tcpip_csum_add(
                   tcpip_csum_pseudo(0x0a000002u, 0x0a000005u, 17, sizeof d), d,
                   sizeof d)) == c,
               "pseudo-header plus a datagram: the reference's checksum");
        d[6] = (uint8_t)(c >> 8);
        d[7] = (uint8_t)c;
        TAP_OK(tcpip_csum_finish(tcpip_csum_add(
                   tcpip_csum_pseudo(0x0a000002u, 0x0a000005u, 17, sizeof d), d,
                   sizeof d)) == 0,
               "and with its checksum in place it verifies to 0");
    }
    return tap_done();
}
