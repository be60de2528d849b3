/* SPDX-License-Identifier: ISC */
/* lapic.h: the local APIC timer, which ends a hlt at a deadline. */
#ifndef MIRAGE_PC_LAPIC_H
#define MIRAGE_PC_LAPIC_H

#include <stdint.h>

/* The interrupt vector of the timer (trap.h's range). */
#define LAPIC_TIMER_VECTOR 32

/*
 * Enables the local APIC (xAPIC, memory-mapped; paging_map_mmio maps it),
 * routes its timer to LAPIC_TIMER_VECTOR and picks the timer's mode: the
 * TSC-deadline mode when the CPU has it (CPUID.1:ECX[24]), else one-shot
 * counting, whose rate is measured against the TSC, (tsc_hz) ticks a
 * second, over 2 ms at the first lapic_timer_arm. Needs trap_init first.
 * Returns 0, or -ENODEV when the CPU has no APIC (CPUID.1:EDX[9]).
 */
int lapic_timer_init(uint64_t tsc_hz);

/*
 * Makes the timer interrupt the CPU once, (ticks) TSC ticks from now (at
 * TSC value (now) + (ticks)), replacing an armed deadline. A deadline
 * beyond what the counter holds fires early; the caller, reading the
 * clock after each wakeup, arms again. Returns 0, or -ENODEV before a
 * successful lapic_timer_init or when the timer's rate could not be
 * measured.
 */
int lapic_timer_arm(uint64_t now, uint64_t ticks);

/* Ends the interrupt being handled (writes the local APIC's EOI register);
 * nothing before a successful lapic_timer_init. */
void lapic_eoi(void);

/* This CPU's local APIC ID (the xAPIC ID register, or CPUID's initial
 * APIC ID before lapic_timer_init), for interrupt destinations. */
uint32_t lapic_id(void);

#endif
