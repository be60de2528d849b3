/* SPDX-License-Identifier: ISC */
/* heap_stacks.h: the heap on the identity map; runtime memory, stacks. */
#ifndef MIRAGE_X86_64_HEAP_STACKS_H
#define MIRAGE_X86_64_HEAP_STACKS_H

#include <stdint.h>

/*
 * Gives the heap the RAM of [start, end), cut to what lies above the image
 * and its page tables (paging_floor) and inside the identity map of
 * x86_64/paging.c (0..PAGING_MAP_END), whole pages only. A range with
 * nothing left after the cut is ignored; there is no error.
 */
void heap_add_ram(uint64_t start, uint64_t end);

/*
 * Lets x86_64/paging.c take the page tables it needs to split a 2 MiB page
 * (for a fiber stack's guard page) from the heap; called once the heap
 * has its RAM. Cannot fail.
 */
void heap_serve_page_tables(void);

/*
 * The file also holds the platform's plat_mem_alloc and plat_mem_free (the
 * heap's malloc and free) and plat_stack_alloc and plat_stack_free: fiber
 * stacks from the heap with an unmapped guard page below them
 * (runtime/platform.h).
 */

#endif
