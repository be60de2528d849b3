/* SPDX-License-Identifier: ISC */
/* xen_io.h: the hypervisor interface of the PV frontends (Xen or a test). */
#ifndef MIRAGE_XEN_XEN_IO_H
#define MIRAGE_XEN_XEN_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "xen_public.h"

/*
 * The frontends (gnttab.c, xenstore.c, xenbus.c, netfront.c, blkfront.c)
 * reach the hypervisor only through these functions, so that the same
 * driver code compiles into the xen runtime, where xen_io.c implements
 * them with hypercalls and pages of the PVH guest, and into hosted test
 * programs, where tests/xensim/sim_io.c implements them over a simulated
 * backend domain (threads, shared memory, eventfds).
 *
 * Waiting: a frontend waits for port (p) with plat_io_watch(
 * xen_io_evtchn_source(p), PLAT_IO_READ, cond) and mirage_cond_wait; the
 * watch fires while (p) is pending. Events are hints: after a wake-up
 * the frontend calls xen_io_evtchn_clear(p) first, then looks at its
 * rings, so a notification that comes between the look and the next
 * wait stays pending and ends that wait.
 *
 * Errors are negative errno values (Xen's own errors are Linux's values).
 */

/* A grant table entry, version 1 (public/grant_table.h). */
typedef uint32_t grant_ref_t;
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    domid_t domid;  /* the domain allowed to map the frame */
    uint32_t frame; /* the granted frame (gfn) */
};
#define GTF_invalid       0u
#define GTF_permit_access 1u
#define GTF_type_mask     3u
#define GTF_readonly      (1u << 2) /* the grantee may only read */
#define GTF_reading       (1u << 3) /* set by Xen while mapped for reading */
#define GTF_writing       (1u << 4) /* set by Xen while mapped for writing */
/* The first entries belong to the toolstack (console, xenstore). */
#define GNTTAB_NR_RESERVED_ENTRIES 8u

/*
 * Sets the interface up (idempotent): under Xen maps the grant table.
 * Returns 0, or -ENODEV when there is no Xen (the image boots under
 * QEMU): no frontend can work then.
 */
int xen_io_init(void);

/* A zeroed 4 KiB page that may be granted, or NULL when out of memory. */
void *xen_io_page_alloc(void);

/* Frees (page) from xen_io_page_alloc; NULL is harmless. Only once the
 * page's grants have ended (gnttab.h). */
void xen_io_page_free(void *page);

/* The frame number (gfn) of (page) from xen_io_page_alloc, as a grant
 * names it. */
uint64_t xen_io_page_gfn(const void *page);

/* The grant table, v1 entries, shared with the hypervisor; its entry
 * count in (*n). NULL before xen_io_init succeeded. */
volatile struct grant_entry_v1 *xen_io_grant_table(uint32_t *n);

/* Allocates an unbound event channel port that domain (remote) may bind
 * (EVTCHNOP_alloc_unbound). Returns 0 with (*port) set, or the error. */
int xen_io_evtchn_alloc(domid_t remote, evtchn_port_t *port);

/* Closes (port) (EVTCHNOP_close). Returns 0 or the error. */
int xen_io_evtchn_close(evtchn_port_t port);

/* Notifies the other end of (port) (EVTCHNOP_send). Returns 0 or the
 * error. */
int xen_io_evtchn_notify(evtchn_port_t port);

/* Clears the pending state of (port). Returns 1 if it was pending, 0 if
 * not, or -EINVAL for a bad port. */
int xen_io_evtchn_clear(evtchn_port_t port);

/* The I/O source (plat_io_watch) that is readable while (port) is
 * pending, or -EINVAL for a bad port. */
int xen_io_evtchn_source(evtchn_port_t port);

struct xenstore_domain_interface;

/*
 * The xenstore ring page and its event channel port (HVM_PARAM_STORE_PFN
 * and _EVTCHN under Xen). Returns 0, or -ENODEV when there is none.
 */
int xen_io_xenstore(volatile struct xenstore_domain_interface **ring,
                    evtchn_port_t *port);

#endif
