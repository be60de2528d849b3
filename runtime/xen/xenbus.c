/* SPDX-License-Identifier: ISC */
/* xenbus.c: a frontend's device in xenstore and its state handshake. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/log.h>

#include "platform.h"
#include "xenbus.h"
#include "xenstore.h"
#include "xs_proto.h"

MIRAGE_LOG_SOURCE(xenbus_log, "xenbus", "Xen frontend devices in xenstore");

/* xen.h: the first domain id that names no domain (DOMID_SELF and up). */
#ifndef DOMID_FIRST_RESERVED
#define DOMID_FIRST_RESERVED 0x7FF0u
#endif

#define XENBUS_MAX_DEVS 64 /* devices of one kind looked at */

int xen_xenbus_find(const char *kind, unsigned index,
                    struct xen_xenbus_dev *dev)
{
    char dir[48], list[1024], path[96];
    unsigned ids[XENBUS_MAX_DEVS], n = 0;
    uint64_t v;
    int len, rc;

    if (snprintf(dir, sizeof(dir), "device/%s", kind) >= (int)sizeof(dir))
        return -EINVAL;
    len = xen_xs_directory(0, dir, list, sizeof(list));
    if (len < 0)
        return len;
    for (int off = 0; off < len; off += (int)strlen(list + off) + 1) {
        const char *name = list + off;

        if (xs_parse_u64(name, strlen(name), &v) != 0 || v > UINT32_MAX) {
            mirage_log(&xenbus_log, MIRAGE_LOG_DEBUG,
                       "%s/%s is not a device id: skipped", dir, name);
            continue;
        }
        if (n == XENBUS_MAX_DEVS)
            break;
        /* Insertion in ascending order. */
        unsigned i = n++;
        while (i > 0 && ids[i - 1] > v) {
            ids[i] = ids[i - 1];
            i--;
        }
        ids[i] = (unsigned)v;
    }
    if (index >= n)
        return -ENOENT;
    memset(dev, 0, sizeof(*dev));
    dev->devid = ids[index];
    if (snprintf(dev->front, sizeof(dev->front), "%s/%u", dir, dev->devid) >=
        (int)sizeof(dev->front))
        return -EINVAL;
    snprintf(path, sizeof(path), "%s/backend", dev->front);
    rc = xen_xs_read(0, path, dev->back, sizeof(dev->back));
    if (rc == -ERANGE || (rc >= 0 && (rc == 0 || dev->back[0] != '/' ||
                                      strlen(dev->back) != (size_t)rc))) {
        mirage_log(&xenbus_log, MIRAGE_LOG_ERROR, "%s: bad backend path",
                   dev->front);
        return -EIO;
    }
    if (rc < 0)
        return rc;
    snprintf(path, sizeof(path), "%s/backend-id", dev->front);
    rc = xen_xs_read_u64(0, path, &v);
    if (rc == 0 && v >= DOMID_FIRST_RESERVED)
        rc = -EINVAL;
    if (rc == -EINVAL) {
        mirage_log(&xenbus_log, MIRAGE_LOG_ERROR, "%s: bad backend-id",
                   dev->front);
        return -EIO;
    }
    if (rc != 0)
        return rc;
    dev->back_id = (domid_t)v;
    return 0;
}

/* The path of KEY of (dev)'s side (side) into path[0..cap). */
static int key_path(const struct xen_xenbus_dev *dev, char side,
                    const char *key, char *path, size_t cap)
{
    const char *base = side == 'b' ? dev->back : dev->front;

    if (side != 'b' && side != 'f')
        return -EINVAL;
    if (snprintf(path, cap, "%s/%s", base, key) >= (int)cap)
        return -E2BIG;
    return 0;
}

int xen_xenbus_read(const struct xen_xenbus_dev *dev, char side,
                    const char *key, char *buf, size_t cap)
{
    char path[256];
    int rc = key_path(dev, side, key, path, sizeof(path));

    return rc != 0 ? rc : xen_xs_read(0, path, buf, cap);
}

int xen_xenbus_read_u64(const struct xen_xenbus_dev *dev, char side,
                        const char *key, uint64_t *value)
{
    char path[256];
    int rc = key_path(dev, side, key, path, sizeof(path));

    return rc != 0 ? rc : xen_xs_read_u64(0, path, value);
}

int xen_xenbus_backend_state_get(const struct xen_xenbus_dev *dev,
                                 enum xenbus_state *state)
{
    uint64_t v;
    int rc = xen_xenbus_read_u64(dev, 'b', "state", &v);

    if (rc == -ENOENT || rc == -EINVAL ||
        (rc == 0 && v > XenbusStateReconfigured))
        v = XenbusStateUnknown; /* read, and no state: the backend is gone */
    else if (rc != 0)
        return rc;
    *state = (enum xenbus_state)v;
    return 0;
}

enum xenbus_state xen_xenbus_backend_state(const struct xen_xenbus_dev *dev)
{
    enum xenbus_state s;

    return xen_xenbus_backend_state_get(dev, &s) == 0 ? s : XenbusStateUnknown;
}

int xen_xenbus_set_state(const struct xen_xenbus_dev *dev,
                         enum xenbus_state state)
{
    char path[256], value[4];
    int rc = key_path(dev, 'f', "state", path, sizeof(path));

    if (rc != 0)
        return rc;
    snprintf(value, sizeof(value), "%u", (unsigned)state);
    return xen_xs_write(0, path, value);
}

int xen_xenbus_wait_backend(const struct xen_xenbus_dev *dev, unsigned wanted,
                            uint64_t deadline_ns)
{
    static unsigned serial;
    char path[256], token[96];
    int rc = key_path(dev, 'b', "state", path, sizeof(path));

    if (rc != 0)
        return rc;
    /* A token of its own: fibers may wait on one device at once. */
    if (snprintf(token, sizeof(token), "xenbus/%u/%s", ++serial, dev->front) >=
        64)
        snprintf(token, sizeof(token), "xenbus/%u", serial);
    rc = xen_xs_watch(path, token);
    if (rc != 0)
        return rc;
    for (;;) {
        enum xenbus_state s = xen_xenbus_backend_state(dev);

        if (wanted & (1u << s)) {
            rc = (int)s;
            break;
        }
        /* a backend that keeps writing other states cannot hold us */
        if (plat_clock_monotonic_ns() >= deadline_ns) {
            rc = -ETIMEDOUT;
            break;
        }
        rc = xen_xs_wait_watch(token, deadline_ns, NULL, 0);
        if (rc == -ENOBUFS)
            rc = 0; /* events lost: the state is read again anyway */
        if (rc != 0)
            break;
    }
    (void)xen_xs_unwatch(path, token);
    return rc;
}
