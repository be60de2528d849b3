/* SPDX-License-Identifier: ISC */
/* pagetable.c: the GDT and page tables mirage-hvt gives a guest at boot. */
#include <string.h>

#include "pagetable.h"

#define PAGE 4096ull

/* Page-table entry bits. */
#define PTE_P  0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

static void put64(uint8_t *mem, uint64_t gpa, uint64_t v)
{
    memcpy(mem + gpa, &v, 8);
}

void hvt_pagetable_build(uint8_t *mem, uint64_t mem_size)
{
    uint64_t npd = (mem_size + (1ull << 30) - 1) >> 30;

    put64(mem, HVT_GDT_ADDR, 0);
    put64(mem, HVT_GDT_ADDR + 8, 0x00af9a000000ffffull);  /* 64-bit code */
    put64(mem, HVT_GDT_ADDR + 16, 0x00cf92000000ffffull); /* data */
    put64(mem, HVT_PML4_ADDR, HVT_PDPT_ADDR | PTE_P | PTE_RW);
    for (uint64_t g = 0; g < npd; g++) {
        put64(mem, HVT_PDPT_ADDR + 8 * g,
              (HVT_PD_ADDR + PAGE * g) | PTE_P | PTE_RW);
        for (uint64_t k = 0; k < 512; k++) {
            uint64_t pa = (g << 30) + (k << 21);
            if (pa < mem_size)
                put64(mem, HVT_PD_ADDR + PAGE * g + 8 * k,
                      pa | PTE_P | PTE_RW | PTE_PS);
        }
    }
}
