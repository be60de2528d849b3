/* SPDX-License-Identifier: ISC */
/* stack_socket_handle.c: socket handles: waiting for I/O, closing. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "platform.h"
#include "stack_socket.h"

struct stack_socket_handle *stack_socket_handle_new(struct mirage_stack *dev)
{
    struct stack_socket_handle *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    /* the three public views share their one field */
    h->pub.flow.stack = dev;
    h->fds[0] = h->fds[1] = -1;
    h->cond = (struct mirage_cond)MIRAGE_COND_INIT;
    return h;
}

void stack_socket_handle_close(struct stack_socket_handle *h)
{
    /* a watched descriptor must never outlive its close */
    for (int i = 0; i < h->nfds; i++) {
        plat_io_unwatch(h->fds[i]);
        close(h->fds[i]);
        h->fds[i] = -1;
    }
    h->nfds = 0;
    if (h->busy == 0) {
        free(h);
        return;
    }
    h->closed = true;
    mirage_cond_broadcast(&h->cond);
}

uint64_t stack_socket_deadline(uint64_t timeout_ns)
{
    uint64_t now;

    if (timeout_ns == MIRAGE_FOREVER)
        return PLAT_FOREVER;
    now = plat_clock_monotonic_ns();
    return timeout_ns >= PLAT_FOREVER - now ? PLAT_FOREVER - 1
                                            : now + timeout_ns;
}

/* Arms the watches of (h) for what its waiting fibers want. */
static int arm(struct stack_socket_handle *h)
{
    unsigned events =
        (h->readers ? PLAT_IO_READ : 0u) | (h->writers ? PLAT_IO_WRITE : 0u);

    for (int i = 0; i < h->nfds; i++) {
        int rc = plat_io_watch(h->fds[i], events, &h->cond);

        if (rc < 0)
            return rc;
    }
    return 0;
}

int stack_socket_wait(struct stack_socket_handle *h, unsigned events,
                      uint64_t deadline)
{
    uint64_t timeout = MIRAGE_FOREVER;
    int rc;

    if (deadline != PLAT_FOREVER) {
        uint64_t now = plat_clock_monotonic_ns();

        if (now >= deadline)
            return -ETIMEDOUT;
        timeout = deadline - now;
    }
    if (events & PLAT_IO_READ)
        h->readers++;
    if (events & PLAT_IO_WRITE)
        h->writers++;
    rc = arm(h);
    if (rc == 0) {
        h->busy++;
        rc = mirage_cond_wait(&h->cond, timeout);
        h->busy--;
    }
    if (events & PLAT_IO_READ)
        h->readers--;
    if (events & PLAT_IO_WRITE)
        h->writers--;
    if (h->closed) {
        if (h->busy == 0)
            free(h);
        return -EBADF;
    }
    return rc;
}
