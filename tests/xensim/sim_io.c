/* SPDX-License-Identifier: ISC */
/* sim_io.c: xen_io.h in a hosted test: the hypervisor of the simulation. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sim.h"

/*
 * Pages: an arena of SIM_PAGES pages; a page's frame number is its index
 * plus SIM_GFN_BASE (so that frame 0, a zeroed field, names no page).
 * Grants: a table of SIM_GRANTS v1 entries; sim_grant_map counts the
 * backend's mappings of each and keeps GTF_reading/GTF_writing set while
 * any is held, with the same compare-and-swap on the flags that the guest
 * uses to end a grant, as Xen does. Event channels: a port has one eventfd
 * per direction (readable while pending). The backend thread polls the
 * services' descriptors and ticks every SIM_TICK_NS.
 */

#define SIM_PAGES    8192u /* 32 MiB */
#define SIM_GFN_BASE 0x40000u
#define SIM_GRANTS   2048u
#define SIM_PORTS    64u
#define SIM_SERVICES 16u
#define SIM_WAIT_FDS 64u

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *arena;
static unsigned char page_used[SIM_PAGES];
static struct grant_entry_v1 grants[SIM_GRANTS] __attribute__((aligned(4096)));
static unsigned grant_maps[SIM_GRANTS][2]; /* [ref][write]: mappings held */

struct sim_port {
    bool guest_open; /* allocated by the guest, not closed */
    bool bound;      /* bound by the backend */
    int to_guest;    /* eventfd: the backend notified */
    int to_back;     /* eventfd: the guest notified */
};
static struct sim_port ports[SIM_PORTS];

struct sim_service {
    void (*fn)(void *arg);
    void *arg;
};
static struct sim_service services[SIM_SERVICES];
static unsigned nservices;
static int wait_fds[SIM_WAIT_FDS];
static unsigned nwait_fds;
static int stop_fd = -1;
static pthread_t backend_thread;
static bool running;

/* The xenstore ring and its port, made by sim_start. */
static void *store_page;
static evtchn_port_t store_port;

int xen_io_init(void)
{
    int rc = 0;

    pthread_mutex_lock(&lock);
    if (!arena) {
        arena = aligned_alloc(4096, (size_t)SIM_PAGES * 4096);
        if (!arena)
            rc = -ENOMEM;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void *xen_io_page_alloc(void)
{
    void *page = NULL;

    if (xen_io_init() != 0)
        return NULL;
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < SIM_PAGES; i++)
        if (!page_used[i]) {
            page_used[i] = 1;
            page = arena + (size_t)i * 4096;
            memset(page, 0, 4096);
            break;
        }
    pthread_mutex_unlock(&lock);
    return page;
}

/* The arena index of (page), or SIM_PAGES if it is not an arena page. */
static unsigned page_index(const void *page)
{
    uintptr_t p = (uintptr_t)page, a = (uintptr_t)arena;

    if (!arena || p < a || p >= a + (size_t)SIM_PAGES * 4096 ||
        (p - a) % 4096 != 0)
        return SIM_PAGES;
    return (unsigned)((p - a) / 4096);
}

void xen_io_page_free(void *page)
{
    unsigned i;

    if (!page)
        return;
    i = page_index(page);
    if (i == SIM_PAGES)
        abort(); /* a bug of the frontend: not a page of ours */
    pthread_mutex_lock(&lock);
    if (!page_used[i])
        abort(); /* freed twice */
    page_used[i] = 0;
    pthread_mutex_unlock(&lock);
}

uint64_t xen_io_page_gfn(const void *page)
{
    unsigned i = page_index(page);

    return i == SIM_PAGES ? 0 : (uint64_t)i + SIM_GFN_BASE;
}

volatile struct grant_entry_v1 *xen_io_grant_table(uint32_t *n)
{
    if (xen_io_init() != 0)
        return NULL;
    if (n)
        *n = SIM_GRANTS;
    return grants;
}

int xen_io_evtchn_alloc(domid_t remote, evtchn_port_t *port)
{
    int rc = -ENOSPC;

    if (!port || remote != SIM_BACK_DOMID)
        return -EINVAL;
    pthread_mutex_lock(&lock);
    for (unsigned p = 1; p < SIM_PORTS; p++) {
        struct sim_port *s = &ports[p];

        if (s->guest_open || s->bound)
            continue;
        s->to_guest = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        s->to_back = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (s->to_guest < 0 || s->to_back < 0) {
            rc = -errno;
            if (s->to_guest >= 0)
                close(s->to_guest);
            if (s->to_back >= 0)
                close(s->to_back);
            break;
        }
        s->guest_open = true;
        *port = p;
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* Closes both eventfds of (s) once neither side uses it; under lock. */
static void port_release(struct sim_port *s)
{
    if (s->guest_open || s->bound)
        return;
    close(s->to_guest);
    close(s->to_back);
    s->to_guest = s->to_back = -1;
}

int xen_io_evtchn_close(evtchn_port_t port)
{
    int rc = -EINVAL;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].guest_open) {
        ports[port].guest_open = false;
        port_release(&ports[port]);
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* Adds 1 to eventfd (fd): it is readable until read. */
static void efd_signal(int fd)
{
    uint64_t one = 1;

    (void)!write(fd, &one, sizeof one);
}

/* Reads eventfd (fd): 1 if it was signalled, else 0. */
static int efd_clear(int fd)
{
    uint64_t v;

    return read(fd, &v, sizeof v) == (ssize_t)sizeof v ? 1 : 0;
}

int xen_io_evtchn_notify(evtchn_port_t port)
{
    int rc = -EINVAL;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].guest_open) {
        /* a port the backend has not bound yet stays pending for it */
        efd_signal(ports[port].to_back);
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int xen_io_evtchn_clear(evtchn_port_t port)
{
    int fd = -1;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].guest_open)
        fd = ports[port].to_guest;
    pthread_mutex_unlock(&lock);
    return fd < 0 ? -EINVAL : efd_clear(fd);
}

int xen_io_evtchn_source(evtchn_port_t port)
{
    int fd = -EINVAL;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].guest_open)
        fd = ports[port].to_guest;
    pthread_mutex_unlock(&lock);
    return fd;
}

int xen_io_xenstore(volatile struct xenstore_domain_interface **ring,
                    evtchn_port_t *port)
{
    if (!store_page)
        return -ENODEV;
    if (ring)
        *ring = store_page;
    if (port)
        *port = store_port;
    return 0;
}

int sim_xenstore_ring(volatile struct xenstore_domain_interface **ring,
                      evtchn_port_t *port)
{
    return xen_io_xenstore(ring, port);
}

/* --- the backend's side ------------------------------------------------ */

void *sim_grant_map(domid_t dom, grant_ref_t ref, bool write, int *err)
{
    uint16_t want = write ? GTF_writing : GTF_reading;
    uint16_t flags;
    uint32_t frame;
    int e = 0;
    void *page = NULL;

    pthread_mutex_lock(&lock);
    if (ref >= SIM_GRANTS) {
        e = -EINVAL;
        goto out;
    }
    flags = __atomic_load_n(&grants[ref].flags, __ATOMIC_ACQUIRE);
    for (;;) {
        if ((flags & GTF_type_mask) != GTF_permit_access ||
            grants[ref].domid != dom) {
            e = -EPERM;
            goto out;
        }
        if (write && (flags & GTF_readonly)) {
            e = -EACCES;
            goto out;
        }
        if (__atomic_compare_exchange_n(&grants[ref].flags, &flags,
                                        (uint16_t)(flags | want), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
    }
    frame = __atomic_load_n(&grants[ref].frame, __ATOMIC_ACQUIRE);
    if (frame < SIM_GFN_BASE || frame - SIM_GFN_BASE >= SIM_PAGES ||
        !page_used[frame - SIM_GFN_BASE]) {
        if (grant_maps[ref][write] == 0)
            __atomic_fetch_and(&grants[ref].flags, (uint16_t)~want,
                               __ATOMIC_ACQ_REL);
        e = -EINVAL;
        goto out;
    }
    grant_maps[ref][write]++;
    page = arena + (size_t)(frame - SIM_GFN_BASE) * 4096;
out:
    pthread_mutex_unlock(&lock);
    if (err)
        *err = e;
    return page;
}

void sim_grant_unmap(grant_ref_t ref, bool write)
{
    uint16_t bit = write ? GTF_writing : GTF_reading;

    pthread_mutex_lock(&lock);
    if (ref < SIM_GRANTS && grant_maps[ref][write] > 0 &&
        --grant_maps[ref][write] == 0)
        __atomic_fetch_and(&grants[ref].flags, (uint16_t)~bit,
                           __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&lock);
}

unsigned sim_grant_mapped(void)
{
    unsigned n = 0;

    pthread_mutex_lock(&lock);
    for (unsigned r = 0; r < SIM_GRANTS; r++)
        n += grant_maps[r][0] + grant_maps[r][1];
    pthread_mutex_unlock(&lock);
    return n;
}

int sim_evtchn_bind(evtchn_port_t port)
{
    int fd = -EINVAL;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].guest_open &&
        !ports[port].bound) {
        ports[port].bound = true;
        fd = ports[port].to_back;
    }
    pthread_mutex_unlock(&lock);
    return fd;
}

void sim_evtchn_unbind(evtchn_port_t port)
{
    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].bound) {
        ports[port].bound = false;
        port_release(&ports[port]);
    }
    pthread_mutex_unlock(&lock);
}

int sim_evtchn_back_clear(evtchn_port_t port)
{
    int fd = -1;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].bound)
        fd = ports[port].to_back;
    pthread_mutex_unlock(&lock);
    return fd < 0 ? -EINVAL : efd_clear(fd);
}

int sim_evtchn_notify_guest(evtchn_port_t port)
{
    int rc = -EINVAL;

    pthread_mutex_lock(&lock);
    if (port > 0 && port < SIM_PORTS && ports[port].bound) {
        /* a guest that closed its side gets nothing */
        if (ports[port].guest_open)
            efd_signal(ports[port].to_guest);
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int sim_service_add(void (*fn)(void *arg), void *arg, int fd)
{
    if (running || nservices == SIM_SERVICES)
        return -ENOSPC;
    services[nservices].fn = fn;
    services[nservices].arg = arg;
    nservices++;
    return fd >= 0 ? sim_wait_fd_add(fd) : 0;
}

int sim_wait_fd_add(int fd)
{
    if (fd < 0)
        return -EINVAL;
    for (unsigned i = 0; i < nwait_fds; i++)
        if (wait_fds[i] == fd)
            return 0;
    if (nwait_fds == SIM_WAIT_FDS)
        return -ENOSPC;
    wait_fds[nwait_fds++] = fd;
    return 0;
}

void sim_wait_fd_del(int fd)
{
    for (unsigned i = 0; i < nwait_fds; i++)
        if (wait_fds[i] == fd) {
            wait_fds[i] = wait_fds[--nwait_fds];
            return;
        }
}

/* The backend thread: waits for a descriptor or a tick, runs services. */
static void *backend_main(void *arg)
{
    (void)arg;
    for (;;) {
        struct pollfd pfd[SIM_WAIT_FDS + 1];
        unsigned n = 0;

        pfd[n++] = (struct pollfd){.fd = stop_fd, .events = POLLIN};
        for (unsigned i = 0; i < nwait_fds; i++)
            pfd[n++] = (struct pollfd){.fd = wait_fds[i], .events = POLLIN};
        (void)poll(pfd, n, (int)(SIM_TICK_NS / 1000000u));
        if (pfd[0].revents)
            break;
        for (unsigned i = 0; i < nservices; i++)
            services[i].fn(services[i].arg);
    }
    return NULL;
}

int sim_start(void)
{
    int rc;

    if (running)
        return 0;
    rc = xen_io_init();
    if (rc != 0)
        return rc;
    store_page = xen_io_page_alloc();
    if (!store_page)
        return -ENOMEM;
    rc = xen_io_evtchn_alloc(SIM_BACK_DOMID, &store_port);
    if (rc != 0)
        return rc;
    rc = sim_store_start();
    if (rc != 0)
        return rc;
    stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (stop_fd < 0)
        return -errno;
    rc = pthread_create(&backend_thread, NULL, backend_main, NULL);
    if (rc != 0)
        return -rc;
    running = true;
    return 0;
}

void sim_stop(void)
{
    if (!running)
        return;
    efd_signal(stop_fd);
    pthread_join(backend_thread, NULL);
    close(stop_fd);
    stop_fd = -1;
    running = false;
}
