/* SPDX-License-Identifier: ISC */
/* heap_internal.h: the heap's entry points behind malloc and friends. */
#ifndef MIRAGE_FREESTANDING_LIBC_HEAP_INTERNAL_H
#define MIRAGE_FREESTANDING_LIBC_HEAP_INTERNAL_H

#include <stddef.h>

/*
 * As malloc, aligned_alloc (align a power of two) and realloc (with (p) not
 * NULL... or NULL, and (n) > 0), free, and the usable size of a block. On
 * failure they set errno to ENOMEM and count the failure.
 */
void *core_heap_alloc(size_t n);
void *core_heap_alloc_aligned(size_t align, size_t n);
void *core_heap_realloc(void *p, size_t n);
void core_heap_free(void *p);

#endif
