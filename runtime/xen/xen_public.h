/* SPDX-License-Identifier: ISC */
/* xen_public.h: the parts of Xen's guest ABI (x86-64) that runtime/xen uses. */
#ifndef MIRAGE_XEN_XEN_PUBLIC_H
#define MIRAGE_XEN_XEN_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Written for this project from the definitions of Xen's public headers
 * (xen/include/public/...), which the comments name. Only the 64-bit
 * layouts: the image is an x86-64 PVH kernel, and Xen latches the 64-bit
 * shared-info format because every hypercall is made in 64-bit mode. The
 * _Static_asserts pin each layout that Xen reads or writes.
 */

/* arch-x86/cpuid.h: the Xen leaves sit at the first free 0x100-aligned
 * base from XEN_CPUID_FIRST_LEAF (0x40000100 when Viridian is on). */
#define XEN_CPUID_FIRST_LEAF    0x40000000u
#define XEN_CPUID_LAST_BASE     0x40010000u /* scan bound (exclusive) */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */
/* Leaf base+0: EAX = largest Xen leaf; base+1: EAX = major << 16 | minor;
 * base+2: EAX = hypercall pages, EBX = MSR that installs them. */

/* xen.h: hypercall numbers (`enum hypercall_num`), there spelled
 * __HYPERVISOR_NAME: a name that C reserves, hence XEN_HYPERCALL_NAME. */
#define XEN_HYPERCALL_memory_op        12
#define XEN_HYPERCALL_vcpu_op          24
#define XEN_HYPERCALL_sched_op         29
#define XEN_HYPERCALL_event_channel_op 32
#define XEN_HYPERCALL_hvm_op           34

/* arch-x86/xen-x86_64.h: "call hypercall_page + hypercall-number * 32";
 * arguments in rdi, rsi, rdx, r10, r8, r9; result in rax; argument
 * registers clobbered. */
#define XEN_HYPERCALL_ENTRY_SIZE 32
#define XEN_PAGE_SIZE            4096
#define XEN_PAGE_SHIFT           12

/* xen.h: DOMID_SELF, the calling domain. */
#define DOMID_SELF 0x7FF0u
typedef uint16_t domid_t;

/* xen.h: VIRQ_TIMER, the per-vCPU virtual interrupt of the vCPU timers. */
#define VIRQ_TIMER 0

/* sched.h: commands of XEN_HYPERCALL_sched_op and shutdown reasons. */
#define SCHEDOP_yield     0
#define SCHEDOP_block     1
#define SCHEDOP_shutdown  2
#define SCHEDOP_poll      3
#define SHUTDOWN_poweroff 0 /* exited normally */
#define SHUTDOWN_reboot   1
#define SHUTDOWN_suspend  2
#define SHUTDOWN_crash    3 /* "tell controller we've crashed" */

/* sched.h: struct sched_shutdown, the argument of SCHEDOP_shutdown. */
struct sched_shutdown {
    unsigned int reason; /* SHUTDOWN_* */
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown");

/* event_channel.h: evtchn_port_t. */
typedef uint32_t evtchn_port_t;

/* sched.h: struct sched_poll, the argument of SCHEDOP_poll: block until
 * one of (ports) is pending or Xen's system time reaches (timeout), an
 * absolute time in ns (0: no timeout). At most 128 ports. */
struct sched_poll {
    evtchn_port_t *ports; /* XEN_GUEST_HANDLE(evtchn_port_t) */
    unsigned int nr_ports;
    uint64_t timeout;
};
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll");
_Static_assert(offsetof(struct sched_poll, nr_ports) == 8, "sched_poll");
_Static_assert(offsetof(struct sched_poll, timeout) == 16, "sched_poll");

/* event_channel.h: commands of XEN_HYPERCALL_event_channel_op. */
#define EVTCHNOP_bind_virq     1
#define EVTCHNOP_close         3
#define EVTCHNOP_send          4
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_unmask        9

/* event_channel.h: struct evtchn_alloc_unbound, a port of (dom) that
 * (remote_dom) may bind; (port) is an output. */
struct evtchn_alloc_unbound {
    domid_t dom;
    domid_t remote_dom;
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8,
               "evtchn_alloc_unbound");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4,
               "evtchn_alloc_unbound");

/* event_channel.h: struct evtchn_close. */
struct evtchn_close {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_close) == 4, "evtchn_close");

/* event_channel.h: struct evtchn_send, notify the remote end of (port). */
struct evtchn_send {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_send) == 4, "evtchn_send");

/* event_channel.h: struct evtchn_bind_virq; (port) is an output. */
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "evtchn_bind_virq");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8,
               "evtchn_bind_virq");

/* event_channel.h: struct evtchn_unmask. */
struct evtchn_unmask {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_unmask) == 4, "evtchn_unmask");

/* hvm/hvm_op.h: commands of XEN_HYPERCALL_hvm_op, struct xen_hvm_param. */
#define HVMOP_set_param 0
#define HVMOP_get_param 1
struct xen_hvm_param {
    domid_t domid;  /* IN */
    uint32_t index; /* IN: HVM_PARAM_* */
    uint64_t value; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param");
_Static_assert(offsetof(struct xen_hvm_param, index) == 4, "xen_hvm_param");
_Static_assert(offsetof(struct xen_hvm_param, value) == 8, "xen_hvm_param");

/* hvm/params.h: the console ring's page frame and event channel. */
#define HVM_PARAM_STORE_PFN      1 /* the xenstore ring's frame */
#define HVM_PARAM_STORE_EVTCHN   2 /* and its event channel */
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

/* vcpu.h: commands of XEN_HYPERCALL_vcpu_op (cmd, vcpuid, extra_args).
 * NB: VCPUOP_set_singleshot_timer is 8; 6 is set_periodic_timer. */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9

/* vcpu.h: struct vcpu_set_singleshot_timer. */
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* absolute Xen system time, ns */
    uint32_t flags;          /* VCPU_SSHOTTMR_* */
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16,
               "vcpu_set_singleshot_timer");
_Static_assert(offsetof(struct vcpu_set_singleshot_timer, flags) == 8,
               "vcpu_set_singleshot_timer");
/* vcpu.h: fail with -ETIME if the timeout has passed. */
#define VCPU_SSHOTTMR_future (1u << 0)

/* memory.h: XENMEM_add_to_physmap of XENMAPSPACE_shared_info places the
 * shared-info page at guest frame (gpfn). */
#define XENMEM_add_to_physmap   7
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1 /* idx: the table's frame number */
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;      /* for XENMAPSPACE_gmfn_range only */
    unsigned int space; /* XENMAPSPACE_* */
    unsigned long idx;  /* xen_ulong_t */
    unsigned long gpfn; /* xen_pfn_t */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap");
_Static_assert(offsetof(struct xen_add_to_physmap, space) == 4,
               "xen_add_to_physmap");
_Static_assert(offsetof(struct xen_add_to_physmap, idx) == 8,
               "xen_add_to_physmap");
_Static_assert(offsetof(struct xen_add_to_physmap, gpfn) == 16,
               "xen_add_to_physmap");

/*
 * xen.h: struct vcpu_time_info. Xen's system time (ns since the domain's
 * boot) is system_time + ((((tsc - tsc_timestamp) << tsc_shift) *
 * tsc_to_system_mul) >> 32), a negative tsc_shift shifting right. Xen
 * makes (version) odd while it updates the other fields.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    int8_t pad1[3];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info");
_Static_assert(offsetof(struct vcpu_time_info, tsc_timestamp) == 8,
               "vcpu_time_info");
_Static_assert(offsetof(struct vcpu_time_info, system_time) == 16,
               "vcpu_time_info");
_Static_assert(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24,
               "vcpu_time_info");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28,
               "vcpu_time_info");

/* xen.h: struct vcpu_info, with arch-x86/xen-x86_64.h's arch_vcpu_info. */
struct xen_vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    unsigned long evtchn_pending_sel; /* xen_ulong_t */
    unsigned long arch_cr2;           /* struct arch_vcpu_info { cr2; pad } */
    unsigned long arch_pad;
    struct vcpu_time_info time;
};
_Static_assert(sizeof(struct xen_vcpu_info) == 64, "vcpu_info");
_Static_assert(offsetof(struct xen_vcpu_info, evtchn_pending_sel) == 8,
               "vcpu_info");
_Static_assert(offsetof(struct xen_vcpu_info, time) == 32, "vcpu_info");

/* arch-x86/xen.h: XEN_LEGACY_MAX_VCPUS, the vcpu_info slots of the page. */
#define XEN_LEGACY_MAX_VCPUS 32
/* xen.h: 2-level event channels: one pending and one mask bit per port. */
#define XEN_EVTCHN_WORDS (sizeof(unsigned long) * 8)
#define XEN_EVTCHN_PORTS (XEN_EVTCHN_WORDS * sizeof(unsigned long) * 8)

/*
 * xen.h: struct shared_info (64-bit guest: wc_sec_hi follows wc_nsec),
 * with arch-x86/xen.h's struct arch_shared_info. Wall-clock time at Xen
 * system time 0 is wc_sec_hi:wc_sec seconds + wc_nsec ns since the Unix
 * epoch; Xen makes wc_version odd while updating them.
 */
struct xen_shared_info {
    struct xen_vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    unsigned long evtchn_pending[XEN_EVTCHN_WORDS];
    unsigned long evtchn_mask[XEN_EVTCHN_WORDS];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    /* struct arch_shared_info */
    unsigned long max_pfn;
    unsigned long pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
};
_Static_assert(offsetof(struct xen_shared_info, evtchn_pending) == 2048,
               "shared_info");
_Static_assert(offsetof(struct xen_shared_info, evtchn_mask) == 2560,
               "shared_info");
_Static_assert(offsetof(struct xen_shared_info, wc_version) == 3072,
               "shared_info");
_Static_assert(offsetof(struct xen_shared_info, wc_sec) == 3076, "shared_info");
_Static_assert(offsetof(struct xen_shared_info, wc_nsec) == 3080,
               "shared_info");
_Static_assert(offsetof(struct xen_shared_info, wc_sec_hi) == 3084,
               "shared_info");
_Static_assert(offsetof(struct xen_shared_info, max_pfn) == 3088,
               "shared_info");
_Static_assert(sizeof(struct xen_shared_info) <= XEN_PAGE_SIZE, "shared_info");

/*
 * io/console.h: struct xencons_interface, the PV console's shared page.
 * Free-running 32-bit indices (XENCONS_RING_IDX), masked with size - 1.
 * The guest produces into out[] (out_prod) and consumes from in[]
 * (in_cons). (connection) is in recent headers only (XENCONSOLE_*).
 */
typedef uint32_t XENCONS_RING_IDX;
struct xencons_interface {
    char in[1024];
    char out[2048];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
    uint8_t connection;
};
#define XENCONSOLE_CONNECTED    0
#define XENCONSOLE_DISCONNECTED 1
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "xencons");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "xencons");
_Static_assert(offsetof(struct xencons_interface, in_prod) == 3076, "xencons");
_Static_assert(offsetof(struct xencons_interface, out_cons) == 3080, "xencons");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "xencons");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088,
               "xencons");

#endif
