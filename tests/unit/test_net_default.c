/* SPDX-License-Identifier: ISC */
/* test_net_default.c: the `default` net device over a fake interface. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mirage/fiber.h>
#include <mirage/net.h>

#include "core/sched.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

#define MS        1000000ULL
#define TIMEOUT   (tap_scaled_ns(5000 * MS)) /* scaled: only ends hangs */
#define MTU       1500u
#define FRAME_MAX MIRAGE_NET_FRAME_MAX(MTU)
#define QMAX      32

/* --- the fake interface: plat_net_* of the platform -------------------- */

/*
 * One interface, "service", whose received frames wait in a queue. Its
 * I/O source is the read end of a pipe holding a byte while the queue has
 * frames, so that the unix scheduler's epoll sees it readable.
 */
#define FAKE_HANDLE 5

static const uint8_t fake_mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};

static struct {
    int pipe[2];
    unsigned char q[QMAX][FRAME_MAX];
    size_t qlen[QMAX];
    size_t head, count;
    int find_calls, write_calls, read_calls;
    int write_rc;   /* what plat_net_write returns (0: takes the frame) */
    int read_rc;    /* when not 0, what plat_net_read returns */
    int read_empty; /* when set, every read is an empty datagram */
    size_t min_cap; /* the smallest (cap) plat_net_read was given */
    size_t max_cap; /* the largest */
    unsigned char sent[FRAME_MAX]; /* the last frame written */
    size_t sent_len;
} fake;

/* Empties the pipe (its read end does not block). */
static void fake_drain(void)
{
    char junk[64];

    while (read(fake.pipe[0], junk, sizeof(junk)) > 0)
        ;
}

/*
 * Queues a received frame; 0, or -1 when the queue is full. Of one longer
 * than FRAME_MAX only the length is kept: it is never read whole.
 */
static int fake_queue(const void *frame, size_t len)
{
    size_t at = (fake.head + fake.count) % QMAX;

    if (fake.count == QMAX)
        return -1;
    memcpy(fake.q[at], frame, len < FRAME_MAX ? len : FRAME_MAX);
    fake.qlen[at] = len;
    if (fake.count++ == 0 && write(fake.pipe[1], "x", 1) != 1)
        return -1;
    return 0;
}

int plat_net_find(const char *name, struct plat_net_info *info)
{
    if (!name || !info)
        return -EINVAL;
    fake.find_calls++;
    if (strcmp(name, "service") != 0)
        return -ENOENT;
    memcpy(info->mac, fake_mac, sizeof(info->mac));
    info->mtu = MTU;
    info->source = fake.pipe[0];
    return FAKE_HANDLE;
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    int rc;

    fake.read_calls++;
    if (handle != FAKE_HANDLE)
        return -EBADF;
    if (cap < fake.min_cap)
        fake.min_cap = cap;
    if (cap > fake.max_cap)
        fake.max_cap = cap;
    if (fake.read_rc)
        return fake.read_rc;
    if (fake.read_empty) {
        *len = 0; /* a source at its end: empty, and readable again */
        return 0;
    }
    if (fake.count == 0) {
        fake_drain();
        return -EAGAIN;
    }
    if (fake.qlen[fake.head] <= cap) {
        memcpy(buf, fake.q[fake.head], fake.qlen[fake.head]);
        *len = fake.qlen[fake.head];
    }
    rc = fake.qlen[fake.head] <= cap ? 0 : -EMSGSIZE; /* too long: dropped */
    fake.head = (fake.head + 1) % QMAX;
    if (--fake.count == 0)
        fake_drain();
    return rc;
}

int plat_net_write(int handle, const void *frame, size_t len)
{
    fake.write_calls++;
    if (handle != FAKE_HANDLE)
        return -EBADF;
    if (len > FRAME_MAX)
        return -EMSGSIZE;
    if (fake.write_rc)
        return fake.write_rc;
    memcpy(fake.sent, frame, len);
    fake.sent_len = len;
    return 0;
}

/* --- helpers ----------------------------------------------------------- */

static struct mirage_net *dev;

/* Fills (len) bytes of a frame that depend on (seed). */
static void make_frame(unsigned char *f, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        f[i] = (unsigned char)(i * 13 + seed * 101 + 7);
}

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Whether the stats went from (a) to (b) by exactly these amounts. */
static bool stats_delta(const struct mirage_net_stats *a,
                        const struct mirage_net_stats *b, uint64_t rxf,
                        uint64_t rxb, uint64_t txf, uint64_t txb, uint64_t txd)
{
    return b->rx_frames - a->rx_frames == rxf &&
           b->rx_bytes - a->rx_bytes == rxb &&
           b->tx_frames - a->tx_frames == txf &&
           b->tx_bytes - a->tx_bytes == txb &&
           b->tx_dropped - a->tx_dropped == txd;
}

/* --- connect and info -------------------------------------------------- */

static void test_connect(void)
{
    struct mirage_net *again = NULL, *none = NULL;
    struct mirage_net_info info;
    int rc;

    rc = mirage_net_default_connect(&dev, "service");
    TAP_OK(rc == 0 && dev, "connect 'service' (%d)", rc);
    if (!dev)
        return;
    TAP_STREQ(dev->name, "service", "the device has its name");
    rc = mirage_net_default_connect(&again, "service");
    TAP_OK(rc == 0 && again == dev,
           "connecting the name again gives the same device");

    capture_reset();
    rc = mirage_net_default_connect(&none, "nosuch");
    TAP_OK(rc == -ENOENT && none == NULL,
           "an interface the platform does not have: -ENOENT (%d)", rc);
    TAP_OK(strstr(capture_out, "[net] nosuch:") != NULL &&
               strstr(capture_out, "--net:nosuch=TAP") != NULL,
           "and an error names it and says how to attach it");
    if (!strstr(capture_out, "--net:nosuch=TAP"))
        printf("# log: %s", capture_out);

    TAP_OK(mirage_net_default_connect(NULL, "service") == -EINVAL &&
               mirage_net_default_connect(&none, NULL) == -EINVAL,
           "connect without a device pointer or a name: -EINVAL");

    memset(&info, 0, sizeof(info));
    rc = mirage_net_info(dev, &info);
    TAP_OK(rc == 0 && memcmp(info.mac, fake_mac, 6) == 0 && info.mtu == MTU,
           "info: the interface's MAC address and MTU (%d, %u)", rc,
           (unsigned)info.mtu);
    TAP_OK(mirage_net_info(dev, NULL) == -EINVAL, "info(NULL): -EINVAL");
}

/* --- write ------------------------------------------------------------- */

static void test_write(void)
{
    unsigned char f[FRAME_MAX + 16];
    struct mirage_net_stats s0, s1;
    int rc, calls;

    mirage_net_stats(dev, &s0);
    make_frame(f, 60, 1);
    memset(fake.sent, 0, sizeof(fake.sent));
    rc = mirage_net_write(dev, f, 60);
    TAP_OK(rc == 0 && fake.sent_len == 60 && memcmp(fake.sent, f, 60) == 0,
           "write: a 60-byte frame reaches the interface as it is (%d)", rc);

    calls = fake.write_calls;
    TAP_OK(mirage_net_write(dev, f, MIRAGE_NET_HEADER - 1) == -EINVAL,
           "write: 13 bytes, shorter than the header: -EINVAL");
    TAP_OK(mirage_net_write(dev, NULL, 60) == -EINVAL,
           "write: a NULL frame: -EINVAL");
    TAP_OK(mirage_net_write(dev, f, FRAME_MAX + 1) == -EMSGSIZE,
           "write: mtu + 15 bytes: -EMSGSIZE");
    TAP_OK(fake.write_calls == calls,
           "write: refused frames never reach the interface");

    make_frame(f, MIRAGE_NET_HEADER, 2);
    rc = mirage_net_write(dev, f, MIRAGE_NET_HEADER);
    TAP_OK(rc == 0 && fake.sent_len == MIRAGE_NET_HEADER &&
               memcmp(fake.sent, f, MIRAGE_NET_HEADER) == 0,
           "write: a bare 14-byte header is a frame (%d)", rc);
    make_frame(f, FRAME_MAX, 3);
    rc = mirage_net_write(dev, f, FRAME_MAX);
    TAP_OK(rc == 0 && fake.sent_len == FRAME_MAX &&
               memcmp(fake.sent, f, FRAME_MAX) == 0,
           "write: exactly mtu + 14 bytes (%d)", rc);

    fake.write_rc = -ENOBUFS;
    rc = mirage_net_write(dev, f, 100);
    TAP_OK(rc == -ENOBUFS, "write: the host has no room: -ENOBUFS (%d)", rc);
    fake.write_rc = -EBADF;
    rc = mirage_net_write(dev, f, 100);
    TAP_OK(rc == -EIO, "write: the platform's -EBADF is -EIO (%d)", rc);
    fake.write_rc = -EIO;
    rc = mirage_net_write(dev, f, 100);
    TAP_OK(rc == -EIO, "write: the platform's -EIO is -EIO (%d)", rc);
    fake.write_rc = 0;

    TAP_OK(mirage_net_stats(dev, &s1) == 0 &&
               stats_delta(&s0, &s1, 0, 0, 3,
                           60 + MIRAGE_NET_HEADER + FRAME_MAX, 3),
           "stats: 3 frames and their bytes sent, 3 dropped; refusals "
           "not counted");
}

/* --- read outside any fiber -------------------------------------------- */

static void test_read(void)
{
    unsigned char f[FRAME_MAX], buf[FRAME_MAX + 8];
    size_t len;
    int rc;

    make_frame(f, 64, 4);
    fake_queue(f, 64);
    len = 999;
    memset(buf, 0, sizeof(buf));
    fake.min_cap = SIZE_MAX;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == 64 && memcmp(buf, f, 64) == 0,
           "read: a waiting frame, with timeout 0 (%d, %zu)", rc, len);
    TAP_OK(fake.count == 0, "read: it was taken off the interface");
    TAP_OK(fake.min_cap >= FRAME_MAX,
           "read: the platform gets room for the largest frame");

    make_frame(f, 70, 5);
    fake_queue(f, 70);
    len = 999;
    rc = mirage_net_read(dev, buf, FRAME_MAX - 1, &len, 0);
    TAP_OK(rc == -EINVAL && len == 0,
           "read: a buffer of mtu + 13 bytes: -EINVAL, length 0");
    TAP_OK(mirage_net_read(dev, NULL, sizeof(buf), &len, 0) == -EINVAL &&
               mirage_net_read(dev, buf, sizeof(buf), NULL, 0) == -EINVAL,
           "read: a NULL buffer or length: -EINVAL");
    TAP_OK(fake.count == 1, "read: refused reads took no frame");
    rc = mirage_net_read(dev, buf, FRAME_MAX, &len, 1000 * MS);
    TAP_OK(rc == 0 && len == 70 && memcmp(buf, f, 70) == 0,
           "read: a buffer of exactly mtu + 14 bytes (%d)", rc);

    len = 999;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == -ETIMEDOUT && len == 0,
           "read: nothing there, timeout 0: -ETIMEDOUT (%d)", rc);
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 10 * MS);
    TAP_OK(rc == -EPERM && len == 0,
           "read: it would wait outside any fiber: -EPERM (%d)", rc);

    make_frame(f, 80, 6);
    fake_queue(f, 80);
    fake.read_rc = -EIO;
    len = 999;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == -EIO && len == 0, "read: the platform's -EIO is -EIO (%d)",
           rc);
    fake.read_rc = -EBADF;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == -EIO, "read: the platform's -EBADF is -EIO (%d)", rc);
    fake.read_rc = 0;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == 80 && memcmp(buf, f, 80) == 0,
           "read: the frame is still there after the errors (%d)", rc);
}

/* --- stats ------------------------------------------------------------- */

static void test_stats(void)
{
    unsigned char f[FRAME_MAX], buf[FRAME_MAX];
    struct mirage_net_stats s0, s1;
    size_t len;
    int ok = 1;

    TAP_OK(mirage_net_stats(dev, NULL) == -EINVAL, "stats(NULL): -EINVAL");
    TAP_OK(mirage_net_stats(dev, &s0) == 0, "stats: 0");
    make_frame(f, FRAME_MAX, 7);
    ok &= mirage_net_write(dev, f, 60) == 0;
    ok &= mirage_net_write(dev, f, 100) == 0;
    ok &= mirage_net_write(dev, f, FRAME_MAX) == 0;
    ok &= mirage_net_write(dev, f, 10) == -EINVAL;
    ok &= mirage_net_write(dev, f, FRAME_MAX + 1) == -EMSGSIZE;
    fake.write_rc = -ENOBUFS;
    ok &= mirage_net_write(dev, f, 200) == -ENOBUFS;
    fake.write_rc = 0;
    fake_queue(f, 64);
    fake_queue(f, FRAME_MAX);
    ok &= mirage_net_read(dev, buf, sizeof(buf), &len, 0) == 0 && len == 64;
    ok &= mirage_net_read(dev, buf, sizeof(buf), &len, 0) == 0 &&
          len == FRAME_MAX;
    ok &= mirage_net_read(dev, buf, sizeof(buf), &len, 0) == -ETIMEDOUT;
    TAP_OK(ok, "stats: 3 writes, 3 refused or dropped, 2 reads, 1 timeout");
    TAP_OK(mirage_net_stats(dev, &s1) == 0 &&
               stats_delta(&s0, &s1, 2, 64 + FRAME_MAX, 3, 60 + 100 + FRAME_MAX,
                           1),
           "stats: they count exactly what passed (rx %llu/%llu, tx "
           "%llu/%llu, dropped %llu)",
           (unsigned long long)(s1.rx_frames - s0.rx_frames),
           (unsigned long long)(s1.rx_bytes - s0.rx_bytes),
           (unsigned long long)(s1.tx_frames - s0.tx_frames),
           (unsigned long long)(s1.tx_bytes - s0.tx_bytes),
           (unsigned long long)(s1.tx_dropped - s0.tx_dropped));
}

/* --- empty datagrams --------------------------------------------------- */

static void test_empty(void)
{
    unsigned char f[FRAME_MAX], buf[FRAME_MAX];
    struct mirage_net_stats s0, s1;
    size_t len = 999;
    int rc;

    mirage_net_stats(dev, &s0);
    make_frame(f, 64, 14);
    fake_queue(f, 0);
    fake_queue(f, 0);
    fake_queue(f, 64);
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == 64 && memcmp(buf, f, 64) == 0,
           "read: two empty datagrams are nothing; the frame after them is "
           "read (%d, %zu)",
           rc, len);
    TAP_OK(fake.count == 0, "read: the empty ones were taken off too");
    fake_queue(f, 0);
    len = 999;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == -ETIMEDOUT && len == 0,
           "read: an empty datagram alone, timeout 0: -ETIMEDOUT (%d)", rc);
    TAP_OK(mirage_net_stats(dev, &s1) == 0 &&
               stats_delta(&s0, &s1, 1, 64, 0, 0, 0) &&
               s1.rx_dropped == s0.rx_dropped,
           "stats: one frame in; empty datagrams count as nothing");
}

/* --- frames dropped --------------------------------------------------- */

static void test_drop(void)
{
    static unsigned char f[65000], buf[FRAME_MAX + 100];
    struct mirage_net_stats s0, s1;
    size_t len = 999;
    int rc;

    mirage_net_stats(dev, &s0);
    make_frame(f, sizeof(f), 16);
    fake_queue(f, FRAME_MAX + 1);
    fake_queue(f, MIRAGE_NET_HEADER - 1);
    fake_queue(f, sizeof(f));
    fake_queue(f, 1);
    fake_queue(f, 64);
    fake.max_cap = 0;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == 64 && memcmp(buf, f, 64) == 0,
           "read: frames of mtu + 15, 13, 65000 and 1 bytes are dropped; the "
           "frame after them is read (%d, %zu)",
           rc, len);
    TAP_OK(fake.count == 0, "read: the dropped ones were taken off");
    TAP_OK(fake.max_cap == FRAME_MAX,
           "read: with a larger buffer, the platform is asked for at most "
           "mtu + 14 bytes (%zu)",
           fake.max_cap);
    TAP_OK(mirage_net_stats(dev, &s1) == 0 &&
               stats_delta(&s0, &s1, 1, 64, 0, 0, 0) &&
               s1.rx_dropped - s0.rx_dropped == 4,
           "stats: one frame in, four dropped (%llu)",
           (unsigned long long)(s1.rx_dropped - s0.rx_dropped));

    fake_queue(f, FRAME_MAX);
    fake_queue(f, MIRAGE_NET_HEADER);
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == FRAME_MAX,
           "read: a frame of exactly mtu + 14 bytes is kept (%d, %zu)", rc,
           len);
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == MIRAGE_NET_HEADER,
           "read: so is a bare 14-byte header (%d, %zu)", rc, len);
    fake_queue(f, FRAME_MAX + 1);
    len = 999;
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == -ETIMEDOUT && len == 0,
           "read: a frame too long alone, timeout 0: -ETIMEDOUT (%d)", rc);
    TAP_OK(mirage_net_stats(dev, &s0) == 0 &&
               s0.rx_dropped - s1.rx_dropped == 1 &&
               s0.rx_frames - s1.rx_frames == 2,
           "stats: two more in, one more dropped");
}

/* --- read in fibers ---------------------------------------------------- */

/* What a reader fiber is to do, and what it got. */
struct reader {
    uint64_t timeout;
    int rc;
    size_t len;
    unsigned char buf[FRAME_MAX];
    uint64_t waited; /* ns in mirage_net_read */
};

static int reader(void *arg)
{
    struct reader *r = arg;
    uint64_t t0 = now_ns();

    r->len = 999;
    r->rc = mirage_net_read(dev, r->buf, sizeof(r->buf), &r->len, r->timeout);
    r->waited = now_ns() - t0;
    return r->rc;
}

/* What a sender fiber queues: (n) frames, after (delay), (gap) apart. */
struct sender {
    uint64_t delay, gap;
    int n;
    size_t len[2];
    unsigned char f[2][FRAME_MAX];
};

static int sender(void *arg)
{
    struct sender *s = arg;

    for (int i = 0; i < s->n; i++) {
        uint64_t ns = i == 0 ? s->delay : s->gap;

        if (ns && mirage_sleep_ns(ns) != 0)
            return -1;
        if (fake_queue(s->f[i], s->len[i]) != 0)
            return -1;
    }
    return 0;
}

/* Joins (f) within TIMEOUT, or cancels it; its result, or -ETIMEDOUT. */
static int join(struct mirage_fiber *f)
{
    int res = -1;

    if (mirage_fiber_join(f, &res, TIMEOUT) == 0)
        return res;
    mirage_fiber_cancel(f);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return -ETIMEDOUT;
}

static int case_timeout(void *unused)
{
    struct reader r = {50 * MS, 0, 0, {0}, 0};

    (void)unused;
    reader(&r);
    TAP_OK(r.rc == -ETIMEDOUT && r.len == 0,
           "fiber read: nothing comes in 50 ms: -ETIMEDOUT (%d)", r.rc);
    TAP_OK(r.waited >= 45 * MS,
           "fiber read: after waiting 50 ms or more (%llu ms)",
           (unsigned long long)(r.waited / MS));
    return 0;
}

/* What the poker did: its pokes; whether it gave up (the reader never
 * ended); set by case_spurious when the reader has ended. */
static int pokes, poker_gave_up, poke_stop;

/*
 * Makes the interface's source readable with no frame at once, then again
 * each time the reader has tried (and found nothing), 5 ms later, until
 * the reader ends. A reader whose timeout counted from its last wake-up
 * would never end: the poker gives up after TIMEOUT.
 */
static int poker(void *unused)
{
    uint64_t end = now_ns() + TIMEOUT;

    (void)unused;
    while (!poke_stop) {
        int calls = fake.read_calls;

        if (now_ns() > end) {
            poker_gave_up = 1;
            return 0;
        }
        if (write(fake.pipe[1], "x", 1) != 1)
            return -1;
        pokes++;
        while (fake.read_calls == calls && !poke_stop && now_ns() <= end)
            if (mirage_sleep_ns(1 * MS) != 0)
                return -1;
        if (!poke_stop && mirage_sleep_ns(5 * MS) != 0)
            return -1;
    }
    return 0;
}

static int case_spurious(void *unused)
{
    struct reader r = {100 * MS, 0, 0, {0}, 0};
    struct mirage_fiber *f;
    int reads = fake.read_calls;

    (void)unused;
    pokes = poker_gave_up = poke_stop = 0;
    mirage_fiber_spawn(&f, poker, NULL, NULL);
    reader(&r);
    poke_stop = 1;
    TAP_OK(r.rc == -ETIMEDOUT && r.len == 0 && r.waited >= 95 * MS &&
               fake.read_calls - reads >= 2,
           "fiber read: readiness without a frame: waits on (%d, %llu ms, "
           "%d tries)",
           r.rc, (unsigned long long)(r.waited / MS), fake.read_calls - reads);
    TAP_OK(!poker_gave_up,
           "fiber read: and the timeout counts from the call, not the "
           "last wake-up: it ended while the source kept waking it (%d "
           "pokes)",
           pokes);
    join(f);
    fake_drain();
    return 0;
}

static int case_wake(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    static struct sender s = {20 * MS, 0, 1, {90, 0}, {{0}}};
    struct mirage_fiber *fr, *fs;

    (void)unused;
    make_frame(s.f[0], 90, 8);
    mirage_fiber_spawn(&fr, reader, &r, NULL);
    mirage_fiber_spawn(&fs, sender, &s, NULL);
    TAP_OK(join(fs) == 0, "fiber read: a fiber queues a frame after 20 ms");
    TAP_OK(join(fr) == 0 && r.rc == 0 && r.len == 90 &&
               memcmp(r.buf, s.f[0], 90) == 0,
           "fiber read: the waiting reader wakes with it (%d, %zu)", r.rc,
           r.len);
    TAP_OK(r.waited >= 15 * MS, "fiber read: it waited for it (%llu ms)",
           (unsigned long long)(r.waited / MS));
    return 0;
}

/* Two readers, two frames sent (gap) apart: each reader gets one. */
static int two_readers(uint64_t gap)
{
    static struct reader r[2];
    static struct sender s;
    struct mirage_fiber *fr[2], *fs;
    int got[2] = {-1, -1};

    memset(r, 0, sizeof(r));
    memset(&s, 0, sizeof(s));
    s.delay = 20 * MS;
    s.gap = gap;
    s.n = 2;
    s.len[0] = 100;
    s.len[1] = 200;
    make_frame(s.f[0], s.len[0], 9);
    make_frame(s.f[1], s.len[1], 10);
    for (int i = 0; i < 2; i++) {
        r[i].timeout = MIRAGE_FOREVER;
        mirage_fiber_spawn(&fr[i], reader, &r[i], NULL);
    }
    mirage_fiber_spawn(&fs, sender, &s, NULL);
    join(fs);
    for (int i = 0; i < 2; i++) {
        if (join(fr[i]) != 0 || r[i].rc != 0)
            continue;
        for (int j = 0; j < 2; j++)
            if (r[i].len == s.len[j] && memcmp(r[i].buf, s.f[j], s.len[j]) == 0)
                got[i] = j;
    }
    return got[0] >= 0 && got[1] >= 0 && got[0] != got[1] && fake.count == 0;
}

static int case_two_readers(void *unused)
{
    (void)unused;
    TAP_OK(two_readers(0), "fiber read: two readers, two frames at once: "
                           "each reader gets one");
    TAP_OK(two_readers(20 * MS), "fiber read: two readers, two frames 20 ms "
                                 "apart: each reader gets one");
    return 0;
}

static int case_cancel(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, reader, &r, NULL);
    mirage_sleep_ns(20 * MS);
    mirage_fiber_cancel(f);
    TAP_OK(join(f) == -ECANCELED && r.rc == -ECANCELED && r.len == 0,
           "fiber read: a cancelled reader returns -ECANCELED (%d)", r.rc);
    return 0;
}

/* 25 empty datagrams, then a frame: a waiting reader gets the frame. */
static int case_many_empty(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    unsigned char f[90];
    struct mirage_fiber *fr;

    (void)unused;
    make_frame(f, sizeof(f), 15);
    for (int i = 0; i < 25; i++)
        fake_queue(f, 0);
    fake_queue(f, sizeof(f));
    mirage_fiber_spawn(&fr, reader, &r, NULL);
    TAP_OK(join(fr) == 0 && r.rc == 0 && r.len == sizeof(f) &&
               memcmp(r.buf, f, sizeof(f)) == 0 && fake.count == 0,
           "fiber read: 25 empty datagrams, then a frame: the frame (%d, "
           "%zu)",
           r.rc, r.len);
    return 0;
}

/* 20 frames too long, then a frame: a waiting reader gets the frame. */
static int case_many_dropped(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    static unsigned char f[FRAME_MAX + 1];
    struct mirage_net_stats s0, s1;
    struct mirage_fiber *fr;

    (void)unused;
    mirage_net_stats(dev, &s0);
    make_frame(f, sizeof(f), 17);
    for (int i = 0; i < 20; i++)
        fake_queue(f, sizeof(f));
    fake_queue(f, 100);
    mirage_fiber_spawn(&fr, reader, &r, NULL);
    TAP_OK(join(fr) == 0 && r.rc == 0 && r.len == 100 &&
               memcmp(r.buf, f, 100) == 0 && fake.count == 0,
           "fiber read: 20 frames too long, then a frame: the frame (%d, "
           "%zu)",
           r.rc, r.len);
    TAP_OK(mirage_net_stats(dev, &s1) == 0 &&
               s1.rx_dropped - s0.rx_dropped == 20,
           "fiber read: the 20 are counted as dropped (%llu)",
           (unsigned long long)(s1.rx_dropped - s0.rx_dropped));
    return 0;
}

/* Counts its turns until told to stop. */
static int turns, turns_stop;

static int turner(void *unused)
{
    (void)unused;
    while (!turns_stop) {
        turns++;
        if (mirage_sleep_ns(1 * MS) != 0)
            return -1;
    }
    return 0;
}

/*
 * A source that reads empty for ever (a descriptor at its end, always
 * readable): the reader times out, and other fibers run meanwhile.
 */
static int case_empty_forever(void *unused)
{
    struct reader r = {50 * MS, 0, 0, {0}, 0};
    struct mirage_fiber *f;

    (void)unused;
    turns = turns_stop = 0;
    fake.read_empty = 1;
    if (write(fake.pipe[1], "x", 1) != 1)
        return -1;
    mirage_fiber_spawn(&f, turner, NULL, NULL);
    reader(&r);
    turns_stop = 1;
    fake.read_empty = 0;
    fake_drain();
    TAP_OK(r.rc == -ETIMEDOUT && r.len == 0,
           "fiber read: a source that only reads empty: -ETIMEDOUT (%d)", r.rc);
    TAP_OK(turns >= 2,
           "fiber read: and another fiber ran while it read (%d turns)", turns);
    join(f);
    return 0;
}

/* --- disconnect -------------------------------------------------------- */

static int case_disconnect(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    struct mirage_fiber *f;
    struct mirage_net_info info;
    struct mirage_net_stats st;
    unsigned char frame[60], buf[FRAME_MAX];
    size_t len = 999;
    int rc, calls;

    (void)unused;
    mirage_fiber_spawn(&f, reader, &r, NULL);
    mirage_sleep_ns(20 * MS);
    rc = mirage_net_disconnect(dev);
    TAP_OK(rc == 0, "disconnect: 0 (%d)", rc);
    TAP_OK(join(f) == -ENODEV && r.len == 0,
           "disconnect: the waiting reader returns -ENODEV (%d)", r.rc);
    make_frame(frame, sizeof(frame), 11);
    fake_queue(frame, sizeof(frame));
    calls = fake.write_calls + fake.read_calls;
    TAP_OK(mirage_net_info(dev, &info) == -ENODEV &&
               mirage_net_info(dev, NULL) == -ENODEV &&
               mirage_net_write(dev, frame, sizeof(frame)) == -ENODEV &&
               mirage_net_write(dev, NULL, 0) == -ENODEV &&
               mirage_net_read(dev, buf, sizeof(buf), &len, 0) == -ENODEV &&
               len == 0 &&
               mirage_net_read(dev, buf, sizeof(buf), &len, 10 * MS) ==
                   -ENODEV &&
               mirage_net_stats(dev, &st) == -ENODEV,
           "disconnect: every later call returns -ENODEV");
    TAP_OK(fake.write_calls + fake.read_calls == calls && fake.count == 1,
           "disconnect: and the interface is not touched");
    TAP_OK(mirage_net_disconnect(dev) == -ENODEV,
           "disconnect: a second time: -ENODEV");
    return 0;
}

static int case_reconnect(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, {0}, 0};
    static struct sender s = {20 * MS, 0, 1, {120, 0}, {{0}}};
    struct mirage_net *again = NULL;
    struct mirage_net_stats st;
    struct mirage_fiber *fr, *fs;
    unsigned char buf[FRAME_MAX];
    size_t len;
    int rc;

    (void)unused;
    rc = mirage_net_default_connect(&again, "service");
    TAP_OK(rc == 0 && again, "reconnect: 0 (%d)", rc);
    if (!again)
        return 0;
    dev = again;
    memset(&st, 0xff, sizeof(st));
    TAP_OK(mirage_net_stats(dev, &st) == 0 && st.rx_frames == 0 &&
               st.rx_bytes == 0 && st.tx_frames == 0 && st.tx_bytes == 0 &&
               st.tx_dropped == 0 && st.rx_dropped == 0,
           "reconnect: the counters start again from 0");
    rc = mirage_net_read(dev, buf, sizeof(buf), &len, 0);
    TAP_OK(rc == 0 && len == 60,
           "reconnect: the frame left waiting is "
           "read (%d)",
           rc);
    make_frame(buf, 70, 12);
    rc = mirage_net_write(dev, buf, 70);
    TAP_OK(rc == 0 && fake.sent_len == 70 && memcmp(fake.sent, buf, 70) == 0,
           "reconnect: write works (%d)", rc);

    make_frame(s.f[0], 120, 13);
    mirage_fiber_spawn(&fr, reader, &r, NULL);
    mirage_fiber_spawn(&fs, sender, &s, NULL);
    join(fs);
    TAP_OK(join(fr) == 0 && r.len == 120 && memcmp(r.buf, s.f[0], 120) == 0,
           "reconnect: a waiting reader is woken by a new frame (%d)", r.rc);
    TAP_OK(mirage_net_stats(dev, &st) == 0 && st.rx_frames == 2 &&
               st.rx_bytes == 180 && st.tx_frames == 1 && st.tx_bytes == 70 &&
               st.tx_dropped == 0 && st.rx_dropped == 0,
           "reconnect: and counted from 0");
    return 0;
}

int main(void)
{
    if (pipe(fake.pipe) != 0 || fcntl(fake.pipe[0], F_SETFL, O_NONBLOCK) != 0) {
        perror("pipe");
        return 99;
    }
    tap_alarm(60); /* a reader that hangs fails the test, not stops it */
    test_connect();
    if (!dev)
        return tap_done();
    test_write();
    test_read();
    test_stats();
    test_empty();
    test_drop();
    core_sched_run_main(case_timeout, NULL);
    core_sched_run_main(case_spurious, NULL);
    core_sched_run_main(case_wake, NULL);
    core_sched_run_main(case_two_readers, NULL);
    core_sched_run_main(case_cancel, NULL);
    core_sched_run_main(case_many_empty, NULL);
    core_sched_run_main(case_many_dropped, NULL);
    core_sched_run_main(case_empty_forever, NULL);
    TAP_OK(fake.count == 0, "every frame queued was read");
    core_sched_run_main(case_disconnect, NULL);
    core_sched_run_main(case_reconnect, NULL);
    close(fake.pipe[0]);
    close(fake.pipe[1]);
    return tap_done();
}
