/* SPDX-License-Identifier: ISC */
/* paging.c: the kernel's page tables: W^X image, NX memory, guard pages. */
#include "paging.h"

#include <errno.h>

/*
 * x86-64 4-level paging (Intel SDM vol. 3, 4.5): PML4 -> PDPT -> PD ->
 * PT. Only PML4 entry 0 is used (0..512 GiB): PDPT entry 0 maps the
 * identity map 0..1 GiB, PDPT entries 1..3 device memory (paging_map_mmio).
 * A 2 MiB page (PS in the PD entry) maps the bulk of memory; the 2 MiB
 * regions that hold the image (and any range paging_protect narrows) get
 * a page table of 4 KiB pages. Upper-level entries are present+writable
 * and executable: the rights are set in the last level only. On hvt the
 * tender builds the tables in this shape (paging_adopt takes them over),
 * with PDPT entries 1.. mapping guest memory above 1 GiB.
 */
#define PTE_P    0x001ull /* present */
#define PTE_W    0x002ull /* writable */
#define PTE_PWT  0x008ull /* write-through */
#define PTE_PCD  0x010ull /* cache disabled */
#define PTE_PS   0x080ull /* a 2 MiB page (in a PD entry) */
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define BIG_PAGE   (2ull << 20)
#define ENTRIES    512u
#define MSR_EFER   0xc0000080u
#define EFER_NXE   (1u << 11)
#define MMIO_LIMIT (4ull << 30)

/* The image's bounds, from pvh.lds. */
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __stack_guard[], __stack_bottom[];
extern char __fault_stack_guard[], __fault_stack_bottom[];
extern char __image_end[];

static uint64_t *pml4, *pdpt, *pd_low;
static uint64_t nx;          /* PTE_NX when EFER.NXE is on, else 0 */
static uintptr_t floor_addr; /* the bump allocator for the boot tables */
static int booting;          /* paging_init is running: bump, no heap */
static void *(*table_alloc)(void);

static void zero_page(void *page)
{
    void *dst = page;
    unsigned long count = PAGING_PAGE_SIZE / 8;

    /* rep stosq, not a loop: a loop may become a call to memset, which
     * the smallest kernels of the boot path (the smoke test) lack */
    __asm__ volatile("rep stosq"
                     : "+D"(dst), "+c"(count)
                     : "a"(0ull)
                     : "memory");
}

static uint64_t *new_table(void)
{
    uint64_t *t;

    if (booting) {
        t = (uint64_t *)floor_addr;
        floor_addr += PAGING_PAGE_SIZE;
    } else {
        t = table_alloc ? table_alloc() : NULL;
        if (!t)
            return NULL;
    }
    zero_page(t);
    return t;
}

static uint64_t prot_bits(enum paging_prot prot)
{
    switch (prot) {
    case PAGING_READ:
        return PTE_P | nx;
    case PAGING_RW:
        return PTE_P | PTE_W | nx;
    case PAGING_EXEC:
        return PTE_P;
    default:
        return 0;
    }
}

static inline void invlpg(uintptr_t addr)
{
    __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

/* The PT that maps the 2 MiB region of (addr), splitting a 2 MiB page
 * into 512 pages of the same rights first; NULL without memory. */
static uint64_t *table_of(uintptr_t addr)
{
    uint64_t *pde = &pd_low[addr >> 21];
    uint64_t *pt;

    if (!(*pde & PTE_PS))
        return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
    pt = new_table();
    if (!pt)
        return NULL;
    for (unsigned i = 0; i < ENTRIES; i++)
        pt[i] = ((*pde & PTE_ADDR) + (uint64_t)i * PAGING_PAGE_SIZE) |
                (*pde & (PTE_P | PTE_W | PTE_NX));
    *pde = (uint64_t)(uintptr_t)pt | PTE_P | PTE_W;
    /* the whole 2 MiB translation goes with its first page's entry */
    invlpg(addr & ~(uintptr_t)(BIG_PAGE - 1));
    return pt;
}

int paging_protect(uintptr_t addr, size_t len, enum paging_prot prot)
{
    uintptr_t start = addr & ~(uintptr_t)(PAGING_PAGE_SIZE - 1);
    uintptr_t end;

    if (addr >= PAGING_MAP_END || len > PAGING_MAP_END - addr)
        return -EINVAL;
    end = (addr + len + PAGING_PAGE_SIZE - 1) &
          ~(uintptr_t)(PAGING_PAGE_SIZE - 1);
    for (uintptr_t p = start; p < end; p += PAGING_PAGE_SIZE) {
        uint64_t *pt = table_of(p);

        if (!pt)
            return -ENOMEM;
        pt[(p >> 12) % ENTRIES] = (uint64_t)p | prot_bits(prot);
        if (!booting)
            invlpg(p);
    }
    return 0;
}

int paging_init(void)
{
    uintptr_t image_end = (uintptr_t)__image_end;
    uintptr_t tables_end;

    if (image_end + (ENTRIES + 8) * PAGING_PAGE_SIZE >= PAGING_MAP_END)
        return -ENOMEM;
    booting = 1;
    nx = (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
    floor_addr =
        (image_end + PAGING_PAGE_SIZE - 1) & ~(uintptr_t)(PAGING_PAGE_SIZE - 1);
    pml4 = new_table();
    pdpt = new_table();
    pd_low = new_table();
    pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_W;
    pdpt[0] = (uint64_t)(uintptr_t)pd_low | PTE_P | PTE_W;
    for (unsigned i = 0; i < ENTRIES; i++)
        pd_low[i] = ((uint64_t)i * BIG_PAGE) | PTE_P | PTE_W | PTE_PS | nx;
    /* The image and the page tables below (tables_end): 4 KiB pages. The
     * tables for them are allocated while splitting, so bound the loop by
     * where the bump allocator may still go (a table per 2 MiB). */
    tables_end = floor_addr + (image_end / BIG_PAGE + 2) * PAGING_PAGE_SIZE;
    for (uintptr_t p = 0; p < tables_end; p += BIG_PAGE)
        if (!table_of(p))
            return -ENOMEM;
    paging_protect(0, PAGING_PAGE_SIZE, PAGING_NONE);
    paging_protect((uintptr_t)__text_start, (size_t)(__text_end - __text_start),
                   PAGING_EXEC);
    paging_protect((uintptr_t)__rodata_start,
                   (size_t)(__rodata_end - __rodata_start), PAGING_READ);
    paging_protect((uintptr_t)__stack_guard,
                   (size_t)(__stack_bottom - __stack_guard), PAGING_NONE);
    paging_protect((uintptr_t)__fault_stack_guard,
                   (size_t)(__fault_stack_bottom - __fault_stack_guard),
                   PAGING_NONE);
    __asm__ volatile("mov %0, %%cr3" : : "r"(pml4) : "memory");
    booting = 0;
    return 0;
}

/* Whether (pd), a page directory of 0..1 GiB, maps the pages of [addr,
 * addr + len) by page tables of 4 KiB pages. */
static int small_pages(const uint64_t *pd, uintptr_t addr, size_t len)
{
    if (addr >= PAGING_MAP_END || len > PAGING_MAP_END - addr)
        return 0;
    for (uintptr_t p = addr & ~(uintptr_t)(BIG_PAGE - 1); p < addr + len;
         p += BIG_PAGE)
        if ((pd[p >> 21] & (PTE_P | PTE_PS)) != PTE_P)
            return 0;
    return 1;
}

int paging_adopt(uintptr_t root)
{
    uintptr_t cr3, guard = (uintptr_t)__stack_guard,
                   fault_guard = (uintptr_t)__fault_stack_guard;
    size_t guard_len = (size_t)(__stack_bottom - __stack_guard),
           fault_guard_len =
               (size_t)(__fault_stack_bottom - __fault_stack_guard);
    uint64_t *top = (uint64_t *)root, *dir_ptr, *dir;

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    if (root == 0 || (cr3 & PTE_ADDR) != root ||
        (top[0] & (PTE_P | PTE_PS)) != PTE_P)
        return -EINVAL;
    dir_ptr = (uint64_t *)(uintptr_t)(top[0] & PTE_ADDR);
    if ((dir_ptr[0] & (PTE_P | PTE_PS)) != PTE_P)
        return -EINVAL;
    dir = (uint64_t *)(uintptr_t)(dir_ptr[0] & PTE_ADDR);
    if (!small_pages(dir, guard, guard_len) ||
        !small_pages(dir, fault_guard, fault_guard_len))
        return -EINVAL;
    pml4 = top;
    pdpt = dir_ptr;
    pd_low = dir;
    nx = (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
    /* 4 KiB pages already: no table to split, so these cannot fail */
    paging_protect(guard, guard_len, PAGING_NONE);
    paging_protect(fault_guard, fault_guard_len, PAGING_NONE);
    return 0;
}

uintptr_t paging_floor(void)
{
    return floor_addr;
}

void paging_set_table_alloc(void *(*alloc)(void))
{
    table_alloc = alloc;
}

int paging_map_mmio(uint64_t phys, size_t len)
{
    uint64_t start = phys & ~(BIG_PAGE - 1);

    if (phys >= MMIO_LIMIT || len > MMIO_LIMIT - phys)
        return -EINVAL;
    for (uint64_t p = start; p < phys + len; p += BIG_PAGE) {
        uint64_t *pd;

        if (p < PAGING_MAP_END)
            continue; /* RAM-side identity map: already mapped */
        if (!(pdpt[p >> 30] & PTE_P)) {
            pd = new_table();
            if (!pd)
                return -ENOMEM;
            pdpt[p >> 30] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_W;
        }
        pd = (uint64_t *)(uintptr_t)(pdpt[p >> 30] & PTE_ADDR);
        pd[(p >> 21) % ENTRIES] =
            p | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT | nx;
        invlpg((uintptr_t)p);
    }
    return 0;
}

int paging_readable(uintptr_t addr, size_t len)
{
    uintptr_t end;

    if (!pml4)
        return addr < PAGING_MAP_END && len <= PAGING_MAP_END - addr;
    if (addr >= MMIO_LIMIT || len > MMIO_LIMIT - addr)
        return 0;
    end = addr + len;
    for (uintptr_t p = addr & ~(uintptr_t)(PAGING_PAGE_SIZE - 1); p < end;
         p += PAGING_PAGE_SIZE) {
        uint64_t pdpte = pdpt[p >> 30], pde, *pd, *pt;

        if (!(pdpte & PTE_P))
            return 0;
        pd = (uint64_t *)(uintptr_t)(pdpte & PTE_ADDR);
        pde = pd[(p >> 21) % ENTRIES];
        if (!(pde & PTE_P))
            return 0;
        if (pde & PTE_PS)
            continue;
        pt = (uint64_t *)(uintptr_t)(pde & PTE_ADDR);
        if (!(pt[(p >> 12) % ENTRIES] & PTE_P))
            return 0;
    }
    return 1;
}
