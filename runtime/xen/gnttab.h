/* SPDX-License-Identifier: ISC */
/* gnttab.h: granting pages to a backend domain and taking them back. */
#ifndef MIRAGE_XEN_GNTTAB_H
#define MIRAGE_XEN_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "xen_io.h"

/*
 * Entries are taken from a free list of the table (xen_io_grant_table)
 * after the reserved ones. A grant is only given back to the free list
 * once the backend no longer maps it: xen_gnttab_end refuses (-EBUSY)
 * while Xen's GTF_reading or GTF_writing is set, so a reference, or the
 * page behind it, is never reused while a backend can still reach it
 * (the MirageOS MSA02 class of bug: a page granted to two requests).
 */

/*
 * Grants domain (dom) access to frame (gfn), read-only if (readonly).
 * Returns 0 with (*ref) set, -ENOSPC when no entry is free, or -ENODEV
 * when xen_io_init has not succeeded.
 */
int xen_gnttab_grant(domid_t dom, uint64_t gfn, bool readonly,
                     grant_ref_t *ref);

/*
 * Ends grant (ref): the entry is invalidated and freed. Returns 0,
 * -EBUSY when the backend still maps the frame (nothing changed: the
 * caller must keep the page out of use and may try again later), or
 * -EINVAL for a reference that is not one of ours in use.
 */
int xen_gnttab_end(grant_ref_t ref);

/* The number of entries in use (for tests and leak checks). */
uint32_t xen_gnttab_in_use(void);

#endif
