/* SPDX-License-Identifier: ISC */
/* mem.c: the heap from the boot memory map. */
#include "heap_stacks.h"
#include "pc.h"

/*
 * Every RAM range of the memory map, cut to what lies above the image and
 * its page tables and inside the identity map (heap_add_ram), goes to the
 * heap. RAM below the image (under 1 MiB) is left alone: the loader's
 * start info, command line and memory map live there (the boot path
 * copied what it needs). Runtime memory and fiber stacks come from the
 * heap (x86_64/heap_stacks.c).
 */
void pc_heap_init(const struct boot_info *info)
{
    for (uint32_t i = 0; i < info->memmap_entries; i++) {
        const struct hvm_memmap_table_entry *e = &info->memmap[i];
        uint64_t start = e->addr, end = e->addr + e->size;

        if (e->type != XEN_HVM_MEMMAP_TYPE_RAM || end < e->addr)
            continue;
        heap_add_ram(start, end);
    }
    heap_serve_page_tables();
}
