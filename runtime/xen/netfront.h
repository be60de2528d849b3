/* SPDX-License-Identifier: ISC */
/* netfront.h: what netfront.c offers besides plat_net_* (tests, teardown). */
#ifndef MIRAGE_XEN_NETFRONT_H
#define MIRAGE_XEN_NETFRONT_H

#include <stdint.h>

/* What a NIC has counted since it connected. */
struct netfront_stats {
    uint64_t rx_frames, rx_dropped; /* dropped: error status or too long */
    uint64_t tx_frames, tx_errors;  /* errors: a non-OKAY response */
    uint64_t tx_slots;              /* ring slots used by tx_frames */
    uint32_t pages_lost; /* pages kept out of use: their grant could not end */
    int connected;       /* 1 while the device works */
};

/*
 * Fills (*st) for NIC (handle) of plat_net_find. Returns 0 or -EBADF.
 */
int netfront_stats(int handle, struct netfront_stats *st);

/*
 * Disconnects NIC (handle) from its backend (the frontend's Closing, the
 * backend's Closing or Closed awaited, then Closed), ends the grants of
 * its rings and pages (a page whose grant the backend still maps is kept
 * out of use) and closes its event channel. The handle answers -EIO
 * afterwards. Waits for xenstore: call it from a fiber. Returns 0,
 * -EBADF, or the xenstore error (the NIC is disconnected all the same).
 */
int netfront_disconnect(int handle);

#endif
