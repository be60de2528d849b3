/* SPDX-License-Identifier: ISC */
/* sim_blkback.c: the simulation's blkback: vbds over disk files. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"
#include "xen/blkif.h"
#include "xen/xen_sring.h"

/*
 * Written from io/blkif.h and io/ring.h. sim_blkback_add writes the
 * toolstack's nodes of a vbd (as libxl does: both directories, state 1)
 * and registers a service of the backend thread that plays the backend:
 * publishes the disk (sectors, sector-size, info, mode, feature-flush-cache,
 * feature-max-indirect-segments when asked) and InitWait; once the
 * frontend is Initialised, maps its ring and binds its event channel, and
 * goes Connected; then serves every request on the ring with pread,
 * pwrite and fdatasync on the file, maps each data page only while it
 * copies it, and answers with the request's id and operation. A frontend
 * that goes back to Initialising is disconnected (unmapped) and waited for
 * again; sim_blkback_restart does the same from the backend's side
 * (Closing, Closed, then InitWait again, as a backend restarted by the
 * toolstack).
 */

#define BB_MAX  4
#define BB_PATH 128

struct blkback {
    unsigned devid;
    int fd;
    bool ro;
    unsigned max_indirect;
    uint64_t sectors; /* of 512 bytes */
    char fe[BB_PATH], be[BB_PATH];
    int state;      /* the state last written */
    bool published; /* InitWait written */
    bool connected;
    bool broken; /* the frontend's ring made no sense: not served */
    grant_ref_t ring_ref;
    evtchn_port_t port;
    int efd;
    struct xen_sring *s;
    grant_ref_t s_ref;
    uint32_t req_cons, rsp_prod_pvt, size;
    atomic_int restart;
    atomic_uint most_pending;
    atomic_uint served;
};

static void service(void *arg);

static struct blkback bbs[BB_MAX];
static unsigned nbbs;

/* Reads key (key) of directory (dir) as an unsigned number; -1 if none. */
static long long read_num(const char *dir, const char *key)
{
    char path[BB_PATH + 32], v[32], *end;
    unsigned long long n;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    if (sim_store_read(path, v, sizeof(v)) <= 0)
        return -1;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno || *end || n > (unsigned long long)INT64_MAX)
        return -1;
    return (long long)n;
}

static void write_key(const char *dir, const char *key, const char *fmt,
                      unsigned long long v)
{
    char path[BB_PATH + 32], val[32];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    snprintf(val, sizeof(val), fmt, v);
    (void)sim_store_write(path, val);
}

static void set_state(struct blkback *b, int st)
{
    b->state = st;
    write_key(b->be, "state", "%llu", (unsigned long long)st);
}

int sim_blkback_add(unsigned devid, const char *path, bool ro,
                    unsigned max_indirect)
{
    struct blkback *b;
    struct stat st;
    char p[BB_PATH + 32];
    int rc;

    if (nbbs == BB_MAX)
        return -ENOSPC;
    b = &bbs[nbbs];
    memset(b, 0, sizeof(*b));
    b->fd = open(path, ro ? O_RDONLY : O_RDWR);
    if (b->fd < 0)
        return -errno;
    if (fstat(b->fd, &st) < 0) {
        close(b->fd);
        return -errno;
    }
    b->devid = devid;
    b->ro = ro;
    b->max_indirect = max_indirect;
    b->sectors = (uint64_t)st.st_size / BLKIF_SECTOR;
    b->efd = -1;
    snprintf(b->fe, sizeof(b->fe), "/local/domain/%u/device/vbd/%u",
             SIM_GUEST_DOMID, devid);
    snprintf(b->be, sizeof(b->be), "/local/domain/%u/backend/vbd/%u/%u",
             SIM_BACK_DOMID, SIM_GUEST_DOMID, devid);

    /* the frontend's directory */
    snprintf(p, sizeof(p), "%s/backend", b->fe);
    sim_store_write(p, b->be);
    write_key(b->fe, "backend-id", "%llu", SIM_BACK_DOMID);
    write_key(b->fe, "virtual-device", "%llu", devid);
    snprintf(p, sizeof(p), "%s/device-type", b->fe);
    sim_store_write(p, "disk");
    write_key(b->fe, "state", "%llu", 1);
    /* the backend's */
    snprintf(p, sizeof(p), "%s/frontend", b->be);
    sim_store_write(p, b->fe);
    write_key(b->be, "frontend-id", "%llu", SIM_GUEST_DOMID);
    snprintf(p, sizeof(p), "%s/params", b->be);
    sim_store_write(p, path);
    snprintf(p, sizeof(p), "%s/mode", b->be);
    sim_store_write(p, ro ? "r" : "w");
    snprintf(p, sizeof(p), "%s/type", b->be);
    sim_store_write(p, "phy");
    snprintf(p, sizeof(p), "%s/device-type", b->be);
    sim_store_write(p, "disk");
    write_key(b->be, "online", "%llu", 1);
    write_key(b->be, "removable", "%llu", 0);
    write_key(b->be, "state", "%llu", 1);
    rc = sim_service_add(service, b, -1);
    if (rc < 0) {
        close(b->fd);
        return rc;
    }
    nbbs++;
    return 0;
}

int sim_blkback_restart(unsigned devid)
{
    for (unsigned i = 0; i < nbbs; i++)
        if (bbs[i].devid == devid) {
            atomic_store(&bbs[i].restart, 1);
            return 0;
        }
    return -ENOENT;
}

unsigned sim_blkback_most_pending(unsigned devid)
{
    for (unsigned i = 0; i < nbbs; i++)
        if (bbs[i].devid == devid)
            return atomic_load(&bbs[i].most_pending);
    return 0;
}

/* Unmaps the ring and unbinds the event channel of (b). */
static void disconnect(struct blkback *b)
{
    if (!b->connected)
        return;
    sim_wait_fd_del(b->efd);
    sim_evtchn_unbind(b->port);
    sim_grant_unmap(b->s_ref, true);
    b->s = NULL;
    b->efd = -1;
    b->connected = false;
    b->broken = false;
}

/* Publishes the disk and InitWait. */
static void publish(struct blkback *b)
{
    write_key(b->be, "sectors", "%llu", b->sectors);
    write_key(b->be, "sector-size", "%llu", BLKIF_SECTOR);
    write_key(b->be, "info", "%llu", b->ro ? VDISK_READONLY : 0);
    write_key(b->be, "feature-flush-cache", "%llu", 1);
    if (b->max_indirect)
        write_key(b->be, "feature-max-indirect-segments", "%llu",
                  b->max_indirect);
    set_state(b, 2); /* InitWait */
    b->published = true;
}

/* Maps the frontend's ring once it is Initialised. */
static void try_connect(struct blkback *b)
{
    long long ref = read_num(b->fe, "ring-ref");
    long long port = read_num(b->fe, "event-channel");
    char path[BB_PATH + 32], proto[32];
    int err, fd;

    snprintf(path, sizeof(path), "%s/protocol", b->fe);
    if (sim_store_read(path, proto, sizeof(proto)) >= 0 &&
        strcmp(proto, XEN_IO_PROTO_ABI_X86_64) != 0)
        return;
    if (ref < 0 || port < 0 || ref > UINT32_MAX || port > UINT32_MAX)
        return;
    b->s = sim_grant_map(SIM_BACK_DOMID, (grant_ref_t)ref, true, &err);
    if (!b->s)
        return;
    fd = sim_evtchn_bind((evtchn_port_t)port);
    if (fd < 0) {
        sim_grant_unmap((grant_ref_t)ref, true);
        b->s = NULL;
        return;
    }
    b->s_ref = (grant_ref_t)ref;
    b->port = (evtchn_port_t)port;
    b->efd = fd;
    b->size = xen_sring_entries(sizeof(union blkif_sring_entry));
    b->req_cons = 0;
    b->rsp_prod_pvt = 0;
    b->connected = true;
    sim_wait_fd_add(fd);
    set_state(b, 4); /* Connected */
}

/* Copies (n) sectors between the file at byte (off) and grant (ref) from
 * its sector (first). Returns 0 or -1. */
static int move(struct blkback *b, bool read, grant_ref_t ref, unsigned first,
                unsigned n, uint64_t off)
{
    int err;
    char *page = sim_grant_map(SIM_BACK_DOMID, ref, read, &err);
    size_t len = (size_t)n * BLKIF_SECTOR, done = 0;
    int rc = 0;

    if (!page)
        return -1;
    while (done < len) {
        ssize_t r = read ? pread(b->fd, page + first * BLKIF_SECTOR + done,
                                 len - done, (off_t)(off + done))
                         : pwrite(b->fd, page + first * BLKIF_SECTOR + done,
                                  len - done, (off_t)(off + done));
        if (r <= 0) {
            rc = -1;
            break;
        }
        done += (size_t)r;
    }
    sim_grant_unmap(ref, read);
    return rc;
}

/* Serves segments seg[0..n) of a read or write at (sector). */
static int16_t serve_segs(struct blkback *b, bool read,
                          const struct blkif_request_segment *seg, unsigned n,
                          uint64_t sector)
{
    if (!read && b->ro)
        return BLKIF_RSP_ERROR;
    for (unsigned i = 0; i < n; i++) {
        unsigned f = seg[i].first_sect, l = seg[i].last_sect, k = l - f + 1;

        if (f > l || l >= BLKIF_PAGE_SECTORS || sector > b->sectors ||
            k > b->sectors - sector)
            return BLKIF_RSP_ERROR;
        if (move(b, read, seg[i].gref, f, k, sector * BLKIF_SECTOR) < 0)
            return BLKIF_RSP_ERROR;
        sector += k;
    }
    return BLKIF_RSP_OKAY;
}

/* Serves an indirect request. */
static int16_t serve_indirect(struct blkback *b,
                              const struct blkif_request_indirect *r)
{
    struct blkif_request_segment seg[BLKIF_SEGS_PER_INDIRECT_PAGE];
    unsigned n = r->nr_segments, pages;
    bool read = r->indirect_op == BLKIF_OP_READ;

    if (!b->max_indirect || n == 0 || n > b->max_indirect ||
        (r->indirect_op != BLKIF_OP_READ && r->indirect_op != BLKIF_OP_WRITE))
        return BLKIF_RSP_ERROR;
    pages =
        (n + BLKIF_SEGS_PER_INDIRECT_PAGE - 1) / BLKIF_SEGS_PER_INDIRECT_PAGE;
    if (pages > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST)
        return BLKIF_RSP_ERROR;
    uint64_t sector = r->sector_number;
    for (unsigned p = 0; p < pages; p++) {
        unsigned m = n - p * (unsigned)BLKIF_SEGS_PER_INDIRECT_PAGE;
        int err;
        void *page;
        int16_t st;

        if (m > BLKIF_SEGS_PER_INDIRECT_PAGE)
            m = BLKIF_SEGS_PER_INDIRECT_PAGE;
        page = sim_grant_map(SIM_BACK_DOMID, r->indirect_grefs[p], false, &err);
        if (!page)
            return BLKIF_RSP_ERROR;
        memcpy(seg, page, m * sizeof(seg[0]));
        sim_grant_unmap(r->indirect_grefs[p], false);
        st = serve_segs(b, read, seg, m, sector);
        if (st != BLKIF_RSP_OKAY)
            return st;
        for (unsigned i = 0; i < m; i++)
            sector += (unsigned)(seg[i].last_sect - seg[i].first_sect) + 1;
    }
    return BLKIF_RSP_OKAY;
}

/* Serves one request (e); its status. */
static int16_t serve(struct blkback *b, const union blkif_sring_entry *e)
{
    switch (e->req.operation) {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
        if (e->req.nr_segments == 0 ||
            e->req.nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
            return BLKIF_RSP_ERROR;
        return serve_segs(b, e->req.operation == BLKIF_OP_READ, e->req.seg,
                          e->req.nr_segments, e->req.sector_number);
    case BLKIF_OP_INDIRECT:
        return serve_indirect(b, &e->ind);
    case BLKIF_OP_FLUSH_DISKCACHE:
        return fdatasync(b->fd) == 0 ? BLKIF_RSP_OKAY : BLKIF_RSP_ERROR;
    default:
        return BLKIF_RSP_EOPNOTSUPP;
    }
}

/* Serves the requests on the ring, answers them, notifies. */
static void serve_ring(struct blkback *b)
{
    bool more = true;

    (void)sim_evtchn_back_clear(b->port);
    while (more && !b->broken) {
        uint32_t prod = b->s->req_prod, old = b->rsp_prod_pvt;

        xen_rmb();
        if (prod - b->req_cons > b->size) {
            b->broken = true; /* the frontend's index makes no sense */
            return;
        }
        if (prod - b->req_cons > atomic_load(&b->most_pending))
            atomic_store(&b->most_pending, prod - b->req_cons);
        while (b->req_cons != prod) {
            union blkif_sring_entry e;
            struct blkif_response r;
            void *slot =
                b->s->ring + (size_t)(b->req_cons & (b->size - 1)) * sizeof(e);

            memcpy(&e, slot, sizeof(e));
            b->req_cons++;
            r.id = e.req.id;
            /* as Linux's blkback: an indirect request is answered with
             * its inner operation */
            r.operation = e.req.operation == BLKIF_OP_INDIRECT
                              ? e.ind.indirect_op
                              : e.req.operation;
            r.status = serve(b, &e);
            slot = b->s->ring +
                   (size_t)(b->rsp_prod_pvt & (b->size - 1)) * sizeof(e);
            memset(slot, 0, sizeof(r));
            memcpy(slot, &r, sizeof(r));
            b->rsp_prod_pvt++;
            atomic_fetch_add(&b->served, 1);
        }
        if (b->rsp_prod_pvt != old) {
            uint32_t now = b->rsp_prod_pvt;

            xen_wmb();
            b->s->rsp_prod = now;
            xen_mb();
            if ((uint32_t)(now - b->s->rsp_event) < (uint32_t)(now - old))
                (void)sim_evtchn_notify_guest(b->port);
        }
        /* ask for a notification at the next request, then look again */
        b->s->req_event = b->req_cons + 1;
        xen_mb();
        more = b->s->req_prod != b->req_cons;
    }
}

/* The service of (arg), a struct blkback, after every wake-up. */
static void service(void *arg)
{
    struct blkback *b = arg;
    long long fe;

    if (atomic_exchange(&b->restart, 0)) {
        set_state(b, 5); /* Closing */
        disconnect(b);
        set_state(b, 6); /* Closed */
        b->published = false;
    }
    if (!b->published)
        publish(b);
    fe = read_num(b->fe, "state");
    /* as Linux's blkback: the frontend's Closing and Closed are answered
     * in kind; its Initialising once Closed brings InitWait back */
    if ((fe == 5 || fe == 6) && b->state != 6 && b->state != fe) {
        if (b->connected)
            disconnect(b);
        set_state(b, (int)fe);
    }
    if (fe == 1 && (b->state == 5 || b->state == 6))
        set_state(b, 2);
    if (b->connected && fe == 1) {
        /* the frontend starts again: wait for it again */
        disconnect(b);
        set_state(b, 2);
    }
    if (!b->connected && fe == 3)
        try_connect(b);
    if (b->connected)
        serve_ring(b);
}
