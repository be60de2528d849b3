/* SPDX-License-Identifier: ISC */
/* sim_netback.c: the simulated netback (io/netif.h, backend side). */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sim.h"
#include "sim_net.h"
#include "xen/netif.h"
#include "xen/xen_sring.h"

/*
 * One service per vif, run by the backend thread. The xenbus side follows
 * a netback: InitWait once the features are written; the frontend's ring
 * references, event channel and request-rx-copy read when it says
 * Initialised or Connected; both rings mapped, the channel bound, then
 * Connected. A frontend that goes Closing or Closed (or a test's
 * sim_netback_close) disconnects it: rings unmapped, channel unbound,
 * Closing, then Closed once the frontend is Closed; a frontend that
 * starts again at Initialising finds InitWait again.
 *
 * Transmit: the guest's slots are gathered into a frame (the first slot's
 * size is the frame's length), each page mapped read-only for the copy
 * and unmapped; every slot is answered. Receive: a frame (from the tap or
 * sim_netback_inject) takes as many of the guest's rx requests as it has
 * pages (one unless the guest said feature-sg), copied in at offset 0; a
 * frame without room waits in the queue. Notifications follow io/ring.h:
 * only when the other side's event index asks for one.
 */

#define NB_VIFS      4
#define NB_QUEUE     256 /* frames waiting each way */
#define NB_FRAME_MAX 65536u
#define NB_PAGE      4096u

struct nb_frame {
    size_t len;
    uint8_t *data;
};

/* A frame queue, locked: the test's thread and the backend thread. */
struct nb_queue {
    struct nb_frame f[NB_QUEUE];
    unsigned head, n;
};

/* The backend's private view of a ring. */
struct back_ring {
    struct xen_sring *s;
    uint32_t size, req_cons, rsp_prod_pvt;
};

struct vif {
    bool used;
    unsigned devid;
    char front[96], back[96];
    int tap; /* or -1 */
    bool capture;
    bool close_asked;
    int state; /* ours */
    /* connected: */
    grant_ref_t tx_ref, rx_ref;
    evtchn_port_t port;
    int port_fd;
    bool sg; /* the frontend takes multi-slot frames */
    struct back_ring tx, rx;
    uint8_t txbuf[NB_FRAME_MAX];
    pthread_mutex_t lock; /* of the queues and stats */
    struct nb_queue to_guest, from_guest;
    struct sim_netback_stats st;
};

static struct vif vifs[NB_VIFS];

static struct vif *vif_of(unsigned devid)
{
    for (int i = 0; i < NB_VIFS; i++)
        if (vifs[i].used && vifs[i].devid == devid)
            return &vifs[i];
    return NULL;
}

/* Appends a copy of (frame); 0, -ENOBUFS or -ENOMEM. Under v->lock. */
static int q_put(struct nb_queue *q, const void *frame, size_t len)
{
    struct nb_frame *f;

    if (q->n == NB_QUEUE)
        return -ENOBUFS;
    f = &q->f[(q->head + q->n) % NB_QUEUE];
    f->data = malloc(len ? len : 1);
    if (!f->data)
        return -ENOMEM;
    memcpy(f->data, frame, len);
    f->len = len;
    q->n++;
    return 0;
}

/* The oldest frame, or NULL. Under v->lock. */
static struct nb_frame *q_peek(struct nb_queue *q)
{
    return q->n ? &q->f[q->head] : NULL;
}

/* Drops the oldest frame. Under v->lock. */
static void q_pop(struct nb_queue *q)
{
    free(q->f[q->head].data);
    q->f[q->head].data = NULL;
    q->head = (q->head + 1) % NB_QUEUE;
    q->n--;
}

static int store_get(const char *dir, const char *key, char *buf, size_t cap)
{
    char path[160];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return sim_store_read(path, buf, cap);
}

/* KEY of (dir) as an unsigned number, or -1. */
static long store_num(const char *dir, const char *key)
{
    char buf[32], *end;
    unsigned long v;

    if (store_get(dir, key, buf, sizeof(buf)) <= 0)
        return -1;
    errno = 0;
    v = strtoul(buf, &end, 10);
    if (*end || errno || v > 0xffffffffu)
        return -1;
    return (long)v;
}

static void set_state(struct vif *v, int state)
{
    char path[160];

    snprintf(path, sizeof(path), "%s/state", v->back);
    sim_store_printf(path, "%d", state);
    v->state = state;
    pthread_mutex_lock(&v->lock);
    v->st.state = state;
    pthread_mutex_unlock(&v->lock);
}

/* Publishes responses; notifies the guest if it asked (io/ring.h). */
static void push_responses(struct vif *v, struct back_ring *r)
{
    uint32_t old = r->s->rsp_prod, now = r->rsp_prod_pvt;

    __atomic_thread_fence(__ATOMIC_RELEASE);
    r->s->rsp_prod = now;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ((uint32_t)(now - r->s->rsp_event) < (uint32_t)(now - old))
        sim_evtchn_notify_guest(v->port);
}

/* Requests of (r) not yet consumed, the index read once. */
static uint32_t requests(struct back_ring *r)
{
    uint32_t n = r->s->req_prod - r->req_cons;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return n > r->size ? 0 : n;
}

/* Asks for a notification at the next request, then looks again. */
static uint32_t requests_final(struct back_ring *r)
{
    uint32_t n = requests(r);

    if (n)
        return n;
    r->s->req_event = r->req_cons + 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return requests(r);
}

static void unmap_all(struct vif *v)
{
    if (v->tx.s)
        sim_grant_unmap(v->tx_ref, true);
    if (v->rx.s)
        sim_grant_unmap(v->rx_ref, true);
    v->tx.s = v->rx.s = NULL;
    if (v->port_fd >= 0) {
        sim_wait_fd_del(v->port_fd);
        sim_evtchn_unbind(v->port);
    }
    v->port_fd = -1;
}

/* Reads the frontend's keys and maps its rings: true when connected. */
static bool vif_connect(struct vif *v)
{
    long tx = store_num(v->front, "tx-ring-ref");
    long rx = store_num(v->front, "rx-ring-ref");
    long port = store_num(v->front, "event-channel");
    int err = 0;

    if (tx < 0 || rx < 0 || port < 0 ||
        store_num(v->front, "request-rx-copy") != 1) {
        fprintf(stderr, "sim_netback: vif %u: frontend keys missing\n",
                v->devid);
        return false;
    }
    v->sg = store_num(v->front, "feature-sg") == 1;
    v->tx_ref = (grant_ref_t)tx;
    v->rx_ref = (grant_ref_t)rx;
    v->port = (evtchn_port_t)port;
    v->tx.s = sim_grant_map(SIM_BACK_DOMID, v->tx_ref, true, &err);
    if (v->tx.s)
        v->rx.s = sim_grant_map(SIM_BACK_DOMID, v->rx_ref, true, &err);
    if (v->tx.s && v->rx.s)
        v->port_fd = sim_evtchn_bind(v->port);
    if (!v->tx.s || !v->rx.s || v->port_fd < 0) {
        fprintf(stderr, "sim_netback: vif %u: cannot map (%d/%d)\n", v->devid,
                err, v->port_fd);
        unmap_all(v);
        return false;
    }
    sim_wait_fd_add(v->port_fd);
    v->tx.size = xen_sring_entries(sizeof(union netif_tx_entry));
    v->rx.size = xen_sring_entries(sizeof(union netif_rx_entry));
    v->tx.req_cons = v->tx.rsp_prod_pvt = 0;
    v->rx.req_cons = v->rx.rsp_prod_pvt = 0;
    return true;
}

/* Answers tx request (req) with (status). */
static void tx_respond(struct vif *v, uint16_t id, int16_t status)
{
    struct netif_tx_response rsp = {.id = id, .status = status};

    memcpy(v->tx.s->ring + (size_t)(v->tx.rsp_prod_pvt & (v->tx.size - 1)) *
                               sizeof(union netif_tx_entry),
           &rsp, sizeof(rsp));
    v->tx.rsp_prod_pvt++;
}

static void guest_error(struct vif *v, const char *why)
{
    fprintf(stderr, "sim_netback: vif %u: guest error: %s\n", v->devid, why);
    pthread_mutex_lock(&v->lock);
    v->st.guest_errors++;
    pthread_mutex_unlock(&v->lock);
}

/* Hands a whole frame of the guest on. */
static void deliver(struct vif *v, size_t len, unsigned slots)
{
    pthread_mutex_lock(&v->lock);
    v->st.tx_frames++;
    v->st.tx_slots += slots;
    if (v->capture)
        q_put(&v->from_guest, v->txbuf, len);
    pthread_mutex_unlock(&v->lock);
    if (v->tap >= 0 && write(v->tap, v->txbuf, len) < 0)
        fprintf(stderr, "sim_netback: vif %u: tap write: %s\n", v->devid,
                strerror(errno));
}

/* Takes the guest's whole frames off the tx ring. */
static void do_tx(struct vif *v)
{
    uint32_t n;

    while ((n = requests_final(&v->tx)) > 0) {
        struct netif_tx_request req[NB_FRAME_MAX / NB_PAGE + 2];
        unsigned k = 0;
        size_t total, got = 0;
        bool ok = true;

        /* the frame's slots, all published, or wait for the rest */
        for (;;) {
            if (k == n || k == sizeof(req) / sizeof(req[0]))
                break;
            memcpy(&req[k],
                   v->tx.s->ring +
                       (size_t)((v->tx.req_cons + k) & (v->tx.size - 1)) *
                           sizeof(union netif_tx_entry),
                   sizeof(req[k]));
            if (!(req[k++].flags & NETTXF_more_data))
                break;
        }
        if (req[k - 1].flags & NETTXF_more_data) {
            if (k < sizeof(req) / sizeof(req[0]))
                return; /* the rest is not published yet */
            ok = false;
        }
        total = req[0].size;
        for (unsigned i = 0; i < k; i++) {
            size_t part = i == 0 && k > 1 ? total : req[i].size;
            int err = 0;
            void *page;

            if (i == 0 && k > 1) {
                /* the first slot's size is the frame's: its own part is
                 * what the others leave */
                size_t rest = 0;

                for (unsigned j = 1; j < k; j++)
                    rest += req[j].size;
                part = rest > total ? 0 : total - rest;
                if (rest > total)
                    ok = false;
            }
            if (req[i].flags & NETTXF_extra_info)
                ok = false; /* we offer no extras */
            if (!ok || (size_t)req[i].offset + part > NB_PAGE ||
                got + part > NB_FRAME_MAX) {
                ok = false;
                continue;
            }
            page = sim_grant_map(SIM_BACK_DOMID, req[i].gref, false, &err);
            if (!page) {
                ok = false;
                continue;
            }
            memcpy(v->txbuf + got, (uint8_t *)page + req[i].offset, part);
            got += part;
            sim_grant_unmap(req[i].gref, false);
        }
        for (unsigned i = 0; i < k; i++)
            tx_respond(v, req[i].id, ok ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
        v->tx.req_cons += k;
        push_responses(v, &v->tx);
        if (ok && got == total)
            deliver(v, got, k);
        else
            guest_error(v, "bad tx request");
    }
}

/* Copies frame (f) into the guest's rx buffers: true when done (or
 * dropped), false when it has to wait for buffers. */
static bool rx_one(struct vif *v, const struct nb_frame *f)
{
    unsigned slots = f->len ? (unsigned)((f->len + NB_PAGE - 1) / NB_PAGE) : 1;
    uint32_t n = requests(&v->rx);

    if (slots > 1 && !v->sg) {
        pthread_mutex_lock(&v->lock);
        v->st.rx_dropped++;
        pthread_mutex_unlock(&v->lock);
        return true;
    }
    if (n < slots)
        return false;
    for (unsigned i = 0; i < slots; i++) {
        struct netif_rx_request req;
        struct netif_rx_response rsp;
        size_t off = (size_t)i * NB_PAGE;
        size_t part = f->len - off < NB_PAGE ? f->len - off : NB_PAGE;
        uint8_t *slot =
            v->rx.s->ring + (size_t)(v->rx.req_cons & (v->rx.size - 1)) *
                                sizeof(union netif_rx_entry);
        int err = 0;
        void *page;

        memcpy(&req, slot, sizeof(req));
        v->rx.req_cons++;
        page = sim_grant_map(SIM_BACK_DOMID, req.gref, true, &err);
        rsp = (struct netif_rx_response){
            .id = req.id,
            .offset = 0,
            .flags = i + 1 < slots ? NETRXF_more_data : 0,
            .status = (int16_t)part,
        };
        if (page) {
            memcpy(page, f->data + off, part);
            sim_grant_unmap(req.gref, true);
        } else {
            guest_error(v, "rx grant");
            rsp.status = NETIF_RSP_ERROR;
        }
        memcpy(v->rx.s->ring + (size_t)(v->rx.rsp_prod_pvt & (v->rx.size - 1)) *
                                   sizeof(union netif_rx_entry),
               &rsp, sizeof(rsp));
        v->rx.rsp_prod_pvt++;
    }
    pthread_mutex_lock(&v->lock);
    v->st.rx_frames++;
    v->st.rx_slots += slots;
    pthread_mutex_unlock(&v->lock);
    return true;
}

/* Moves the queued frames (and the tap's) into the guest's buffers. */
static void do_rx(struct vif *v)
{
    bool any = false;

    if (v->tap >= 0) {
        static uint8_t buf[NB_FRAME_MAX];

        for (int i = 0; i < 64; i++) {
            ssize_t r;

            pthread_mutex_lock(&v->lock);
            if (v->to_guest.n == NB_QUEUE) {
                pthread_mutex_unlock(&v->lock);
                break;
            }
            pthread_mutex_unlock(&v->lock);
            r = read(v->tap, buf, sizeof(buf));
            if (r <= 0)
                break;
            pthread_mutex_lock(&v->lock);
            q_put(&v->to_guest, buf, (size_t)r);
            pthread_mutex_unlock(&v->lock);
        }
    }
    for (;;) {
        struct nb_frame f, *p;

        pthread_mutex_lock(&v->lock);
        p = q_peek(&v->to_guest);
        if (p)
            f = *p;
        pthread_mutex_unlock(&v->lock);
        if (!p || !rx_one(v, &f))
            break;
        any = true;
        pthread_mutex_lock(&v->lock);
        q_pop(&v->to_guest);
        pthread_mutex_unlock(&v->lock);
    }
    if (any)
        push_responses(v, &v->rx);
    /* more requests will come with a notification (feature-rx-notify) */
    (void)requests_final(&v->rx);
}

/* The vif's service: the handshake, then both rings. */
static void service(void *arg)
{
    struct vif *v = arg;
    long fs = store_num(v->front, "state");

    switch (v->state) {
    case 1: /* Initialising: features written by sim_netback_add */
        set_state(v, 2);
        /* fall through */
    case 2: /* InitWait */
        if ((fs == 3 || fs == 4) && vif_connect(v)) {
            set_state(v, 4);
            pthread_mutex_lock(&v->lock);
            v->st.connects++;
            pthread_mutex_unlock(&v->lock);
        }
        break;
    case 4: /* Connected */
        if (__atomic_load_n(&v->close_asked, __ATOMIC_ACQUIRE) || fs == 5 ||
            fs == 6 || fs < 0) {
            /* a hint, so that a frontend waiting for frames looks */
            sim_evtchn_notify_guest(v->port);
            unmap_all(v);
            set_state(v, 5);
            break;
        }
        sim_evtchn_back_clear(v->port);
        do_tx(v);
        do_rx(v);
        break;
    case 5: /* Closing */
        if (fs == 6 || fs < 0 || fs == 1) {
            set_state(v, 6);
            __atomic_store_n(&v->close_asked, false, __ATOMIC_RELEASE);
        }
        break;
    case 6: /* Closed: a frontend starting again finds InitWait */
        if (fs == 1 && !__atomic_load_n(&v->close_asked, __ATOMIC_ACQUIRE))
            set_state(v, 2);
        break;
    default:
        break;
    }
}

/* Opens tap (name) non-blocking: the descriptor or -errno. */
static int tap_open(const char *name)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return -errno;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        int e = errno;

        close(fd);
        return -e;
    }
    return fd;
}

#define SIM_STR_(x) #x
#define SIM_STR(x)  SIM_STR_(x)

/* Writes (val) at DIR/KEY. */
static int kv(const char *dir, const char *key, const char *val)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return sim_store_write(path, val);
}

int sim_netback_add(unsigned devid, const char *mac, const char *tap)
{
    struct vif *v = NULL;
    char num[16];
    static const char *const features[] = {"feature-rx-copy", "feature-sg",
                                           "feature-rx-notify",
                                           "feature-no-csum-offload"};
    int rc;

    for (int i = 0; i < NB_VIFS; i++)
        if (!vifs[i].used) {
            v = &vifs[i];
            break;
        }
    if (!v || !mac || vif_of(devid))
        return v ? -EEXIST : -ENOSPC;
    memset(v, 0, sizeof(*v));
    v->devid = devid;
    v->tap = -1;
    v->port_fd = -1;
    pthread_mutex_init(&v->lock, NULL);
    if (tap) {
        v->tap = tap_open(tap);
        if (v->tap < 0)
            return v->tap;
    }
    snprintf(v->front, sizeof(v->front), "/local/domain/%u/device/vif/%u",
             SIM_GUEST_DOMID, devid);
    snprintf(v->back, sizeof(v->back), "/local/domain/%u/backend/vif/%u/%u",
             SIM_BACK_DOMID, SIM_GUEST_DOMID, devid);
    snprintf(num, sizeof(num), "%u", devid);
    rc = kv(v->front, "backend", v->back);
    rc = rc ? rc : kv(v->front, "backend-id", SIM_STR(SIM_BACK_DOMID));
    rc = rc ? rc : kv(v->front, "handle", num);
    rc = rc ? rc : kv(v->front, "mac", mac);
    rc = rc ? rc : kv(v->front, "state", "1");
    rc = rc ? rc : kv(v->back, "frontend", v->front);
    rc = rc ? rc : kv(v->back, "frontend-id", SIM_STR(SIM_GUEST_DOMID));
    rc = rc ? rc : kv(v->back, "handle", num);
    rc = rc ? rc : kv(v->back, "mac", mac);
    rc = rc ? rc : kv(v->back, "online", "1");
    rc = rc ? rc : kv(v->back, "type", "vif");
    for (size_t i = 0; rc == 0 && i < sizeof(features) / sizeof(*features); i++)
        rc = kv(v->back, features[i], "1");
    rc = rc ? rc : kv(v->back, "state", "1");
    v->state = 1;
    v->st.state = 1;
    rc = rc ? rc : sim_service_add(service, v, v->tap);
    if (rc != 0) {
        if (v->tap >= 0)
            close(v->tap);
        return rc;
    }
    v->used = true;
    return 0;
}

int sim_netback_capture(unsigned devid, bool on)
{
    struct vif *v = vif_of(devid);

    if (!v)
        return -ENOENT;
    pthread_mutex_lock(&v->lock);
    v->capture = on;
    pthread_mutex_unlock(&v->lock);
    return 0;
}

int sim_netback_inject(unsigned devid, const void *frame, size_t len)
{
    struct vif *v = vif_of(devid);
    int rc;

    if (!v)
        return -ENOENT;
    if (len > NB_FRAME_MAX)
        return -EMSGSIZE;
    pthread_mutex_lock(&v->lock);
    rc = q_put(&v->to_guest, frame, len);
    pthread_mutex_unlock(&v->lock);
    return rc;
}

int sim_netback_take(unsigned devid, void *buf, size_t cap)
{
    struct vif *v = vif_of(devid);
    struct nb_frame *f;
    int rc;

    if (!v)
        return -ENOENT;
    pthread_mutex_lock(&v->lock);
    f = q_peek(&v->from_guest);
    if (!f) {
        rc = -EAGAIN;
    } else if (f->len > cap) {
        rc = -EMSGSIZE;
        q_pop(&v->from_guest);
    } else {
        memcpy(buf, f->data, f->len);
        rc = (int)f->len;
        q_pop(&v->from_guest);
    }
    pthread_mutex_unlock(&v->lock);
    return rc;
}

int sim_netback_close(unsigned devid)
{
    struct vif *v = vif_of(devid);

    if (!v)
        return -ENOENT;
    __atomic_store_n(&v->close_asked, true, __ATOMIC_RELEASE);
    return 0;
}

int sim_netback_stats(unsigned devid, struct sim_netback_stats *st)
{
    struct vif *v = vif_of(devid);

    if (!v)
        return -ENOENT;
    pthread_mutex_lock(&v->lock);
    *st = v->st;
    pthread_mutex_unlock(&v->lock);
    return 0;
}
