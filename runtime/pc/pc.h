/* SPDX-License-Identifier: ISC */
/* pc.h: what the PC's files (runtime/pc) offer the targets that run on it. */
#ifndef MIRAGE_PC_PC_H
#define MIRAGE_PC_PC_H

#include <stdint.h>

#include "boot.h"

/*
 * The virtio and xen targets boot a PVH image (boot_main.c) on a PC as
 * QEMU/KVM emulates it: 16550 serial (serial.c), CMOS RTC (rtc.c), local
 * APIC timer (lapic.c), isa-debug-exit (debug_exit.c). These are the
 * platform's console, clocks and heap there; each target's own files
 * (runtime/virtio/clock.c, runtime/xen/choose.c) make them its plat_*
 * functions. The files of runtime/pc that define plat_* themselves
 * (entropy.c, fault.c) are the same on both targets.
 */

/* Gives the heap the RAM of (info)'s memory map above the image (mem.c). */
void pc_heap_init(const struct boot_info *info);

/* Calibrates the TSC, sets up the APIC timer and reads the wall clock
 * (KVM's, else the RTC); before any clock is read (clock.c). */
void pc_clock_init(void);

/* Nanoseconds since pc_clock_init, from the TSC. Never fails. */
uint64_t pc_clock_monotonic_ns(void);

/* Nanoseconds since the Unix epoch: the wall clock read at
 * pc_clock_init plus pc_clock_monotonic_ns. Never fails. */
int64_t pc_clock_wall_ns(void);

/*
 * Halts the CPU until the monotonic clock reaches (deadline_ns), the APIC
 * timer ending each halt; spins on the TSC without a usable APIC timer.
 * Returns at once for a deadline already past.
 */
void pc_sleep_until_ns(uint64_t deadline_ns);

/*
 * Halts the CPU until an interrupt comes or the monotonic clock reaches
 * (deadline_ns) (PLAT_FOREVER: any interrupt only), whichever is first;
 * returns at once when the deadline is past. Without a usable APIC timer
 * and with a deadline, it only pauses: the caller loops on the clock.
 * Interrupts are enabled only during the hlt.
 */
void pc_wait_once(uint64_t deadline_ns);

/* Nanoseconds since the Unix epoch from the CMOS RTC (UTC), or -1 (rtc.c). */
int64_t pc_rtc_read_ns(void);

#endif
