/* SPDX-License-Identifier: ISC */
/* fuzz_xen_blkfront.c: blkfront against a hostile backend and xenstore. */
#define FUZZ_NAME    "fuzz_xen_blkfront"
#define FUZZ_INPUTS  20000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  2048
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "fuzz_input.h"
#include "platform.h"
#include "xen/blkfront.h"
#include "xen/blkif.h"
#include "xen/gnttab.h"
#include "xen/xen_io.h"
#include "xen/xenbus.h"
#include "xen/xenstore.h"

/*
 * The input plays the backend domain: its first HDR bytes are the
 * backend's xenstore values of the handshake (which keys exist and what
 * they say, the states it reaches), the rest a script of steps: requests
 * of the frontend (reads, writes, flushes of lengths and places from the
 * input), responses written into the ring's slots (raw, or echoing a
 * request's id with a chosen operation and status), response indices,
 * grants held mapped or let go, and blkfront_process and
 * blkfront_collect. The hypervisor, xenstore and xenbus here are stubs
 * that keep count. Properties: nothing crashes or reads out of the ring;
 * every call returns an error it documents; a page is never freed or
 * reused while granted, nor a grant ended while mapped; once every request
 * is collected, the grants in use are the ring's and those kept out of use
 * (blkfront_limbo) only; a failed disk stays failed until reconnected.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- the stubs: pages, grants, event channels ------------------------- */

#define PAGES  256
#define GRANTS 512

static void *pages[PAGES];
static unsigned npages_live;
static struct {
    bool used, mapped, ro;
    uint64_t gfn;
} grants[GRANTS];
static unsigned ngrants;

int xen_io_init(void)
{
    return 0;
}

void *xen_io_page_alloc(void)
{
    for (unsigned i = 0; i < PAGES; i++)
        if (!pages[i]) {
            pages[i] = aligned_alloc(4096, 4096);
            if (!pages[i])
                return NULL;
            memset(pages[i], 0, 4096);
            npages_live++;
            return pages[i];
        }
    return NULL;
}

uint64_t xen_io_page_gfn(const void *page)
{
    for (unsigned i = 0; i < PAGES; i++)
        if (pages[i] == page)
            return i + 1;
    fuzz_fail("the gfn of a page that is not allocated");
}

void xen_io_page_free(void *page)
{
    uint64_t gfn;

    if (!page)
        return;
    gfn = xen_io_page_gfn(page);
    for (unsigned r = 0; r < GRANTS; r++)
        if (grants[r].used && grants[r].gfn == gfn)
            fuzz_fail("page %llu freed while granted (ref %u)",
                      (unsigned long long)gfn, r);
    pages[gfn - 1] = NULL;
    npages_live--;
    free(page);
}

int xen_gnttab_grant(domid_t dom, uint64_t gfn, bool readonly, grant_ref_t *ref)
{
    (void)dom;
    if (gfn == 0 || gfn > PAGES || !pages[gfn - 1])
        fuzz_fail("a grant of a frame that is no page");
    for (unsigned r = 0; r < GRANTS; r++)
        if (grants[r].used && grants[r].gfn == gfn)
            fuzz_fail("page %llu granted twice", (unsigned long long)gfn);
    for (unsigned r = 8; r < GRANTS; r++)
        if (!grants[r].used) {
            grants[r].used = true;
            grants[r].mapped = false;
            grants[r].ro = readonly;
            grants[r].gfn = gfn;
            *ref = r;
            ngrants++;
            return 0;
        }
    return -ENOSPC;
}

int xen_gnttab_end(grant_ref_t ref)
{
    if (ref >= GRANTS || !grants[ref].used)
        return -EINVAL;
    if (grants[ref].mapped)
        return -EBUSY;
    grants[ref].used = false;
    ngrants--;
    return 0;
}

uint32_t xen_gnttab_in_use(void)
{
    return ngrants;
}

int xen_io_evtchn_alloc(domid_t remote, evtchn_port_t *port)
{
    (void)remote;
    *port = 3;
    return 0;
}

int xen_io_evtchn_close(evtchn_port_t port)
{
    (void)port;
    return 0;
}

int xen_io_evtchn_notify(evtchn_port_t port)
{
    (void)port;
    return 0;
}

int xen_io_evtchn_clear(evtchn_port_t port)
{
    (void)port;
    return 0;
}

int xen_io_evtchn_source(evtchn_port_t port)
{
    (void)port;
    return 1000; /* never watched here: nothing waits */
}

/* --- the stubs: xenstore and xenbus, answered from the header ---------- */

#define HDR 24

/* The handshake's values: a presence mask and numbers. */
static struct {
    uint16_t present; /* bit per key below */
    uint8_t state1, state2;
    uint64_t sectors;
    uint32_t sector_size, info, max_ind;
    char mode;
} hs;

enum { K_SECTORS, K_SSIZE, K_INFO, K_MODE, K_FLUSH, K_BARRIER, K_IND };

int xen_xenbus_find(const char *kind, unsigned index,
                    struct xen_xenbus_dev *dev)
{
    if (strcmp(kind, "vbd") != 0 || index > 0)
        return -ENOENT;
    memset(dev, 0, sizeof(*dev));
    snprintf(dev->front, sizeof(dev->front), "device/vbd/51712");
    snprintf(dev->back, sizeof(dev->back),
             "/local/domain/0/backend/vbd/7/51712");
    dev->devid = 51712;
    return 0;
}

int xen_xenbus_read_u64(const struct xen_xenbus_dev *dev, char side,
                        const char *key, uint64_t *value)
{
    static const char *const keys[] = {"sectors",
                                       "sector-size",
                                       "info",
                                       "mode",
                                       "feature-flush-cache",
                                       "feature-barrier",
                                       "feature-max-indirect-segments"};
    uint64_t v[] = {hs.sectors,  hs.sector_size,     hs.info,   0,
                    hs.info & 1, (hs.info >> 1) & 1, hs.max_ind};

    (void)dev;
    if (side != 'b')
        return -EINVAL;
    for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (strcmp(key, keys[i]) == 0) {
            if (!(hs.present & (1u << i)))
                return -ENOENT;
            if (i == K_MODE)
                return -EINVAL;
            *value = v[i];
            return 0;
        }
    return -ENOENT;
}

int xen_xenbus_read(const struct xen_xenbus_dev *dev, char side,
                    const char *key, char *buf, size_t cap)
{
    (void)dev;
    if (side != 'b' || strcmp(key, "mode") != 0 ||
        !(hs.present & (1u << K_MODE)))
        return -ENOENT;
    if (cap < 2)
        return -ERANGE;
    buf[0] = hs.mode;
    buf[1] = '\0';
    return 1;
}

static unsigned waits;

int xen_xenbus_wait_backend(const struct xen_xenbus_dev *dev, unsigned wanted,
                            uint64_t deadline_ns)
{
    uint8_t st;

    (void)dev;
    /* the close before a reconnect waits for Closed: granted at once,
     * the scripted states are the connect's */
    if ((wanted & (1u << XenbusStateClosed)) &&
        (wanted & (1u << XenbusStateInitWait)))
        return XenbusStateClosed;
    st = waits++ == 0 ? hs.state1 : hs.state2;
    (void)deadline_ns;
    st %= 10;
    return wanted & (1u << st) ? st : -ETIMEDOUT;
}

enum xenbus_state xen_xenbus_backend_state(const struct xen_xenbus_dev *dev)
{
    (void)dev;
    return XenbusStateConnected;
}

int xen_xenbus_backend_state_get(const struct xen_xenbus_dev *dev,
                                 enum xenbus_state *state)
{
    (void)dev;
    *state = XenbusStateConnected;
    return 0;
}

int xen_xenbus_set_state(const struct xen_xenbus_dev *dev,
                         enum xenbus_state state)
{
    (void)dev;
    (void)state;
    return 0;
}

int xen_xs_write(uint32_t tx, const char *path, const char *value)
{
    (void)tx;
    (void)path;
    (void)value;
    return 0;
}

int xen_xs_transact(int (*fn)(uint32_t tx, void *arg), void *arg)
{
    return fn(1, arg);
}

/* --- the script --------------------------------------------------------- */

#define SLOTS 32

static struct {
    int rc_find;
    unsigned completed, failed;
} last;

/* Whether (rc) is an error blkfront_collect documents. */
static bool collect_ok(int rc)
{
    return rc == 0 || rc == -EINPROGRESS || rc == -EIO || rc == -EOPNOTSUPP ||
           rc == -EBADF;
}

/* The id of the request in ring slot (i) (what the frontend wrote). */
static uint64_t ring_id(struct xen_sring *s, uint32_t i)
{
    union blkif_sring_entry e;

    memcpy(&e, s->ring + (size_t)(i & (SLOTS - 1)) * sizeof(e), sizeof(e));
    return e.req.id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *in = fuzz_input_copy(data, size, 0);
    static uint8_t buf[32 * 4096];
    struct plat_block_info info;
    bool out[SLOTS] = {false};
    struct xen_sring *s;
    uint32_t rsp_prod = 0, req_seen = 0;
    size_t p = HDR;
    int h;

    blkfront_log.level =
        getenv("FUZZ_XEN_LOG") ? MIRAGE_LOG_DEBUG : MIRAGE_LOG_QUIET;
    memset(&last, 0, sizeof(last));
    memset(&hs, 0, sizeof(hs));
    waits = 0;
    if (size >= HDR) {
        hs.present = (uint16_t)(in[0] | in[1] << 8);
        hs.state1 = in[2];
        hs.state2 = in[3];
        memcpy(&hs.sectors, in + 4, 8);
        memcpy(&hs.sector_size, in + 12, 4);
        memcpy(&hs.info, in + 16, 4);
        hs.max_ind = in[20] | (uint32_t)in[21] << 8;
        hs.mode = (char)in[22];
    }
    h = plat_block_find("d", &info);
    last.rc_find = h;
    if (h < 0) {
        if (h != -ENOENT && h != -EIO && h != -ENOTSUP && h != -ENOMEM &&
            h != -EBUSY && h != -EINVAL && h != -ENOSPC)
            fuzz_fail("plat_block_find returned %d", h);
        if (ngrants != blkfront_limbo())
            fuzz_fail("a refused connect left %u grants (%u kept)", ngrants,
                      blkfront_limbo());
        fuzz_input_free(in);
        return 0;
    }
    fuzz_accepted++;
    if (info.sector_size != 512 || info.capacity == 0 || info.capacity % 512)
        fuzz_fail("the disk: %llu bytes of sectors of %u",
                  (unsigned long long)info.capacity, info.sector_size);
    s = blkfront_ring(h);
    if (!s)
        fuzz_fail("a connected disk without a ring");
    rsp_prod = s->rsp_prod;

    while (p + 4 <= size) {
        uint8_t op = in[p] & 7, a = in[p + 1], b = in[p + 2], c = in[p + 3];
        size_t len = ((size_t)(a & 0x7f) + 1) * 1024;
        uint64_t off = (uint64_t)b * 4096 + (uint64_t)(c % 8) * 512;
        int rc;

        p += 4;
        switch (op) {
        case 0: /* a read, write or flush */
        case 1:
            rc =
                blkfront_submit(h,
                                (uint8_t)(c >> 6 == 3 ? BLKIF_OP_FLUSH_DISKCACHE
                                          : op == 0   ? BLKIF_OP_READ
                                                      : BLKIF_OP_WRITE),
                                off, buf, len);
            if (rc >= 0) {
                if (rc >= SLOTS || out[rc])
                    fuzz_fail("submit gave slot %d, in use", rc);
                out[rc] = true;
            } else if (rc != -EAGAIN && rc != -EINVAL && rc != -EIO &&
                       rc != -ENOSPC && rc != -ENOMEM) {
                fuzz_fail("submit returned %d", rc);
            }
            break;
        case 2: { /* a response echoing request (a) of the ring */
            struct blkif_response r;
            uint32_t i = req_seen + (a & 31);

            r.id = ring_id(s, i);
            if (b & 0x80)
                r.id ^= (uint64_t)1 << (b & 63); /* a wrong one */
            r.operation = (b & 0x40) ? (uint8_t)(c & 7)
                                     : ((uint8_t *)s->ring)[(i & 31) * 112];
            r.status =
                (int16_t)((c >> 3) % 4 == 3 ? (int8_t)c : -(int)((c >> 3) % 4));
            memcpy(s->ring + (size_t)(rsp_prod & 31) * 112, &r, sizeof(r));
            rsp_prod++;
            if (a & 0x80) {
                req_seen++;
                s->rsp_prod = rsp_prod;
            }
            break;
        }
        case 3: /* raw response bytes */
            if (p + 16 <= size) {
                memcpy(s->ring + (size_t)(rsp_prod & 31) * 112, in + p, 16);
                p += 16;
                rsp_prod++;
            }
            break;
        case 4: /* publish responses, or a wild index */
            s->rsp_prod =
                (a & 0x80) ? rsp_prod + (uint32_t)(int8_t)b : rsp_prod;
            req_seen = rsp_prod;
            break;
        case 5: /* take responses */
            rc = blkfront_process(h);
            if (rc < 0 && rc != -EIO)
                fuzz_fail("process returned %d", rc);
            break;
        case 6: /* collect slot (a) */
            rc = blkfront_collect(h, a % SLOTS, buf);
            if (!collect_ok(rc))
                fuzz_fail("collect returned %d", rc);
            if (rc != -EINPROGRESS && rc != -EBADF) {
                if (!out[a % SLOTS])
                    fuzz_fail("collect of a free slot returned %d", rc);
                out[a % SLOTS] = false;
                last.completed++;
            } else if (rc == -EBADF && out[a % SLOTS]) {
                fuzz_fail("a slot in flight is unknown");
            }
            break;
        case 7: /* the backend maps grant (a) (held), or lets it go */
            if (grants[8 + a].used)
                grants[8 + a].mapped = (b & 1) != 0;
            break;
        }
    }

    /* the end: a wild index fails the disk; every request ends */
    s->rsp_prod = s->req_prod + 33;
    if (blkfront_process(h) != -EIO)
        fuzz_fail("a response index past the requests did not fail the disk");
    if (blkfront_submit(h, BLKIF_OP_READ, 0, NULL, 512) != -EIO)
        fuzz_fail("a failed disk took a request");
    for (int i = 0; i < SLOTS; i++) {
        int rc = blkfront_collect(h, i, buf);

        if (out[i] && rc != 0 && rc != -EIO && rc != -EOPNOTSUPP)
            fuzz_fail("the end's collect of slot %d returned %d", i, rc);
        if (!out[i] && rc != -EBADF)
            fuzz_fail("a free slot collected %d", rc);
        if (rc == -EIO)
            last.failed++;
    }
    /* the backend lets every grant go: the kept pages can end now */
    for (unsigned r = 0; r < GRANTS; r++)
        grants[r].mapped = false;
    if (ngrants != 1 + blkfront_limbo())
        fuzz_fail("%u grants in use, want the ring's and %u kept", ngrants,
                  blkfront_limbo());
    fuzz_input_free(in);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* A well-formed header: 64 sectors, InitWait then Connected, flush,
 * indirect segments when (ind). */
static void header(uint8_t *h, bool ind, bool ro)
{
    uint64_t sectors = 2048;
    uint32_t ss = 512, info = 1u | (ro ? VDISK_READONLY : 0);

    memset(h, 0, HDR);
    h[0] = (1u << K_SECTORS) | (1u << K_SSIZE) | (1u << K_INFO) |
           (1u << K_FLUSH) | (ind ? 1u << K_IND : 0);
    h[2] = XenbusStateInitWait;
    h[3] = XenbusStateConnected;
    memcpy(h + 4, &sectors, 8);
    memcpy(h + 12, &ss, 4);
    memcpy(h + 16, &info, 4);
    h[20] = ind ? 32 : 0;
    h[22] = 'w';
}

/* Step (op, a, b, c) at (*n). */
static void step(uint8_t *s, size_t *n, uint8_t op, uint8_t a, uint8_t b,
                 uint8_t c)
{
    s[(*n)++] = op;
    s[(*n)++] = a;
    s[(*n)++] = b;
    s[(*n)++] = c;
}

/* Two reads, a write and a flush answered well and collected; the same on
 * an indirect disk with a long read; a read-only disk; a bad status. */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t buf[4][256];

    if (max < 4)
        return 0;
    for (int k = 0; k < 4; k++) {
        size_t n = HDR;

        header(buf[k], k == 1, k == 2);
        step(buf[k], &n, 0, k == 1 ? 100 : 3, 1, 0); /* read */
        step(buf[k], &n, 0, 0, 2, 1);                /* read */
        step(buf[k], &n, 1, 7, 3, 0);                /* write */
        step(buf[k], &n, 1, 0, 0, 0xc0);             /* flush */
        for (uint8_t i = 0; i < 4; i++)
            step(buf[k], &n, 2, 0x80 | 0, 0, k == 3 && i == 1 ? 3 << 3 : 0);
        step(buf[k], &n, 4, 0, 0, 0);
        step(buf[k], &n, 5, 0, 0, 0);
        for (uint8_t i = 0; i < 4; i++)
            step(buf[k], &n, 6, i, 0, 0);
        lens[k] = n;
        seeds[k] = buf[k];
    }
    return 4;
}

/* The seeds connect; the good ones complete their 4 requests, the one with
 * a bad status fails the disk. */
static int fuzz_seeds_ok(char *why, size_t n)
{
    for (size_t k = 0; k < n && k < 4; k++) {
        LLVMFuzzerTestOneInput(fuzz_seed[k], fuzz_seed_len[k]);
        if (last.rc_find < 0) {
            snprintf(why, 200, "seed %zu: connect gave %d", k, last.rc_find);
            return 0;
        }
        if (k < 3 && (last.completed != 4 || last.failed != 0)) {
            snprintf(why, 200, "seed %zu: %u requests completed, %u failed", k,
                     last.completed, last.failed);
            return 0;
        }
    }
    return 1;
}
#endif
