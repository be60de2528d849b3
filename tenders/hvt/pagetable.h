/* SPDX-License-Identifier: ISC */
/* pagetable.h: the GDT and page tables mirage-hvt gives a guest at boot. */
#ifndef MIRAGE_TENDER_HVT_PAGETABLE_H
#define MIRAGE_TENDER_HVT_PAGETABLE_H

#include <stdint.h>

#include "../common/elf_load.h"

/*
 * Guest-physical layout below the image (1 MiB): the GDT, the upper page
 * tables (a PML4, a PDPT, one page directory per GiB), then the boot info
 * and the command line. The page tables of 4 KiB pages go above the image
 * (hvt_pagetable_end).
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
 * Where the page tables of 4 KiB pages end when they start at
 * (image_end) rounded up to a page: one for each 2 MiB region that holds
 * any of [0, that end]. The guest's free memory starts there.
 */
uint64_t hvt_pagetable_end(uint64_t image_end);

/*
 * Writes into the guest memory (mem, mem_size bytes from guest-physical
 * 0, zero but for the image) the GDT (null, 64-bit code, data) and the
 * page tables the guest keeps (the boot info's page_tables says how they
 * map; %cr3 is HVT_PML4_ADDR): all of guest memory at the same virtual
 * addresses, page 0 not mapped, the pages of (ranges) (nranges of them,
 * from tender_elf_load) with the rights of their segments, all else
 * read+write and no-execute. The 2 MiB regions up to
 * hvt_pagetable_end(image_end) use 4 KiB pages, the others 2 MiB ones.
 * The caller has checked that hvt_pagetable_end(image_end) <= mem_size.
 */
void hvt_pagetable_build(uint8_t *mem, uint64_t mem_size, uint64_t image_end,
                         const struct tender_prot_range *ranges,
                         unsigned nranges);

#endif
