/* SPDX-License-Identifier: ISC */
/* netfront.c: Xen PV network frontends (io/netif.h) behind plat_net_*. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "platform.h"
#include "xen/gnttab.h"
#include "xen/netfront.h"
#include "xen/netif.h"
#include "xen/xen_io.h"
#include "xen/xen_sring.h"
#include "xen/xenbus.h"
#include "xen/xenstore.h"

/*
 * Each new name that plat_net_find is asked for takes the next vif of
 * device/vif in ascending ID order (xen_xenbus_find). The handshake: the
 * backend's features read (feature-rx-copy required; feature-sg decides
 * whether a frame may span several transmit slots), the two rings and
 * the receive pages granted, an event channel allocated, our keys
 * written in one transaction, our state Connected (as netback expects of
 * a netfront), then the backend's Connected awaited.
 *
 * Receive (rx-copy): NF_RX_BUFS pages stay granted (writable) to the
 * backend while connected; each request lends one, its id the ring slot
 * it sits in, since the response at an index answers the request at the
 * same index (an extra-info slot too, whose response carries no id). A
 * frame's parts are gathered into a buffer of the NIC, then copied to the
 * caller. Transmit: the frame is copied into pages granted read-only for
 * the request and the grants end when the response comes; a grant the
 * backend still maps keeps its page out of use for good.
 *
 * Everything the backend writes (indices, ids, offsets, lengths, status)
 * is read once and checked; a response that makes no sense fails the
 * device (logged, -EIO thereafter), never the unikernel. The response
 * processing (nf_rx_take, nf_tx_reclaim) never waits.
 */

MIRAGE_LOG_DEVICE_SOURCE(netfront_log, "netfront",
                         "the Xen PV network driver (netfront)", "net");

#define NF_NICS         8
#define NF_PAGE         4096u
#define NF_RX_BUFS      64u /* pages lent to the backend */
#define NF_TX_BUFS      64u /* transmit slots in flight at most */
#define NF_ETH_HEADER   14u
#define NF_MTU_DEFAULT  1500u
#define NF_MTU_MAX      9000u
#define NF_RX_SLOTS_MAX 32u /* parts of one received frame at most */
#define NF_SETUP_NS     (30ull * 1000000000ull)

#define NF_TX_ENTRY sizeof(union netif_tx_entry)
#define NF_RX_ENTRY sizeof(union netif_rx_entry)

struct nf_txbuf {
    void *page;       /* NULL until first used, or after it was lost */
    grant_ref_t gref; /* while busy */
    bool busy;        /* a request of ours the backend has not answered */
};

struct netfront {
    char *name;
    int error; /* 0 while it works; else the errno value of every call */
    struct xen_xenbus_dev dev;
    char token[32];  /* of the watch of the backend's state */
    char wpath[144]; /* the backend's state key */
    bool recheck;    /* a read of the backend's state failed: read again */
    bool watching;
    uint8_t mac[6];
    uint32_t mtu;
    bool sg; /* the backend takes frames over several tx slots */
    evtchn_port_t port;
    bool port_open;
    int source;
    struct xen_front_ring tx, rx;
    void *tx_ring_page, *rx_ring_page;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    bool tx_ring_granted, rx_ring_granted;

    /* receive */
    void *rx_page[NF_RX_BUFS];
    grant_ref_t rx_gref[NF_RX_BUFS];
    bool rx_granted[NF_RX_BUFS];
    int16_t rx_slot_buf[256];     /* the buffer lent in each ring slot, or -1 */
    uint16_t rx_free[NF_RX_BUFS]; /* buffers not lent: a stack */
    unsigned rx_nfree;
    uint8_t *frame; /* the frame being gathered */
    size_t frame_cap, frame_len;
    unsigned frame_slots;
    bool frame_bad;  /* error status or too long: dropped at its end */
    bool frame_more; /* the last data part had NETRXF_more_data */
    bool rx_extra;   /* the next slot is an extra-info one */

    /* transmit */
    struct nf_txbuf txb[NF_TX_BUFS];
    uint16_t tx_free[NF_TX_BUFS];
    unsigned tx_nfree;

    struct netfront_stats st;
};

static struct netfront *nics[NF_NICS];
static int nnics;

/* Fails NIC (nf) for (why): logged once; returns -EIO. */
static int nf_fail(struct netfront *nf, const char *why)
{
    if (nf->error == 0)
        mirage_log_err(&netfront_log, "%s (%s): device failed: %s", nf->name,
                       nf->dev.front, why);
    nf->error = -EIO;
    nf->st.connected = 0;
    return -EIO;
}

/* Parses "xx:xx:xx:xx:xx:xx" into (mac). Returns 0 or -EINVAL. */
static int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        unsigned v = 0;

        for (int j = 0; j < 2; j++) {
            char c = *s++;

            if (c >= '0' && c <= '9')
                v = v * 16 + (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v = v * 16 + (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v = v * 16 + (unsigned)(c - 'A' + 10);
            else
                return -EINVAL;
        }
        mac[i] = (uint8_t)v;
        if (*s++ != (i == 5 ? '\0' : ':'))
            return -EINVAL;
    }
    return 0;
}

/* A backend feature flag: 1 when KEY reads "1", else 0. */
static int backend_flag(struct netfront *nf, const char *key)
{
    uint64_t v = 0;

    return xen_xenbus_read_u64(&nf->dev, 'b', key, &v) == 0 && v == 1;
}

/* Grants (page) to the backend; 0 or the error. */
static int grant(struct netfront *nf, void *page, bool ro, grant_ref_t *ref)
{
    return xen_gnttab_grant(nf->dev.back_id, xen_io_page_gfn(page), ro, ref);
}

/*
 * Ends grant (ref) of (*page) if (*granted): when the backend still maps
 * it, the page is forgotten (kept out of use, counted) rather than freed.
 */
static void end_grant(struct netfront *nf, grant_ref_t ref, bool *granted,
                      void **page)
{
    int rc = 0;

    if (*granted)
        rc = xen_gnttab_end(ref);
    *granted = false;
    if (rc == -EBUSY) {
        nf->st.pages_lost++;
        *page = NULL; /* never reused */
        return;
    }
    xen_io_page_free(*page);
    *page = NULL;
}

/* Posts every free receive buffer in the free ring slots; notifies the
 * backend if it asked. */
static void nf_rx_refill(struct netfront *nf)
{
    bool posted = false;

    while (nf->rx_nfree > 0 && xen_front_free(&nf->rx) > 0) {
        uint32_t idx = nf->rx.req_prod_pvt;
        uint16_t slot = (uint16_t)(idx & (nf->rx.size - 1));
        uint16_t b = nf->rx_free[--nf->rx_nfree];
        struct netif_rx_request req = {.id = slot, .gref = nf->rx_gref[b]};

        memcpy(xen_front_slot(&nf->rx, idx, NF_RX_ENTRY), &req, sizeof(req));
        nf->rx_slot_buf[slot] = (int16_t)b;
        nf->rx.req_prod_pvt = idx + 1;
        posted = true;
    }
    if (posted && xen_front_push(&nf->rx))
        xen_io_evtchn_notify(nf->port);
}

/* Ends the frame being gathered. */
static void frame_reset(struct netfront *nf)
{
    nf->frame_len = 0;
    nf->frame_slots = 0;
    nf->frame_bad = false;
    nf->frame_more = false;
    nf->rx_extra = false;
}

/*
 * Consumes receive responses until a frame is whole. Returns 1 with the
 * frame in nf->frame (nf->frame_len bytes), 0 when no whole frame is
 * there yet (what came is kept), -EMSGSIZE for a frame dropped (an error
 * status or too long), or -EIO when a response made no sense.
 */
static int nf_rx_take(struct netfront *nf)
{
    for (;;) {
        bool bad = false;
        uint32_t n = xen_front_ready(&nf->rx, &bad);
        uint32_t idx;
        uint16_t slot;
        int16_t b;
        union {
            struct netif_rx_response rsp;
            struct netif_extra_info extra;
        } e;

        if (bad)
            return nf_fail(nf, "rx: more responses than requests");
        if (n == 0)
            return 0;
        idx = nf->rx.rsp_cons;
        slot = (uint16_t)(idx & (nf->rx.size - 1));
        memcpy(&e, xen_front_slot(&nf->rx, idx, NF_RX_ENTRY), sizeof(e));
        nf->rx.rsp_cons = idx + 1;
        b = nf->rx_slot_buf[slot];
        if (b < 0)
            return nf_fail(nf, "rx: a response to no request");
        nf->rx_slot_buf[slot] = -1;
        nf->rx_free[nf->rx_nfree++] = (uint16_t)b;
        if (++nf->frame_slots > NF_RX_SLOTS_MAX)
            return nf_fail(nf, "rx: a frame of too many slots");

        if (nf->rx_extra) {
            nf->rx_extra = (e.extra.flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
        } else {
            if (e.rsp.id != slot)
                return nf_fail(nf, "rx: response id not its request's");
            if (e.rsp.status < 0) {
                nf->frame_bad = true;
            } else if ((uint32_t)e.rsp.offset + (uint32_t)e.rsp.status >
                       NF_PAGE) {
                return nf_fail(nf, "rx: offset and length beyond the page");
            } else if (!nf->frame_bad) {
                size_t part = (size_t)e.rsp.status;

                if (part > nf->frame_cap - nf->frame_len) {
                    nf->frame_bad = true;
                } else {
                    memcpy(nf->frame + nf->frame_len,
                           (uint8_t *)nf->rx_page[b] + e.rsp.offset, part);
                    nf->frame_len += part;
                }
            }
            nf->frame_more = (e.rsp.flags & NETRXF_more_data) != 0;
            nf->rx_extra = (e.rsp.flags & NETRXF_extra_info) != 0;
        }
        if (nf->rx_extra || nf->frame_more)
            continue;
        if (nf->frame_bad) {
            frame_reset(nf);
            nf->st.rx_dropped++;
            return -EMSGSIZE;
        }
        nf->frame_slots = 0;
        return 1;
    }
}

/* Takes back the transmit slots the backend answered. Returns 0 or -EIO
 * (a response that made no sense: the device failed). */
static int nf_tx_reclaim(struct netfront *nf)
{
    for (;;) {
        bool bad = false;
        uint32_t n = xen_front_ready(&nf->tx, &bad);

        if (bad)
            return nf_fail(nf, "tx: more responses than requests");
        if (n == 0) {
            n = xen_front_final_check(&nf->tx, &bad);
            if (bad)
                return nf_fail(nf, "tx: more responses than requests");
            if (n == 0)
                return 0;
        }
        while (n-- > 0) {
            struct netif_tx_response rsp;
            struct nf_txbuf *t;
            int rc;

            memcpy(&rsp, xen_front_slot(&nf->tx, nf->tx.rsp_cons, NF_TX_ENTRY),
                   sizeof(rsp));
            nf->tx.rsp_cons++;
            if (rsp.id >= NF_TX_BUFS || !nf->txb[rsp.id].busy)
                return nf_fail(nf, "tx: response to no request in flight");
            t = &nf->txb[rsp.id];
            if (rsp.status != NETIF_RSP_OKAY)
                nf->st.tx_errors++;
            rc = xen_gnttab_end(t->gref);
            if (rc == -EBUSY) {
                nf->st.pages_lost++;
                t->page = NULL; /* the backend still maps it: never reused */
            } else if (rc < 0) {
                return nf_fail(nf, "tx: a grant of ours that would not end");
            }
            t->busy = false;
            nf->tx_free[nf->tx_nfree++] = rsp.id;
        }
    }
}

/* Looks at the backend's state if its watch fired: a backend that closes
 * disconnects us. Returns 0 or -EIO. */
static int nf_check_backend(struct netfront *nf)
{
    enum xenbus_state s;
    int rc;

    if (!nf->watching)
        return 0;
    rc = xen_xs_wait_watch(nf->token, 0, NULL, 0);
    if (rc != 0 && rc != -ENOBUFS && !nf->recheck)
        return 0;
    /* a failed read says nothing of the backend: look again next time */
    nf->recheck = xen_xenbus_backend_state_get(&nf->dev, &s) != 0;
    if (nf->recheck || s == XenbusStateConnected)
        return 0;
    /* Closing (or gone): answer with Closed; nothing more comes */
    xen_xenbus_set_state(&nf->dev, XenbusStateClosed);
    return nf_fail(nf, "the backend left the Connected state");
}

/* Frees what nf_setup got, ending its grants (nothing is lent then). */
static void nf_release(struct netfront *nf)
{
    for (unsigned i = 0; i < NF_RX_BUFS; i++)
        end_grant(nf, nf->rx_gref[i], &nf->rx_granted[i], &nf->rx_page[i]);
    for (unsigned i = 0; i < NF_TX_BUFS; i++) {
        struct nf_txbuf *t = &nf->txb[i];

        end_grant(nf, t->gref, &t->busy, &t->page);
    }
    end_grant(nf, nf->tx_ring_ref, &nf->tx_ring_granted, &nf->tx_ring_page);
    end_grant(nf, nf->rx_ring_ref, &nf->rx_ring_granted, &nf->rx_ring_page);
    if (nf->watching)
        xen_xs_unwatch(nf->wpath, nf->token);
    nf->watching = false;
    if (nf->source >= 0)
        plat_io_unwatch(nf->source);
    if (nf->port_open)
        xen_io_evtchn_close(nf->port);
    nf->port_open = false;
    free(nf->frame);
    nf->frame = NULL;
}

/* The keys of our directory, in one transaction. */
static int write_keys(uint32_t tx, void *arg)
{
    struct netfront *nf = arg;
    char path[128], num[16];
    static const char *const ones[] = {"request-rx-copy", "feature-rx-notify",
                                       "feature-sg", "feature-no-csum-offload"};
    const struct {
        const char *key;
        uint32_t v;
    } nums[] = {{"tx-ring-ref", nf->tx_ring_ref},
                {"rx-ring-ref", nf->rx_ring_ref},
                {"event-channel", nf->port}};
    int rc;

    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        char *p = num + sizeof(num);
        uint32_t v = nums[i].v;

        *--p = '\0';
        do
            *--p = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        snprintf(path, sizeof(path), "%s/%s", nf->dev.front, nums[i].key);
        rc = xen_xs_write(tx, path, p);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < sizeof(ones) / sizeof(ones[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", nf->dev.front, ones[i]);
        rc = xen_xs_write(tx, path, "1");
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Allocates and grants a ring page: 0 or the error. */
static int ring_setup(struct netfront *nf, struct xen_front_ring *r,
                      size_t entry, void **page, grant_ref_t *ref,
                      bool *granted)
{
    int rc;

    *page = xen_io_page_alloc();
    if (!*page)
        return -ENOMEM;
    r->s = *page;
    xen_sring_init(r->s);
    r->size = xen_sring_entries(entry);
    r->req_prod_pvt = r->rsp_cons = 0;
    rc = grant(nf, *page, false, ref);
    if (rc == 0)
        *granted = true;
    return rc;
}

/* Connects (nf) to its vif: 0 or the error, logged. */
static int nf_setup(struct netfront *nf, unsigned index)
{
    uint64_t deadline = plat_clock_monotonic_ns() + NF_SETUP_NS;
    uint64_t mtu = 0;
    char buf[64];
    int rc, s;

    nf->source = -1;
    for (unsigned i = 0; i < 256; i++)
        nf->rx_slot_buf[i] = -1;
    rc = xen_xenbus_find("vif", index, &nf->dev);
    if (rc < 0)
        return rc == -ENOENT ? -ENOENT : rc;
    rc = xen_xenbus_read(&nf->dev, 'f', "mac", buf, sizeof(buf));
    if (rc < 0 || parse_mac(buf, nf->mac) < 0) {
        mirage_log_err(&netfront_log, "%s: no valid mac", nf->dev.front);
        return rc < 0 ? rc : -EINVAL;
    }
    s = xen_xenbus_wait_backend(
        &nf->dev,
        (1u << XenbusStateInitWait) | (1u << XenbusStateConnected) |
            (1u << XenbusStateClosing) | (1u << XenbusStateClosed),
        deadline);
    if (s < 0 || s == XenbusStateClosing || s == XenbusStateClosed) {
        mirage_log_err(&netfront_log, "%s: backend %s not ready (%d)",
                       nf->dev.front, nf->dev.back, s);
        return s < 0 ? s : -ENODEV;
    }
    if (!backend_flag(nf, "feature-rx-copy")) {
        mirage_log_err(&netfront_log, "%s: backend without feature-rx-copy",
                       nf->dev.front);
        return -ENOTSUP;
    }
    nf->sg = backend_flag(nf, "feature-sg");
    nf->mtu = NF_MTU_DEFAULT;
    if (xen_xenbus_read_u64(&nf->dev, 'b', "mtu", &mtu) == 0 && mtu >= 68)
        nf->mtu = mtu < NF_MTU_MAX ? (uint32_t)mtu : NF_MTU_MAX;
    if (!nf->sg && nf->mtu + NF_ETH_HEADER > NF_PAGE)
        nf->mtu = NF_PAGE - NF_ETH_HEADER; /* a frame fits one slot */
    nf->frame_cap = nf->mtu + NF_ETH_HEADER;
    nf->frame = malloc(nf->frame_cap);
    if (!nf->frame)
        return -ENOMEM;

    rc = ring_setup(nf, &nf->tx, NF_TX_ENTRY, &nf->tx_ring_page,
                    &nf->tx_ring_ref, &nf->tx_ring_granted);
    if (rc == 0)
        rc = ring_setup(nf, &nf->rx, NF_RX_ENTRY, &nf->rx_ring_page,
                        &nf->rx_ring_ref, &nf->rx_ring_granted);
    for (unsigned i = 0; rc == 0 && i < NF_RX_BUFS; i++) {
        nf->rx_page[i] = xen_io_page_alloc();
        if (!nf->rx_page[i])
            rc = -ENOMEM;
        else
            rc = grant(nf, nf->rx_page[i], false, &nf->rx_gref[i]);
        if (rc == 0) {
            nf->rx_granted[i] = true;
            nf->rx_free[nf->rx_nfree++] = (uint16_t)i;
        }
    }
    for (unsigned i = 0; i < NF_TX_BUFS; i++)
        nf->tx_free[i] = (uint16_t)(NF_TX_BUFS - 1 - i);
    nf->tx_nfree = NF_TX_BUFS;
    if (rc == 0)
        rc = xen_io_evtchn_alloc(nf->dev.back_id, &nf->port);
    if (rc == 0) {
        nf->port_open = true;
        nf->source = xen_io_evtchn_source(nf->port);
        if (nf->source < 0)
            rc = nf->source;
    }
    if (rc == 0) {
        nf_rx_refill(nf); /* the backend reads them once connected */
        rc = xen_xs_transact(write_keys, nf);
    }
    if (rc == 0)
        rc = xen_xenbus_set_state(&nf->dev, XenbusStateConnected);
    if (rc == 0) {
        snprintf(nf->token, sizeof(nf->token), "netfront-%u", nf->dev.devid);
        snprintf(nf->wpath, sizeof(nf->wpath), "%s/state", nf->dev.back);
        rc = xen_xs_watch(nf->wpath, nf->token);
        if (rc == 0)
            nf->watching = true;
    }
    if (rc == 0) {
        s = xen_xenbus_wait_backend(&nf->dev,
                                    (1u << XenbusStateConnected) |
                                        (1u << XenbusStateClosing) |
                                        (1u << XenbusStateClosed),
                                    deadline);
        if (s != XenbusStateConnected)
            rc = s < 0 ? s : -ECONNREFUSED;
    }
    if (rc < 0) {
        mirage_log_err(&netfront_log, "%s: cannot connect to %s (error %d)",
                       nf->dev.front, nf->dev.back, -rc);
        xen_xenbus_set_state(&nf->dev, XenbusStateClosed);
        nf_release(nf);
        return rc;
    }
    nf->st.connected = 1;
    mirage_log_info(&netfront_log, "%s: connected to %s (domain %u), mtu %u%s",
                    nf->dev.front, nf->dev.back, (unsigned)nf->dev.back_id,
                    (unsigned)nf->mtu, nf->sg ? ", scatter-gather" : "");
    return 0;
}

static int report(struct netfront *nf, int handle, struct plat_net_info *info)
{
    if (nf->error < 0)
        return nf->error;
    memcpy(info->mac, nf->mac, sizeof(info->mac));
    info->mtu = nf->mtu;
    info->source = nf->source;
    return handle;
}

int plat_net_find(const char *name, struct plat_net_info *info)
{
    struct netfront *nf;
    int rc;

    if (!name || !info)
        return -EINVAL;
    for (int i = 0; i < nnics; i++)
        if (strcmp(nics[i]->name, name) == 0)
            return report(nics[i], i, info);
    if (nnics == NF_NICS)
        return -ENOENT;
    rc = xen_io_init();
    if (rc < 0)
        return rc; /* -ENODEV: no Xen (as under QEMU), no vif at all */
    nf = calloc(1, sizeof(*nf));
    if (!nf)
        return -ENOMEM;
    nf->name = strdup(name);
    if (!nf->name) {
        free(nf);
        return -ENOMEM;
    }
    nf->error = nf_setup(nf, (unsigned)nnics);
    nics[nnics] = nf;
    return report(nf, nnics++, info);
}

/* NIC (handle), or NULL. */
static struct netfront *nic_of(int handle)
{
    return handle >= 0 && handle < nnics ? nics[handle] : NULL;
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    struct netfront *nf = nic_of(handle);
    int rc;

    if (!nf)
        return -EBADF;
    if (nf->error < 0)
        return nf->error;
    xen_io_evtchn_clear(nf->port); /* first, then the rings */
    rc = nf_tx_reclaim(nf);
    while (rc == 0) {
        bool bad = false;

        rc = nf_rx_take(nf);
        nf_rx_refill(nf);
        if (rc == 1) {
            size_t n = nf->frame_len;

            frame_reset(nf);
            if (n > cap) {
                nf->st.rx_dropped++;
                return -EMSGSIZE;
            }
            memcpy(buf, nf->frame, n);
            *len = n;
            nf->st.rx_frames++;
            return 0;
        }
        if (rc < 0)
            return rc;
        if (xen_front_final_check(&nf->rx, &bad) == 0) {
            if (bad)
                return nf_fail(nf, "rx: more responses than requests");
            rc = nf_check_backend(nf);
            return rc < 0 ? rc : -EAGAIN;
        }
    }
    return rc;
}

int plat_net_write(int handle, const void *frame, size_t len)
{
    struct netfront *nf = nic_of(handle);
    uint16_t ids[(NF_ETH_HEADER + NF_MTU_MAX + NF_PAGE - 1) / NF_PAGE];
    unsigned slots, got = 0;
    int rc;

    if (!nf)
        return -EBADF;
    if (nf->error < 0)
        return nf->error;
    if (len > NF_ETH_HEADER + nf->mtu || len == 0)
        return -EMSGSIZE;
    slots = (unsigned)((len + NF_PAGE - 1) / NF_PAGE);
    if (slots > 1 && !nf->sg)
        return -EMSGSIZE;
    rc = nf_tx_reclaim(nf);
    if (rc < 0)
        return rc;
    if (nf->tx_nfree < slots || xen_front_free(&nf->tx) < slots)
        return -ENOBUFS;
    /* pages and grants first, so that a failure leaves nothing lent */
    for (; got < slots; got++) {
        uint16_t id = nf->tx_free[nf->tx_nfree - 1 - got];
        struct nf_txbuf *t = &nf->txb[id];
        size_t off = (size_t)got * NF_PAGE;
        size_t part = len - off < NF_PAGE ? len - off : NF_PAGE;

        if (!t->page && !(t->page = xen_io_page_alloc()))
            break;
        memcpy(t->page, (const uint8_t *)frame + off, part);
        if (grant(nf, t->page, true, &t->gref) < 0)
            break;
        ids[got] = id;
    }
    if (got < slots) {
        for (unsigned i = 0; i < got; i++)
            xen_gnttab_end(nf->txb[ids[i]].gref); /* never seen: ends */
        return -ENOBUFS;
    }
    nf->tx_nfree -= slots;
    for (unsigned i = 0; i < slots; i++) {
        size_t off = (size_t)i * NF_PAGE;
        struct netif_tx_request req = {
            .gref = nf->txb[ids[i]].gref,
            .offset = 0,
            .flags = i + 1 < slots ? NETTXF_more_data : 0,
            .id = ids[i],
            .size = (uint16_t)(i == 0 ? len
                                      : (len - off < NF_PAGE ? len - off
                                                             : NF_PAGE)),
        };

        nf->txb[ids[i]].busy = true;
        memcpy(xen_front_slot(&nf->tx, nf->tx.req_prod_pvt, NF_TX_ENTRY), &req,
               sizeof(req));
        nf->tx.req_prod_pvt++;
    }
    if (xen_front_push(&nf->tx))
        xen_io_evtchn_notify(nf->port);
    nf->st.tx_frames++;
    nf->st.tx_slots += slots;
    return 0;
}

int netfront_stats(int handle, struct netfront_stats *st)
{
    struct netfront *nf = nic_of(handle);

    if (!nf || !st)
        return -EBADF;
    *st = nf->st;
    return 0;
}

int netfront_disconnect(int handle)
{
    struct netfront *nf = nic_of(handle);
    uint64_t deadline = plat_clock_monotonic_ns() + NF_SETUP_NS;
    int rc, s;

    if (!nf)
        return -EBADF;
    if (!nf->frame) /* never connected, or disconnected already */
        return 0;
    rc = xen_xenbus_set_state(&nf->dev, XenbusStateClosing);
    if (rc == 0) {
        s = xen_xenbus_wait_backend(
            &nf->dev, (1u << XenbusStateClosing) | (1u << XenbusStateClosed),
            deadline);
        rc = s < 0 ? s : 0;
    }
    xen_xenbus_set_state(&nf->dev, XenbusStateClosed);
    if (rc == 0) {
        s = xen_xenbus_wait_backend(&nf->dev, 1u << XenbusStateClosed,
                                    deadline);
        rc = s < 0 ? s : 0;
    }
    if (nf->error == 0)
        nf->error = -EIO;
    nf->st.connected = 0;
    nf_release(nf);
    return rc;
}
