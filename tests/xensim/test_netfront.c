/* SPDX-License-Identifier: ISC */
/* test_netfront.c: netfront (runtime/xen/netfront.c) against sim_netback. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/fiber.h>

#include "core/sched.h"
#include "platform.h"
#include "sim.h"
#include "sim_net.h"
#include "tap.h"
#include "xen/gnttab.h"
#include "xen/netfront.h"

#define BACK0 "/local/domain/0/backend/vif/7/0"
#define BACK1 "/local/domain/0/backend/vif/7/1"

static uint8_t frame[16384], got[16384];

/* Fills frame[0..len) with a pattern of (seed) behind a broadcast header. */
static void pattern(size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        frame[i] = (uint8_t)(i * 7 + seed);
    memset(frame, 0xff, 6);
}

/* Reads a frame of NIC (h), waiting on its source; 0 or the error. */
static int read_frame(int h, int source, void *buf, size_t cap, size_t *len)
{
    struct mirage_cond c = MIRAGE_COND_INIT;
    uint64_t end = plat_clock_monotonic_ns() + tap_scaled_s(10) * 1000000000ull;

    for (;;) {
        int rc = plat_net_read(h, buf, cap, len);

        if (rc != -EAGAIN)
            return rc;
        if (plat_clock_monotonic_ns() > end)
            return -ETIMEDOUT;
        plat_io_watch(source, PLAT_IO_READ, &c);
        mirage_cond_wait(&c, 100000000ull);
    }
}

/* Takes the guest's next frame from the backend, waiting for it. */
static int take_frame(unsigned devid, void *buf, size_t cap)
{
    for (unsigned i = 0; i < tap_scaled_s(10) * 1000; i++) {
        int rc = sim_netback_take(devid, buf, cap);

        if (rc != -EAGAIN)
            return rc;
        mirage_sleep_ns(1000000);
    }
    return -ETIMEDOUT;
}

/* Waits until the backend of (devid) is in (state). */
static bool backend_reaches(unsigned devid, int state)
{
    struct sim_netback_stats st;

    for (unsigned i = 0; i < tap_scaled_s(10) * 1000; i++) {
        if (sim_netback_stats(devid, &st) == 0 && st.state == state)
            return true;
        mirage_sleep_ns(1000000);
    }
    return false;
}

static int run(void *arg)
{
    struct plat_net_info info, info1;
    struct sim_netback_stats st;
    struct netfront_stats ns;
    size_t len = 0;
    int h, h1, rc;
    bool all;

    (void)arg;
    h = plat_net_find("service", &info);
    TAP_OK(h >= 0, "plat_net_find connects the first vif (%d)", h);
    if (h < 0)
        return 1;
    TAP_OK(memcmp(info.mac, "\x00\x16\x3e\x12\x34\x56", 6) == 0,
           "the MAC is the toolstack's");
    TAP_OK(info.mtu == 9000, "the backend's mtu (%u)", (unsigned)info.mtu);
    TAP_OK(plat_net_find("service", &info) == h, "the same name: same NIC");
    TAP_OK(sim_netback_stats(0, &st) == 0 && st.connects == 1 && st.state == 4,
           "the backend is Connected");

    /* guest -> backend */
    pattern(60, 1);
    TAP_OK(plat_net_write(h, frame, 60) == 0, "a small frame written");
    rc = take_frame(0, got, sizeof(got));
    TAP_OK(rc == 60 && memcmp(got, frame, 60) == 0,
           "the backend got it, byte for byte (%d)", rc);
    pattern(9014, 2);
    TAP_OK(plat_net_write(h, frame, 9014) == 0, "a 9014-byte frame written");
    rc = take_frame(0, got, sizeof(got));
    TAP_OK(rc == 9014 && memcmp(got, frame, 9014) == 0,
           "the backend got it whole (%d)", rc);
    sim_netback_stats(0, &st);
    TAP_OK(st.tx_frames == 2 && st.tx_slots == 4,
           "over 1 + 3 slots (%llu frames, %llu slots)",
           (unsigned long long)st.tx_frames, (unsigned long long)st.tx_slots);
    TAP_OK(plat_net_write(h, frame, 9015) == -EMSGSIZE,
           "a frame above mtu + 14: -EMSGSIZE");

    /* backend -> guest */
    pattern(100, 3);
    sim_netback_inject(0, frame, 100);
    rc = read_frame(h, info.source, got, sizeof(got), &len);
    TAP_OK(rc == 0 && len == 100 && memcmp(got, frame, 100) == 0,
           "a frame from the backend read (%d, %zu)", rc, len);
    pattern(9014, 4);
    sim_netback_inject(0, frame, 9014);
    rc = read_frame(h, info.source, got, sizeof(got), &len);
    TAP_OK(rc == 0 && len == 9014 && memcmp(got, frame, 9014) == 0,
           "a 9014-byte frame over 3 slots read whole (%d, %zu)", rc, len);
    sim_netback_stats(0, &st);
    TAP_OK(st.rx_slots == 4, "1 + 3 rx slots (%llu)",
           (unsigned long long)st.rx_slots);
    pattern(2000, 5);
    sim_netback_inject(0, frame, 2000);
    rc = read_frame(h, info.source, got, 1000, &len);
    TAP_OK(rc == -EMSGSIZE, "a frame longer than the buffer: -EMSGSIZE (%d)",
           rc);
    all = true;
    for (unsigned i = 0; i < 200; i++) {
        pattern(64 + i, i);
        if (sim_netback_inject(0, frame, 64 + i) != 0)
            all = false;
    }
    for (unsigned i = 0; i < 200 && all; i++) {
        pattern(64 + i, i);
        rc = read_frame(h, info.source, got, sizeof(got), &len);
        if (rc != 0 || len != 64 + i || memcmp(got, frame, len) != 0) {
            all = false;
            TAP_OK(0, "frame %u of 200: %d, %zu bytes", i, rc, len);
        }
    }
    TAP_OK(all, "200 frames in order, more than the 64 lent pages (refill)");
    all = true;
    for (unsigned i = 0; i < 300 && all; i++) {
        pattern(200, i);
        rc = plat_net_write(h, frame, 200);
        if (rc == -ENOBUFS) {
            mirage_sleep_ns(1000000);
            i--;
            continue;
        }
        rc = rc == 0 ? take_frame(0, got, sizeof(got)) : rc;
        if (rc != 200 || memcmp(got, frame, 200) != 0)
            all = false;
    }
    TAP_OK(all, "300 frames to the backend (tx slots reused)");

    /* a backend without feature-sg */
    h1 = plat_net_find("other", &info1);
    TAP_OK(h1 >= 0 && h1 != h, "a second name takes the second vif (%d)", h1);
    TAP_OK(info1.mtu == 4096 - 14,
           "without feature-sg the mtu fits one page (%u)",
           (unsigned)info1.mtu);
    pattern(4096, 6);
    TAP_OK(plat_net_write(h1, frame, 4096) == 0, "a one-page frame written");
    rc = take_frame(1, got, sizeof(got));
    TAP_OK(rc == 4096 && memcmp(got, frame, 4096) == 0, "and received (%d)",
           rc);
    TAP_OK(plat_net_write(h1, frame, 4097) == -EMSGSIZE,
           "above one page: -EMSGSIZE");
    TAP_OK(plat_net_find("third", &info1) == -ENOENT, "no third vif: -ENOENT");

    /* disconnects */
    TAP_OK(netfront_disconnect(h) == 0, "the frontend disconnects");
    TAP_OK(backend_reaches(0, 6), "the backend is Closed");
    TAP_OK(plat_net_read(h, got, sizeof(got), &len) == -EIO &&
               plat_net_write(h, frame, 60) == -EIO,
           "the NIC answers -EIO");
    sim_netback_close(1);
    rc = read_frame(h1, info1.source, got, sizeof(got), &len);
    TAP_OK(rc == -EIO, "a backend that closes fails the NIC (%d)", rc);
    TAP_OK(backend_reaches(1, 6), "which answers Closed, and the backend too");
    netfront_stats(h1, &ns);
    TAP_OK(ns.connected == 0, "the NIC says disconnected");
    netfront_disconnect(h1);
    TAP_OK(sim_grant_mapped() == 0, "the backend maps nothing");
    TAP_OK(xen_gnttab_in_use() == 0, "every grant ended (%u in use)",
           xen_gnttab_in_use());
    return 0;
}

int main(void)
{
    tap_alarm(120);
    if (sim_netback_add(0, "00:16:3e:12:34:56", NULL) != 0 ||
        sim_netback_add(1, "00:16:3e:12:34:57", NULL) != 0 ||
        sim_store_write(BACK0 "/mtu", "9000") != 0 ||
        sim_store_write(BACK1 "/mtu", "9000") != 0 ||
        sim_store_rm(BACK1 "/feature-sg") != 0) {
        TAP_OK(0, "the toolstack's entries");
        return tap_done();
    }
    sim_netback_capture(0, true);
    sim_netback_capture(1, true);
    TAP_OK(sim_start() == 0, "the simulator starts");
    core_sched_run_main(run, NULL);
    sim_stop();
    return tap_done();
}
