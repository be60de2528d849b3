/* SPDX-License-Identifier: ISC */
/* heap_stats.c: mirage_heap_stats on unix, from glibc's mallinfo2. */
#include <errno.h>
#include <malloc.h>
#include <string.h>

#include <mirage/heap.h>

int mirage_heap_stats(struct mirage_heap_stats *out)
{
    struct mallinfo2 m;

    if (!out)
        return -EINVAL;
    m = mallinfo2();
    memset(out, 0, sizeof *out);
    out->total = m.arena + m.hblkhd;
    out->used = m.uordblks + m.hblkhd;
    out->free = m.fordblks;
    return 0;
}
