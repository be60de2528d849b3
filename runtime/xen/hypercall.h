/* SPDX-License-Identifier: ISC */
/* hypercall.h: detecting Xen, its hypercalls, PV clock and shutdown. */
#ifndef MIRAGE_XEN_HYPERCALL_H
#define MIRAGE_XEN_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>

#include "xen_public.h"

/*
 * Use (runtime/xen): hv.c's xen_pv_init, first at boot (main.c), runs
 * xen_hv_detect; -ENODEV means no Xen, and the QEMU paths stay (16550,
 * isa-debug-exit, TSC, APIC timer). Else xen_hv_init_hypercall_page(&hv,
 *   (uintptr_t)xen_hypercall_page) before any other xen_* call (the page is
 *   in .text, read+execute; Xen fills it through the MSR by physical
 *   address, which needs no writable mapping: virtual == physical here),
 *   then xen_shared_info_init. Only if all succeed does xen_pv_active
 *   (xen.h) say so; choose.c asks it and picks the PV or the PC path.
 * clock.c: Xen time = xen_system_time_ns(&s->vcpu_info[0].time); wall
 *   clock = xen_wallclock_ns(s, that time); waits: xen_poll(NULL, 0,
 *   xen_poll_timeout(deadline, origin)), looping, since any event of the
 *   domain ends the poll early.
 * console.c: xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN / _EVTCHN) give the
 *   ring's frame and port. libxl puts the frame just below 4 GiB, beyond
 *   the 1 GiB identity map: paging_map_mmio maps it, once the heap can give
 *   a page table; until then output waits in xen_pvcons_early. Write with
 *   xen_pvcons_write_all (pvcons.h): notify = xen_evtchn_send(port), wait =
 *   xen_poll(&port, 1, deadline) then xen_evtchn_test_and_clear(s, port).
 * exit.c: prints xen_exit_message(N) ("mirage: exit status N": Xen keeps
 *   no exit code), lets the console drain, then xen_shutdown(
 *   xen_shutdown_reason(N)); halts if that returns.
 *
 * Errors are Xen's, negative, with Linux's errno values (public/errno.h).
 */

/* What xen_hv_detect learnt from the CPUID leaves of Xen. */
struct xen_hv {
    uint32_t base;     /* first Xen leaf: 0x40000000 + k * 0x100 */
    uint32_t max_leaf; /* EAX of leaf base */
    uint16_t major;    /* leaf base+1, EAX[31:16] */
    uint16_t minor;    /* leaf base+1, EAX[15:0] */
    uint32_t pages;    /* leaf base+2, EAX: hypercall pages */
    uint32_t msr;      /* leaf base+2, EBX: the MSR that installs them */
};

/* A CPUID instruction: leaf (leaf), subleaf (sub) into out = eax..edx. */
typedef void (*xen_cpuid_fn)(uint32_t leaf, uint32_t sub, uint32_t out[4]);

/* A WRMSR instruction: writes (val) to MSR (msr). */
typedef void (*xen_wrmsr_fn)(uint32_t msr, uint64_t val);

/*
 * Looks for Xen with (cpuid): the hypervisor bit (leaf 1, ECX bit 31), then
 * the "XenVMMXenVMM" signature at bases 0x40000000..0x4000ff00 in steps of
 * 0x100 (another hypervisor's, such as Hyper-V's, may come first). Fills
 * (hv). Returns 0, or -ENODEV if there is no Xen (or it lacks leaf base+2).
 */
int xen_hv_detect_with(struct xen_hv *hv, xen_cpuid_fn cpuid);

/*
 * Asks Xen to write hypercall page 0 at physical address (page_phys): the
 * value written to MSR hv->msr is the address, its low 12 bits being the
 * page index (0). Returns 0, or -EINVAL if (page_phys) is 0 or not 4 KiB
 * aligned, or hv offers no page.
 */
int xen_hv_setup_hypercall_page(const struct xen_hv *hv, uint64_t page_phys,
                                xen_wrmsr_fn wrmsr);

/*
 * Hypercall (nr) with up to five arguments (unused ones 0): a call into the
 * hypercall page at offset 32 * nr, arguments in rdi, rsi, rdx, r10, r8.
 * Returns rax, Xen's result (negative: an error). Defined in
 * hypercall_x86.c; the unit tests define their own, which records.
 */
long xen_hypercall5(unsigned nr, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5);

/* xen_hypercall5 with fewer arguments. */
static inline long xen_hypercall2(unsigned nr, unsigned long a1,
                                  unsigned long a2)
{
    return xen_hypercall5(nr, a1, a2, 0, 0, 0);
}

/*
 * Shuts the domain down with (reason), SHUTDOWN_* (SCHEDOP_shutdown).
 * Returns only if Xen refused: the negative error.
 */
long xen_shutdown(unsigned reason);

/*
 * The shutdown reason for a runtime exit status: SHUTDOWN_crash for 255
 * (a crash), SHUTDOWN_poweroff for any other. Xen passes no exit code to
 * the toolstack, so the status itself is printed on the console first.
 */
unsigned xen_shutdown_reason(int status);

/*
 * Formats the line printed before the shutdown, "mirage: exit status
 * (status)\n", into buf[0..size) (NUL-terminated, cut to fit). Returns the
 * length of the whole line (as snprintf), or -EINVAL if (size) is 0.
 */
int xen_exit_message(char *buf, size_t size, int status);

/*
 * The SCHEDOP_poll timeout (absolute Xen system time) of a wait until
 * monotonic time (deadline_ns), where monotonic time is Xen system time
 * minus (origin_ns). Never 0, which would mean "no timeout", for a
 * deadline that Xen can represent (1 stands for one already past); 0 for
 * one beyond INT64_MAX ns of system time (Xen's s_time_t is signed: a
 * larger value would read as past and fire at once). Never fails.
 */
uint64_t xen_poll_timeout(uint64_t deadline_ns, uint64_t origin_ns);

/* Notifies the remote end of event channel (port) (EVTCHNOP_send).
 * Returns 0 or Xen's negative error. */
long xen_evtchn_send(evtchn_port_t port);

/*
 * Atomically clears the pending bit of (port) in (s)'s evtchn_pending.
 * Returns 1 if it was set, 0 if not, -EINVAL if (port) is out of range.
 */
int xen_evtchn_test_and_clear(volatile struct xen_shared_info *s,
                              evtchn_port_t port);

/* Whether (port) is pending in (s)'s evtchn_pending, without clearing it:
 * 1 or 0; 0 also for a NULL (s) or a port out of range. */
int xen_evtchn_pending(const volatile struct xen_shared_info *s,
                       evtchn_port_t port);

/* Reads HVM parameter (index), HVM_PARAM_*, of this domain into *value
 * (HVMOP_get_param, DOMID_SELF). Returns 0 or Xen's negative error. */
long xen_hvm_get_param(uint32_t index, uint64_t *value);

/*
 * Blocks until one of ports[0..n) is pending or Xen system time reaches
 * (deadline_ns), an absolute time (0: no deadline) (SCHEDOP_poll). Returns
 * 0 (woken or already pending) or Xen's error (-EINVAL: n > 128 or a bad
 * port).
 */
long xen_poll(const evtchn_port_t *ports, unsigned n, uint64_t deadline_ns);

/* Makes Xen map the shared-info page at guest frame (gpfn), replacing the
 * RAM there (XENMEM_add_to_physmap). Returns 0 or the error. */
long xen_map_shared_info(uint64_t gpfn);

/*
 * ((delta << shift) * mul) >> 32, a right shift for negative (shift), with
 * a 96-bit product: the scaling of vcpu_time_info. Never fails.
 */
uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift);

/*
 * Xen system time, ns, at time stamp counter value (tsc), from (t) read
 * consistently (version even and unchanged around the reads, else again).
 * A (tsc) older than t->tsc_timestamp gives a time before system_time.
 */
uint64_t xen_pvclock_ns(const volatile struct vcpu_time_info *t, uint64_t tsc);

/*
 * Wall-clock time, ns since the Unix epoch (UTC), at Xen system time
 * (system_ns): (wc_sec_hi << 32 | wc_sec) s + wc_nsec ns + system_ns, the
 * wc_* read consistently (wc_version).
 */
int64_t xen_wallclock_ns(const volatile struct xen_shared_info *s,
                         uint64_t system_ns);

/*
 * The x86 half, in hypercall_x86.c (xen build only; the unit tests never
 * run these instructions).
 */

/* The hypercall page: 4 KiB, page-aligned, in section
 * .text.xen_hypercall_page; int3 until Xen fills it. */
extern char xen_hypercall_page[XEN_PAGE_SIZE];

/* xen_hv_detect_with the CPUID instruction. Returns 0 or -ENODEV. */
int xen_hv_detect(struct xen_hv *hv);

/* xen_hv_setup_hypercall_page with the WRMSR instruction. Returns 0 or
 * -EINVAL. */
int xen_hv_init_hypercall_page(const struct xen_hv *hv, uint64_t page_phys);

/* Maps the shared-info page on a reserved page of the image's .bss.
 * Returns it, or NULL if Xen refused. Idempotent. */
volatile struct xen_shared_info *xen_shared_info_init(void);

/* Xen system time now: xen_pvclock_ns with the TSC. */
uint64_t xen_system_time_ns(const volatile struct vcpu_time_info *t);

#endif
