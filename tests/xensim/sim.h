/* SPDX-License-Identifier: ISC */
/* sim.h: the simulated Xen backend domain of the hosted frontend tests. */
#ifndef MIRAGE_TESTS_XENSIM_SIM_H
#define MIRAGE_TESTS_XENSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen/xen_io.h"

/*
 * A hosted test program links the frontends of runtime/xen (compiled for
 * the host) with this simulator, which implements xen_io.h (sim_io.c) as
 * the guest's side of a hypervisor, and plays the backend domain in one
 * thread of its own (the "backend thread"): xenstored (sim_store.c),
 * netback (sim_netback.c) and blkback (sim_blkback.c), written from the
 * public io/ interfaces (ring.h, netif.h, blkif.h, xs_wire.h). The guest's
 * grantable pages come from one arena, so a frame number is a page index in it;
 * the backend reaches a page only through sim_grant_map, which checks the grant
 * entry as Xen would. Event channels are pairs of eventfds.
 *
 * Everything the backends and xenstored do runs in the backend thread,
 * one service call after another, so they share no lock. The frontends
 * run in the test's own thread (the unikernel's fibers).
 */

#define SIM_BACK_DOMID  0 /* the backend domain (dom0) */
#define SIM_GUEST_DOMID 7 /* the frontend's domain */

/* --- sim_io.c: the hypervisor ------------------------------------------ */

/*
 * Maps grant (ref) of the guest for backend domain (dom), for writing if
 * (write): checks the entry as Xen does (GTF_permit_access, the domain,
 * GTF_readonly against (write), the frame inside the arena) and sets
 * GTF_reading or GTF_writing while mapped. Returns the page, or NULL with
 * (*err) set (-EINVAL, -EPERM, -EACCES).
 */
void *sim_grant_map(domid_t dom, grant_ref_t ref, bool write, int *err);

/* Unmaps a grant mapped by sim_grant_map with the same (write). */
void sim_grant_unmap(grant_ref_t ref, bool write);

/* Number of grants the backend holds mapped now. */
unsigned sim_grant_mapped(void);

/*
 * Binds guest port (port) (from xen_io_evtchn_alloc, for remote domain
 * SIM_BACK_DOMID) in the backend. Returns the backend's file descriptor,
 * readable while the guest has notified the port, or -EINVAL.
 */
int sim_evtchn_bind(evtchn_port_t port);

/* Unbinds (port) on the backend side (the guest's side stays). */
void sim_evtchn_unbind(evtchn_port_t port);

/* Clears the backend's pending state of (port); 1 if it was pending. */
int sim_evtchn_back_clear(evtchn_port_t port);

/* Notifies the guest on (port) (the backend's EVTCHNOP_send). */
int sim_evtchn_notify_guest(evtchn_port_t port);

/*
 * Registers a service of the backend thread: (fn)(arg) runs after every
 * wake-up of the thread: readability of (fd) (-1: none), or a tick of
 * SIM_TICK_NS. Before sim_start only. Returns 0 or -ENOSPC.
 */
#define SIM_TICK_NS 5000000ull
int sim_service_add(void (*fn)(void *arg), void *arg, int fd);

/* Adds (fd) to the descriptors the backend thread waits on (a service's
 * evtchn from sim_evtchn_bind, say); from the backend thread. */
int sim_wait_fd_add(int fd);
/* Removes it again. */
void sim_wait_fd_del(int fd);

/* Makes the xenstore ring, calls sim_store_start, then starts the
 * backend thread. Add the devices (sim_netback_add, ...) before it.
 * Returns 0 or the error. */
int sim_start(void);

/* Stops the backend thread and waits for it. */
void sim_stop(void);

/*
 * The xenstore ring page and the guest's port of it, made by sim_start
 * before sim_store_start (the same as xen_io_xenstore). sim_store_start
 * binds the port with sim_evtchn_bind. Returns 0 or -ENODEV.
 */
int sim_xenstore_ring(volatile struct xenstore_domain_interface **ring,
                      evtchn_port_t *port);

/* --- sim_store.c: xenstored -------------------------------------------- */

/*
 * The store, a tree of nodes with values, serves the guest over its ring
 * (the xs_wire protocol: read, write, mkdir, rm, directory, transactions
 * with EAGAIN on a conflict, watches with their events) and the backends
 * and the test directly through the calls below (dom0's privilege; they
 * run in the backend thread, or before sim_start; a lock makes them safe
 * from the test's thread too). A relative path of the guest is under
 * /local/domain/SIM_GUEST_DOMID, one of these calls under
 * /local/domain/SIM_BACK_DOMID (dom0's home), as xenstored resolves them:
 * the backends name the guest's nodes by absolute paths. A change made
 * through these calls fires the guest's watches at the store's next
 * service (at most SIM_TICK_NS later).
 */

/* Sets up the ring page and port that xen_io_xenstore hands the guest,
 * and registers the store's service. Called by sim_start. */
int sim_store_start(void);

/* Writes (value) at (path), creating parents. Returns 0 or -errno. */
int sim_store_write(const char *path, const char *value);
/* printf-style sim_store_write. */
int sim_store_printf(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reads (path) into buf[0..cap). Returns its length or -ENOENT/-ERANGE. */
int sim_store_read(const char *path, char *buf, size_t cap);
/* Removes (path) and its children. Returns 0 or -ENOENT. */
int sim_store_rm(const char *path);
/*
 * Test knob: the next (n) transaction commits of the guest fail with
 * EAGAIN, as if another writer had conflicted.
 */
void sim_store_fail_commits(unsigned n);

/* --- the toolstack: devices as xl would create them -------------------- */

/*
 * Writes the frontend and backend directories of vif (devid) as libxl
 * does (state 1 on both sides, the MAC, the backend's features), and
 * starts netback on it, bridged to the tap interface (tap), or to
 * nothing (frames from the guest dropped) when (tap) is NULL.
 */
int sim_netback_add(unsigned devid, const char *mac, const char *tap);

/*
 * The same for vbd (devid) on disk file (path), read-only if (ro),
 * (max_indirect) segments per indirect request offered (0: none).
 */
int sim_blkback_add(unsigned devid, const char *path, bool ro,
                    unsigned max_indirect);

/*
 * Test knob: blkback of vbd (devid) restarts at its next service call (as
 * a backend the toolstack restarted): Closing, its ring unmapped and its
 * event channel unbound, Closed, then InitWait again for a new ring.
 * Callable from any thread. Returns 0 or -ENOENT.
 */
int sim_blkback_restart(unsigned devid);

/* The most requests blkback of vbd (devid) found on its ring at once. */
unsigned sim_blkback_most_pending(unsigned devid);

#endif
