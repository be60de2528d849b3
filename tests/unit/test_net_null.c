/* SPDX-License-Identifier: ISC */
/* test_net_null.c: the `null` net device: frames dropped, reads time out. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/net.h>

#include "../../devices/net/null/null.h"
#include "core/sched.h"
#include "platform.h"
#include "tap.h"

#define MS      1000000ULL
#define TIMEOUT (tap_scaled_ns(5000 * MS)) /* scaled: only ends hangs */
#define MAX     MIRAGE_NET_FRAME_MAX(NET_NULL_MTU)

static struct mirage_net *dev;

/* A read in a fiber: what it returned, and how long it waited. */
struct reader {
    uint64_t timeout;
    int rc;
    size_t len;
    uint64_t waited;
    int started; /* set just before the read, which then waits at once */
};

static int reader(void *arg)
{
    static unsigned char buf[MAX];
    struct reader *r = arg;
    uint64_t t0 = plat_clock_monotonic_ns();

    r->len = 999;
    r->started = 1;
    r->rc = mirage_net_read(dev, buf, sizeof(buf), &r->len, r->timeout);
    r->waited = plat_clock_monotonic_ns() - t0;
    return r->rc;
}

/* Joins (f) within TIMEOUT; its result, or -ETIMEDOUT (then cancelled). */
static int join(struct mirage_fiber *f)
{
    int res = -1;

    if (mirage_fiber_join(f, &res, TIMEOUT) == 0)
        return res;
    mirage_fiber_cancel(f);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return -ETIMEDOUT;
}

static void test_connect(void)
{
    struct mirage_net *again = NULL, *other = NULL;

    TAP_OK(mirage_net_null_connect(&dev, "void") == 0 && dev,
           "connect: a null device");
    if (!dev)
        return;
    TAP_STREQ(dev->name, "void", "it has the name given");
    TAP_OK(mirage_net_null_connect(&again, "void") == 0 && again == dev,
           "connecting the name again gives the same device");
    TAP_OK(mirage_net_null_connect(&other, "other") == 0 && other &&
               other != dev,
           "another name gives another device");
    TAP_OK(mirage_net_null_connect(NULL, "void") == -EINVAL,
           "connect: NULL device: -EINVAL");
    TAP_OK(mirage_net_null_connect(&again, NULL) == -EINVAL,
           "connect: NULL name: -EINVAL");
}

static void test_info(void)
{
    static const uint8_t mac[6] = {0x02, 0x6e, 0x75, 0x6c, 0x6c, 0x00};
    struct mirage_net_info info;

    memset(&info, 0xff, sizeof(info));
    TAP_OK(mirage_net_info(dev, &info) == 0, "info: 0");
    TAP_OK(info.mtu == 1500, "its MTU is 1500 (%u)", (unsigned)info.mtu);
    TAP_OK(memcmp(info.mac, mac, 6) == 0,
           "its address is 02:6e:75:6c:6c:00, locally administered unicast");
    TAP_OK(mirage_net_info(dev, NULL) == -EINVAL, "info: NULL: -EINVAL");
}

static void test_write(void)
{
    static unsigned char frame[MAX + 1];
    struct mirage_net_stats st;

    memset(frame, 0xa5, sizeof(frame));
    TAP_OK(mirage_net_write(dev, frame, 60) == 0, "write: 60 bytes: taken");
    TAP_OK(mirage_net_write(dev, frame, MIRAGE_NET_HEADER) == 0,
           "write: a bare header: taken");
    TAP_OK(mirage_net_write(dev, frame, MAX) == 0,
           "write: MTU + 14 bytes: taken");
    TAP_OK(mirage_net_write(dev, frame, MAX + 1) == -EMSGSIZE,
           "write: MTU + 15 bytes: -EMSGSIZE");
    TAP_OK(mirage_net_write(dev, frame, MIRAGE_NET_HEADER - 1) == -EINVAL,
           "write: shorter than the header: -EINVAL");
    TAP_OK(mirage_net_write(dev, NULL, 60) == -EINVAL,
           "write: NULL frame: -EINVAL");
    TAP_OK(mirage_net_stats(dev, &st) == 0, "stats: 0");
    TAP_OK(st.tx_frames == 3 && st.tx_bytes == 60 + MIRAGE_NET_HEADER + MAX,
           "the frames taken are counted as sent: 3, %llu bytes",
           (unsigned long long)st.tx_bytes);
    TAP_OK(st.rx_frames == 0 && st.rx_bytes == 0 && st.tx_dropped == 0 &&
               st.rx_dropped == 0,
           "nothing read, nothing refused by a host");
    TAP_OK(mirage_net_stats(dev, NULL) == -EINVAL, "stats: NULL: -EINVAL");
}

/* Reads outside any fiber. */
static void test_read_main(void)
{
    static unsigned char buf[MAX];
    size_t len = 999;

    TAP_OK(mirage_net_read(dev, buf, sizeof(buf), &len, 0) == -ETIMEDOUT &&
               len == 0,
           "read, timeout 0: -ETIMEDOUT at once, length 0");
    len = 999;
    TAP_OK(mirage_net_read(dev, buf, sizeof(buf), &len, 10 * MS) == -EPERM &&
               len == 0,
           "read outside any fiber: -EPERM");
    TAP_OK(mirage_net_read(dev, buf, MAX - 1, &len, 0) == -EINVAL,
           "read: a buffer under MTU + 14: -EINVAL");
    TAP_OK(mirage_net_read(dev, NULL, MAX, &len, 0) == -EINVAL,
           "read: NULL buffer: -EINVAL");
    TAP_OK(mirage_net_read(dev, buf, MAX, NULL, 0) == -EINVAL,
           "read: NULL length: -EINVAL");
}

static int case_timeout(void *unused)
{
    struct reader r = {30 * MS, 0, 0, 0, 0};

    (void)unused;
    reader(&r);
    TAP_OK(r.rc == -ETIMEDOUT && r.len == 0,
           "fiber read: no frame in 30 ms: -ETIMEDOUT (%d)", r.rc);
    TAP_OK(r.waited >= 30 * MS, "after its whole timeout (%llu ms)",
           (unsigned long long)(r.waited / MS));
    return 0;
}

static int case_cancel(void *unused)
{
    static struct reader r = {MIRAGE_FOREVER, 0, 0, 0, 0};
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, reader, &r, NULL);
    while (!r.started)
        mirage_yield(); /* then the reader waits in its read */
    mirage_fiber_cancel(f);
    TAP_OK(join(f) == -ECANCELED && r.rc == -ECANCELED && r.len == 0,
           "fiber read: a cancelled reader returns -ECANCELED (%d)", r.rc);
    return 0;
}

static int case_disconnect(void *unused)
{
    static struct reader r1 = {MIRAGE_FOREVER, 0, 0, 0, 0};
    static struct reader r2 = {MIRAGE_FOREVER, 0, 0, 0, 0};
    struct mirage_fiber *f1, *f2;
    unsigned char frame[60] = {0};
    struct mirage_net_info info;
    struct mirage_net_stats st;
    size_t len;

    (void)unused;
    mirage_fiber_spawn(&f1, reader, &r1, NULL);
    mirage_fiber_spawn(&f2, reader, &r2, NULL);
    while (!r1.started || !r2.started)
        mirage_yield(); /* then both wait in their reads */
    TAP_OK(mirage_net_disconnect(dev) == 0, "disconnect: 0");
    TAP_OK(join(f1) == -ENODEV && join(f2) == -ENODEV,
           "the waiting readers return -ENODEV (%d, %d)", r1.rc, r2.rc);
    TAP_OK(mirage_net_info(dev, &info) == -ENODEV &&
               mirage_net_write(dev, frame, sizeof(frame)) == -ENODEV &&
               mirage_net_read(dev, frame, MAX, &len, 0) == -ENODEV &&
               mirage_net_stats(dev, &st) == -ENODEV,
           "then info, write, read and stats: -ENODEV");
    TAP_OK(mirage_net_disconnect(dev) == -ENODEV, "disconnect again: -ENODEV");
    return 0;
}

static int case_reconnect(void *unused)
{
    struct mirage_net *again = NULL;
    struct mirage_net_stats st;
    struct reader r = {MS, 0, 0, 0, 0};

    (void)unused;
    TAP_OK(mirage_net_null_connect(&again, "void") == 0 && again == dev,
           "reconnect: the same record");
    TAP_OK(mirage_net_stats(dev, &st) == 0 && st.tx_frames == 0 &&
               st.tx_bytes == 0,
           "its counters start again from 0");
    reader(&r);
    TAP_OK(r.rc == -ETIMEDOUT, "and a read times out again (%d)", r.rc);
    return 0;
}

int main(void)
{
    tap_alarm(60); /* a reader that hangs fails the test, not stops it */
    test_connect();
    if (!dev)
        return tap_done();
    test_info();
    test_write();
    test_read_main();
    core_sched_run_main(case_timeout, NULL);
    core_sched_run_main(case_cancel, NULL);
    core_sched_run_main(case_disconnect, NULL);
    core_sched_run_main(case_reconnect, NULL);
    return tap_done();
}
