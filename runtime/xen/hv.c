/* SPDX-License-Identifier: ISC */
/* hv.c: whether Xen booted the image: the one place that decides it. */
#include <stdbool.h>
#include <stddef.h>

#include "hypercall.h"
#include "xen.h"

/*
 * The same image boots under QEMU (-kernel) and under Xen (PVH). At boot
 * xen_pv_init looks for Xen's CPUID leaves; when it finds them and both
 * the hypercall page and the shared-info page are set up, the PV paths
 * (console ring, PV clock, SCHEDOP_poll, SCHEDOP_shutdown) are used from
 * then on, else the emulated devices (16550, CMOS RTC, local APIC timer,
 * isa-debug-exit: runtime/pc) as before. Nothing else probes for Xen,
 * and only choose.c asks the answer.
 */
static bool on_xen;
static volatile struct xen_shared_info *shared_info;

void xen_pv_init(void)
{
    struct xen_hv hv;

    if (xen_hv_detect(&hv) != 0)
        return;
    /* virtual == physical: the image is identity-mapped */
    if (xen_hv_init_hypercall_page(&hv, (uintptr_t)xen_hypercall_page) != 0)
        return;
    shared_info = xen_shared_info_init();
    if (!shared_info)
        return;
    /* No event upcalls: this runtime polls (SCHEDOP_poll), with
     * interrupts off outside its waits. */
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    on_xen = true;
}

bool xen_pv_active(void)
{
    return on_xen;
}

volatile struct xen_shared_info *xen_pv_shared_info(void)
{
    return on_xen ? shared_info : NULL;
}

uint64_t xen_pv_system_ns(void)
{
    return xen_system_time_ns(&shared_info->vcpu_info[0].time);
}
