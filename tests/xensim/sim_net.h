/* SPDX-License-Identifier: ISC */
/* sim_net.h: the test's handles on the simulated netback (sim_netback.c). */
#ifndef MIRAGE_TESTS_XENSIM_SIM_NET_H
#define MIRAGE_TESTS_XENSIM_SIM_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Besides a tap (sim_netback_add), a vif can exchange frames with the test
 * itself: sim_netback_inject queues a frame for the guest, and with capture
 * on, the guest's frames are queued for sim_netback_take instead of being
 * dropped. These run in the test's thread; the queues are locked.
 */

/* Frames from the guest of vif (devid) queued for sim_netback_take (on),
 * or dropped (off; the default without a tap). Returns 0 or -ENOENT. */
int sim_netback_capture(unsigned devid, bool on);

/* Queues (frame) for the guest. Returns 0, -ENOENT, -ENOBUFS (queue
 * full) or -ENOMEM. */
int sim_netback_inject(unsigned devid, const void *frame, size_t len);

/* Takes the oldest captured frame of the guest into buf[0..cap). Returns
 * its length, -EAGAIN when none is queued, -EMSGSIZE or -ENOENT. */
int sim_netback_take(unsigned devid, void *buf, size_t cap);

/* Asks the backend of vif (devid) to close (Closing, then Closed when the
 * frontend is Closed). Returns 0 or -ENOENT. */
int sim_netback_close(unsigned devid);

/* What a vif's backend counted. */
struct sim_netback_stats {
    unsigned connects;     /* handshakes that reached Connected */
    uint64_t tx_frames;    /* frames taken from the guest */
    uint64_t tx_slots;     /* their slots */
    uint64_t rx_frames;    /* frames put in the guest's buffers */
    uint64_t rx_slots;     /* their slots */
    uint64_t rx_dropped;   /* frames for which the guest had no room */
    uint64_t guest_errors; /* requests of the guest that were wrong */
    int state;             /* the backend's xenbus state */
};

/* Fills (*st). Returns 0 or -ENOENT. */
int sim_netback_stats(unsigned devid, struct sim_netback_stats *st);

#endif
