/* SPDX-License-Identifier: ISC */
/* pagetable.h: the GDT and page tables mirage-hvt gives a guest at boot. */
#ifndef MIRAGE_TENDER_HVT_PAGETABLE_H
#define MIRAGE_TENDER_HVT_PAGETABLE_H

#include <stdint.h>

/*
 * Guest-physical layout below the image (1 MiB): the GDT, the page tables
 * (a PML4, a PDPT, one page directory per GiB), then the boot info and
 * the command line.
 */
#define HVT_GDT_ADDR  0x1000ull
#define HVT_PML4_ADDR 0x2000ull
#define HVT_PDPT_ADDR 0x3000ull
#define HVT_PD_ADDR   0x4000ull /* up to 64 pages: 64 GiB */
#define HVT_BOOT_ADDR 0x50000ull

/* GDT selectors. */
#define HVT_GDT_CODE 0x08
#define HVT_GDT_DATA 0x10

/*
 * Writes into the guest memory (mem, mem_size bytes from guest-physical
 * 0) the GDT (null, 64-bit code, data) and page tables that map all of
 * it at the same virtual addresses; %cr3 is HVT_PML4_ADDR.
 */
void hvt_pagetable_build(uint8_t *mem, uint64_t mem_size);

#endif
