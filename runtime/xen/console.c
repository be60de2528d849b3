/* SPDX-License-Identifier: ISC */
/* console.c: unikernel output and diagnostics on Xen's PV console ring. */
#include <stdbool.h>

#include "hypercall.h"
#include "paging.h"
#include "pvcons.h"
#include "ring.h"
#include "xen.h"

/*
 * One console: output and runtime diagnostics go to the same place (under
 * QEMU the 16550: choose.c). Under Xen, the PV console ring, bytes
 * unchanged (there is no emulated UART in a PVH domain). Until xen_console_init
 * has mapped the ring, the bytes wait in an early buffer. A full ring is waited
 * for with SCHEDOP_poll on the console's event channel, in slices of
 * WAIT_SLICE_NS (in case the backend does not notify), giving up after
 * WAIT_GIVE_UP_NS: the console is then "stuck", and later writes keep
 * only what fits until the backend has made room again.
 */
#define WAIT_SLICE_NS   10000000ull   /* 10 ms */
#define WAIT_GIVE_UP_NS 2000000000ull /* 2 s */

static struct xen_pvcons_early early;
static volatile struct xencons_interface *ring;
static evtchn_port_t port;
static bool stuck;

static void ring_notify(void *ctx)
{
    (void)ctx;
    xen_evtchn_send(port);
}

/* Until the backend's next notification, or the end of a slice. */
static void ring_wait_event(uint64_t until_ns)
{
    uint64_t now = xen_pv_system_ns();
    uint64_t slice = now + WAIT_SLICE_NS;

    xen_poll(&port, 1, slice < until_ns ? slice : until_ns);
    xen_evtchn_test_and_clear(xen_pv_shared_info(), port);
}

/* (ctx): the give-up time, 0 until the first wait of a write. */
static int ring_wait(void *ctx)
{
    uint64_t *give_up = ctx;
    uint64_t now;

    if (stuck)
        return 1;
    now = xen_pv_system_ns();
    if (*give_up == 0)
        *give_up = now + WAIT_GIVE_UP_NS;
    if (now >= *give_up) {
        stuck = true;
        return 1;
    }
    ring_wait_event(*give_up);
    return 0;
}

static size_t ring_used(void)
{
    return xen_ring_used(xen_read_idx(&ring->out_prod),
                         xen_read_idx(&ring->out_cons), sizeof(ring->out));
}

static void ring_write(void *ctx, const char *buf, size_t len)
{
    uint64_t give_up = 0;

    (void)ctx;
    if (stuck && ring_used() < sizeof(ring->out))
        stuck = false; /* the backend is reading again */
    xen_pvcons_write_all(ring, buf, len, ring_notify, ring_wait, &give_up);
}

void xen_console_write(const char *buf, size_t len)
{
    if (ring)
        ring_write(NULL, buf, len);
    else
        xen_pvcons_early_put(&early, buf, len);
}

void xen_console_init(void)
{
    uint64_t pfn, evtchn, phys;

    if (ring)
        return;
    if (xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &pfn) != 0 ||
        xen_hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) != 0 || pfn == 0 ||
        evtchn == 0 || evtchn >= XEN_EVTCHN_PORTS ||
        pfn > (UINT64_MAX >> XEN_PAGE_SHIFT))
        return;
    phys = pfn << XEN_PAGE_SHIFT;
    /* below 1 GiB: already identity-mapped; above 4 GiB: -EINVAL */
    if (paging_map_mmio(phys, XEN_PAGE_SIZE) != 0)
        return;
    port = (evtchn_port_t)evtchn;
    ring = (volatile struct xencons_interface *)(uintptr_t)phys;
    xen_pvcons_early_flush(&early, ring_write, NULL);
}

void xen_console_drain(uint64_t timeout_ns)
{
    uint64_t until;

    if (!ring)
        return;
    until = xen_pv_system_ns() + timeout_ns;
    while (!stuck && ring_used() != 0 && xen_pv_system_ns() < until)
        ring_wait_event(until);
}
