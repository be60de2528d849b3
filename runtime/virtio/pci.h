/* SPDX-License-Identifier: ISC */
/* pci.h: PCI configuration space (ports 0xcf8/0xcfc), BARs, capabilities. */
#ifndef MIRAGE_VIRTIO_PCI_H
#define MIRAGE_VIRTIO_PCI_H

#include <stddef.h>
#include <stdint.h>

struct hvm_memmap_table_entry;

/* Configuration space registers (PCI Local Bus 3.0, 6.1) of note. */
#define PCI_VENDOR_ID        0x00
#define PCI_DEVICE_ID        0x02
#define PCI_COMMAND          0x04
#define PCI_STATUS           0x06
#define PCI_HEADER_TYPE      0x0e
#define PCI_BAR0             0x10
#define PCI_SUBSYSTEM_ID     0x2e
#define PCI_CAPABILITIES_PTR 0x34

#define PCI_COMMAND_MEMORY  0x0002u
#define PCI_COMMAND_MASTER  0x0004u
#define PCI_STATUS_CAP_LIST 0x0010u

/* Capability IDs. */
#define PCI_CAP_ID_VNDR 0x09 /* vendor-specific (virtio's structures) */
#define PCI_CAP_ID_MSIX 0x11

#define PCI_BAR_COUNT 6

/* A function's address in the configuration space. */
struct pci_addr {
    uint8_t bus;
    uint8_t dev; /* 0..31 */
    uint8_t fn;  /* 0..7 */
};

/* Reads a naturally aligned 8, 16 or 32-bit register at (off) (0..255) of
 * function (a)'s configuration space. An absent function reads all ones. */
uint8_t pci_read8(struct pci_addr a, unsigned off);
uint16_t pci_read16(struct pci_addr a, unsigned off);
uint32_t pci_read32(struct pci_addr a, unsigned off);

/* Writes a naturally aligned register of function (a)'s configuration
 * space, with an access of that width only. */
void pci_write16(struct pci_addr a, unsigned off, uint16_t value);
void pci_write32(struct pci_addr a, unsigned off, uint32_t value);

/*
 * Calls (fn)((a), (arg)) for every function present on bus 0 and on the
 * buses behind its PCI-to-PCI bridges (as the firmware numbered them,
 * recursively), in bus/device/function order, looking past function 0
 * only for multi-function devices. Empty buses are not scanned: each
 * probe of a slot costs two port accesses, two VM exits. Stops early,
 * returning what (fn) returned, when (fn) returns nonzero; returns 0
 * otherwise.
 */
int pci_scan(int (*fn)(struct pci_addr a, void *arg), void *arg);

/*
 * The configuration space offset of the first capability with ID (id)
 * after the one at (after) (0: from the start of the list); 0 when there
 * is none (or no list, or a broken one).
 */
unsigned pci_find_cap(struct pci_addr a, uint8_t id, unsigned after);

/*
 * Decodes memory BAR (bar) (0..5; for a 64-bit BAR, the index of its low
 * half) of (a): its physical base, as the firmware assigned it (an
 * assigned BAR is not sized: writing it would make the hypervisor remap
 * the device's memory, slowly). A BAR of a device on bus 0 that the
 * firmware left unassigned (qboot assigns none) is given an address here:
 * sized, and placed in 0xc0000000..0xfec00000 after the BARs already
 * there, clear of the memory map (pci_set_memmap). Returns 0; -EINVAL for
 * a bad index, the upper half of a 64-bit BAR, or a function that is no
 * normal (type 0) device; -ENOENT for an I/O BAR; -ENXIO when it is
 * unassigned behind a bridge, or decodes nothing; -ENOSPC when there is
 * no room left for it; -ERANGE when it lies above 4 GiB, which the
 * kernel's page tables cannot reach.
 */
int pci_bar(struct pci_addr a, unsigned bar, uint64_t *base);

/* The memory map (start info) that BARs given an address by pci_bar must
 * stay clear of; (map) is kept, not copied. None until this is called. */
void pci_set_memmap(const struct hvm_memmap_table_entry *map, uint32_t n);

/*
 * Maps (len) bytes at offset (off) of memory BAR (bar) of (a) (uncached,
 * paging_map_mmio) and stores their address in (*p). On error, writes a
 * message naming the device and the BAR: pci_bar's errors (-ERANGE also
 * when the range goes past 4 GiB), or paging_map_mmio's.
 */
int pci_map_bar(struct pci_addr a, unsigned bar, uint64_t off, uint64_t len,
                volatile void **p);

/* Turns on memory space decoding and bus mastering (DMA) for (a). */
void pci_enable(struct pci_addr a);

/* Writes "pci BB:DD.F" (hex) for (a) into (buf) of (size) bytes. */
void pci_name(struct pci_addr a, char *buf, size_t size);

#endif
