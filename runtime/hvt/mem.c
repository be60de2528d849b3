/* SPDX-License-Identifier: ISC */
/* mem.c: the heap from the tender's free memory. */
#include <mirage/tender_abi.h>

#include "heap.h"
#include "heap_stacks.h"
#include "hvt.h"

/*
 * [mem_start, mem_end) that the tender gave goes to the heap, cut to what
 * lies above the image's page tables and inside the identity map
 * (heap_add_ram). Runtime memory and fiber stacks come from the heap
 * (x86_64/heap_stacks.c). So does the memory below the image from the
 * boot info on (tender_abi.h: nothing of the tender's lies between them;
 * the boot info and the command line were copied into the image first):
 * about 700 KiB that a small --mem would otherwise lose.
 */
void hvt_heap_init(uint64_t low_start)
{
    heap_add_ram(hvt_boot_info.mem_start, hvt_boot_info.mem_end);
    low_start = (low_start + 4095) & ~(uint64_t)4095;
    if (low_start >= 4096 && low_start < MIRAGE_TENDER_IMAGE_BASE)
        core_heap_add_region((void *)(uintptr_t)low_start,
                             (size_t)(MIRAGE_TENDER_IMAGE_BASE - low_start));
    heap_serve_page_tables();
}
