/* SPDX-License-Identifier: ISC */
/* heap.h: the freestanding heap behind malloc: regions, statistics, checks. */
#ifndef MIRAGE_FREESTANDING_LIBC_HEAP_H
#define MIRAGE_FREESTANDING_LIBC_HEAP_H

#include <stddef.h>

/*
 * A two-level segregated fit allocator (TLSF-like): malloc and free take
 * constant time, whatever the number of blocks; free blocks merge with
 * their neighbours at once. Every block has a 16-byte header and is aligned
 * to 16 bytes. Single core, no locking: not for interrupt handlers.
 */

/*
 * Gives the heap the (size) bytes at (base), which nothing else may use
 * after; called at boot for each region the loader reports. A region too
 * small to hold a block (under 64 bytes) is ignored, as are regions beyond
 * the 16th; a region above 16 GiB is split in parts.
 */
void core_heap_add_region(void *base, size_t size);

/* What the heap holds, in bytes and counts since boot. */
struct core_heap_stats {
    size_t total;        /* bytes of every region given to the heap */
    size_t used;         /* bytes usable in allocated blocks */
    size_t free;         /* bytes usable in free blocks */
    size_t overhead;     /* headers and alignment: total - used - free */
    size_t largest_free; /* the largest malloc that can succeed now */
    size_t peak_used;    /* the highest (used) so far */
    size_t allocations;  /* successful allocations */
    size_t frees;        /* blocks freed */
    size_t failed;       /* allocations that returned NULL for want of space */
};

/* Fills (*st) with the heap's statistics; constant time. */
void core_heap_stats(struct core_heap_stats *st);

/*
 * Walks every block and free list: returns 0 when the heap is consistent,
 * -EFAULT for a damaged block header (a write out of bounds) and -EINVAL for
 * free lists, bitmaps or statistics that disagree with the blocks. Time in
 * the number of blocks; for tests and debugging.
 */
int core_heap_check(void);

#endif
