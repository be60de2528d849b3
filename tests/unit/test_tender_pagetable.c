/* SPDX-License-Identifier: ISC */
/* test_tender_pagetable.c: the W^X page tables mirage-hvt gives a guest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagetable.h"
#include "tap.h"

#define KIB      1024ull
#define MIB      (1024 * KIB)
#define PAGE     (4 * KIB)
#define BIG_PAGE (2 * MIB)

#define PTE_P    0x1ull
#define PTE_RW   0x2ull
#define PTE_PS   0x80ull
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

static uint8_t *mem;
static uint64_t mem_size;

static uint64_t get64(uint64_t gpa)
{
    uint64_t v;

    memcpy(&v, mem + gpa, 8);
    return v;
}

/*
 * Walks the tables from HVT_PML4_ADDR as the CPU would for (va): the
 * leaf entry's present, writable and no-execute bits (upper levels must
 * be present and writable, and never no-execute), in (*bits); the
 * physical address in (*pa); the leaf's size in (*size). 0, or -1 when
 * not mapped.
 */
static int walk(uint64_t va, uint64_t *bits, uint64_t *pa, uint64_t *size)
{
    uint64_t e = get64(HVT_PML4_ADDR + 8 * ((va >> 39) & 511));

    for (int level = 3; level >= 1; level--) {
        unsigned shift = 12 + 9 * (unsigned)level;

        if ((e & (PTE_P | PTE_RW | PTE_NX)) != (PTE_P | PTE_RW))
            return -1;
        if ((e & PTE_ADDR) + PAGE > mem_size)
            return -1;
        e = get64((e & PTE_ADDR) + 8 * ((va >> (shift - 9)) & 511));
        if (level == 2 && (e & PTE_PS)) {
            if (!(e & PTE_P))
                return -1;
            *bits = e & (PTE_P | PTE_RW | PTE_NX);
            *pa = (e & PTE_ADDR & ~(BIG_PAGE - 1)) | (va & (BIG_PAGE - 1));
            *size = BIG_PAGE;
            return 0;
        }
    }
    if (!(e & PTE_P))
        return -1;
    *bits = e & (PTE_P | PTE_RW | PTE_NX);
    *pa = (e & PTE_ADDR) | (va & (PAGE - 1));
    *size = PAGE;
    return 0;
}

/* Whether every page of [start, end) maps to itself with (want) bits. */
static int all_pages(uint64_t start, uint64_t end, uint64_t want,
                     uint64_t want_size)
{
    for (uint64_t va = start; va < end; va += PAGE) {
        uint64_t bits, pa, size;

        if (walk(va, &bits, &pa, &size) != 0 || bits != want || pa != va ||
            (want_size && size != want_size))
            return 0;
    }
    return 1;
}

static int unmapped(uint64_t va)
{
    uint64_t bits, pa, size;

    return walk(va, &bits, &pa, &size) != 0;
}

static void build(uint64_t size_mib, uint64_t image_end,
                  const struct tender_prot_range *r, unsigned n)
{
    mem_size = size_mib * MIB;
    free(mem);
    mem = calloc(1, mem_size);
    if (!mem)
        exit(99);
    hvt_pagetable_build(mem, mem_size, image_end, r, n);
}

int main(void)
{
    /* an image like hvt.lds makes: text, rodata, data+bss, 0x140000 */
    const struct tender_prot_range image[] = {
        {0x100000, 0x10a000, TENDER_PROT_R | TENDER_PROT_X},
        {0x10a000, 0x10e000, TENDER_PROT_R},
        {0x10e000, 0x140000, TENDER_PROT_R | TENDER_PROT_W},
    };
    const struct tender_prot_range big[] = {
        {0x100000, 0x500000, TENDER_PROT_R | TENDER_PROT_X},
        {0x500000, 0x501000, TENDER_PROT_R},
        {0x501000, 0x5ff000, TENDER_PROT_R | TENDER_PROT_W},
    };
    uint64_t end = hvt_pagetable_end(0x140000);

    TAP_OK(end == 0x141000, "one page table above a small image (end 0x%llx)",
           (unsigned long long)end);
    TAP_OK(hvt_pagetable_end(0x13f001) == 0x141000,
           "the tables start at the image's end rounded up to a page");
    /* the tables reach into the next 2 MiB region: it needs one too */
    TAP_OK(hvt_pagetable_end(0x1ff000) == 0x201000 &&
               hvt_pagetable_end(0x200000) == 0x202000,
           "a region the tables reach into gets a table of its own");
    TAP_OK(hvt_pagetable_end(0x5ff000) == 0x603000,
           "four page tables for an image ending near 6 MiB");

    build(64, 0x140000, image, 3);
    TAP_OK(unmapped(0) && unmapped(0xfff), "page 0 is not mapped");
    TAP_OK(all_pages(0x1000, 0x100000, PTE_P | PTE_RW | PTE_NX, PAGE),
           "below the image: read+write, no-execute, 4 KiB pages");
    TAP_OK(all_pages(0x100000, 0x10a000, PTE_P, PAGE),
           "text: read+execute, not writable");
    TAP_OK(all_pages(0x10a000, 0x10e000, PTE_P | PTE_NX, PAGE),
           "rodata: read-only, no-execute");
    TAP_OK(all_pages(0x10e000, 0x140000, PTE_P | PTE_RW | PTE_NX, PAGE),
           "data, bss and stacks: read+write, no-execute");
    TAP_OK(all_pages(0x140000, BIG_PAGE, PTE_P | PTE_RW | PTE_NX, PAGE),
           "the tables and the heap's start: read+write, no-execute, 4 KiB "
           "pages");
    TAP_OK(all_pages(BIG_PAGE, mem_size, PTE_P | PTE_RW | PTE_NX, BIG_PAGE),
           "the rest of memory: read+write, no-execute, 2 MiB pages");
    TAP_OK(unmapped(mem_size) && unmapped(1ull << 30),
           "nothing past guest memory");
    TAP_OK(get64(HVT_GDT_ADDR + 8) == 0x00af9a000000ffffull,
           "the GDT's 64-bit code segment");

    /* an image over three 2 MiB regions, in 7 MiB of memory (odd MiB) */
    build(7, 0x5ff000, big, 3);
    TAP_OK(all_pages(0x100000, 0x500000, PTE_P, PAGE) &&
               all_pages(0x500000, 0x501000, PTE_P | PTE_NX, PAGE) &&
               all_pages(0x501000, 0x5ff000, PTE_P | PTE_RW | PTE_NX, PAGE),
           "an image over three regions: each page as its segment says");
    TAP_OK(all_pages(0x5ff000, 0x603000, PTE_P | PTE_RW | PTE_NX, PAGE),
           "its four page tables, read+write");
    TAP_OK(all_pages(0x600000, 7 * MIB, PTE_P | PTE_RW | PTE_NX, PAGE) &&
               unmapped(7 * MIB) && unmapped(8 * MIB - PAGE),
           "a last region half in memory: mapped up to the end, no further");

    /* more than 1 GiB: one page directory a GiB */
    build(1025, 0x140000, image, 3);
    TAP_OK(all_pages(1ull << 30, (1ull << 30) + MIB, PTE_P | PTE_RW | PTE_NX,
                     BIG_PAGE) &&
               unmapped((1ull << 30) + 2 * MIB),
           "1025 MiB: the second GiB's first 2 MiB page is mapped, no more");
    free(mem);
    return tap_done();
}
