/* SPDX-License-Identifier: ISC */
/* xen.h: what the files of the xen platform (runtime/xen) share. */
#ifndef MIRAGE_XEN_XEN_H
#define MIRAGE_XEN_XEN_H

#include <stdbool.h>
#include <stdint.h>

#include "boot.h"

struct xen_shared_info;

/*
 * The xen target boots a PVH image (runtime/freestanding/boot), the same
 * image under QEMU (-kernel, the pvh option ROM: 16550 serial, CMOS RTC,
 * local APIC timer, isa-debug-exit) and under Xen's PVH mode (console
 * ring, PV clock, SCHEDOP_poll, SCHEDOP_shutdown). xen_pv_init (hv.c)
 * decides which at boot; the other files ask xen_pv_active.
 */

/* The identity map that the boot path sets up (entry32.c): 0..1 GiB. */
#define XEN_IDENTITY_MAP_END (1ull << 30)

/*
 * Looks for Xen (CPUID) and, when found, installs the hypercall page and
 * maps the shared-info page (hv.c). Called once, first thing at boot
 * (main.c). If any step fails the image runs as under QEMU.
 */
void xen_pv_init(void);

/* Whether xen_pv_init found Xen and set it up: the PV paths are in use.
 * The virtio target (MIRAGE_NO_XEN_PV) never runs under Xen: there it is
 * false at compile time, and the PV paths and the hypercall page drop out
 * of the image (--gc-sections). */
#ifdef MIRAGE_NO_XEN_PV
static inline bool xen_pv_active(void)
{
    return false;
}
#else
bool xen_pv_active(void);
#endif

/* The shared-info page, or NULL when not xen_pv_active. */
volatile struct xen_shared_info *xen_pv_shared_info(void);

/* Xen system time now, ns (vCPU 0's PV clock); only if xen_pv_active. */
uint64_t xen_pv_system_ns(void);

/*
 * Under Xen, maps the PV console ring (HVM_PARAM_CONSOLE_PFN/_EVTCHN) and
 * writes out what was written before; needs the heap (xen_heap_init) for
 * paging_map_mmio's page table. Without it the console output of a Xen
 * boot is lost. Does nothing under QEMU (console.c).
 */
void xen_console_init(void);

/*
 * Under Xen, waits until the backend has read all of the console ring or
 * (timeout_ns) has passed, so that nothing is lost when the domain shuts
 * down. Does nothing under QEMU, where writes are synchronous.
 */
void xen_console_drain(uint64_t timeout_ns);

/* Calibrates the TSC and reads the RTC (QEMU), or reads the PV clock
 * (Xen); before any clock is read. */
void xen_clock_init(void);

/*
 * Under QEMU (not Xen): halts the CPU until an interrupt comes or the
 * monotonic clock reaches (deadline_ns) (PLAT_FOREVER: any interrupt
 * only), whichever is first; returns at once when the deadline is past.
 * Without a usable APIC timer and with a deadline, it only pauses: the
 * caller loops on the clock. Interrupts are enabled only during the hlt.
 */
void xen_wait_once(uint64_t deadline_ns);

/* Nanoseconds since the Unix epoch from the CMOS RTC (UTC), or -1. */
int64_t xen_rtc_read_ns(void);

/* Gives the heap the RAM of (info)'s memory map above the image. */
void xen_heap_init(const struct boot_info *info);

/* CPUID leaf (leaf), subleaf (sub): out[0..3] = eax, ebx, ecx, edx. */
static inline void xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(sub));
}

/* The time stamp counter. */
static inline uint64_t xen_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
