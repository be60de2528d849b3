/* SPDX-License-Identifier: ISC */
/* paging.h: the kernel's page tables: W^X image, NX memory, guard pages. */
#ifndef MIRAGE_X86_64_PAGING_H
#define MIRAGE_X86_64_PAGING_H

#include <stddef.h>
#include <stdint.h>

#define PAGING_PAGE_SIZE 4096u

/* The identity map: virtual = physical over 0..PAGING_MAP_END. */
#define PAGING_MAP_END (1ull << 30)

/* Access rights of a range (paging_protect). */
enum paging_prot {
    PAGING_NONE, /* not present: any access faults */
    PAGING_READ, /* read-only, no execute */
    PAGING_RW,   /* read+write, no execute */
    PAGING_EXEC, /* read+execute */
};

/*
 * Replaces the boot path's 2 MiB identity map (entry32.c) with the
 * kernel's own: page 0 unmapped (NULL dereferences fault), the image's
 * text read+execute, rodata read-only, data, bss and stacks read+write and
 * no-execute, the guard pages below the boot and fault stacks unmapped,
 * and the rest of 0..1 GiB read+write and no-execute in 2 MiB pages. Page
 * tables for the image come from the memory right above it; paging_floor
 * tells where free memory starts afterwards. No-execute needs the CPU's NX
 * bit (CPUID 0x80000001:EDX[20]); without it data stays executable.
 * Returns 0, or -ENOMEM when the image does not fit below 1 GiB.
 */
int paging_init(void);

/*
 * Takes over page tables that the loader already built with the final
 * rights (hvt: the tender, doc/hvt.md), instead of paging_init: (root),
 * the guest-physical address of their PML4, must be %cr3; its first entry
 * maps 0..512 GiB through a PDPT whose first entry is the page directory
 * of 0..1 GiB, and the 2 MiB regions of the image are mapped by page
 * tables of 4 KiB pages. The loader cannot know the guard pages below the
 * boot and fault stacks (symbols of the image): this unmaps them. The
 * tables stay where the loader put them (the platform keeps that memory
 * out of its heap); paging_protect edits them from then on. No-execute is
 * what EFER.NXE says. Returns 0, or -EINVAL when (root) is not %cr3 or the
 * tables do not have that shape (a guard page in a 2 MiB page).
 */
int paging_adopt(uintptr_t root);

/* The first free byte above the image and its page tables (page-aligned);
 * 0 after paging_adopt (the loader's memory map says where memory is). */
uintptr_t paging_floor(void);

/*
 * Where paging_protect takes a page table from when it must split a 2 MiB
 * page (a zeroed, page-aligned 4 KiB page, or NULL). Set by the platform
 * once its heap is up; until then a split fails with -ENOMEM.
 */
void paging_set_table_alloc(void *(*alloc)(void));

/*
 * Sets the rights of the pages of [addr, addr + len) (rounded out to whole
 * pages), splitting 2 MiB pages where needed, and flushes the TLB entries.
 * Returns 0, -EINVAL for a range outside the identity map, or -ENOMEM when
 * no page table could be had for a split.
 */
int paging_protect(uintptr_t addr, size_t len, enum paging_prot prot);

/*
 * Maps (len) bytes of device memory at physical (phys), anywhere below
 * 4 GiB, identity-mapped, uncached, read+write, no-execute. Returns 0,
 * -EINVAL above 4 GiB, or -ENOMEM.
 */
int paging_map_mmio(uint64_t phys, size_t len);

/* Whether all of [addr, addr + len) is mapped (present) now: 1 or 0. */
int paging_readable(uintptr_t addr, size_t len);

#endif
