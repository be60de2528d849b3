/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline or for I/O; one-shot watches on epoll(7). */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include <mirage/fiber.h>

#include "platform.h"

/* The most events taken from the kernel by one plat_poll. */
#define POLL_BATCH 64

/* The watch of one file descriptor. */
struct watch {
    struct mirage_cond *cond; /* broadcast when it fires */
    bool added;               /* known to the epoll instance */
    bool armed;               /* waiting to fire */
};

static int epoll_fd = -1;
static struct watch *watches; /* indexed by file descriptor */
static size_t nwatches;       /* entries of (watches) */
static size_t narmed;         /* armed watches */

/* Makes (watches) hold descriptor (fd); 0 or -ENOMEM. */
static int make_room(int fd)
{
    size_t n = nwatches ? nwatches : 64;
    struct watch *w;

    while (n <= (size_t)fd)
        n *= 2;
    w = realloc(watches, n * sizeof(*w));
    if (!w)
        return -ENOMEM;
    memset(w + nwatches, 0, (n - nwatches) * sizeof(*w));
    watches = w;
    nwatches = n;
    return 0;
}

/* Tells the epoll instance about (fd) with (ev), whatever it knew. */
static int epoll_set(struct watch *w, int fd, struct epoll_event *ev)
{
    int op = w->added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

    if (epoll_ctl(epoll_fd, op, fd, ev) == 0)
        return 0;
    /* a descriptor closed and reused, or added by another watch */
    if (op == EPOLL_CTL_MOD && errno == ENOENT)
        op = EPOLL_CTL_ADD;
    else if (op == EPOLL_CTL_ADD && errno == EEXIST)
        op = EPOLL_CTL_MOD;
    else
        return -errno;
    return epoll_ctl(epoll_fd, op, fd, ev) == 0 ? 0 : -errno;
}

int plat_io_watch(int source, unsigned events, struct mirage_cond *cond)
{
    struct epoll_event ev;
    struct watch *w;
    int rc;

    if (source < 0 || !cond || (events & (PLAT_IO_READ | PLAT_IO_WRITE)) == 0)
        return -EINVAL;
    if (epoll_fd < 0) {
        epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd < 0)
            return -errno;
    }
    if ((size_t)source >= nwatches && make_room(source) != 0)
        return -ENOMEM;
    w = &watches[source];
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLONESHOT;
    if (events & PLAT_IO_READ)
        ev.events |= EPOLLIN | EPOLLRDHUP;
    if (events & PLAT_IO_WRITE)
        ev.events |= EPOLLOUT;
    ev.data.fd = source;
    rc = epoll_set(w, source, &ev);
    if (rc != 0)
        return rc;
    w->added = true;
    w->cond = cond;
    if (!w->armed) {
        w->armed = true;
        narmed++;
    }
    return 0;
}

int plat_io_unwatch(int source)
{
    struct watch *w;

    if (source < 0 || (size_t)source >= nwatches || !watches[source].added)
        return -ENOENT;
    w = &watches[source];
    /* fails harmlessly if (source) was closed already */
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, source, NULL);
    if (w->armed)
        narmed--;
    memset(w, 0, sizeof(*w));
    return 0;
}

/* Disarms the watches that the kernel reports ready; wakes their fibers. */
static int fire_ready(void)
{
    struct epoll_event evs[POLL_BATCH];
    int n = epoll_wait(epoll_fd, evs, POLL_BATCH, 0), fired = 0;

    for (int i = 0; i < n; i++) {
        int fd = evs[i].data.fd;
        struct watch *w;

        if (fd < 0 || (size_t)fd >= nwatches || !watches[fd].armed)
            continue;
        w = &watches[fd];
        w->armed = false;
        narmed--;
        mirage_cond_broadcast(w->cond);
        fired++;
    }
    return fired;
}

int plat_poll(uint64_t deadline_ns)
{
    struct pollfd p;
    struct timespec ts, *timeout = NULL;

    if (narmed == 0) {
        if (deadline_ns == PLAT_FOREVER)
            return -EDEADLK;
        if (deadline_ns != 0)
            plat_sleep_until_ns(deadline_ns);
        return 0;
    }
    if (deadline_ns != PLAT_FOREVER) {
        uint64_t now = deadline_ns ? plat_clock_monotonic_ns() : 0;
        uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
        uint64_t secs = left / 1000000000;

        /* a 32-bit time_t: wait 68 years at most */
        if (sizeof(time_t) < sizeof(uint64_t) && secs > INT32_MAX)
            secs = INT32_MAX;
        ts.tv_sec = (time_t)secs;
        ts.tv_nsec = (long)(left % 1000000000);
        timeout = &ts;
    }
    /* ppoll for its nanosecond timeout; the epoll instance is readable when
     * one of its descriptors is ready. EINTR just returns early. */
    p.fd = epoll_fd;
    p.events = POLLIN;
    p.revents = 0;
    if (ppoll(&p, 1, timeout, NULL) <= 0)
        return 0;
    return fire_ready();
}
