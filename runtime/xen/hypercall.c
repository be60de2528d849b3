/* SPDX-License-Identifier: ISC */
/* hypercall.c: Xen detection, hypercall encodings, PV clock; no asm. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hypercall.h"
#include "ring.h"

/* CPUID leaf 1, ECX bit 31: "running under a hypervisor". */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

int xen_hv_detect_with(struct xen_hv *hv, xen_cpuid_fn cpuid)
{
    uint32_t r[4];

    memset(hv, 0, sizeof(*hv));
    cpuid(1, 0, r);
    if (!(r[2] & CPUID_1_ECX_HYPERVISOR))
        return -ENODEV;
    for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_LAST_BASE;
         base += 0x100) {
        cpuid(base, 0, r);
        if (r[1] != XEN_CPUID_SIGNATURE_EBX ||
            r[2] != XEN_CPUID_SIGNATURE_ECX || r[3] != XEN_CPUID_SIGNATURE_EDX)
            continue;
        /* EAX: the largest Xen leaf; we read up to base+2. */
        if (r[0] < base + 2)
            return -ENODEV;
        hv->base = base;
        hv->max_leaf = r[0];
        cpuid(base + 1, 0, r);
        hv->major = (uint16_t)(r[0] >> 16);
        hv->minor = (uint16_t)(r[0] & 0xffff);
        cpuid(base + 2, 0, r);
        hv->pages = r[0];
        hv->msr = r[1];
        return 0;
    }
    return -ENODEV;
}

int xen_hv_setup_hypercall_page(const struct xen_hv *hv, uint64_t page_phys,
                                xen_wrmsr_fn wrmsr)
{
    if (hv->pages < 1 || page_phys == 0 ||
        (page_phys & (XEN_PAGE_SIZE - 1)) != 0)
        return -EINVAL;
    /* Bits 63:12 the page's frame, bits 11:0 the index of the page. */
    wrmsr(hv->msr, page_phys | 0);
    return 0;
}

long xen_shutdown(unsigned reason)
{
    struct sched_shutdown arg = {.reason = reason};

    return xen_hypercall2(XEN_HYPERCALL_sched_op, SCHEDOP_shutdown,
                          (unsigned long)&arg);
}

unsigned xen_shutdown_reason(int status)
{
    return status == 255 ? SHUTDOWN_crash : SHUTDOWN_poweroff;
}

int xen_exit_message(char *buf, size_t size, int status)
{
    if (size == 0)
        return -EINVAL;
    return snprintf(buf, size, "mirage: exit status %d\n", status);
}

uint64_t xen_poll_timeout(uint64_t deadline_ns, uint64_t origin_ns)
{
    if (deadline_ns > (uint64_t)INT64_MAX ||
        origin_ns > (uint64_t)INT64_MAX - deadline_ns)
        return 0;
    return deadline_ns + origin_ns == 0 ? 1 : deadline_ns + origin_ns;
}

long xen_evtchn_send(evtchn_port_t port)
{
    struct evtchn_send arg = {.port = port};

    return xen_hypercall2(XEN_HYPERCALL_event_channel_op, EVTCHNOP_send,
                          (unsigned long)&arg);
}

int xen_evtchn_test_and_clear(volatile struct xen_shared_info *s,
                              evtchn_port_t port)
{
    const unsigned bits = sizeof(unsigned long) * 8;
    unsigned long bit, old;

    if (port >= XEN_EVTCHN_PORTS)
        return -EINVAL;
    bit = 1ul << (port % bits);
    old = __atomic_fetch_and(&s->evtchn_pending[port / bits], ~bit,
                             __ATOMIC_SEQ_CST);
    return (old & bit) != 0;
}

int xen_evtchn_pending(const volatile struct xen_shared_info *s,
                       evtchn_port_t port)
{
    const unsigned bits = sizeof(unsigned long) * 8;

    if (!s || port >= XEN_EVTCHN_PORTS)
        return 0;
    return (int)((__atomic_load_n(&s->evtchn_pending[port / bits],
                                  __ATOMIC_ACQUIRE) >>
                  (port % bits)) &
                 1u);
}

long xen_hvm_get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param arg = {.domid = DOMID_SELF, .index = index};
    long rc = xen_hypercall2(XEN_HYPERCALL_hvm_op, HVMOP_get_param,
                             (unsigned long)&arg);

    if (rc == 0)
        *value = arg.value;
    return rc;
}

long xen_poll(const evtchn_port_t *ports, unsigned n, uint64_t deadline_ns)
{
    /* Xen only reads the ports. */
    struct sched_poll arg = {
        .ports = (evtchn_port_t *)ports, .nr_ports = n, .timeout = deadline_ns};

    return xen_hypercall2(XEN_HYPERCALL_sched_op, SCHEDOP_poll,
                          (unsigned long)&arg);
}

long xen_map_shared_info(uint64_t gpfn)
{
    struct xen_add_to_physmap arg = {.domid = DOMID_SELF,
                                     .size = 0,
                                     .space = XENMAPSPACE_shared_info,
                                     .idx = 0,
                                     .gpfn = (unsigned long)gpfn};

    return xen_hypercall2(XEN_HYPERCALL_memory_op, XENMEM_add_to_physmap,
                          (unsigned long)&arg);
}

uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
    uint64_t hi, lo;

    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    /* (delta * mul) >> 32 = hi * mul + (lo * mul) >> 32 exactly, since
     * hi * mul * 2^32 has no bits below 2^32. */
    hi = delta >> 32;
    lo = delta & 0xffffffffu;
    return hi * mul + ((lo * mul) >> 32);
}

uint64_t xen_pvclock_ns(const volatile struct vcpu_time_info *t, uint64_t tsc)
{
    uint32_t version, mul;
    uint64_t stamp, system;
    int8_t shift;

    for (;;) {
        version = t->version;
        xen_rmb();
        stamp = t->tsc_timestamp;
        system = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        xen_rmb();
        if (!(version & 1) && t->version == version)
            break;
    }
    if (tsc >= stamp)
        return system + xen_pvclock_scale(tsc - stamp, mul, shift);
    /* A TSC read before Xen's last update. */
    uint64_t back = xen_pvclock_scale(stamp - tsc, mul, shift);
    return back < system ? system - back : 0;
}

int64_t xen_wallclock_ns(const volatile struct xen_shared_info *s,
                         uint64_t system_ns)
{
    uint32_t version, nsec;
    uint64_t sec;

    for (;;) {
        version = s->wc_version;
        xen_rmb();
        sec = (uint64_t)s->wc_sec_hi << 32 | s->wc_sec;
        nsec = s->wc_nsec;
        xen_rmb();
        if (!(version & 1) && s->wc_version == version)
            break;
    }
    return (int64_t)(sec * 1000000000u + nsec + system_ns);
}
