/* SPDX-License-Identifier: ISC */
/* tsc_freq.h: the TSC's frequency, from the best source there is. */
#ifndef MIRAGE_PC_TSC_FREQ_H
#define MIRAGE_PC_TSC_FREQ_H

#include <stdint.h>

/*
 * The TSC's rate in ticks a second, from the first source that answers:
 * CPUID leaf 0x15 (crystal clock x ratio), CPUID leaf 0x16 (base MHz), the
 * hypervisor timing leaf 0x40000010 (TSC kHz; QEMU/KVM and VMware), KVM's
 * pvclock (its scale, read once through MSR_KVM_SYSTEM_TIME_NEW), or 2 ms
 * measured against the i8254 PIT's channel 0. Stores the source's name in
 * (*source) when (source) is not NULL. Returns 0 when nothing answered (no
 * PIT either). Takes 2 ms only in the last case.
 */
uint64_t tsc_freq_hz(const char **source);

#endif
