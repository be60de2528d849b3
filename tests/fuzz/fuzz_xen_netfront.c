/* SPDX-License-Identifier: ISC */
/* fuzz_xen_netfront.c: netfront against a hostile backend, fuzzed. */
#define FUZZ_NAME    "fuzz_xen_netfront"
#define FUZZ_INPUTS  200000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  4096
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "xen/gnttab.h"
#include "xen/xen_io.h"
#include "xen/xenbus.h"
#include "xen/xenstore.h"

/*
 * runtime/xen/netfront.c is compiled into this file (so that each input
 * starts from a fresh driver) over a fake of everything below it: the
 * hypervisor (pages, grants, event channels), xenstore and xenbus. The
 * input is the backend: the first bytes its xenstore answers (features,
 * mtu, states), then a script of steps: rx or tx responses written into
 * the rings (well-formed or raw), response indices set anywhere, reads,
 * writes, watch events, a disconnect. Properties: no memory error (ASan
 * in a campaign, the guard pages otherwise), a frame read fits its buffer,
 * a page is never freed or given back while a grant of it is active, a
 * grant is never ended twice, and a failed NIC stays failed.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- the input ---------------------------------------------------------- */

static const uint8_t *in;
static size_t in_len, in_pos;

static unsigned take8(void)
{
    return in_pos < in_len ? in[in_pos++] : 0;
}

static unsigned take16(void)
{
    unsigned lo = take8();

    return lo | take8() << 8;
}

/* --- the fake hypervisor ------------------------------------------------ */

#define PAGES  200
#define GRANTS 400

static uint8_t arena[PAGES][4096] __attribute__((aligned(4096)));
static bool page_used[PAGES];
struct fgrant {
    bool active;
    unsigned page;
    bool busy; /* the "backend" still maps it: end answers -EBUSY */
};
static struct fgrant grants[GRANTS];
static unsigned ngrants_active;
static bool port_pending;

int xen_io_init(void)
{
    return 0;
}

void *xen_io_page_alloc(void)
{
    for (unsigned i = 0; i < PAGES; i++)
        if (!page_used[i]) {
            page_used[i] = true;
            memset(arena[i], 0, 4096);
            return arena[i];
        }
    return NULL;
}

static unsigned page_index(const void *p)
{
    size_t off = (size_t)((const uint8_t *)p - &arena[0][0]);

    if ((const uint8_t *)p < &arena[0][0] || off % 4096 || off / 4096 >= PAGES)
        fuzz_fail("a page that is not one of ours: %p", p);
    return (unsigned)(off / 4096);
}

void xen_io_page_free(void *page)
{
    unsigned i;

    if (!page)
        return;
    i = page_index(page);
    if (!page_used[i])
        fuzz_fail("page %u freed twice", i);
    for (unsigned g = 0; g < GRANTS; g++)
        if (grants[g].active && grants[g].page == i)
            fuzz_fail("page %u freed while grant %u of it is active", i, g);
    page_used[i] = false;
}

uint64_t xen_io_page_gfn(const void *page)
{
    return page_index(page) + 1000;
}

volatile struct grant_entry_v1 *xen_io_grant_table(uint32_t *n)
{
    *n = 0;
    return NULL;
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
    int was = port_pending;

    (void)port;
    port_pending = false;
    return was;
}

int xen_io_evtchn_source(evtchn_port_t port)
{
    return (int)port + 100;
}

int xen_io_xenstore(volatile struct xenstore_domain_interface **ring,
                    evtchn_port_t *port)
{
    (void)ring;
    (void)port;
    return -ENODEV;
}

/* --- the fake grant table ----------------------------------------------- */

#include "xen/gnttab.h"

int xen_gnttab_grant(domid_t dom, uint64_t gfn, bool readonly, grant_ref_t *ref)
{
    (void)dom;
    (void)readonly;
    if (gfn < 1000 || gfn - 1000 >= PAGES || !page_used[gfn - 1000])
        fuzz_fail("a grant of a frame that is no live page: %llu",
                  (unsigned long long)gfn);
    for (unsigned g = GNTTAB_NR_RESERVED_ENTRIES; g < GRANTS; g++)
        if (!grants[g].active) {
            grants[g] = (struct fgrant){true, (unsigned)(gfn - 1000), false};
            ngrants_active++;
            *ref = g;
            return 0;
        }
    return -ENOSPC;
}

int xen_gnttab_end(grant_ref_t ref)
{
    if (ref >= GRANTS || !grants[ref].active)
        fuzz_fail("grant %u ended while not active", ref);
    if (grants[ref].busy)
        return -EBUSY;
    grants[ref].active = false;
    ngrants_active--;
    return 0;
}

uint32_t xen_gnttab_in_use(void)
{
    return ngrants_active;
}

/* The page behind grant (ref), or NULL. */
static uint8_t *granted(grant_ref_t ref)
{
    return ref < GRANTS && grants[ref].active ? arena[grants[ref].page] : NULL;
}

/* --- the fake xenstore and xenbus --------------------------------------- */

#include "xen/xenbus.h"
#include "xen/xenstore.h"

static uint8_t cfg; /* bit 0: no rx-copy, 1: sg, 2: mtu, 3: bad mac,
                       4: never Connected, 5: store writes fail */
static unsigned cfg_mtu;
static grant_ref_t tx_ref, rx_ref;
static enum xenbus_state back_state;

int xen_xenbus_find(const char *kind, unsigned index,
                    struct xen_xenbus_dev *dev)
{
    if (strcmp(kind, "vif") != 0 || index > 0)
        return -ENOENT;
    memset(dev, 0, sizeof(*dev));
    snprintf(dev->front, sizeof(dev->front), "device/vif/0");
    snprintf(dev->back, sizeof(dev->back), "/local/domain/0/backend/vif/7/0");
    return 0;
}

int xen_xenbus_read(const struct xen_xenbus_dev *dev, char side,
                    const char *key, char *buf, size_t cap)
{
    const char *v = cfg & 8 ? "00:16:3e:zz:00:01" : "00:16:3e:00:00:01";

    (void)dev;
    if (side != 'f' || strcmp(key, "mac") != 0)
        return -ENOENT;
    snprintf(buf, cap, "%s", v);
    return (int)strlen(buf);
}

int xen_xenbus_read_u64(const struct xen_xenbus_dev *dev, char side,
                        const char *key, uint64_t *value)
{
    (void)dev;
    if (side != 'b')
        return -ENOENT;
    if (strcmp(key, "feature-rx-copy") == 0)
        *value = !(cfg & 1);
    else if (strcmp(key, "feature-sg") == 0)
        *value = (cfg & 2) != 0;
    else if (strcmp(key, "mtu") == 0 && (cfg & 4))
        *value = cfg_mtu * 64u;
    else
        return -ENOENT;
    return 0;
}

enum xenbus_state xen_xenbus_backend_state(const struct xen_xenbus_dev *dev)
{
    (void)dev;
    return back_state;
}

int xen_xenbus_backend_state_get(const struct xen_xenbus_dev *dev,
                                 enum xenbus_state *state)
{
    (void)dev;
    /* a state no backend writes here stands for a read that failed */
    if (back_state == XenbusStateReconfiguring)
        return -ETIMEDOUT;
    *state = back_state;
    return 0;
}

int xen_xenbus_set_state(const struct xen_xenbus_dev *dev,
                         enum xenbus_state state)
{
    (void)dev;
    (void)state;
    return 0;
}

int xen_xenbus_wait_backend(const struct xen_xenbus_dev *dev, unsigned wanted,
                            uint64_t deadline_ns)
{
    (void)dev;
    (void)deadline_ns;
    if (wanted & (1u << back_state))
        return (int)back_state;
    return -ETIMEDOUT;
}

int xen_xs_write(uint32_t tx, const char *path, const char *value)
{
    const char *key = strrchr(path, '/');

    (void)tx;
    if (cfg & 32)
        return -EACCES;
    if (key && strcmp(key, "/tx-ring-ref") == 0)
        tx_ref = (grant_ref_t)strtoul(value, NULL, 10);
    if (key && strcmp(key, "/rx-ring-ref") == 0)
        rx_ref = (grant_ref_t)strtoul(value, NULL, 10);
    return 0;
}

int xen_xs_transact(int (*fn)(uint32_t tx, void *arg), void *arg)
{
    return fn(1, arg);
}

int xen_xs_watch(const char *path, const char *token)
{
    (void)path;
    (void)token;
    return 0;
}

int xen_xs_unwatch(const char *path, const char *token)
{
    (void)path;
    (void)token;
    return 0;
}

static int watch_answer;

int xen_xs_wait_watch(const char *token, uint64_t deadline_ns, char *buf,
                      size_t cap)
{
    (void)token;
    (void)deadline_ns;
    (void)buf;
    (void)cap;
    return watch_answer;
}

/* --- the rest of the runtime netfront.c calls --------------------------- */

#include <mirage/log.h>

#include "platform.h"

void mirage_log(struct mirage_log_src *src, enum mirage_log_level level,
                const char *fmt, ...)
{
    (void)src;
    (void)level;
    (void)fmt;
}

uint64_t plat_clock_monotonic_ns(void)
{
    return 1;
}

int plat_io_unwatch(int source)
{
    (void)source;
    return 0;
}

/* --- the driver under test ---------------------------------------------- */

#include "../../runtime/xen/netfront.c"

/* Forgets every NIC and the fakes' state: each input starts afresh. */
static void reset(void)
{
    for (int i = 0; i < nnics; i++) {
        free(nics[i]->frame);
        free(nics[i]->name);
        free(nics[i]);
        nics[i] = NULL;
    }
    nnics = 0;
    memset(page_used, 0, sizeof(page_used));
    memset(grants, 0, sizeof(grants));
    ngrants_active = 0;
    tx_ref = rx_ref = 0;
}

/* The backend's responses: (n) of them on ring (r), well-formed or raw. */
static void respond(struct netfront *nf, bool rx, unsigned n, bool raw)
{
    struct xen_sring *s = (struct xen_sring *)granted(rx ? rx_ref : tx_ref);
    uint32_t size = rx ? nf->rx.size : nf->tx.size;
    size_t esz = rx ? NF_RX_ENTRY : NF_TX_ENTRY;
    uint32_t prod;

    if (!s)
        return;
    prod = s->rsp_prod;
    for (unsigned i = 0; i < n; i++, prod++) {
        uint8_t *e = s->ring + (size_t)(prod & (size - 1)) * esz;

        if (rx) {
            struct netif_rx_response r;

            memcpy(&r, e, sizeof(r)); /* the request's id is there */
            if (raw) {
                r.id = (uint16_t)take16();
                r.offset = (uint16_t)take16();
            } else {
                r.offset = (uint16_t)(take8() * 16);
            }
            r.flags = (uint16_t)take8();
            r.status = (int16_t)(raw ? take16() : take16() % 4097 - 2);
            memcpy(e, &r, sizeof(r));
        } else {
            struct netif_tx_request q;
            struct netif_tx_response r;

            memcpy(&q, e, sizeof(q));
            r.id = raw ? (uint16_t)take16() : q.id;
            r.status = (int16_t)((int)take8() % 4 - 2);
            memcpy(e, &r, sizeof(r));
        }
    }
    s->rsp_prod = prod;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t buf[16384], frame[16384];
    struct plat_net_info info;
    bool failed = false;
    int h;

    in = data;
    in_len = size;
    in_pos = 0;
    reset();
    cfg = (uint8_t)take8();
    cfg_mtu = take8();
    back_state = cfg & 16 ? XenbusStateClosing : XenbusStateConnected;
    watch_answer = -ETIMEDOUT;
    h = plat_net_find("fuzz", &info);
    if (h >= 0)
        fuzz_accepted++;
    for (unsigned steps = 0; h >= 0 && in_pos < in_len && steps < 256;
         steps++) {
        struct netfront *nf = nics[h];
        unsigned op = take8();
        size_t len = 0;
        int rc = 0;

        switch (op % 8) {
        case 0:
        case 1:
            respond(nf, true, take8() % 8 + 1, op & 8);
            port_pending = true;
            break;
        case 2:
            respond(nf, false, take8() % 4 + 1, op & 8);
            break;
        case 3: { /* response indices set anywhere */
            struct xen_sring *s =
                (struct xen_sring *)granted(op & 8 ? rx_ref : tx_ref);

            if (s)
                s->rsp_prod += take16() - 0x8000u;
            break;
        }
        case 4:
        case 5: {
            size_t cap = op & 8 ? take16() % sizeof(buf) : sizeof(buf);

            rc = plat_net_read(h, buf, cap, &len);
            if (rc == 0 && len > cap)
                fuzz_fail("a frame of %zu bytes in a %zu-byte buffer", len,
                          cap);
            break;
        }
        case 6:
            len = take16() % sizeof(frame);
            memset(frame, (int)op, len);
            rc = plat_net_write(h, frame, len);
            break;
        case 7:
            if (op & 8) {
                back_state = (enum xenbus_state)(take8() % 9);
                watch_answer = 0;
            } else if ((op & 0x30) == 0x30) {
                rc = netfront_disconnect(h);
                failed = true;
                rc = -EIO;
            } else if (op & 16) {
                unsigned g = take16() % GRANTS; /* a backend that maps */

                grants[g].busy = !grants[g].busy;
            }
            break;
        }
        if (failed && (plat_net_read(h, buf, sizeof(buf), &len) != -EIO ||
                       plat_net_write(h, frame, 60) != -EIO))
            fuzz_fail("a failed NIC works again");
        if (rc == -EIO || nf->error < 0)
            failed = true;
    }
    if (h >= 0) {
        for (unsigned g = 0; g < GRANTS; g++)
            grants[g].busy = false;
        netfront_disconnect(h);
    }
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* A script: connect with sg and mtu 9000 (cfg_mtu 141 * 64 = 9024),
 * well-formed rx responses, reads, a write, tx responses. */
static uint8_t seed_good[] = {
    6, 141, 0, 1, 0, 0, 62, 0, 0, 0, 102, 0, 4, 4, 6, 0x40, 0x05, 2, 0, 2, 4,
};
/* Raw rx responses, a multi-slot frame, indices moved, a disconnect. */
static uint8_t seed_raw[] = {
    6, 141, 8, 2, 0, 0,    0,    0,    4,   0,   0x10, 4,    0, 0,    0x20,
    0, 4,   4, 3, 0, 0x80, 0x8b, 0x20, 0x5, 0x6, 0x0,  0x30, 4, 0x37,
};
/* Without feature-sg: a long write refused; a backend that closes. */
static uint8_t seed_nosg[] = {
    0, 0, 6, 0x10, 0x20, 6, 0x00, 0x02, 0x0f, 5, 4, 0x17, 0x01, 0x00, 4,
};

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    uint8_t *s[] = {seed_good, seed_raw, seed_nosg};
    size_t l[] = {sizeof(seed_good), sizeof(seed_raw), sizeof(seed_nosg)};
    size_t n = 3 < max ? 3 : max;

    for (size_t i = 0; i < n; i++) {
        seeds[i] = s[i];
        lens[i] = l[i];
    }
    return n;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    unsigned long long before = fuzz_accepted;

    LLVMFuzzerTestOneInput(seed_good, sizeof(seed_good));
    if (fuzz_accepted != before + 1) {
        snprintf(why, n, "the good seed does not connect");
        return 0;
    }
    if (nnics != 1 || nics[0]->mtu != 9000 || !nics[0]->sg ||
        nics[0]->st.rx_frames == 0) {
        snprintf(why, n, "the good seed read no frame (mtu %u, %llu frames)",
                 nnics ? (unsigned)nics[0]->mtu : 0,
                 nnics ? (unsigned long long)nics[0]->st.rx_frames : 0);
        return 0;
    }
    if (ngrants_active != 0) {
        snprintf(why, n, "%u grants left after a disconnect", ngrants_active);
        return 0;
    }
    return 1;
}
#endif
