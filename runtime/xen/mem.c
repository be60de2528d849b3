/* SPDX-License-Identifier: ISC */
/* mem.c: the heap from the boot memory map; runtime memory and stacks. */
#include <stdlib.h>

#include "heap.h"
#include "platform.h"
#include "xen.h"

/* The end of the image, stack included (pvh.lds). */
extern char __image_end[];

#define PAGE_SIZE 4096u
/* Fiber stacks: 16-byte aligned by the ABI; a page keeps them tidy. */
#define STACK_ALIGN PAGE_SIZE

/*
 * Every RAM range of the memory map, cut to what lies above the image and
 * inside the identity map (0..1 GiB), goes to the heap. RAM below the image
 * (under 1 MiB) is left alone: the loader's start info, command line and
 * memory map live there, and they are read before this runs.
 */
void xen_heap_init(const struct boot_info *info)
{
    uint64_t floor = (uint64_t)(uintptr_t)__image_end;

    for (uint32_t i = 0; i < info->memmap_entries; i++) {
        const struct hvm_memmap_table_entry *e = &info->memmap[i];
        uint64_t start = e->addr, end = e->addr + e->size;

        if (e->type != XEN_HVM_MEMMAP_TYPE_RAM || end < e->addr)
            continue;
        if (start < floor)
            start = floor;
        if (end > XEN_IDENTITY_MAP_END)
            end = XEN_IDENTITY_MAP_END;
        start = (start + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
        end &= ~(uint64_t)(PAGE_SIZE - 1);
        if (start < end)
            core_heap_add_region((void *)(uintptr_t)start,
                                 (size_t)(end - start));
    }
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
 * Fiber stacks come from the heap, with no guard page below them: there is
 * no page-level protection until the page tables get W^X (TODO in
 * boot/entry32.c). Until then an overflow is caught only after the fact,
 * by the core's canary at the stack's lowest word (runtime/core/fiber*.c).
 */
void *plat_stack_alloc(size_t *size, size_t *guard)
{
    size_t len;
    void *stack;

    if (*size > SIZE_MAX - STACK_ALIGN)
        return NULL;
    len = (*size + STACK_ALIGN - 1) & ~(size_t)(STACK_ALIGN - 1);
    stack = aligned_alloc(STACK_ALIGN, len);
    if (!stack)
        return NULL;
    *size = len;
    *guard = 0;
    return stack;
}

void plat_stack_free(void *stack, size_t size)
{
    (void)size;
    free(stack);
}
