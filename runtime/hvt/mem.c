/* SPDX-License-Identifier: ISC */
/* mem.c: the heap from the tender's free memory. */
#include "heap_stacks.h"
#include "hvt.h"

/*
 * [mem_start, mem_end) that the tender gave goes to the heap, cut to what
 * lies above the image's page tables and inside the identity map
 * (heap_add_ram). Runtime memory and fiber stacks come from the heap
 * (x86_64/heap_stacks.c).
 */
void hvt_heap_init(void)
{
    heap_add_ram(hvt_boot_info.mem_start, hvt_boot_info.mem_end);
    heap_serve_page_tables();
}
