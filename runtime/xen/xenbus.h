/* SPDX-License-Identifier: ISC */
/* xenbus.h: a frontend's device in xenstore and its state handshake. */
#ifndef MIRAGE_XEN_XENBUS_H
#define MIRAGE_XEN_XENBUS_H

#include <stddef.h>
#include <stdint.h>

#include "xen_public.h"

/* The states of io/xenbus.h. */
enum xenbus_state {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2,
    XenbusStateInitialised = 3,
    XenbusStateConnected = 4,
    XenbusStateClosing = 5,
    XenbusStateClosed = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured = 8,
};

/* A frontend device: device/KIND/ID and its backend. */
struct xen_xenbus_dev {
    char front[64];  /* "device/vif/0" */
    char back[128];  /* the frontend's "backend" value */
    domid_t back_id; /* the frontend's "backend-id" value */
    unsigned devid;  /* ID */
};

/*
 * Lists the devices of (kind) ("vif", "vbd") in device/KIND, in ascending
 * numeric ID order, and fills (*dev) with the one at position (index)
 * (its backend path and domain read and checked: an absolute path of at
 * most 127 bytes, a domain id below DOMID_FIRST_RESERVED). Returns 0,
 * -ENOENT when there are not that many, or the error.
 */
int xen_xenbus_find(const char *kind, unsigned index,
                    struct xen_xenbus_dev *dev);

/* Reads KEY of the frontend (side 'f') or backend (side 'b') directory
 * into buf[0..cap). Returns as xen_xs_read. */
int xen_xenbus_read(const struct xen_xenbus_dev *dev, char side,
                    const char *key, char *buf, size_t cap);

/* As xen_xenbus_read, an unsigned number. */
int xen_xenbus_read_u64(const struct xen_xenbus_dev *dev, char side,
                        const char *key, uint64_t *value);

/*
 * Reads the backend's state into (*state): XenbusStateUnknown when the
 * node is absent or holds no state (the backend is gone). Returns 0, or
 * the error of a read that failed (-ETIMEDOUT, -EIO, ...), which says
 * nothing about the backend.
 */
int xen_xenbus_backend_state_get(const struct xen_xenbus_dev *dev,
                                 enum xenbus_state *state);

/* The backend's state; XenbusStateUnknown when absent, not a state, or
 * when the read failed. */
enum xenbus_state xen_xenbus_backend_state(const struct xen_xenbus_dev *dev);

/* Writes the frontend's state. Returns 0 or the error. */
int xen_xenbus_set_state(const struct xen_xenbus_dev *dev,
                         enum xenbus_state state);

/*
 * Waits, watching the backend's state, until it is one of the states in
 * bit set (wanted) (1u << state) or the monotonic clock reaches
 * (deadline_ns). Returns the state reached (>= 0), -ETIMEDOUT, or the
 * error.
 */
int xen_xenbus_wait_backend(const struct xen_xenbus_dev *dev, unsigned wanted,
                            uint64_t deadline_ns);

#endif
