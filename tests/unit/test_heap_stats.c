/* SPDX-License-Identifier: ISC */
/* test_heap_stats.c: mirage_heap_stats (<mirage/heap.h>) follows malloc and
 * free: on unix over glibc, and (HEAP_FS) over the freestanding heap. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <mirage/heap.h>

#include "tap.h"

#ifdef HEAP_FS
#include "heap.h"
#include "libc_test.h"
#define ALLOC(n) mfs_malloc(n)
#define FREE(p)  mfs_free(p)
#define WHERE    "freestanding heap"
#else
#define ALLOC(n) malloc(n)
#define FREE(p)  free(p)
#define WHERE    "unix (glibc)"
#endif

/* Allocates (n) bytes, checks the figures before, with and after. */
static void follows(size_t n)
{
    struct mirage_heap_stats a, b, c;
    unsigned char *p;
    int rc;

    rc = mirage_heap_stats(&a);
    p = ALLOC(n);
    for (size_t i = 0; p && i < n; i += 4096)
        p[i] = 1; /* really there */
    mirage_heap_stats(&b);
    FREE(p);
    mirage_heap_stats(&c);
    TAP_OK(rc == 0 && p && b.used >= a.used + n && b.used <= a.used + n + 8192,
           WHERE ": malloc(%zu) adds %zu bytes to used (at least that, "
                 "within 8 KiB of it)",
           n, b.used - a.used);
    TAP_OK(c.used == a.used, WHERE ": free gives them back: used %zu, was %zu",
           c.used, a.used);
    TAP_OK(b.used + b.free <= b.total && b.total > 0,
           WHERE ": used %zu + free %zu <= total %zu", b.used, b.free, b.total);
#ifdef HEAP_FS
    TAP_OK(b.allocations == a.allocations + 1 && c.frees == a.frees + 1 &&
               b.peak_used >= b.used && c.peak_used == b.peak_used,
           WHERE ": one allocation, one free counted, the peak kept");
#endif
}

int main(void)
{
#ifdef HEAP_FS
    static unsigned char region[8u << 20];
    struct core_heap_stats core;
    struct mirage_heap_stats st;

    core_heap_add_region(region, sizeof region);
    core_heap_stats(&core);
    mirage_heap_stats(&st);
    TAP_OK(st.total == core.total && st.used == core.used &&
               st.free == core.free && st.peak_used == core.peak_used,
           WHERE ": the figures are the heap's own (total %zu)", st.total);
    follows(100);
    follows(100 * 1024);
    follows(1u << 20);
#else
#if defined(__SANITIZE_ADDRESS__)
    return tap_skip_all("built with AddressSanitizer, whose malloc is not "
                        "glibc's: mallinfo2 does not see it");
#endif
    /* glibc sets its arena up (and its per-thread cache, 576 bytes) at
       the first malloc (volatile: the compiler drops a malloc freed at
       once) */
    void *volatile first = malloc(1);

    free(first);
    follows(100 * 1024); /* from the arena */
    follows(1u << 20);   /* mmap'd by glibc */
#endif
    TAP_OK(mirage_heap_stats(NULL) == -EINVAL, WHERE ": NULL: -EINVAL");
    return tap_done();
}
