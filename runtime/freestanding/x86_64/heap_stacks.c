/* SPDX-License-Identifier: ISC */
/* heap_stacks.c: the heap on the identity map; runtime memory, stacks. */
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "heap_stacks.h"
#include "paging.h"
#include "platform.h"

#define PAGE_SIZE PAGING_PAGE_SIZE
/* Fiber stacks: 16-byte aligned by the ABI; a page keeps them tidy. */
#define STACK_ALIGN PAGE_SIZE

/* A page table for x86_64/paging.c when it splits a 2 MiB page. */
static void *table_page(void)
{
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE);
}

void heap_add_ram(uint64_t start, uint64_t end)
{
    uint64_t floor = (uint64_t)paging_floor();

    if (start < floor)
        start = floor;
    if (end > PAGING_MAP_END)
        end = PAGING_MAP_END;
    start = (start + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    end &= ~(uint64_t)(PAGE_SIZE - 1);
    if (start < end)
        core_heap_add_region((void *)(uintptr_t)start, (size_t)(end - start));
}

void heap_serve_page_tables(void)
{
    paging_set_table_alloc(table_page);
}

void *plat_mem_alloc(size_t size)
{
    return malloc(size);
}

void plat_mem_free(void *p)
{
    free(p);
}

/*
 * Fiber stacks come from the heap, page-aligned, with one page more below
 * them that the page tables leave unmapped (x86_64/paging.c): an overflow
 * faults there and is reported as the fiber's (fault_report.c). If the
 * guard cannot be set (no memory for a page table), the stack still works,
 * with the core's canary as the only check (*guard = 0).
 */
void *plat_stack_alloc(size_t *size, size_t *guard)
{
    size_t len;
    char *base;

    if (*size > SIZE_MAX - 2 * STACK_ALIGN)
        return NULL;
    len = (*size + STACK_ALIGN - 1) & ~(size_t)(STACK_ALIGN - 1);
    base = aligned_alloc(STACK_ALIGN, len + PAGE_SIZE);
    if (!base)
        return NULL;
    *size = len;
    *guard = PAGE_SIZE;
    if (paging_protect((uintptr_t)base, PAGE_SIZE, PAGING_NONE) != 0) {
        /* keep the layout (stack above a page) but without protection */
        *guard = 0;
        memset(base, 0, PAGE_SIZE);
    }
    return base + PAGE_SIZE;
}

void plat_stack_free(void *stack, size_t size)
{
    char *base = (char *)stack - PAGE_SIZE;

    (void)size;
    /* the heap writes its block header there: map the guard again */
    paging_protect((uintptr_t)base, PAGE_SIZE, PAGING_RW);
    free(base);
}
