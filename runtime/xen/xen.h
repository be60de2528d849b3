/* SPDX-License-Identifier: ISC */
/* xen.h: what the files of the xen platform (runtime/xen) share. */
#ifndef MIRAGE_XEN_XEN_H
#define MIRAGE_XEN_XEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xen_shared_info;

/*
 * The xen target boots a PVH image (runtime/pc), the same image under
 * QEMU (-kernel, the pvh option ROM: the PC's 16550 serial, CMOS RTC,
 * local APIC timer, isa-debug-exit: runtime/pc) and under Xen's PVH mode
 * (console ring, PV clock, SCHEDOP_poll, SCHEDOP_shutdown: the files
 * here). xen_pv_init (hv.c) decides which at boot; choose.c is the one
 * file that asks xen_pv_active and picks the PV or the PC function.
 */

/*
 * Looks for Xen (CPUID) and, when found, installs the hypercall page and
 * maps the shared-info page (hv.c). Called once, first thing at boot
 * (main.c). If any step fails the image runs as under QEMU.
 */
void xen_pv_init(void);

/* Whether xen_pv_init found Xen and set it up: the PV paths are in use. */
bool xen_pv_active(void);

/* The shared-info page, or NULL when not xen_pv_active. */
volatile struct xen_shared_info *xen_pv_shared_info(void);

/* Xen system time now, ns (vCPU 0's PV clock); only if xen_pv_active. */
uint64_t xen_pv_system_ns(void);

/*
 * The PV paths (console.c, clock.c, exit.c), for choose.c: each is called
 * only when xen_pv_active.
 */

/*
 * Maps the PV console ring (HVM_PARAM_CONSOLE_PFN/_EVTCHN) and writes out
 * what was written before; needs the heap (pc_heap_init) for
 * paging_map_mmio's page table. Without it the console output of a Xen
 * boot is lost. Does nothing once the ring is mapped.
 */
void xen_console_init(void);

/* Writes buf[0..len) to the ring, or to the early buffer until
 * xen_console_init has mapped the ring. Never fails. */
void xen_console_write(const char *buf, size_t len);

/*
 * Waits until the backend has read all of the console ring or
 * (timeout_ns) has passed, so that nothing is lost when the domain shuts
 * down. Does nothing before xen_console_init has mapped the ring.
 */
void xen_console_drain(uint64_t timeout_ns);

/* Reads Xen system time at boot, the origin of the monotonic clock. */
void xen_clock_init(void);

/* Xen system time since xen_clock_init, ns. Never fails. */
uint64_t xen_clock_monotonic_ns(void);

/* Shared info's wall clock plus Xen system time, ns since the epoch. */
int64_t xen_clock_wall_ns(void);

/*
 * One SCHEDOP_poll on ports[0..n) until the monotonic clock reaches
 * (deadline_ns) (PLAT_FOREVER: no timeout); returns early when a port is
 * pending or any event comes. Under QEMU (no Xen), a sleep until the
 * deadline. For poll.c.
 */
void xen_wait_ports(const uint32_t *ports, unsigned n, uint64_t deadline_ns);

/* SCHEDOP_poll until the monotonic clock reaches (deadline_ns). */
void xen_sleep_until_ns(uint64_t deadline_ns);

/*
 * Prints the exit status on the console, lets the console ring drain
 * (1 s at most) and shuts the domain down (SCHEDOP_shutdown:
 * poweroff, or crash for status 255); halts if Xen refuses.
 */
void xen_exit(int status) __attribute__((noreturn));

/*
 * The choice (choose.c), for main.c: the ring under Xen, nothing under
 * QEMU (the 16550 needs no set-up beyond the boot path's).
 */
void xen_choose_console_init(void);

/* The choice (choose.c), for main.c: xen_clock_init under Xen,
 * pc_clock_init under QEMU; before any clock is read. */
void xen_choose_clock_init(void);

#endif
