/* SPDX-License-Identifier: ISC */
/* pci.c: PCI configuration space (ports 0xcf8/0xcfc), BARs, capabilities. */
#include "pci.h"

#include <errno.h>
#include <stdio.h>

#include "boot.h"
#include "io.h"
#include "paging.h"
#include "platform.h"
#include "virtio.h"

/*
 * Configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the 32-bit
 * port 0xcf8 takes an enable bit, the bus, device, function and the
 * register's dword; port 0xcfc + (offset & 3) then reads or writes it.
 */
#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc
#define CONFIG_ENABLE  0x80000000u

#define HEADER_TYPE_MASK  0x7fu
#define HEADER_MULTI_FUNC 0x80u
#define HEADER_NORMAL     0x00u
#define HEADER_BRIDGE     0x01u
#define HEADER_CARDBUS    0x02u

#define PCI_SECONDARY_BUS 0x19 /* of a bridge's header (type 1 or 2) */

/* BAR bits (6.2.5.1). */
#define BAR_IO       0x1u
#define BAR_TYPE     0x6u
#define BAR_TYPE_64  0x4u
#define BAR_MEM_MASK 0xfffffff0u

/*
 * Where BARs that the firmware left unassigned get their addresses (qboot
 * assigns none): above low RAM and QEMU's q35 ECAM (0xb0000000, 256 MiB),
 * below the I/O APIC. On QEMU's pc and q35 machines low RAM ends at or
 * below 0xc0000000; the memory map is checked all the same.
 */
#define WINDOW_BASE 0xc0000000ull
#define WINDOW_END  0xfec00000ull

#define MAX_CAPS 48 /* 256 bytes hold at most 48 capabilities of 4+ bytes */

static void select_reg(struct pci_addr a, unsigned off)
{
    outl(CONFIG_ADDRESS, CONFIG_ENABLE | (uint32_t)a.bus << 16 |
                             (uint32_t)(a.dev & 31) << 11 |
                             (uint32_t)(a.fn & 7) << 8 | (off & 0xfc));
}

uint8_t pci_read8(struct pci_addr a, unsigned off)
{
    select_reg(a, off);
    return inb((uint16_t)(CONFIG_DATA + (off & 3)));
}

uint16_t pci_read16(struct pci_addr a, unsigned off)
{
    select_reg(a, off);
    return inw((uint16_t)(CONFIG_DATA + (off & 2)));
}

uint32_t pci_read32(struct pci_addr a, unsigned off)
{
    select_reg(a, off);
    return inl(CONFIG_DATA);
}

void pci_write16(struct pci_addr a, unsigned off, uint16_t value)
{
    select_reg(a, off);
    outw((uint16_t)(CONFIG_DATA + (off & 2)), value);
}

void pci_write32(struct pci_addr a, unsigned off, uint32_t value)
{
    select_reg(a, off);
    outl(CONFIG_DATA, value);
}

int pci_scan(int (*fn)(struct pci_addr a, void *arg), void *arg)
{
    /* the buses to look at: 0 and those behind the bridges found; each
     * bus is a dozen thousand cycles a slot away under a hypervisor (two
     * port accesses, each an exit), so the empty ones are not visited */
    uint32_t buses[256 / 32] = {1};

    for (unsigned bus = 0; bus < 256; bus++) {
        if (!(buses[bus / 32] & 1u << bus % 32))
            continue;
        for (unsigned dev = 0; dev < 32; dev++) {
            struct pci_addr a = {(uint8_t)bus, (uint8_t)dev, 0};
            unsigned nfn;

            /* one read tells an empty slot: vendor 0xffff */
            if (pci_read16(a, PCI_VENDOR_ID) == 0xffff)
                continue;
            nfn = pci_read8(a, PCI_HEADER_TYPE) & HEADER_MULTI_FUNC ? 8 : 1;
            for (unsigned f = 0; f < nfn; f++) {
                unsigned type, secondary;
                int rc;

                a.fn = (uint8_t)f;
                if (f > 0 && pci_read16(a, PCI_VENDOR_ID) == 0xffff)
                    continue;
                type = pci_read8(a, PCI_HEADER_TYPE) & HEADER_TYPE_MASK;
                if (type == HEADER_BRIDGE || type == HEADER_CARDBUS) {
                    /* the firmware numbers buses depth first: a bridge's
                     * secondary bus comes after its own */
                    secondary = pci_read8(a, PCI_SECONDARY_BUS);
                    if (secondary > bus)
                        buses[secondary / 32] |= 1u << secondary % 32;
                }
                rc = fn(a, arg);
                if (rc != 0)
                    return rc;
            }
        }
    }
    return 0;
}

unsigned pci_find_cap(struct pci_addr a, uint8_t id, unsigned after)
{
    unsigned off;

    if (!(pci_read16(a, PCI_STATUS) & PCI_STATUS_CAP_LIST))
        return 0;
    off = after ? pci_read8(a, after + 1) : pci_read8(a, PCI_CAPABILITIES_PTR);
    /* a pointer below the standard header, or a loop, ends the walk */
    for (int n = 0; n < MAX_CAPS && (off & ~3u) >= 0x40; n++) {
        off &= ~3u;
        if (pci_read8(a, off) == id)
            return off;
        off = pci_read8(a, off + 1);
    }
    return 0;
}

/* The memory map, which BARs placed here must stay out of. */
static const struct hvm_memmap_table_entry *memmap;
static uint32_t memmap_entries;
/* The next free address of the window; 0 until the first assignment. */
static uint64_t window_next;

void pci_set_memmap(const struct hvm_memmap_table_entry *map, uint32_t n)
{
    memmap = map;
    memmap_entries = map ? n : 0;
}

/*
 * Sizes memory BAR register (reg) of (a) (64-bit when (is64)): writes all
 * ones with memory decoding off, reads the size mask, and puts back what
 * was there. Returns the size, 0 for a BAR that decodes nothing.
 */
static uint64_t bar_size(struct pci_addr a, unsigned reg, int is64)
{
    uint16_t cmd = pci_read16(a, PCI_COMMAND);
    uint32_t lo = pci_read32(a, reg), hi = is64 ? pci_read32(a, reg + 4) : 0;
    uint64_t mask;

    pci_write16(a, PCI_COMMAND, (uint16_t)(cmd & ~PCI_COMMAND_MEMORY));
    pci_write32(a, reg, 0xffffffffu);
    mask = pci_read32(a, reg) & BAR_MEM_MASK;
    if (is64) {
        pci_write32(a, reg + 4, 0xffffffffu);
        mask |= (uint64_t)pci_read32(a, reg + 4) << 32;
        pci_write32(a, reg + 4, hi);
    } else {
        mask |= 0xffffffff00000000ull;
    }
    pci_write32(a, reg, lo);
    pci_write16(a, PCI_COMMAND, cmd);
    return mask & BAR_MEM_MASK ? ~mask + 1 : 0;
}

/* Moves window_next past an assigned memory BAR of (a) in the window. */
static int note_assigned(struct pci_addr a, void *arg)
{
    (void)arg;
    if ((pci_read8(a, PCI_HEADER_TYPE) & HEADER_TYPE_MASK) != HEADER_NORMAL)
        return 0;
    for (unsigned b = 0; b < PCI_BAR_COUNT; b++) {
        unsigned reg = PCI_BAR0 + 4 * b;
        uint32_t lo = pci_read32(a, reg);
        int is64 = !(lo & BAR_IO) && (lo & BAR_TYPE) == BAR_TYPE_64;
        uint64_t base = lo & BAR_MEM_MASK;

        if (is64 && b + 1 < PCI_BAR_COUNT)
            base |= (uint64_t)pci_read32(a, reg + 4) << 32;
        if (!(lo & BAR_IO) && base >= WINDOW_BASE && base < WINDOW_END) {
            uint64_t end = base + bar_size(a, reg, is64);

            if (end > window_next)
                window_next = end;
        }
        b += (unsigned)is64;
    }
    return 0;
}

/* Whether [base, base + size) meets a range of the memory map; if so,
 * stores that range's end in (*end). */
static int meets_memmap(uint64_t base, uint64_t size, uint64_t *end)
{
    for (uint32_t i = 0; i < memmap_entries; i++) {
        uint64_t lo = memmap[i].addr, hi = lo + memmap[i].size;

        if (base < hi && lo < base + size) {
            *end = hi;
            return 1;
        }
    }
    return 0;
}

/*
 * Gives memory BAR register (reg) of (a) (64-bit when (is64)), which has
 * no address, one in the window, aligned to its size, after every BAR
 * already there and clear of the memory map. Stores it in (*base): 0, or
 * -ENOSPC when the window is full, -ENXIO when the BAR decodes nothing.
 */
static int assign_bar(struct pci_addr a, unsigned reg, int is64, uint64_t *base)
{
    uint64_t size = bar_size(a, reg, is64), at, end;

    if (size == 0 || size > WINDOW_END - WINDOW_BASE)
        return size == 0 ? -ENXIO : -ENOSPC;
    if (window_next == 0) {
        window_next = WINDOW_BASE;
        pci_scan(note_assigned, NULL);
    }
    at = (window_next + size - 1) & ~(size - 1);
    while (at < WINDOW_END && meets_memmap(at, size, &end))
        at = (end + size - 1) & ~(size - 1);
    if (at >= WINDOW_END || size > WINDOW_END - at)
        return -ENOSPC;
    pci_write32(a, reg, (uint32_t)at);
    if (is64)
        pci_write32(a, reg + 4, 0);
    window_next = at + size;
    *base = at;
    return 0;
}

int pci_bar(struct pci_addr a, unsigned bar, uint64_t *base)
{
    unsigned reg = PCI_BAR0 + 4 * bar;
    uint32_t lo;
    int is64;

    if (bar >= PCI_BAR_COUNT ||
        (pci_read8(a, PCI_HEADER_TYPE) & HEADER_TYPE_MASK) != HEADER_NORMAL)
        return -EINVAL;
    /* the upper half of a 64-bit BAR is no BAR: walk from BAR 0 */
    for (unsigned b = 0; b < bar;) {
        uint32_t v = pci_read32(a, PCI_BAR0 + 4 * b);

        b += !(v & BAR_IO) && (v & BAR_TYPE) == BAR_TYPE_64 ? 2 : 1;
        if (b > bar)
            return -EINVAL;
    }
    lo = pci_read32(a, reg);
    if (lo & BAR_IO)
        return -ENOENT;
    is64 = (lo & BAR_TYPE) == BAR_TYPE_64;
    if (is64 && bar + 1 >= PCI_BAR_COUNT)
        return -EINVAL;
    *base = lo & BAR_MEM_MASK;
    if (is64)
        *base |= (uint64_t)pci_read32(a, reg + 4) << 32;
    if (*base == 0) {
        /* only on bus 0: behind a bridge, the bridge's window would have
         * to be set up too */
        if (a.bus != 0)
            return -ENXIO;
        return assign_bar(a, reg, is64, base);
    }
    if (*base >= (1ull << 32))
        return -ERANGE;
    return 0;
}

int pci_map_bar(struct pci_addr a, unsigned bar, uint64_t off, uint64_t len,
                volatile void **p)
{
    uint64_t base = 0;
    char name[16];
    int rc = pci_bar(a, bar, &base);

    pci_name(a, name, sizeof(name));
    switch (rc) {
    case 0:
        break;
    case -ENOENT:
        virtio_say("virtio: %s: BAR %u is not a memory BAR\n", name, bar);
        return rc;
    case -ENXIO:
        virtio_say("virtio: %s: BAR %u has no address (the firmware did not "
                   "assign it, and behind a bridge the runtime does not)\n",
                   name, bar);
        return rc;
    case -ENOSPC:
        virtio_say("virtio: %s: BAR %u has no address, and no room is left "
                   "for it below 4 GiB (0x%llx-0x%llx)\n",
                   name, bar, WINDOW_BASE, WINDOW_END);
        return rc;
    case -ERANGE:
        virtio_say("virtio: %s: BAR %u is at 0x%llx, above 4 GiB, out of reach "
                   "(give the guest less memory, or fewer devices)\n",
                   name, bar, (unsigned long long)base);
        return rc;
    default:
        virtio_say("virtio: %s: BAR %u is not a BAR's first register\n", name,
                   bar);
        return rc;
    }
    if (off >= (1ull << 32) - base || len > (1ull << 32) - base - off) {
        virtio_say(
            "virtio: %s: 0x%llx bytes at 0x%llx of BAR %u (at 0x%llx) go "
            "past 4 GiB\n",
            name, (unsigned long long)len, (unsigned long long)off, bar,
            (unsigned long long)base);
        return -ERANGE;
    }
    rc = paging_map_mmio(base + off, (size_t)len);
    if (rc != 0) {
        virtio_say("virtio: %s: cannot map BAR %u at 0x%llx (error %d)\n", name,
                   bar, (unsigned long long)base, rc);
        return rc;
    }
    *p = (volatile void *)(uintptr_t)(base + off);
    return 0;
}

void pci_enable(struct pci_addr a)
{
    uint16_t cmd = pci_read16(a, PCI_COMMAND);

    pci_write16(a, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void pci_name(struct pci_addr a, char *buf, size_t size)
{
    snprintf(buf, size, "pci %02x:%02x.%x", a.bus, a.dev, a.fn);
}
