/* SPDX-License-Identifier: ISC */
/* heap.h: how much of the heap (malloc's memory) is in use, on every
 * target. */
#ifndef MIRAGE_HEAP_H
#define MIRAGE_HEAP_H

#include <stddef.h>

/*
 * What malloc holds. On spt, hvt, virtio and xen the heap is the
 * runtime's own (the freestanding libc's allocator over the memory the
 * platform gives): every figure is exact. On unix it is the host C
 * library's: glibc's mallinfo2(3), where `used` is the bytes in blocks
 * not free (the main arena's and the blocks malloc took with mmap);
 * blocks that glibc caches per thread for reuse (its tcache: up to 7 of
 * each size up to 1,032 bytes) count as used, so for an exact figure run
 * the process with GLIBC_TUNABLES=glibc.malloc.tcache_count=0. (A unix
 * unikernel built with AddressSanitizer, --enable-sanitizers, mallocs
 * from the sanitizer's allocator, which mallinfo2 does not see.)
 */
struct mirage_heap_stats {
    size_t total;       /* bytes the heap has: every region given to it
                           (unix: the arena and the mmap'd blocks) */
    size_t used;        /* bytes in allocated blocks (their usable sizes) */
    size_t free;        /* bytes in free blocks */
    size_t peak_used;   /* the highest (used) so far (unix: 0, unknown) */
    size_t allocations; /* allocations since boot (unix: 0, unknown) */
    size_t frees;       /* blocks freed since boot (unix: 0, unknown) */
};

/*
 * Fills (*out) with the heap's figures now; constant time on the
 * freestanding targets. Returns 0, or -EINVAL when (out) is NULL.
 */
int mirage_heap_stats(struct mirage_heap_stats *out);

#endif
