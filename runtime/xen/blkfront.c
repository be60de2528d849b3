/* SPDX-License-Identifier: ISC */
/* blkfront.c: Xen PV disks (io/blkif.h) behind plat_block_* on xen. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/log.h>

#include "platform.h"
#include "blkfront.h"
#include "blkif.h"
#include "gnttab.h"
#include "xen_io.h"
#include "xen_sring.h"
#include "xenbus.h"
#include "xenstore.h"

/*
 * Each new name given to plat_block_find takes the next vbd of xenstore's
 * device/vbd (ascending ids) and connects to its backend: the xenbus
 * handshake of io/blkif.h (the backend's InitWait and features; our ring,
 * event channel and protocol; Initialised; the backend's Connected and
 * disk properties; Connected). Data moves through bounce pages granted to
 * the backend for one request: a request carries at most 11 pages, or
 * BLK_IND_SEGS with indirect segments when the backend offers them, and
 * longer transfers are split. Any number of fibers may have requests out
 * at once (up to the ring's 32 slots); they wait on the disk's one
 * condition, armed on its event channel, and whoever wakes takes the
 * responses for everyone (blkfront_process).
 *
 * The backend is not trusted: every response's id must name a request in
 * flight (slot and generation), its operation must be that request's and
 * its status a known one; a ring index beyond the requests out, an answer
 * that does not come within BLKFRONT_TIMEOUT_NS, or a backend that leaves
 * Connected fails the disk: its requests, and every later one, fail with
 * -EIO (logged once with the reason). A failed disk is connected again by
 * the next plat_block_find of its name once no request is out (the block
 * device's disconnect and connect), with a new ring: that is how a
 * restarted backend is taken up. A page's grant that the backend still
 * maps when its request ends is not reused: the page stays out of use
 * until a later try ends the grant.
 */

MIRAGE_LOG_DEVICE_SOURCE(blkfront_log, "blkfront",
                         "the Xen PV block frontend: disks of the xen target",
                         "block");

#define BLK_DISKS     8
#define BLK_SLOTS     32 /* xen_sring_entries(112): the ring's entries */
#define BLK_IND_SEGS  32 /* segments of our indirect requests, at most */
#define BLK_LIMBO     256
#define BLK_SLICE_NS  1000000000ull /* between looks at the backend state */
#define BLK_SETUP_NS  (30ull * 1000000000ull)
#define BLK_PAGE      XEN_PAGE_SIZE
#define BLK_ID_SLOT   0xffu /* id: generation << 8 | slot */
#define BLK_ID_SHIFT  8
#define BLK_MAX_VALUE 128

_Static_assert(BLK_SLOTS <= BLK_ID_SLOT + 1, "slot in id");
_Static_assert(BLK_IND_SEGS <= BLKIF_SEGS_PER_INDIRECT_PAGE, "one page");

enum { SLOT_FREE, SLOT_OUT, SLOT_DONE };

/* A request on the ring and its pages. */
struct blk_slot {
    uint8_t state; /* SLOT_* */
    uint8_t op;    /* BLKIF_OP_* of the ring entry */
    uint8_t data_op;
    bool orphan; /* its fiber was cancelled: freed at its answer */
    uint16_t nseg;
    uint32_t gen;
    int result; /* when SLOT_DONE */
    size_t len;
    bool ind_granted;
    void *page[BLK_IND_SEGS];
    grant_ref_t gref[BLK_IND_SEGS];
    void *ipage;
    grant_ref_t igref;
};

struct blk_disk {
    struct xen_xenbus_dev dev;
    char *bound; /* the name bound to it */
    bool connected;
    int error; /* the failure's negative errno value, or 0 */
    struct xen_front_ring ring;
    void *ring_page;
    grant_ref_t ring_ref;
    evtchn_port_t port;
    int source;
    uint64_t capacity; /* bytes */
    uint32_t sector_size;
    bool ro, flush, barrier;
    uint32_t max_segs; /* per request */
    bool indirect;
    struct mirage_cond cond;
    struct blk_slot slot[BLK_SLOTS];
    unsigned out; /* slots not free */
    uint32_t gen;
};

/* A page whose grant could not be ended yet. */
struct blk_limbo {
    grant_ref_t ref;
    void *page;
};

static struct blk_disk disks[BLK_DISKS];
static size_t ndisks;
static struct blk_limbo limbo[BLK_LIMBO];
static unsigned nlimbo;
static bool limbo_full_said;

/* The disk of (handle), or NULL. */
static struct blk_disk *disk_of(int handle)
{
    if (handle < 0 || (size_t)handle >= ndisks || !disks[handle].bound)
        return NULL;
    return &disks[handle];
}

/* Fails disk (k) with -EIO and the reason; its waiters wake. */
static void blk_fail(struct blk_disk *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void blk_fail(struct blk_disk *k, const char *fmt, ...)
{
    if (k->error == 0) {
        char msg[160];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        mirage_log_err(&blkfront_log,
                       "%s (%s): %s; the disk fails its requests",
                       k->bound ? k->bound : "?", k->dev.front, msg);
        k->error = -EIO;
    }
    mirage_cond_broadcast(&k->cond);
}

/* Tries again to end the grants kept out of use. */
static void limbo_retry(void)
{
    for (unsigned i = 0; i < nlimbo;) {
        if (xen_gnttab_end(limbo[i].ref) == -EBUSY) {
            i++;
            continue;
        }
        xen_io_page_free(limbo[i].page);
        limbo[i] = limbo[--nlimbo];
    }
}

/* Ends grant (ref) of (page); a page still mapped goes to the limbo. Returns
 * true when (page) may be used again. */
static bool end_grant(grant_ref_t ref, void *page)
{
    int rc = xen_gnttab_end(ref);

    if (rc != -EBUSY)
        return true; /* ended, or not ours: nothing holds it */
    if (nlimbo < BLK_LIMBO) {
        limbo[nlimbo].ref = ref;
        limbo[nlimbo].page = page;
        nlimbo++;
    } else if (!limbo_full_said) {
        limbo_full_said = true;
        mirage_log_warn(&blkfront_log,
                        "more than %u pages still mapped by backends: the "
                        "further ones are left out of use for good",
                        BLK_LIMBO);
    }
    return false;
}

unsigned blkfront_limbo(void)
{
    return nlimbo;
}

/* Ends the grants of slot (s)'s pages; pages still mapped are dropped from
 * the slot (out of use). */
static void slot_end_grants(struct blk_slot *s)
{
    for (uint16_t i = 0; i < s->nseg; i++)
        if (!end_grant(s->gref[i], s->page[i]))
            s->page[i] = NULL;
    if (s->ind_granted && !end_grant(s->igref, s->ipage))
        s->ipage = NULL;
    s->ind_granted = false;
    s->nseg = 0;
}

size_t blkfront_max_bytes(int handle)
{
    struct blk_disk *k = disk_of(handle);

    return k && k->connected ? (size_t)k->max_segs * BLK_PAGE : 0;
}

struct xen_sring *blkfront_ring(int handle)
{
    struct blk_disk *k = disk_of(handle);

    return k && k->connected ? k->ring.s : NULL;
}

/* Grants (n) pages of slot (s) to the backend; on failure ends those that
 * were. Returns 0 or the error. */
static int slot_grant(struct blk_disk *k, struct blk_slot *s, unsigned n,
                      bool readonly)
{
    for (unsigned i = 0; i < n; i++) {
        int rc;

        if (!s->page[i] && !(s->page[i] = xen_io_page_alloc()))
            rc = -ENOMEM;
        else
            rc = xen_gnttab_grant(k->dev.back_id, xen_io_page_gfn(s->page[i]),
                                  readonly, &s->gref[i]);
        if (rc < 0) {
            s->nseg = (uint16_t)i;
            slot_end_grants(s);
            return rc;
        }
    }
    s->nseg = (uint16_t)n;
    return 0;
}

int blkfront_submit(int handle, uint8_t op, uint64_t offset, const void *wbuf,
                    size_t len)
{
    struct blk_disk *k = disk_of(handle);
    union blkif_sring_entry e;
    struct blk_slot *s = NULL;
    unsigned idx = 0, n;
    bool data = op == BLKIF_OP_READ || op == BLKIF_OP_WRITE;
    int rc;

    if (!k)
        return -EBADF;
    if (k->error || !k->connected)
        return -EIO;
    if (!data && op != BLKIF_OP_FLUSH_DISKCACHE && op != BLKIF_OP_WRITE_BARRIER)
        return -EINVAL;
    if (data && (len == 0 || len % BLKIF_SECTOR ||
                 len > (size_t)k->max_segs * BLK_PAGE ||
                 offset % BLKIF_SECTOR || (op == BLKIF_OP_WRITE && !wbuf)))
        return -EINVAL;
    if (!data)
        len = 0;
    limbo_retry();
    for (unsigned i = 0; i < BLK_SLOTS; i++)
        if (k->slot[i].state == SLOT_FREE) {
            s = &k->slot[i];
            idx = i;
            break;
        }
    if (!s || xen_front_free(&k->ring) == 0)
        return -EAGAIN;
    n = (unsigned)((len + BLK_PAGE - 1) / BLK_PAGE);
    rc = slot_grant(k, s, n, op == BLKIF_OP_WRITE);
    if (rc == -ENOSPC && k->out > 0)
        return -EAGAIN; /* grants come back with the answers */
    if (rc < 0)
        return rc;
    if (op == BLKIF_OP_WRITE)
        for (unsigned i = 0; i < n; i++) {
            size_t part = len - (size_t)i * BLK_PAGE;

            memcpy(s->page[i], (const char *)wbuf + (size_t)i * BLK_PAGE,
                   part < BLK_PAGE ? part : BLK_PAGE);
        }

    memset(&e, 0, sizeof(e));
    s->gen = ++k->gen;
    s->data_op = op;
    s->len = len;
    if (n > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
        struct blkif_request_segment *seg;

        if (!s->ipage && !(s->ipage = xen_io_page_alloc()))
            rc = -ENOMEM;
        else
            rc = xen_gnttab_grant(k->dev.back_id, xen_io_page_gfn(s->ipage),
                                  true, &s->igref);
        if (rc < 0) {
            slot_end_grants(s);
            return rc == -ENOSPC && k->out > 0 ? -EAGAIN : rc;
        }
        s->ind_granted = true;
        seg = s->ipage;
        for (unsigned i = 0; i < n; i++) {
            size_t part = len - (size_t)i * BLK_PAGE;

            if (part > BLK_PAGE)
                part = BLK_PAGE;
            seg[i].gref = s->gref[i];
            seg[i].first_sect = 0;
            seg[i].last_sect = (uint8_t)(part / BLKIF_SECTOR - 1);
        }
        e.ind.operation = BLKIF_OP_INDIRECT;
        e.ind.indirect_op = op;
        e.ind.nr_segments = (uint16_t)n;
        e.ind.sector_number = offset / BLKIF_SECTOR;
        e.ind.handle = (uint16_t)k->dev.devid;
        e.ind.indirect_grefs[0] = s->igref;
        e.ind.id = (uint64_t)s->gen << BLK_ID_SHIFT | idx;
        s->op = BLKIF_OP_INDIRECT;
    } else {
        for (unsigned i = 0; i < n; i++) {
            size_t part = len - (size_t)i * BLK_PAGE;

            if (part > BLK_PAGE)
                part = BLK_PAGE;
            e.req.seg[i].gref = s->gref[i];
            e.req.seg[i].first_sect = 0;
            e.req.seg[i].last_sect = (uint8_t)(part / BLKIF_SECTOR - 1);
        }
        e.req.operation = op;
        e.req.nr_segments = (uint8_t)n;
        e.req.handle = (uint16_t)k->dev.devid;
        e.req.sector_number = offset / BLKIF_SECTOR;
        e.req.id = (uint64_t)s->gen << BLK_ID_SHIFT | idx;
        s->op = op;
    }
    memcpy(xen_front_slot(&k->ring, k->ring.req_prod_pvt, sizeof(e)), &e,
           sizeof(e));
    k->ring.req_prod_pvt++;
    s->state = SLOT_OUT;
    k->out++;
    if (xen_front_push(&k->ring))
        (void)xen_io_evtchn_notify(k->port);
    return (int)idx;
}

/* The result of status (st) of a request of (op); 1 for an unknown one. */
static int status_result(int16_t st, uint8_t op)
{
    switch (st) {
    case BLKIF_RSP_OKAY:
        return 0;
    case BLKIF_RSP_ERROR:
        return -EIO;
    case BLKIF_RSP_EOPNOTSUPP:
        return op == BLKIF_OP_READ || op == BLKIF_OP_WRITE ? -EIO : -EOPNOTSUPP;
    default:
        return 1;
    }
}

/* Checks and applies response (r). Returns 1 when it completed a request,
 * 0 when the disk failed. */
static int take_response(struct blk_disk *k, const struct blkif_response *r)
{
    uint64_t slot = r->id & BLK_ID_SLOT;
    uint64_t gen = r->id >> BLK_ID_SHIFT;
    struct blk_slot *s;
    uint8_t want_op;
    int res;

    if (slot >= BLK_SLOTS || k->slot[slot].state != SLOT_OUT ||
        gen != k->slot[slot].gen) {
        blk_fail(k, "a response names id %#llx, no request in flight",
                 (unsigned long long)r->id);
        return 0;
    }
    s = &k->slot[slot];
    /* an indirect request is answered with its inner operation (Linux
     * blkback; Linux blkfront checks the same since XSA-376) */
    want_op = s->op == BLKIF_OP_INDIRECT ? s->data_op : s->op;
    if (r->operation != want_op) {
        blk_fail(k, "a response of operation %u answers operation %u",
                 (unsigned)r->operation, (unsigned)want_op);
        return 0;
    }
    res = status_result(r->status, s->data_op);
    if (res == 1) {
        blk_fail(k, "a response has status %d, no status of io/blkif.h",
                 (int)r->status);
        return 0;
    }
    s->result = res;
    s->state = SLOT_DONE;
    if (s->orphan) {
        slot_end_grants(s);
        s->orphan = false;
        s->state = SLOT_FREE;
        k->out--;
    }
    return 1;
}

int blkfront_process(int handle)
{
    struct blk_disk *k = disk_of(handle);
    int done = 0;

    if (!k)
        return -EBADF;
    if (k->error)
        return k->error;
    if (!k->connected)
        return -EIO;
    (void)xen_io_evtchn_clear(k->port);
    for (;;) {
        bool bad = false;
        uint32_t n = xen_front_final_check(&k->ring, &bad);

        if (bad) {
            blk_fail(k,
                     "the backend's response index %u is past the %u "
                     "requests made",
                     (unsigned)k->ring.s->rsp_prod,
                     (unsigned)k->ring.req_prod_pvt);
            break;
        }
        if (n == 0)
            break;
        for (; n > 0; n--) {
            struct blkif_response r;

            memcpy(&r,
                   xen_front_slot(&k->ring, k->ring.rsp_cons,
                                  sizeof(union blkif_sring_entry)),
                   sizeof(r));
            k->ring.rsp_cons++;
            if (!take_response(k, &r))
                break;
            done++;
        }
        if (k->error)
            break;
    }
    if (done)
        mirage_cond_broadcast(&k->cond);
    return k->error ? k->error : done;
}

int blkfront_collect(int handle, int slot, void *rbuf)
{
    struct blk_disk *k = disk_of(handle);
    struct blk_slot *s;
    int rc;

    if (!k || slot < 0 || slot >= BLK_SLOTS || k->slot[slot].state == SLOT_FREE)
        return -EBADF;
    s = &k->slot[slot];
    if (s->state == SLOT_OUT && !k->error)
        return -EINPROGRESS;
    rc = s->state == SLOT_DONE ? s->result : k->error;
    if (rc == 0 && s->data_op == BLKIF_OP_READ && rbuf)
        for (uint16_t i = 0; i < s->nseg; i++) {
            size_t part = s->len - (size_t)i * BLK_PAGE;

            memcpy((char *)rbuf + (size_t)i * BLK_PAGE, s->page[i],
                   part < BLK_PAGE ? part : BLK_PAGE);
        }
    slot_end_grants(s);
    s->state = SLOT_FREE;
    k->out--;
    mirage_cond_broadcast(&k->cond); /* a free slot for a waiter */
    return rc;
}

/*
 * Waits for a wake-up of disk (k) (an event, a completion, a free slot)
 * or a slice; gives the disk up at (deadline) or when the backend left
 * Connected. Returns 0, or the disk's error.
 */
static int blk_wait(struct blk_disk *k, uint64_t deadline)
{
    uint64_t now = plat_clock_monotonic_ns(), until;
    int rc;

    if (k->error)
        return k->error;
    until = deadline - now > BLK_SLICE_NS ? now + BLK_SLICE_NS : deadline;
    if (now < until) {
        rc = plat_io_watch(k->source, PLAT_IO_READ, &k->cond);
        if (rc < 0) {
            blk_fail(k, "its event channel cannot be watched (error %d)", -rc);
            return k->error;
        }
        if (mirage_cond_wait(&k->cond, until - now) == -ECANCELED)
            return -ECANCELED;
    }
    rc = blkfront_process((int)(k - disks));
    if (rc != 0)
        return rc < 0 ? rc : 0;
    now = plat_clock_monotonic_ns();
    if (now >= deadline) {
        blk_fail(k, "no answer in %llu s",
                 (unsigned long long)(BLKFRONT_TIMEOUT_NS / 1000000000ull));
        return k->error;
    }
    if (now >= until) {
        enum xenbus_state st;

        /* a failed read says nothing of the backend: look next time */
        rc = xen_xenbus_backend_state_get(&k->dev, &st);
        if (k->error)
            return k->error;
        if (rc == 0 && st != XenbusStateConnected) {
            blk_fail(k, "the backend left Connected (state %d)", (int)st);
            /* as Linux's blkfront: Closing, then Closed, so that the
             * backend finishes its teardown */
            (void)xen_xenbus_set_state(&k->dev, XenbusStateClosing);
            (void)xen_xenbus_set_state(&k->dev, XenbusStateClosed);
            return k->error;
        }
    }
    return 0;
}

/* Submits one request and waits for its end; as plat_block_read. */
static int blk_request(struct blk_disk *k, uint8_t op, uint64_t offset,
                       const void *wbuf, void *rbuf, size_t len)
{
    int handle = (int)(k - disks), slot, rc;
    uint64_t deadline = plat_clock_monotonic_ns() + BLKFRONT_TIMEOUT_NS;

    while ((slot = blkfront_submit(handle, op, offset, wbuf, len)) == -EAGAIN) {
        rc = blk_wait(k, deadline);
        if (rc < 0)
            return rc == -ECANCELED ? rc : -EIO;
    }
    if (slot < 0)
        return slot;
    deadline = plat_clock_monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    while ((rc = blkfront_collect(handle, slot, rbuf)) == -EINPROGRESS)
        if (blk_wait(k, deadline) == -ECANCELED) {
            if (k->slot[slot].state == SLOT_DONE)
                (void)blkfront_collect(handle, slot, NULL);
            else /* the grants end at the answer, which nobody waits for */
                k->slot[slot].orphan = true;
            return -ECANCELED;
        }
    return rc;
}

static int transfer(int handle, uint8_t op, uint64_t offset, const void *wbuf,
                    void *rbuf, size_t len)
{
    struct blk_disk *k = disk_of(handle);
    size_t max;

    if (!k)
        return -EBADF;
    if (k->error || !k->connected)
        return -EIO;
    if (offset > k->capacity || len > k->capacity - offset)
        return -ERANGE;
    if (op == BLKIF_OP_WRITE && k->ro)
        return -EROFS;
    if (len == 0)
        return 0;
    if (offset % k->sector_size || len % k->sector_size)
        return -EINVAL;
    max = (size_t)k->max_segs * BLK_PAGE;
    while (len > 0) {
        size_t chunk = len < max ? len : max;
        int rc = blk_request(k, op, offset, wbuf, rbuf, chunk);

        if (rc < 0)
            return rc;
        if (wbuf)
            wbuf = (const char *)wbuf + chunk;
        if (rbuf)
            rbuf = (char *)rbuf + chunk;
        offset += chunk;
        len -= chunk;
    }
    return 0;
}

int plat_block_read(int handle, uint64_t offset, void *buf, size_t len)
{
    return transfer(handle, BLKIF_OP_READ, offset, NULL, buf, len);
}

int plat_block_write(int handle, uint64_t offset, const void *buf, size_t len)
{
    return transfer(handle, BLKIF_OP_WRITE, offset, buf, NULL, len);
}

int plat_block_flush(int handle)
{
    struct blk_disk *k = disk_of(handle);
    int rc;

    if (!k)
        return -EBADF;
    if (k->error || !k->connected)
        return -EIO;
    if (k->flush)
        rc = blk_request(k, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, NULL, 0);
    else if (k->barrier)
        rc = blk_request(k, BLKIF_OP_WRITE_BARRIER, 0, NULL, NULL, 0);
    else
        return 0; /* the backend writes through */
    if (rc == -EOPNOTSUPP) {
        /* as Linux's blkfront: the backend has no such cache to flush */
        mirage_log_info(&blkfront_log,
                        "%s (%s): the backend refuses %s: not asked again",
                        k->bound ? k->bound : "?", k->dev.front,
                        k->flush ? "flush-cache" : "barriers");
        if (k->flush)
            k->flush = false;
        else
            k->barrier = false;
        return 0;
    }
    return rc;
}

/* Writes the transport parameters of (k) (a xenstore transaction). */
static int write_params(uint32_t tx, void *arg)
{
    struct blk_disk *k = arg;
    char path[96], v[16];
    int rc;

    snprintf(path, sizeof(path), "%s/ring-ref", k->dev.front);
    snprintf(v, sizeof(v), "%u", (unsigned)k->ring_ref);
    rc = xen_xs_write(tx, path, v);
    if (rc == 0) {
        snprintf(path, sizeof(path), "%s/event-channel", k->dev.front);
        snprintf(v, sizeof(v), "%u", (unsigned)k->port);
        rc = xen_xs_write(tx, path, v);
    }
    if (rc == 0) {
        snprintf(path, sizeof(path), "%s/protocol", k->dev.front);
        rc = xen_xs_write(tx, path, XEN_IO_PROTO_ABI_X86_64);
    }
    return rc;
}

/* A boolean feature of the backend: 1 when it is "1". */
static bool feature(struct blk_disk *k, const char *key)
{
    uint64_t v = 0;

    return xen_xenbus_read_u64(&k->dev, 'b', key, &v) == 0 && v == 1;
}

/* Takes the ring, event channel and pages of (k) back. */
static void blk_teardown(struct blk_disk *k)
{
    if (k->source >= 0)
        (void)plat_io_unwatch(k->source);
    k->source = -1;
    if (k->ring_page) {
        if (end_grant(k->ring_ref, k->ring_page))
            xen_io_page_free(k->ring_page);
        k->ring_page = NULL;
        (void)xen_io_evtchn_close(k->port);
    }
    for (unsigned i = 0; i < BLK_SLOTS; i++) {
        struct blk_slot *s = &k->slot[i];

        for (unsigned j = 0; j < BLK_IND_SEGS; j++) {
            xen_io_page_free(s->page[j]);
            s->page[j] = NULL;
        }
        xen_io_page_free(s->ipage);
        s->ipage = NULL;
    }
    k->connected = false;
}

/* Says why (k) could not connect; returns (rc). */
static int refuse(struct blk_disk *k, int rc, const char *why)
{
    mirage_log_err(&blkfront_log, "%s (backend %s): %s", k->dev.front,
                   k->dev.back, why);
    blk_teardown(k);
    return rc;
}

/*
 * Closes the old connection's handshake before a new one: Closing, then
 * Closed, and waits (BLK_SETUP_NS at most) until the backend has closed
 * or is waiting again. Linux's blkback takes a frontend's Initialising
 * only once it is Closed itself.
 */
static void blk_close(struct blk_disk *k)
{
    uint64_t deadline = plat_clock_monotonic_ns() + BLK_SETUP_NS;

    (void)xen_xenbus_set_state(&k->dev, XenbusStateClosing);
    (void)xen_xenbus_set_state(&k->dev, XenbusStateClosed);
    (void)xen_xenbus_wait_backend(&k->dev,
                                  1u << XenbusStateClosed |
                                      1u << XenbusStateInitWait |
                                      1u << XenbusStateUnknown,
                                  deadline);
}

/* The xenbus handshake of (k) with its backend. Returns 0 or the error. */
static int blk_connect(struct blk_disk *k)
{
    uint64_t deadline = plat_clock_monotonic_ns() + BLK_SETUP_NS;
    uint64_t v, sectors;
    char mode[BLK_MAX_VALUE];
    int rc, st;

    memset(k->slot, 0, sizeof(k->slot));
    k->out = 0;
    k->error = 0;
    k->source = -1;
    k->ring_page = NULL;
    (void)xen_xenbus_set_state(&k->dev, XenbusStateInitialising);
    /* not Connected: that may be the backend of a ring given up */
    st = xen_xenbus_wait_backend(
        &k->dev, 1u << XenbusStateInitWait | 1u << XenbusStateInitialised,
        deadline);
    if (st < 0)
        return refuse(k, -EIO, "the backend did not reach InitWait");

    k->max_segs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
    k->indirect = false;
    if (xen_xenbus_read_u64(&k->dev, 'b', "feature-max-indirect-segments",
                            &v) == 0 &&
        v > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
        k->indirect = true;
        k->max_segs = v < BLK_IND_SEGS ? (uint32_t)v : BLK_IND_SEGS;
    }

    k->ring_page = xen_io_page_alloc();
    if (!k->ring_page)
        return refuse(k, -ENOMEM, "no page for the ring");
    xen_sring_init(k->ring_page);
    k->ring.s = k->ring_page;
    k->ring.size = xen_sring_entries(sizeof(union blkif_sring_entry));
    k->ring.req_prod_pvt = 0;
    k->ring.rsp_cons = 0;
    if (k->ring.size != BLK_SLOTS)
        return refuse(k, -EINVAL, "the ring has not 32 entries");
    rc = xen_gnttab_grant(k->dev.back_id, xen_io_page_gfn(k->ring_page), false,
                          &k->ring_ref);
    if (rc < 0) {
        xen_io_page_free(k->ring_page);
        k->ring_page = NULL;
        return refuse(k, rc, "the ring page cannot be granted");
    }
    rc = xen_io_evtchn_alloc(k->dev.back_id, &k->port);
    if (rc < 0) {
        if (end_grant(k->ring_ref, k->ring_page))
            xen_io_page_free(k->ring_page);
        k->ring_page = NULL;
        return refuse(k, rc, "no event channel");
    }
    k->source = xen_io_evtchn_source(k->port);
    if (k->source < 0)
        return refuse(k, -EIO, "the event channel has no I/O source");
    rc = xen_xs_transact(write_params, k);
    if (rc == 0)
        rc = xen_xenbus_set_state(&k->dev, XenbusStateInitialised);
    if (rc < 0)
        return refuse(k, rc, "the ring cannot be published in xenstore");

    st = xen_xenbus_wait_backend(&k->dev,
                                 1u << XenbusStateConnected |
                                     1u << XenbusStateClosing |
                                     1u << XenbusStateClosed,
                                 deadline);
    if (st != XenbusStateConnected)
        return refuse(k, -EIO, "the backend did not connect");

    if (xen_xenbus_read_u64(&k->dev, 'b', "sectors", &sectors) < 0 ||
        sectors == 0 || sectors > UINT64_MAX / BLKIF_SECTOR)
        return refuse(k, -EIO, "no valid sectors from the backend");
    v = BLKIF_SECTOR;
    rc = xen_xenbus_read_u64(&k->dev, 'b', "sector-size", &v);
    if ((rc < 0 && rc != -ENOENT) || v != BLKIF_SECTOR)
        return refuse(k, -ENOTSUP,
                      "the sector size is not 512 (no "
                      "feature-large-sector-size here)");
    k->sector_size = BLKIF_SECTOR;
    k->capacity = sectors * BLKIF_SECTOR;
    k->ro = false;
    if (xen_xenbus_read_u64(&k->dev, 'b', "info", &v) == 0 &&
        (v & VDISK_READONLY))
        k->ro = true;
    if (xen_xenbus_read(&k->dev, 'b', "mode", mode, sizeof(mode)) >= 0 &&
        mode[0] == 'r')
        k->ro = true;
    k->flush = feature(k, "feature-flush-cache");
    k->barrier = feature(k, "feature-barrier");
    rc = xen_xenbus_set_state(&k->dev, XenbusStateConnected);
    if (rc < 0)
        return refuse(k, rc, "the state Connected cannot be written");
    k->connected = true;
    mirage_log_info(
        &blkfront_log, "%s: %llu sectors of 512 bytes%s%s, %u pages a request",
        k->dev.front, (unsigned long long)sectors, k->ro ? ", read-only" : "",
        k->flush     ? ", flush"
        : k->barrier ? ", barrier"
                     : "",
        (unsigned)k->max_segs);
    return 0;
}

static int bind_info(struct blk_disk *k, struct plat_block_info *info)
{
    info->capacity = k->capacity;
    info->sector_size = k->sector_size;
    info->read_only = k->ro;
    return (int)(k - disks);
}

int plat_block_find(const char *name, struct plat_block_info *info)
{
    struct blk_disk *k;
    int rc;

    if (!name || !info)
        return -EINVAL;
    if (xen_io_init() < 0)
        return -ENODEV; /* no Xen (as under QEMU): no disk at all */
    for (size_t i = 0; i < ndisks; i++) {
        k = &disks[i];
        if (!k->bound || strcmp(k->bound, name) != 0)
            continue;
        if (k->connected && !k->error)
            return bind_info(k, info);
        for (unsigned j = 0; j < BLK_SLOTS; j++)
            if (k->slot[j].state != SLOT_FREE && k->slot[j].orphan) {
                slot_end_grants(&k->slot[j]);
                k->slot[j].state = SLOT_FREE;
                k->out--;
            }
        if (k->out > 0)
            return -EBUSY; /* its requests still wait for their failure */
        mirage_log_info(&blkfront_log, "%s (%s): connecting again", name,
                        k->dev.front);
        blk_close(k);
        blk_teardown(k);
        rc = blk_connect(k);
        return rc < 0 ? rc : bind_info(k, info);
    }
    if (ndisks == BLK_DISKS)
        return -ENOENT;
    k = &disks[ndisks];
    memset(k, 0, sizeof(*k));
    k->source = -1;
    rc = xen_xenbus_find("vbd", (unsigned)ndisks, &k->dev);
    if (rc < 0)
        return rc == -ENOENT ? -ENOENT : rc;
    rc = blk_connect(k);
    if (rc < 0)
        return rc;
    k->bound = strdup(name);
    if (!k->bound) {
        blk_teardown(k);
        return -ENOMEM;
    }
    ndisks++;
    return bind_info(k, info);
}
