/* SPDX-License-Identifier: ISC */
/* tcp_options.c: parsing a TCP header and its options; building options. */
#include <errno.h>
#include <string.h>

#include "tcp_int.h"

#define OPT_EOL    0
#define OPT_NOP    1
#define OPT_MSS    2
#define OPT_WS     3
#define OPT_SACKOK 4
#define OPT_SACK   5
#define OPT_TS     8

/* Reads the options in (p, len); a malformed option ends the parsing (what
   came before it stays). */
static void parse_options(struct tcp_seg *sg, const uint8_t *p, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint8_t kind = p[i], olen;

        if (kind == OPT_EOL)
            break;
        if (kind == OPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len)
            break;
        olen = p[i + 1];
        if (olen < 2 || olen > len - i)
            break;
        switch (kind) {
        case OPT_MSS:
            if (olen == 4) {
                sg->has_mss = true;
                sg->mss = tcpip_get16(p + i + 2);
            }
            break;
        case OPT_WS:
            if (olen == 3) {
                sg->has_ws = true;
                sg->ws = p[i + 2] > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : p[i + 2];
            }
            break;
        case OPT_SACKOK:
            if (olen == 2)
                sg->has_sackok = true;
            break;
        case OPT_SACK:
            if (olen >= 10 && (olen - 2) % 8 == 0) {
                unsigned n = (olen - 2u) / 8u, k;

                for (k = 0; k < n && k < 4; k++) {
                    sg->sack[k][0] = tcpip_get32(p + i + 2 + 8 * k);
                    sg->sack[k][1] = tcpip_get32(p + i + 6 + 8 * k);
                }
                sg->nsack = k;
            }
            break;
        case OPT_TS:
            if (olen == 10) {
                sg->has_ts = true;
                sg->tsval = tcpip_get32(p + i + 2);
                sg->tsecr = tcpip_get32(p + i + 6);
            }
            break;
        default:
            break; /* unknown options are skipped (RFC 9293 3.1) */
        }
        i += olen;
    }
}

/*
 * Parses the TCP header at (data, len) into (sg) (addresses and checksum
 * are the caller's). Returns 0, or -EINVAL when the header is shorter than
 * 20 bytes or its data offset is below 5 words or beyond the segment.
 */
int tcp_parse(struct tcp_seg *sg, const uint8_t *data, size_t len)
{
    size_t doff;

    if (len < TCP_HLEN)
        return -EINVAL;
    doff = (size_t)(data[12] >> 4) * 4u;
    if (doff < TCP_HLEN || doff > len)
        return -EINVAL;
    sg->sport = tcpip_get16(data);
    sg->dport = tcpip_get16(data + 2);
    sg->seq = tcpip_get32(data + 4);
    sg->ack = tcpip_get32(data + 8);
    sg->flags = data[13] & 0x3f;
    sg->wnd = tcpip_get16(data + 14);
    sg->has_mss = sg->has_ws = sg->has_sackok = sg->has_ts = false;
    sg->nsack = 0;
    parse_options(sg, data + TCP_HLEN, doff - TCP_HLEN);
    sg->data = data + doff;
    sg->len = len - doff;
    return 0;
}

/* Writes the timestamps option, NOP-aligned (12 bytes). */
static size_t put_ts(uint8_t *p, const struct tcp_optout *o, bool sackok)
{
    if (sackok) {
        p[0] = OPT_SACKOK;
        p[1] = 2;
    } else {
        p[0] = OPT_NOP;
        p[1] = OPT_NOP;
    }
    p[2] = OPT_TS;
    p[3] = 10;
    tcpip_put32(p + 4, o->tsval);
    tcpip_put32(p + 8, o->tsecr);
    return 12;
}

/*
 * Writes the options (o) to (p): on a SYN, MSS, SACK-permitted, timestamps
 * and window scale; on other segments timestamps and SACK blocks. Every
 * option is 32-bit aligned with NOPs; the whole is at most 40 bytes (SACK
 * blocks are cut to fit). Returns the length written.
 */
size_t tcp_build_options(uint8_t *p, const struct tcp_optout *o)
{
    size_t n = 0;
    unsigned k, nsack;

    if (o->syn) {
        p[n++] = OPT_MSS;
        p[n++] = 4;
        tcpip_put16(p + n, o->mss);
        n += 2;
        if (o->ts) {
            n += put_ts(p + n, o, o->sackok);
        } else if (o->sackok) {
            p[n++] = OPT_NOP;
            p[n++] = OPT_NOP;
            p[n++] = OPT_SACKOK;
            p[n++] = 2;
        }
        if (o->ws) {
            p[n++] = OPT_NOP;
            p[n++] = OPT_WS;
            p[n++] = 3;
            p[n++] = o->wscale;
        }
        return n;
    }
    if (o->ts)
        n += put_ts(p + n, o, false);
    nsack = o->nsack;
    if (nsack > (TCP_MAX_OPTLEN - n - 4) / 8)
        nsack = (unsigned)((TCP_MAX_OPTLEN - n - 4) / 8);
    if (nsack) {
        p[n++] = OPT_NOP;
        p[n++] = OPT_NOP;
        p[n++] = OPT_SACK;
        p[n++] = (uint8_t)(2 + 8 * nsack);
        for (k = 0; k < nsack; k++) {
            tcpip_put32(p + n, o->sack[k][0]);
            tcpip_put32(p + n + 4, o->sack[k][1]);
            n += 8;
        }
    }
    return n;
}
