/* SPDX-License-Identifier: ISC */
/* kvmclock.h: what KVM's paravirtual clock tells: TSC rate, wall time. */
#ifndef MIRAGE_PC_KVMCLOCK_H
#define MIRAGE_PC_KVMCLOCK_H

#include <stdint.h>

/*
 * Under KVM with the clocksource2 feature (CPUID 0x40000001:EAX[3]), the
 * TSC's rate in ticks a second, from the scale KVM gives its pvclock; 0
 * when not under KVM or it does not answer.
 */
uint64_t kvmclock_tsc_hz(void);

/*
 * Under KVM, the wall-clock time now in nanoseconds since the Unix epoch
 * (MSR_KVM_WALL_CLOCK_NEW plus the pvclock's system time), or -1.
 */
int64_t kvmclock_wall_ns(void);

#endif
