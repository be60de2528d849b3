/* SPDX-License-Identifier: ISC */
/* ioapic.c: routing an interrupt line through the I/O APIC to a vector. */
#include "ioapic.h"

#include <errno.h>
#include <stdint.h>

#include "paging.h"

/*
 * The 82093AA I/O APIC: two memory-mapped registers, IOREGSEL (the index of
 * an internal register) and IOWIN (its value); internal register 0x01 is
 * the version (bits 23:16: the last redirection entry), and each pin has a
 * 64-bit redirection entry, its low half at 0x10 + 2 * pin.
 */
#define IOREGSEL 0x00
#define IOWIN    0x10

#define IOAPICVER     0x01
#define IOREDTBL(pin) (0x10u + 2u * (pin))

/* Redirection entry bits (low half; the destination is in the high half's
 * bits 31:24). Delivery mode fixed (000) and physical destination mode
 * (bit 11 clear) are zeros. */
#define RTE_ACTIVE_LOW 0x2000u
#define RTE_LEVEL      0x8000u
#define RTE_MASKED     0x10000u

#define PINS_PER_IOAPIC 24u

static const uint64_t ioapic_base[] = {0xfec00000u, 0xfec10000u};

static uint32_t read_reg(volatile uint32_t *io, unsigned reg)
{
    io[IOREGSEL / 4] = reg;
    return io[IOWIN / 4];
}

static void write_reg(volatile uint32_t *io, unsigned reg, uint32_t value)
{
    io[IOREGSEL / 4] = reg;
    io[IOWIN / 4] = value;
}

int ioapic_route(unsigned gsi, unsigned vector, bool level, bool active_low,
                 unsigned apic_id)
{
    unsigned which = gsi / PINS_PER_IOAPIC, pin = gsi % PINS_PER_IOAPIC;
    volatile uint32_t *io;
    uint32_t ver, low;
    int rc;

    if (vector < 16 || vector > 254 || apic_id > 255)
        return -EINVAL;
    if (which >= sizeof(ioapic_base) / sizeof(ioapic_base[0]))
        return -ENODEV;
    rc = paging_map_mmio(ioapic_base[which], PAGING_PAGE_SIZE);
    if (rc != 0)
        return rc;
    io = (volatile uint32_t *)(uintptr_t)ioapic_base[which];
    ver = read_reg(io, IOAPICVER);
    /* nothing there reads as all ones (or as zeros, on QEMU): a real I/O
     * APIC has a version of 0x11 or 0x20 */
    if (ver == 0xffffffffu || (ver & 0xff) == 0)
        return -ENODEV;
    if (pin > ((ver >> 16) & 0xff))
        return -ENODEV;
    low = vector | (level ? RTE_LEVEL : 0) | (active_low ? RTE_ACTIVE_LOW : 0);
    /* masked while the destination changes, then the whole entry at once */
    write_reg(io, IOREDTBL(pin), RTE_MASKED | low);
    write_reg(io, IOREDTBL(pin) + 1, apic_id << 24);
    write_reg(io, IOREDTBL(pin), low);
    return 0;
}
