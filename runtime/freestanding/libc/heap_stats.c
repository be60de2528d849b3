/* SPDX-License-Identifier: ISC */
/* heap_stats.c: mirage_heap_stats on the freestanding targets, from the
 * runtime's own heap. */
#include <errno.h>

#include <mirage/heap.h>

#include "heap.h"

int mirage_heap_stats(struct mirage_heap_stats *out)
{
    struct core_heap_stats st;

    if (!out)
        return -EINVAL;
    core_heap_stats(&st);
    out->total = st.total;
    out->used = st.used;
    out->free = st.free;
    out->peak_used = st.peak_used;
    out->allocations = st.allocations;
    out->frees = st.frees;
    return 0;
}
