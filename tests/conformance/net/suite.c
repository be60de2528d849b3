/* SPDX-License-Identifier: ISC */
/* suite.c: the net conformance suite, for every implementation of net. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <mirage/fiber.h>

#include "conformance.h"
#include "mirage_main.h"

#define MS 1000000ull

/* What a reader fiber reads into, and the result of its read. */
struct reader {
    struct mirage_net *dev;
    unsigned char *buf;
    size_t cap, len;
};

static int reader_fn(void *arg)
{
    struct reader *r = arg;

    return mirage_net_read(r->dev, r->buf, r->cap, &r->len, MIRAGE_FOREVER);
}

/* A frame of (len) bytes from (mac) to everyone, EtherType 0x88B5. */
static void frame(unsigned char *f, size_t len, const uint8_t mac[6], int k)
{
    memset(f, 0xff, 6);
    memcpy(f + 6, mac, 6);
    f[12] = 0x88;
    f[13] = 0xb5;
    for (size_t i = MIRAGE_NET_HEADER; i < len; i++)
        f[i] = (unsigned char)(i * 7 + k);
}

/* info, and the checks of writes and reads made before any data moves. */
static void check_args(struct mirage_net *d, const struct mirage_net_info *in,
                       unsigned char *f, unsigned char *r)
{
    size_t max = MIRAGE_NET_FRAME_MAX(in->mtu), len = 99;
    struct mirage_net_stats st;

    frame(f, max + 1, in->mac, 0);
    CONF_RC(mirage_net_write(d, f, max + 1), -EMSGSIZE,
            "write of MTU + 15 bytes: -EMSGSIZE");
    CONF_RC(mirage_net_write(d, f, MIRAGE_NET_HEADER - 1), -EINVAL,
            "write of 13 bytes (under the header): -EINVAL");
    CONF_RC(mirage_net_write(d, f, 0), -EINVAL, "write of 0 bytes: -EINVAL");
    CONF_RC(mirage_net_write(d, NULL, 60), -EINVAL, "write from NULL: -EINVAL");
    CONF_RC(mirage_net_write(d, NULL, max + 1), -EINVAL,
            "write from NULL of MTU + 15 bytes: -EINVAL before -EMSGSIZE");
    CONF_RC(mirage_net_read(d, r, max - 1, &len, 0), -EINVAL,
            "read into MTU + 13 bytes: -EINVAL");
    CONF_RC(mirage_net_read(d, NULL, max, &len, 0), -EINVAL,
            "read into NULL: -EINVAL");
    CONF_RC(mirage_net_read(d, r, max, NULL, 0), -EINVAL,
            "read with a NULL length: -EINVAL");
    CONF_RC(mirage_net_stats(d, NULL), -EINVAL, "stats into NULL: -EINVAL");
    CONF_RC(mirage_net_stats(d, &st), 0, "stats: 0");
    TAP_OK(st.tx_frames == 0 && st.rx_frames == 0,
           "the refused writes and reads counted no frame");
}

/* Reads with timeouts, and a cancelled reader, when no frame comes. */
static void check_waits(struct mirage_net *d, const struct mirage_net_info *in,
                        unsigned char *r)
{
    size_t max = MIRAGE_NET_FRAME_MAX(in->mtu), len = 99;
    struct reader rd = {d, r, max, 99};
    struct mirage_fiber *f;
    int result = 1;

    CONF_RC(mirage_net_read(d, r, max, &len, 0), -ETIMEDOUT,
            "read with timeout 0 and no frame: -ETIMEDOUT");
    TAP_OK(len == 0, "with a length of 0");
    CONF_RC(mirage_net_read(d, r, max, &len, 10 * MS), -ETIMEDOUT,
            "read with timeout 10 ms and no frame: -ETIMEDOUT");
    CONF_RC(mirage_fiber_spawn(&f, reader_fn, &rd, NULL), 0,
            "spawn a fiber that reads with no timeout");
    CONF_RC(mirage_fiber_join(f, &result, 10 * MS), -ETIMEDOUT,
            "it is still waiting after 10 ms");
    mirage_fiber_cancel(f);
    CONF_RC(mirage_fiber_join(f, &result, MIRAGE_FOREVER), 0,
            "cancel it, then join it");
    CONF_RC(result, -ECANCELED, "its read returned -ECANCELED");
    TAP_OK(rd.len == 0, "with a length of 0");
}

/* Frames on a wire that returns them: each comes back whole. */
static void check_loop(struct mirage_net *d, const struct mirage_net_info *in,
                       unsigned char *f, unsigned char *r)
{
    size_t max = MIRAGE_NET_FRAME_MAX(in->mtu), len = 0;
    static const size_t sizes[] = {14, 60, 1514};
    struct mirage_net_stats st;
    uint64_t frames = 0, bytes = 0;

    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i] > max ? max : sizes[i];

        frame(f, n, in->mac, (int)i);
        CONF_RC(mirage_net_write(d, f, n), 0, "write a frame of %u bytes",
                (unsigned)n);
        len = 0;
        CONF_RC(mirage_net_read(d, r, max, &len, 60000 * MS), 0,
                "read it back");
        TAP_OK(len == n && memcmp(r, f, n) == 0, "it comes back whole (%u)",
               (unsigned)len);
        frames++;
        bytes += n;
    }
    frame(f, max, in->mac, 9);
    CONF_RC(mirage_net_write(d, f, max), 0, "write a frame of MTU + 14 bytes");
    CONF_RC(mirage_net_read(d, r, max, &len, 60000 * MS), 0, "read it back");
    TAP_OK(len == max && memcmp(r, f, max) == 0, "it comes back whole");
    frames++;
    bytes += max;
    CONF_RC(mirage_net_stats(d, &st), 0, "stats: 0");
    TAP_OK(st.tx_frames == frames && st.tx_bytes == bytes,
           "stats count the frames written (%llu of %llu bytes)",
           (unsigned long long)st.tx_frames, (unsigned long long)st.tx_bytes);
    TAP_OK(st.rx_frames == frames && st.rx_bytes == bytes,
           "and the frames read (%llu of %llu bytes)",
           (unsigned long long)st.rx_frames, (unsigned long long)st.rx_bytes);
}

/* A wire that takes frames away: writes succeed, nothing comes. */
static void check_drop(struct mirage_net *d, const struct mirage_net_info *in,
                       unsigned char *f, unsigned char *r)
{
    size_t max = MIRAGE_NET_FRAME_MAX(in->mtu), len = 99;

    frame(f, 60, in->mac, 1);
    CONF_RC(mirage_net_write(d, f, 60), 0, "write a frame of 60 bytes");
    CONF_RC(mirage_net_write(d, f, max), 0, "write a frame of MTU + 14 bytes");
    CONF_RC(mirage_net_read(d, r, max, &len, 10 * MS), -ETIMEDOUT,
            "nothing comes back: read -ETIMEDOUT");
}

/* disconnect wakes a reader with -ENODEV, then -ENODEV comes first. */
static void check_disconnect(struct mirage_net *d,
                             const struct mirage_net_info *in, unsigned char *r)
{
    size_t max = MIRAGE_NET_FRAME_MAX(in->mtu), len = 99;
    struct reader rd = {d, r, max, 99};
    struct mirage_net_info info;
    struct mirage_net_stats st;
    struct mirage_fiber *f;
    int result = 1;

    CONF_RC(mirage_fiber_spawn(&f, reader_fn, &rd, NULL), 0,
            "spawn a fiber that reads with no timeout");
    CONF_RC(mirage_yield(), 0, "let it wait");
    CONF_RC(mirage_net_disconnect(d), 0, "disconnect: 0");
    CONF_RC(mirage_fiber_join(f, &result, MIRAGE_FOREVER), 0,
            "join the reader");
    CONF_RC(result, -ENODEV, "its read returned -ENODEV");
    CONF_RC(mirage_net_info(d, &info), -ENODEV,
            "info after disconnect: -ENODEV");
    CONF_RC(mirage_net_write(d, r, 60), -ENODEV,
            "write after disconnect: -ENODEV");
    CONF_RC(mirage_net_write(d, NULL, max + 1), -ENODEV,
            "write from NULL of MTU + 15 bytes after disconnect: -ENODEV "
            "first");
    CONF_RC(mirage_net_read(d, r, max, &len, 0), -ENODEV,
            "read after disconnect: -ENODEV");
    CONF_RC(mirage_net_read(d, NULL, 0, &len, 0), -ENODEV,
            "read into NULL after disconnect: -ENODEV first");
    CONF_RC(mirage_net_stats(d, &st), -ENODEV,
            "stats after disconnect: -ENODEV");
    CONF_RC(mirage_net_disconnect(d), -ENODEV, "disconnect again: -ENODEV");
}

int suite_start(struct mirage_net *service, bool loop)
{
    struct mirage_net_info info = {0};
    unsigned char *f, *r;
    size_t max;
    int rc;

    conf_begin();
    rc = mirage_net_info(service, &info);
    CONF_RC(rc, 0, "info: 0");
    printf("# MTU %u, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", (unsigned)info.mtu,
           info.mac[0], info.mac[1], info.mac[2], info.mac[3], info.mac[4],
           info.mac[5]);
    TAP_OK(info.mtu >= 68 && info.mtu <= 65535,
           "the MTU is from 68 to 65535 bytes");
    TAP_OK(!(info.mac[0] & 1), "the MAC is not a multicast address");
    TAP_OK(info.mac[0] | info.mac[1] | info.mac[2] | info.mac[3] | info.mac[4] |
               info.mac[5],
           "the MAC is not 00:00:00:00:00:00");
    CONF_RC(mirage_net_info(service, NULL), -EINVAL, "info into NULL: -EINVAL");
    if (rc < 0 || info.mtu < 68 || info.mtu > 65535)
        return conf_end();
    max = MIRAGE_NET_FRAME_MAX(info.mtu);
    f = malloc(max + 1);
    r = malloc(max + 1);
    if (!f || !r) {
        TAP_OK(0, "room for two frames");
        return conf_end();
    }
    check_args(service, &info, f, r);
    check_waits(service, &info, r);
    if (loop)
        check_loop(service, &info, f, r);
    else
        check_drop(service, &info, f, r);
    check_disconnect(service, &info, r);
    free(f);
    free(r);
    return conf_end();
}
