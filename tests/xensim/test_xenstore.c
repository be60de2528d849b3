/* SPDX-License-Identifier: ISC */
/* test_xenstore.c: the xenstore client and xenbus against sim_store.c. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>

#include "core/sched.h"
#include "platform.h"
#include "sim.h"
#include "tap.h"
#include "xen/xenbus.h"
#include "xen/xenstore.h"

#define MS    1000000ull
#define GUEST "/local/domain/7/"

/* A deadline (scaled) from now. */
static uint64_t after(uint64_t ns)
{
    return plat_clock_monotonic_ns() + tap_scaled_ns(ns);
}

/* Whether the list of NUL-ended names buf[0..len) is exactly (want),
 * in any order. */
static int names_are(const char *buf, int len, const char *const *want,
                     int nwant)
{
    int n = 0;

    for (int off = 0; off < len; off += (int)strlen(buf + off) + 1) {
        int found = 0;

        for (int i = 0; i < nwant; i++)
            found |= strcmp(buf + off, want[i]) == 0;
        if (!found)
            return 0;
        n++;
    }
    return n == nwant;
}

static void test_basic(void)
{
    char buf[64], big[4200];
    uint64_t v;
    int rc;

    TAP_OK(xen_xs_write(0, "data/a", "hello") == 0, "write data/a");
    rc = xen_xs_read(0, "data/a", buf, sizeof(buf));
    TAP_OK(rc == 5, "read data/a: its length (%d)", rc);
    TAP_STREQ(buf, "hello", "read data/a: its value");
    rc = sim_store_read(GUEST "data/a", buf, sizeof(buf));
    TAP_OK(rc == 5 && strcmp(buf, "hello") == 0,
           "the store holds it under the guest's home");
    TAP_OK(xen_xs_read(0, "/local/domain/7/data/a", buf, sizeof(buf)) == 5,
           "the absolute path reads the same node");
    TAP_OK(xen_xs_read(0, "data/none", buf, sizeof(buf)) == -ENOENT,
           "read of a missing node: -ENOENT");
    TAP_OK(xen_xs_read(0, "data/a", buf, 5) == -ERANGE,
           "read into too small a buffer: -ERANGE");
    TAP_OK(xen_xs_read(0, "data/a", buf, 6) == 5, "a buffer of 6 suffices");

    TAP_OK(xen_xs_write(0, "data/b", "") == 0, "write an empty value");
    TAP_OK(xen_xs_read(0, "data/b", buf, sizeof(buf)) == 0 && buf[0] == '\0',
           "read it: empty");
    rc = xen_xs_directory(0, "data", buf, sizeof(buf));
    TAP_OK(rc == 4 && names_are(buf, rc, (const char *const[]){"a", "b"}, 2),
           "directory data: a, b (%d bytes)", rc);
    TAP_OK(xen_xs_directory(0, "data", buf, 3) == -ERANGE,
           "directory into too small a buffer: -ERANGE");
    TAP_OK(xen_xs_directory(0, "nodir", buf, sizeof(buf)) == -ENOENT,
           "directory of a missing node: -ENOENT");
    TAP_OK(xen_xs_rm(0, "data/a") == 0, "rm data/a");
    TAP_OK(xen_xs_read(0, "data/a", buf, sizeof(buf)) == -ENOENT, "it is gone");
    TAP_OK(xen_xs_rm(0, "data/a") == -ENOENT, "rm again: -ENOENT");
    TAP_OK(xen_xs_write(0, "tree/x/y", "1") == 0 && xen_xs_rm(0, "tree") == 0 &&
               xen_xs_read(0, "tree/x/y", buf, sizeof(buf)) == -ENOENT,
           "rm takes the nodes below");
    TAP_OK(xen_xs_write(0, "bad//path", "1") == -EINVAL,
           "a malformed path: -EINVAL from xenstored");

    TAP_OK(xen_xs_write(0, "num", "42") == 0 &&
               xen_xs_read_u64(0, "num", &v) == 0 && v == 42,
           "read_u64: 42");
    TAP_OK(xen_xs_write(0, "num", "4x") == 0 &&
               xen_xs_read_u64(0, "num", &v) == -EINVAL,
           "read_u64 of \"4x\": -EINVAL");
    TAP_OK(xen_xs_write(0, "num", "18446744073709551616") == 0 &&
               xen_xs_read_u64(0, "num", &v) == -EINVAL,
           "read_u64 of 2^64: -EINVAL");
    TAP_OK(xen_xs_read_u64(0, "nonum", &v) == -ENOENT,
           "read_u64 of a missing node: -ENOENT");

    /* Values longer than the 1 KiB rings: sent and taken in pieces. */
    for (size_t i = 0; i < 3000; i++)
        big[i] = (char)('a' + i % 26);
    big[3000] = '\0';
    TAP_OK(xen_xs_write(0, "big", big) == 0, "write 3000 bytes");
    {
        static char back[4200];

        rc = xen_xs_read(0, "big", back, sizeof(back));
        TAP_OK(rc == 3000 && memcmp(back, big, 3000) == 0,
               "read them back (%d)", rc);
    }
    memset(big, 'z', 4095);
    big[4096 - 5] = '\0'; /* "big" NUL value: 4 + 4091 = 4095 bytes */
    TAP_OK(xen_xs_write(0, "big", big) == 0, "a payload of %d bytes", 4096 - 1);
    big[4096 - 5] = 'z';
    big[4096 - 3] = '\0';
    TAP_OK(xen_xs_write(0, "big", big) == -E2BIG,
           "a payload over XENSTORE_PAYLOAD_MAX: -E2BIG");
}

/* --- transactions -------------------------------------------------------- */

struct tx_case {
    int calls;
    int fail; /* the error fn returns */
};

static int tx_fn(uint32_t tx, void *arg)
{
    struct tx_case *c = arg;
    char buf[16];
    int rc;

    c->calls++;
    rc = xen_xs_read(tx, "txd/count", buf, sizeof(buf));
    if (rc < 0 && rc != -ENOENT)
        return rc;
    rc = xen_xs_write(tx, "txd/count", "1");
    return rc != 0 ? rc : c->fail;
}

static void test_transactions(void)
{
    struct tx_case c = {0, 0};
    char buf[32];
    uint32_t tx, tx2;

    TAP_OK(xen_xs_transaction_start(&tx) == 0 && tx != 0,
           "transaction start: id %u", (unsigned)tx);
    TAP_OK(xen_xs_write(tx, "t/a", "1") == 0, "write in it");
    TAP_OK(xen_xs_read(0, "t/a", buf, sizeof(buf)) == -ENOENT,
           "not seen outside before the commit");
    TAP_OK(xen_xs_read(tx, "t/a", buf, sizeof(buf)) == 1,
           "seen inside the transaction");
    TAP_OK(xen_xs_transaction_end(tx, 1) == 0, "commit");
    TAP_OK(xen_xs_read(0, "t/a", buf, sizeof(buf)) == 1 &&
               strcmp(buf, "1") == 0,
           "seen after the commit");
    TAP_OK(xen_xs_read(tx, "t/a", buf, sizeof(buf)) == -ENOENT,
           "the ended transaction's id: -ENOENT");

    TAP_OK(xen_xs_transaction_start(&tx) == 0 &&
               xen_xs_write(tx, "t/b", "2") == 0 &&
               xen_xs_transaction_end(tx, 0) == 0,
           "a transaction aborted");
    TAP_OK(xen_xs_read(0, "t/b", buf, sizeof(buf)) == -ENOENT,
           "its write is not there");

    TAP_OK(xen_xs_transaction_start(&tx) == 0 &&
               xen_xs_transaction_start(&tx2) == 0 && tx != tx2,
           "two transactions at once");
    TAP_OK(xen_xs_read(tx, "t/a", buf, sizeof(buf)) == 1 &&
               xen_xs_write(tx, "t/c", "x") == 0,
           "the first reads t/a and writes t/c");
    TAP_OK(xen_xs_write(tx2, "t/a", "2") == 0 &&
               xen_xs_transaction_end(tx2, 1) == 0,
           "the second writes t/a and commits");
    TAP_OK(xen_xs_transaction_end(tx, 1) == -EAGAIN,
           "the first's commit conflicts: -EAGAIN");
    TAP_OK(xen_xs_read(0, "t/c", buf, sizeof(buf)) == -ENOENT,
           "nothing of it was written");
    TAP_OK(xen_xs_transaction_start(&tx) == 0 &&
               xen_xs_write(0, "t/a", "3") == 0 &&
               xen_xs_write(tx, "t/a", "4") == 0 &&
               xen_xs_transaction_end(tx, 1) == -EAGAIN,
           "a write outside to what the transaction wrote: -EAGAIN");
    TAP_OK(xen_xs_read(0, "t/a", buf, sizeof(buf)) == 1 &&
               strcmp(buf, "3") == 0,
           "the outside write stands");

    sim_store_fail_commits(3);
    TAP_OK(xen_xs_transact(tx_fn, &c) == 0, "transact through 3 EAGAINs");
    TAP_OK(c.calls == 4, "ran 4 times (%d)", c.calls);
    TAP_OK(xen_xs_read(0, "txd/count", buf, sizeof(buf)) == 1, "and committed");
    TAP_OK(xen_xs_rm(0, "txd") == 0, "rm txd");

    c.calls = 0;
    sim_store_fail_commits(XEN_XS_TX_TRIES);
    TAP_OK(xen_xs_transact(tx_fn, &c) == -EAGAIN, "transact gives up: -EAGAIN");
    TAP_OK(c.calls == XEN_XS_TX_TRIES, "after %d tries (%d)", XEN_XS_TX_TRIES,
           c.calls);
    TAP_OK(xen_xs_read(0, "txd/count", buf, sizeof(buf)) == -ENOENT,
           "nothing written");

    c.calls = 0;
    c.fail = -EPERM;
    TAP_OK(xen_xs_transact(tx_fn, &c) == -EPERM && c.calls == 1,
           "fn's error aborts and is returned");
    TAP_OK(xen_xs_read(0, "txd/count", buf, sizeof(buf)) == -ENOENT,
           "nothing written");
}

/* --- watches -------------------------------------------------------------- */

static void test_watches(void)
{
    char buf[128];
    int rc;

    TAP_OK(xen_xs_watch("w", "tok") == 0, "watch w");
    TAP_OK(xen_xs_watch("w", "tok") == -EEXIST, "the same token: -EEXIST");
    rc = xen_xs_wait_watch("tok", after(5000 * MS), buf, sizeof(buf));
    TAP_OK(rc == 0, "the initial event (%d)", rc);
    TAP_STREQ(buf, "w", "its path");
    TAP_OK(xen_xs_wait_watch("tok", after(30 * MS), buf, sizeof(buf)) ==
               -ETIMEDOUT,
           "no more: -ETIMEDOUT");
    TAP_OK(xen_xs_write(0, "w/x", "1") == 0, "write w/x");
    rc = xen_xs_wait_watch("tok", after(5000 * MS), buf, sizeof(buf));
    TAP_OK(rc == 0, "an event (%d)", rc);
    TAP_STREQ(buf, "w/x", "its path");
    TAP_OK(xen_xs_write(0, "wother", "1") == 0 &&
               xen_xs_wait_watch("tok", after(30 * MS), buf, sizeof(buf)) ==
                   -ETIMEDOUT,
           "a write to a sibling fires nothing");
    TAP_OK(sim_store_write(GUEST "w", "2") == 0, "dom0 writes w");
    rc = xen_xs_wait_watch("tok", after(5000 * MS), buf, sizeof(buf));
    TAP_OK(rc == 0, "an event (%d)", rc);
    TAP_STREQ(buf, "w", "its path");
    TAP_OK(xen_xs_watch("/local/domain/0/abs", "abs") == 0 &&
               xen_xs_wait_watch("abs", after(5000 * MS), buf, sizeof(buf)) ==
                   0,
           "an absolute watch's initial event");
    TAP_STREQ(buf, "/local/domain/0/abs", "its path");
    TAP_OK(sim_store_write("abs/k", "1") == 0 &&
               xen_xs_wait_watch("abs", after(5000 * MS), buf, sizeof(buf)) ==
                   0,
           "an event of dom0's write");
    TAP_STREQ(buf, "/local/domain/0/abs/k", "its path");
    TAP_OK(xen_xs_unwatch("/local/domain/0/abs", "abs") == 0, "unwatch it");
    TAP_OK(xen_xs_wait_watch("abs", after(30 * MS), buf, sizeof(buf)) ==
               -ENOENT,
           "waiting on it: -ENOENT");

    /* More events than the queue holds: one -ENOBUFS, then fresh ones. */
    TAP_OK(xen_xs_write(0, "w/y", "0") == 0, "write w/y");
    for (int i = 0; i < 100; i++)
        if (xen_xs_write(0, "w/y", "1") != 0)
            break;
    rc = xen_xs_wait_watch("tok", after(5000 * MS), buf, sizeof(buf));
    TAP_OK(rc == -ENOBUFS, "101 events unread: -ENOBUFS (%d)", rc);
    rc = xen_xs_wait_watch("tok", after(5000 * MS), buf, sizeof(buf));
    TAP_OK(rc == 0, "then the events kept (%d)", rc);
    TAP_OK(xen_xs_unwatch("w", "tok") == 0, "unwatch w");
    TAP_OK(xen_xs_wait_watch("tok", after(30 * MS), buf, sizeof(buf)) ==
               -ENOENT,
           "its queued events are gone: -ENOENT");
    TAP_OK(xen_xs_unwatch("w", "tok") == -ENOENT,
           "unwatch again: -ENOENT from xenstored");
}

/* --- fibers at once ------------------------------------------------------- */

static int worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    char path[32], value[32], buf[32];

    for (unsigned i = 0; i < 20; i++) {
        snprintf(path, sizeof(path), "par/%u/%u", id, i);
        snprintf(value, sizeof(value), "v%u.%u", id, i);
        if (xen_xs_write(0, path, value) != 0)
            return -1;
        if (xen_xs_read(0, path, buf, sizeof(buf)) != (int)strlen(value) ||
            strcmp(buf, value) != 0)
            return -2;
    }
    return 0;
}

static void test_fibers(void)
{
    struct mirage_fiber *f[8];
    int res[8], ok = 1;

    for (unsigned i = 0; i < 8; i++)
        if (mirage_fiber_spawn(&f[i], worker, (void *)(uintptr_t)i, NULL))
            ok = 0;
    TAP_OK(ok, "8 fibers spawned");
    TAP_OK(mirage_fiber_join_all(f, 8, res, MIRAGE_FOREVER) == 0, "joined");
    for (unsigned i = 0; i < 8; i++)
        ok &= res[i] == 0;
    TAP_OK(ok, "8 fibers x 20 writes and reads at once, each its own");
}

/* --- xenbus --------------------------------------------------------------- */

static void add_dev(const char *kind, unsigned id, const char *back,
                    const char *back_id)
{
    char p[128];

    snprintf(p, sizeof(p), GUEST "device/%s/%u/backend", kind, id);
    sim_store_write(p, back);
    snprintf(p, sizeof(p), GUEST "device/%s/%u/backend-id", kind, id);
    sim_store_write(p, back_id);
}

static int set_connected(void *arg)
{
    (void)arg;
    mirage_sleep_ns(20 * MS);
    return sim_store_write("backend/vif/7/0/state", "4");
}

static void test_xenbus(void)
{
    struct xen_xenbus_dev dev;
    struct mirage_fiber *f;
    char buf[64];
    uint64_t v;
    int rc, res;

    TAP_OK(xen_xenbus_find("vif", 0, &dev) == -ENOENT, "no vif yet: -ENOENT");
    add_dev("vif", 10, "/local/domain/0/backend/vif/7/10", "0");
    add_dev("vif", 0, "/local/domain/0/backend/vif/7/0", "0");
    add_dev("vif", 2, "/local/domain/0/backend/vif/7/2", "0");
    sim_store_write(GUEST "device/vif/junk", "");
    add_dev("vbd", 768, "backend/vbd", "0");
    add_dev("vbd", 769, "/local/domain/0/backend/vbd/7/769", "32752");

    rc = xen_xenbus_find("vif", 0, &dev);
    TAP_OK(rc == 0 && dev.devid == 0, "vif 0: devid 0 (%d)", rc);
    TAP_STREQ(dev.front, "device/vif/0", "its frontend path");
    TAP_STREQ(dev.back, "/local/domain/0/backend/vif/7/0", "its backend path");
    TAP_OK(dev.back_id == 0, "its backend domain");
    TAP_OK(xen_xenbus_find("vif", 1, &dev) == 0 && dev.devid == 2,
           "index 1: devid 2");
    TAP_OK(xen_xenbus_find("vif", 2, &dev) == 0 && dev.devid == 10,
           "index 2: devid 10 (numeric order)");
    TAP_OK(xen_xenbus_find("vif", 3, &dev) == -ENOENT,
           "index 3: -ENOENT (junk skipped)");
    TAP_OK(xen_xenbus_find("vbd", 0, &dev) == -EIO,
           "a relative backend path: -EIO");
    TAP_OK(xen_xenbus_find("vbd", 1, &dev) == -EIO,
           "a backend-id of DOMID_FIRST_RESERVED: -EIO");

    TAP_OK(xen_xenbus_find("vif", 0, &dev) == 0, "vif 0 again");
    TAP_OK(xen_xenbus_backend_state(&dev) == XenbusStateUnknown,
           "no backend state: Unknown");
    sim_store_write("backend/vif/7/0/state", "9");
    TAP_OK(xen_xenbus_backend_state(&dev) == XenbusStateUnknown,
           "state 9: Unknown");
    sim_store_write("backend/vif/7/0/state", "2");
    TAP_OK(xen_xenbus_backend_state(&dev) == XenbusStateInitWait,
           "state 2: InitWait");
    sim_store_write("backend/vif/7/0/mac", "00:16:3e:00:00:01");
    TAP_OK(xen_xenbus_read(&dev, 'b', "mac", buf, sizeof(buf)) == 17,
           "read a backend key");
    TAP_OK(xen_xenbus_read(&dev, 'x', "mac", buf, sizeof(buf)) == -EINVAL,
           "a side neither 'f' nor 'b': -EINVAL");
    TAP_OK(xen_xenbus_read_u64(&dev, 'f', "backend-id", &v) == 0 && v == 0,
           "read a frontend number");
    TAP_OK(xen_xenbus_set_state(&dev, XenbusStateInitialised) == 0,
           "set the frontend's state");
    TAP_OK(sim_store_read(GUEST "device/vif/0/state", buf, sizeof(buf)) == 1 &&
               strcmp(buf, "3") == 0,
           "the store has state 3");
    rc = xen_xenbus_wait_backend(&dev, 1u << XenbusStateInitWait,
                                 after(5000 * MS));
    TAP_OK(rc == XenbusStateInitWait, "wait for a state it has: at once");
    TAP_OK(mirage_fiber_spawn(&f, set_connected, NULL, NULL) == 0,
           "a fiber sets Connected in 20 ms");
    rc = xen_xenbus_wait_backend(&dev, 1u << XenbusStateConnected,
                                 after(5000 * MS));
    TAP_OK(rc == XenbusStateConnected, "waited for Connected (%d)", rc);
    TAP_OK(mirage_fiber_join(f, &res, MIRAGE_FOREVER) == 0 && res == 0,
           "the fiber ended");
    rc = xen_xenbus_wait_backend(&dev, 1u << XenbusStateClosed,
                                 plat_clock_monotonic_ns() + 30 * MS);
    TAP_OK(rc == -ETIMEDOUT, "wait for Closed: -ETIMEDOUT (%d)", rc);
}

static int run(void *arg)
{
    char buf[8];

    (void)arg;
    TAP_OK(xen_xs_read(0, "x", buf, sizeof(buf)) == -ENODEV,
           "no xenstore before the simulator starts: -ENODEV");
    TAP_OK(sim_start() == 0, "the simulator starts");
    test_basic();
    test_transactions();
    test_watches();
    test_fibers();
    test_xenbus();
    sim_stop();
    return 0;
}

int main(void)
{
    tap_alarm(60);
    core_sched_run_main(run, NULL);
    return tap_done();
}
