/* SPDX-License-Identifier: ISC */
/* gnttab.c: granting pages to a backend and ending grants safely. */
#include <errno.h>
#include <stdlib.h>

#include "gnttab.h"
#include "ring.h"

/*
 * The free entries form a list threaded through next[]; in_use[] marks
 * the entries granted, so that ending a reference twice, or one never
 * granted, is refused rather than corrupting the list. The table may be
 * smaller than GNTTAB_MAX; only the first GNTTAB_MAX entries are used.
 */

#define GNTTAB_MAX 4096u
#define GNTTAB_END UINT32_MAX

static volatile struct grant_entry_v1 *table;
static uint32_t entries;
static uint32_t next[GNTTAB_MAX];
static unsigned char in_use[GNTTAB_MAX];
static uint32_t free_head = GNTTAB_END;
static uint32_t used;

/* Finds the table and builds the free list, once. */
static int gnttab_setup(void)
{
    uint32_t n = 0;

    if (table)
        return 0;
    if (xen_io_init() != 0)
        return -ENODEV;
    table = xen_io_grant_table(&n);
    if (!table || n <= GNTTAB_NR_RESERVED_ENTRIES) {
        table = NULL;
        return -ENODEV;
    }
    entries = n < GNTTAB_MAX ? n : GNTTAB_MAX;
    for (uint32_t r = entries; r-- > GNTTAB_NR_RESERVED_ENTRIES;) {
        next[r] = free_head;
        free_head = r;
    }
    return 0;
}

int xen_gnttab_grant(domid_t dom, uint64_t gfn, bool readonly, grant_ref_t *ref)
{
    volatile struct grant_entry_v1 *e;
    uint32_t r;
    int rc = gnttab_setup();

    if (rc != 0)
        return rc;
    if (!ref || gfn > UINT32_MAX)
        return -EINVAL;
    if (free_head == GNTTAB_END)
        return -ENOSPC;
    r = free_head;
    free_head = next[r];
    in_use[r] = 1;
    used++;
    e = &table[r];
    e->frame = (uint32_t)gfn;
    e->domid = dom;
    xen_wmb(); /* frame and domain before the flags that validate them */
    e->flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
    *ref = r;
    return 0;
}

int xen_gnttab_end(grant_ref_t ref)
{
    uint16_t *flags;
    uint16_t old;

    if (!table || ref >= entries || !in_use[ref])
        return -EINVAL;
    flags = (uint16_t *)&table[ref].flags;
    old = __atomic_load_n(flags, __ATOMIC_ACQUIRE);
    do {
        /* mapped now: Xen set these and clears them at the unmap */
        if (old & (GTF_reading | GTF_writing))
            return -EBUSY;
    } while (!__atomic_compare_exchange_n(flags, &old, 0, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    in_use[ref] = 0;
    used--;
    next[ref] = free_head;
    free_head = ref;
    return 0;
}

uint32_t xen_gnttab_in_use(void)
{
    return used;
}
