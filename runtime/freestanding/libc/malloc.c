/* SPDX-License-Identifier: ISC */
/* malloc.c: malloc, calloc, realloc, free and the aligned ones, on the heap. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heap_internal.h"

void *malloc(size_t size)
{
    return core_heap_alloc(size);
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    if ((p = core_heap_alloc(n * size)))
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    if (p && !size) {
        core_heap_free(p);
        return NULL;
    }
    return core_heap_realloc(p, size);
}

void free(void *p)
{
    core_heap_free(p);
}

static int bad_align(size_t align)
{
    return !align || (align & (align - 1));
}

void *aligned_alloc(size_t align, size_t size)
{
    if (bad_align(align)) {
        errno = EINVAL;
        return NULL;
    }
    return core_heap_alloc_aligned(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    int saved = errno;
    void *p;

    if (bad_align(align) || align % sizeof(void *))
        return EINVAL;
    p = core_heap_alloc_aligned(align, size);
    errno = saved;
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
