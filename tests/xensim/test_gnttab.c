/* SPDX-License-Identifier: ISC */
/* test_gnttab.c: grants (runtime/xen/gnttab.c) against the simulation. */
#include <errno.h>
#include <stdio.h>

#include "sim.h"
#include "tap.h"
#include "xen/gnttab.h"

int main(void)
{
    grant_ref_t ref, ro, refs[4096];
    void *page = xen_io_page_alloc(), *other = xen_io_page_alloc();
    uint64_t gfn = xen_io_page_gfn(page);
    unsigned n = 0;
    int err = 0, rc;

    TAP_OK(page && other && gfn != 0, "two grantable pages");
    TAP_OK(xen_gnttab_grant(SIM_BACK_DOMID, gfn, false, &ref) == 0,
           "grant a page for writing");
    TAP_OK(ref >= GNTTAB_NR_RESERVED_ENTRIES,
           "the reference is not a reserved entry (%u)", ref);
    TAP_OK(xen_gnttab_in_use() == 1, "one grant in use");

    TAP_OK(sim_grant_map(SIM_BACK_DOMID + 1, ref, false, &err) == NULL &&
               err == -EPERM,
           "another domain cannot map it (%d)", err);
    TAP_OK(sim_grant_map(SIM_BACK_DOMID, ref, true, &err) == page,
           "the backend maps it for writing");
    TAP_OK(xen_gnttab_end(ref) == -EBUSY,
           "ending it while mapped: -EBUSY (never reused while mapped)");
    TAP_OK(xen_gnttab_grant(SIM_BACK_DOMID, gfn, false, &refs[0]) == 0 &&
               refs[0] != ref,
           "a new grant gets another reference");
    TAP_OK(xen_gnttab_end(refs[0]) == 0, "which ends at once");
    sim_grant_unmap(ref, true);
    TAP_OK(sim_grant_mapped() == 0, "the backend unmapped it");
    TAP_OK(xen_gnttab_end(ref) == 0, "then it ends");
    TAP_OK(xen_gnttab_end(ref) == -EINVAL, "ending it again: -EINVAL");
    TAP_OK(xen_gnttab_end(3) == -EINVAL, "ending a reserved entry: -EINVAL");
    TAP_OK(xen_gnttab_end(1u << 30) == -EINVAL,
           "ending a reference out of the table: -EINVAL");
    TAP_OK(sim_grant_map(SIM_BACK_DOMID, ref, false, &err) == NULL &&
               err == -EPERM,
           "an ended grant cannot be mapped (%d)", err);

    TAP_OK(xen_gnttab_grant(SIM_BACK_DOMID, xen_io_page_gfn(other), true,
                            &ro) == 0,
           "grant a page read-only");
    TAP_OK(sim_grant_map(SIM_BACK_DOMID, ro, true, &err) == NULL &&
               err == -EACCES,
           "the backend cannot map it for writing (%d)", err);
    TAP_OK(sim_grant_map(SIM_BACK_DOMID, ro, false, &err) == other,
           "but can for reading");
    TAP_OK(xen_gnttab_end(ro) == -EBUSY, "-EBUSY while mapped for reading");
    sim_grant_unmap(ro, false);
    TAP_OK(xen_gnttab_end(ro) == 0, "ends after the unmap");

    while (n < 4096 &&
           (rc = xen_gnttab_grant(SIM_BACK_DOMID, gfn, false, &refs[n])) == 0)
        n++;
    TAP_OK(rc == -ENOSPC && n > 1000,
           "the table runs out with -ENOSPC after %u grants", n);
    for (unsigned i = 0; i < n; i++)
        if (xen_gnttab_end(refs[i]) != 0)
            TAP_OK(0, "end grant %u", i);
    TAP_OK(xen_gnttab_in_use() == 0, "all grants ended");
    TAP_OK(xen_gnttab_grant(SIM_BACK_DOMID, 1ull << 40, false, &ref) == -EINVAL,
           "a frame beyond 32 bits: -EINVAL");
    xen_io_page_free(page);
    xen_io_page_free(other);
    return tap_done();
}
