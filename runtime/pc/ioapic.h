/* SPDX-License-Identifier: ISC */
/* ioapic.h: routing an interrupt line through the I/O APIC to a vector. */
#ifndef MIRAGE_PC_IOAPIC_H
#define MIRAGE_PC_IOAPIC_H

#include <stdbool.h>

/*
 * Routes global system interrupt (gsi) to (vector) on the CPU whose local
 * APIC ID is (apic_id) (physical destination, fixed delivery), (level) or
 * edge triggered, active low or high, and unmasks it. GSIs 0..23 are pins
 * of the I/O APIC at 0xfec00000, 24..47 of a second one at 0xfec10000 (QEMU
 * microvm's, with ACPI); the page of the I/O APIC is mapped (paging_map_mmio)
 * on first use. Returns 0; -ENODEV when no I/O APIC answers there or the
 * pin is beyond its last redirection entry; -EINVAL for a vector outside
 * 16..254 or an APIC ID above 255; or paging_map_mmio's error.
 */
int ioapic_route(unsigned gsi, unsigned vector, bool level, bool active_low,
                 unsigned apic_id);

#endif
