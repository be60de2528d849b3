/* SPDX-License-Identifier: ISC */
/* test_blkfront.c: blkfront against the simulated blkback on disk files. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mirage/block.h>
#include <mirage/fiber.h>

#include "core/sched.h"
#include "platform.h"
#include "sim.h"
#include "tap.h"
#include "xen/blkfront.h"
#include "xen/gnttab.h"

/* The block conformance suite, in this file: one TAP stream. */
#include "../conformance/block/suite.c"

/*
 * Three vbds as xl would give them: "disk" (vbd 51712, read-write, 2048
 * sectors, indirect requests of up to 32 segments offered), "rodisk"
 * (51728, read-only, 128 sectors) and "odd" (51744, 128 sectors and 300
 * bytes more, which the backend does not offer, direct requests only).
 * Names bind to vbds in ascending id order, so connect them in that order.
 * Each runs the block conformance suite; then transfers longer than a
 * request, 16 fibers with requests in flight at once, flush, grant and
 * mapping counts back at their baseline, and a backend restart: requests
 * fail with -EIO once the backend left Connected, and the block device's
 * disconnect and connect takes up the restarted backend with a new ring.
 */

#define RW_DEVID  51712u
#define RO_DEVID  51728u
#define ODD_DEVID 51744u
#define RW_BYTES  (2048u * 512u)
#define RO_BYTES  (128u * 512u)
#define ODD_TAIL  300u
#define FIBERS    16
#define RANGE     (12u * 4096u) /* bytes of one fiber: 12 pages */

static char dir[64], rw_path[96], ro_path[96], odd_path[96];

/* Makes file (path) of (bytes) bytes of (byte). */
static int make_file(const char *path, size_t bytes, unsigned char byte)
{
    unsigned char *p = malloc(bytes);
    int fd, ok;

    if (!p)
        return -1;
    memset(p, byte, bytes);
    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    ok = fd >= 0 && write(fd, p, bytes) == (ssize_t)bytes;
    if (fd >= 0)
        close(fd);
    free(p);
    return ok ? 0 : -1;
}

/* Reads (len) bytes at (off) of file (path). */
static int file_read(const char *path, void *buf, size_t len, off_t off)
{
    int fd = open(path, O_RDONLY);
    ssize_t r = fd >= 0 ? pread(fd, buf, len, off) : -1;

    if (fd >= 0)
        close(fd);
    return r == (ssize_t)len ? 0 : -1;
}

static void pattern(unsigned char *p, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)((i * 31u + seed * 7u + (i >> 9)) ^ seed);
}

struct job {
    int handle;
    unsigned index;
    int rc;
};

/* One fiber of the in-flight test: writes its range, reads it back. */
static int job_run(void *arg)
{
    struct job *j = arg;
    unsigned char *w = malloc(RANGE), *r = malloc(RANGE);
    uint64_t off = (uint64_t)j->index * RANGE;
    int rc;

    if (!w || !r) {
        free(w);
        free(r);
        return j->rc = -ENOMEM;
    }
    pattern(w, RANGE, 100 + j->index);
    rc = plat_block_write(j->handle, off, w, RANGE);
    if (rc == 0)
        rc = plat_block_read(j->handle, off, r, RANGE);
    if (rc == 0 && memcmp(w, r, RANGE) != 0)
        rc = -EILSEQ;
    free(w);
    free(r);
    return j->rc = rc;
}

/* The points past the suite on "disk" (handle h). */
static void more(int h, uint32_t grants_connected)
{
    static struct job jobs[FIBERS];
    struct mirage_fiber *f[FIBERS];
    size_t big = 300u * 1024u; /* more than one request of 32 pages */
    unsigned char *w = malloc(big), *r = malloc(big), *fb = malloc(big);
    int ok = 1, rc;

    if (!w || !r || !fb) {
        TAP_OK(0, "memory for the transfers");
        return;
    }
    TAP_OK(blkfront_max_bytes(h) == 32u * 4096u,
           "the rw disk takes indirect requests of 32 pages (%zu bytes)",
           blkfront_max_bytes(h));
    pattern(w, big, 1);
    TAP_OK(plat_block_write(h, 4096, w, big) == 0,
           "a write of 300 KiB (3 requests)");
    memset(r, 0, big);
    TAP_OK(plat_block_read(h, 4096, r, big) == 0 && memcmp(r, w, big) == 0,
           "reads back the same");
    TAP_OK(file_read(rw_path, fb, big, 4096) == 0 && memcmp(fb, w, big) == 0,
           "and the disk file holds it at the same place");
    TAP_OK(plat_block_flush(h) == 0, "flush: 0");
    TAP_OK(plat_block_read(h, RW_BYTES - 512, r, 1024) == -ERANGE,
           "a read past the end: -ERANGE");
    TAP_OK(plat_block_read(h, 100, r, 512) == -EINVAL,
           "a read not on a sector: -EINVAL");

    for (unsigned i = 0; i < FIBERS; i++) {
        jobs[i] = (struct job){.handle = h, .index = i, .rc = 1};
        if (mirage_fiber_spawn(&f[i], job_run, &jobs[i], NULL) != 0)
            f[i] = NULL;
    }
    rc = mirage_fiber_join_all(f, FIBERS, NULL, MIRAGE_FOREVER);
    for (unsigned i = 0; i < FIBERS; i++)
        if (jobs[i].rc != 0) {
            ok = 0;
            TAP_DIAG("fiber %u: %d", i, jobs[i].rc);
        }
    TAP_OK(rc == 0 && ok,
           "%d fibers wrote and read back their own 48 KiB at once", FIBERS);
    for (unsigned i = 0; i < FIBERS && ok; i++) {
        pattern(w, RANGE, 100 + i);
        if (file_read(rw_path, fb, RANGE, (off_t)i * RANGE) != 0 ||
            memcmp(fb, w, RANGE) != 0)
            ok = 0;
    }
    TAP_OK(ok, "the file holds each fiber's range");
    TAP_OK(sim_blkback_most_pending(RW_DEVID) > 1,
           "blkback found %u requests on the ring at once",
           sim_blkback_most_pending(RW_DEVID));
    TAP_OK(xen_gnttab_in_use() == grants_connected,
           "grants in use back to the 3 rings (%u, want %u)",
           xen_gnttab_in_use(), grants_connected);
    TAP_OK(sim_grant_mapped() == 3, "blkback maps the 3 rings only (%u)",
           sim_grant_mapped());
    TAP_OK(blkfront_limbo() == 0, "no page kept out of use");
    free(w);
    free(r);
    free(fb);
}

/* The backend restarts: requests fail, a reconnect takes it up again. */
static void restart(struct mirage_block **d, uint32_t grants_connected)
{
    struct plat_block_info info;
    unsigned char buf[512], want[512];
    uint64_t deadline;
    int h = plat_block_find("disk", &info), rc = 0;

    TAP_OK(sim_blkback_restart(RW_DEVID) == 0, "blkback restarts");
    deadline = plat_clock_monotonic_ns() + tap_scaled_ns(20000000000ull);
    while (plat_clock_monotonic_ns() < deadline) {
        rc = plat_block_read(h, 0, buf, sizeof(buf));
        if (rc != 0)
            break;
        mirage_sleep_ns(2000000);
    }
    TAP_OK(rc == -EIO, "a read fails with -EIO once it left Connected (%d)",
           rc);
    TAP_OK(plat_block_write(h, 0, buf, sizeof(buf)) == -EIO,
           "and so does the next write, at once");
    TAP_OK(mirage_block_disconnect(*d) == 0, "the block device disconnects");
    rc = mirage_block_tender_connect(d, "disk");
    TAP_OK(rc == 0, "and connects again to the restarted backend (%d)", rc);
    if (rc != 0)
        return;
    pattern(want, sizeof(want), 9);
    TAP_OK(mirage_block_write(*d, 7, want, 1) == 0, "a write after it");
    memset(buf, 0, sizeof(buf));
    TAP_OK(mirage_block_read(*d, 7, buf, 1) == 0 &&
               memcmp(buf, want, sizeof(buf)) == 0,
           "reads back");
    TAP_OK(mirage_block_read(*d, 8, buf, 1) == 0 &&
               file_read(rw_path, want, 512, 8 * 512) == 0 &&
               memcmp(buf, want, 512) == 0,
           "the data written before the restart is there");
    TAP_OK(xen_gnttab_in_use() == grants_connected,
           "grants in use: the 3 rings again (%u, want %u)",
           xen_gnttab_in_use(), grants_connected);
    TAP_OK(sim_grant_mapped() == 3, "blkback maps the 3 rings only (%u)",
           sim_grant_mapped());
}

static int run(void *arg)
{
    struct mirage_block *rw = NULL, *ro = NULL, *odd = NULL;
    struct plat_block_info info;
    unsigned char tail[ODD_TAIL], one[512];
    uint32_t base = xen_gnttab_in_use(), conn;
    int rc, ok;

    (void)arg;
    TAP_OK(mirage_block_tender_connect(&rw, "disk") == 0,
           "\"disk\" connects (vbd %u)", RW_DEVID);
    TAP_OK(mirage_block_tender_connect(&ro, "rodisk") == 0,
           "\"rodisk\" connects (vbd %u)", RO_DEVID);
    TAP_OK(mirage_block_tender_connect(&odd, "odd") == 0,
           "\"odd\" connects (vbd %u)", ODD_DEVID);
    if (!rw || !ro || !odd)
        return 1;
    conn = xen_gnttab_in_use();
    TAP_OK(conn == base + 3, "one grant per ring (%u from %u)", conn, base);
    TAP_OK(plat_block_find("nothing", &info) == -ENOENT,
           "a fourth name finds no vbd: -ENOENT");

    TAP_DIAG("the suite on \"disk\"");
    suite_start(rw, RW_BYTES / 512);
    TAP_DIAG("the suite on \"rodisk\"");
    suite_start(ro, RO_BYTES / 512);
    rc = plat_block_find("rodisk", &info);
    TAP_OK(rc >= 0 && info.read_only == 1 &&
               plat_block_write(rc, 0, one, 512) == -EROFS,
           "plat_block_write on the read-only vbd: -EROFS");
    TAP_DIAG("the suite on \"odd\": the 300 bytes past 128 sectors unused");
    suite_start(odd, 128);
    ok = file_read(odd_path, tail, ODD_TAIL, 128 * 512) == 0;
    for (unsigned i = 0; ok && i < ODD_TAIL; i++)
        ok = tail[i] == 0xab;
    TAP_OK(ok, "the odd file's last 300 bytes are untouched");
    rc = plat_block_find("odd", &info);
    TAP_OK(rc >= 0 && info.capacity == 128 * 512 &&
               blkfront_max_bytes(rc) == 11u * 4096u,
           "odd: 128 sectors, direct requests of 11 pages");

    rc = mirage_block_tender_connect(&rw, "disk");
    TAP_OK(rc == 0, "\"disk\" connects again after the suite's disconnect");
    more(plat_block_find("disk", &info), conn);
    restart(&rw, conn);
    return 0;
}

int main(void)
{
    int rc;

    tap_alarm(120);
    snprintf(dir, sizeof(dir), "%s/blkfront.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        printf("Bail out! no temporary folder\n");
        return 1;
    }
    snprintf(rw_path, sizeof(rw_path), "%s/rw.img", dir);
    snprintf(ro_path, sizeof(ro_path), "%s/ro.img", dir);
    snprintf(odd_path, sizeof(odd_path), "%s/odd.img", dir);
    if (make_file(rw_path, RW_BYTES, 0) || make_file(ro_path, RO_BYTES, 0x33) ||
        make_file(odd_path, RO_BYTES + ODD_TAIL, 0xab)) {
        printf("Bail out! cannot make the disk files\n");
        return 1;
    }
    rc = sim_blkback_add(RW_DEVID, rw_path, false, 32);
    if (rc == 0)
        rc = sim_blkback_add(RO_DEVID, ro_path, true, 0);
    if (rc == 0)
        rc = sim_blkback_add(ODD_DEVID, odd_path, false, 0);
    if (rc == 0)
        rc = sim_start();
    TAP_OK(rc == 0, "the simulator starts with three vbds");
    if (rc == 0)
        core_sched_run_main(run, NULL);
    sim_stop();
    unlink(rw_path);
    unlink(ro_path);
    unlink(odd_path);
    rmdir(dir);
    return tap_done();
}
