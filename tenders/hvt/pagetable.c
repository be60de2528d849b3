/* SPDX-License-Identifier: ISC */
/* pagetable.c: the GDT and page tables mirage-hvt gives a guest at boot. */
#include <string.h>

#include "pagetable.h"

#define PAGE     4096ull
#define BIG_PAGE (2ull << 20)
#define GIB      (1ull << 30)
#define ENTRIES  512u

/* Page-table entry bits (Intel SDM vol. 3, 4.5). */
#define PTE_P  0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)

static void put64(uint8_t *mem, uint64_t gpa, uint64_t v)
{
    memcpy(mem + gpa, &v, 8);
}

static uint64_t page_up(uint64_t a)
{
    return (a + PAGE - 1) & ~(PAGE - 1);
}

uint64_t hvt_pagetable_end(uint64_t image_end)
{
    uint64_t base = page_up(image_end), n = base / BIG_PAGE + 1;

    /* the tables may reach into regions that need tables of their own */
    while ((base + n * PAGE) / BIG_PAGE + 1 > n)
        n++;
    return base + n * PAGE;
}

/* The entry of the 4 KiB page at (pa), from the segment ranges. */
static uint64_t small_entry(uint64_t pa, uint64_t mem_size,
                            const struct tender_prot_range *ranges,
                            unsigned nranges)
{
    if (pa == 0 || pa >= mem_size)
        return 0; /* NULL dereferences fault; nothing past memory */
    for (unsigned i = 0; i < nranges; i++)
        if (pa >= ranges[i].start && pa < ranges[i].end) {
            uint32_t prot = ranges[i].prot;

            if (!(prot & (TENDER_PROT_R | TENDER_PROT_W | TENDER_PROT_X)))
                return 0;
            return pa | PTE_P | (prot & TENDER_PROT_W ? PTE_RW : 0) |
                   (prot & TENDER_PROT_X ? 0 : PTE_NX);
        }
    return pa | PTE_P | PTE_RW | PTE_NX;
}

void hvt_pagetable_build(uint8_t *mem, uint64_t mem_size, uint64_t image_end,
                         const struct tender_prot_range *ranges,
                         unsigned nranges)
{
    uint64_t npd = (mem_size + GIB - 1) / GIB, pt = page_up(image_end);
    uint64_t nsmall = (hvt_pagetable_end(image_end) - pt) / PAGE;

    put64(mem, HVT_GDT_ADDR, 0);
    put64(mem, HVT_GDT_ADDR + 8, 0x00af9a000000ffffull);  /* 64-bit code */
    put64(mem, HVT_GDT_ADDR + 16, 0x00cf92000000ffffull); /* data */
    /* upper levels: present and writable; rights in the last level */
    put64(mem, HVT_PML4_ADDR, HVT_PDPT_ADDR | PTE_P | PTE_RW);
    for (uint64_t g = 0; g < npd; g++)
        put64(mem, HVT_PDPT_ADDR + 8 * g,
              (HVT_PD_ADDR + PAGE * g) | PTE_P | PTE_RW);
    for (uint64_t r = 0; r * BIG_PAGE < mem_size; r++) {
        uint64_t pde = HVT_PD_ADDR + 8 * r, base = r * BIG_PAGE;

        if (r >= nsmall) {
            put64(mem, pde, base | PTE_P | PTE_RW | PTE_PS | PTE_NX);
            continue;
        }
        put64(mem, pde, pt | PTE_P | PTE_RW);
        for (unsigned k = 0; k < ENTRIES; k++)
            put64(mem, pt + 8 * k,
                  small_entry(base + k * PAGE, mem_size, ranges, nranges));
        pt += PAGE;
    }
}
