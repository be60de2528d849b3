/* SPDX-License-Identifier: ISC */
/* xen_io.c: xen_io.h under Xen: hypercalls and pages of the PVH guest. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hypercall.h"
#include "paging.h"
#include "xen.h"
#include "xen_io.h"

/*
 * The grant table's XEN_IO_GRANT_FRAMES frames are placed by Xen on
 * reserved pages of the image's .bss (XENMEM_add_to_physmap of
 * XENMAPSPACE_grant_table, replacing the RAM there), as the shared-info
 * page is. Grantable pages come from the heap (virtual == physical in
 * RAM, so a page's frame is its address >> 12). Ports are Xen's; the I/O
 * source of a port is the port number itself (poll.c watches ports). The
 * xenstore ring is at HVM_PARAM_STORE_PFN, which libxl puts beyond the
 * 1 GiB identity map: paging_map_mmio maps it.
 */

#define XEN_IO_GRANT_FRAMES 8u /* 4096 v1 entries: gnttab.c uses that many */

static unsigned char grant_frames[XEN_IO_GRANT_FRAMES][XEN_PAGE_SIZE]
    __attribute__((aligned(XEN_PAGE_SIZE)));
static int io_state; /* 0: not tried, 1: ready, negative: the failure */
static volatile struct xenstore_domain_interface *store_ring;
static evtchn_port_t store_port;

/* Places the grant table's frames (XENMAPSPACE_grant_table). */
static int map_grant_table(void)
{
    for (unsigned i = 0; i < XEN_IO_GRANT_FRAMES; i++) {
        struct xen_add_to_physmap arg = {.domid = DOMID_SELF,
                                         .space = XENMAPSPACE_grant_table,
                                         .idx = i,
                                         .gpfn = (uintptr_t)grant_frames[i] >>
                                                 XEN_PAGE_SHIFT};
        long rc = xen_hypercall2(XEN_HYPERCALL_memory_op, XENMEM_add_to_physmap,
                                 (unsigned long)&arg);

        if (rc != 0)
            return (int)rc;
    }
    return 0;
}

/* Finds and maps the xenstore ring (HVM params). */
static int map_store(void)
{
    uint64_t pfn = 0, evtchn = 0;

    if (xen_hvm_get_param(HVM_PARAM_STORE_PFN, &pfn) != 0 ||
        xen_hvm_get_param(HVM_PARAM_STORE_EVTCHN, &evtchn) != 0 || pfn == 0 ||
        evtchn == 0 || evtchn >= XEN_EVTCHN_PORTS ||
        pfn > (UINT64_MAX >> XEN_PAGE_SHIFT))
        return -ENODEV;
    if (paging_map_mmio(pfn << XEN_PAGE_SHIFT, XEN_PAGE_SIZE) != 0)
        return -ENODEV;
    store_ring = (volatile struct xenstore_domain_interface
                      *)(uintptr_t)(pfn << XEN_PAGE_SHIFT);
    store_port = (evtchn_port_t)evtchn;
    return 0;
}

int xen_io_init(void)
{
    if (io_state == 0) {
        if (!xen_pv_active())
            io_state = -ENODEV;
        else if (map_grant_table() != 0)
            io_state = -ENODEV;
        else
            io_state = 1;
        if (io_state == 1)
            (void)map_store(); /* xen_io_xenstore reports its absence */
    }
    return io_state == 1 ? 0 : io_state;
}

void *xen_io_page_alloc(void)
{
    void *page = aligned_alloc(XEN_PAGE_SIZE, XEN_PAGE_SIZE);

    if (page)
        memset(page, 0, XEN_PAGE_SIZE);
    return page;
}

void xen_io_page_free(void *page)
{
    free(page);
}

uint64_t xen_io_page_gfn(const void *page)
{
    return (uintptr_t)page >> XEN_PAGE_SHIFT;
}

volatile struct grant_entry_v1 *xen_io_grant_table(uint32_t *n)
{
    if (xen_io_init() != 0)
        return NULL;
    if (n)
        *n =
            XEN_IO_GRANT_FRAMES * XEN_PAGE_SIZE / sizeof(struct grant_entry_v1);
    return (volatile struct grant_entry_v1 *)grant_frames;
}

int xen_io_evtchn_alloc(domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound arg = {.dom = DOMID_SELF, .remote_dom = remote};
    long rc;

    if (!port)
        return -EINVAL;
    if (xen_io_init() != 0)
        return -ENODEV;
    rc = xen_hypercall2(XEN_HYPERCALL_event_channel_op, EVTCHNOP_alloc_unbound,
                        (unsigned long)&arg);
    if (rc != 0)
        return (int)rc;
    if (arg.port == 0 || arg.port >= XEN_EVTCHN_PORTS)
        return -EIO;
    *port = arg.port;
    return 0;
}

int xen_io_evtchn_close(evtchn_port_t port)
{
    struct evtchn_close arg = {.port = port};

    if (xen_io_init() != 0)
        return -ENODEV;
    return (int)xen_hypercall2(XEN_HYPERCALL_event_channel_op, EVTCHNOP_close,
                               (unsigned long)&arg);
}

int xen_io_evtchn_notify(evtchn_port_t port)
{
    if (xen_io_init() != 0)
        return -ENODEV;
    return (int)xen_evtchn_send(port);
}

int xen_io_evtchn_clear(evtchn_port_t port)
{
    if (xen_io_init() != 0)
        return -ENODEV;
    return xen_evtchn_test_and_clear(xen_pv_shared_info(), port);
}

int xen_io_evtchn_source(evtchn_port_t port)
{
    if (port == 0 || port >= XEN_EVTCHN_PORTS)
        return -EINVAL;
    return (int)port;
}

int xen_io_xenstore(volatile struct xenstore_domain_interface **ring,
                    evtchn_port_t *port)
{
    if (xen_io_init() != 0 || !store_ring)
        return -ENODEV;
    if (ring)
        *ring = store_ring;
    if (port)
        *port = store_port;
    return 0;
}
