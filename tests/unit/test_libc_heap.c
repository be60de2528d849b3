/* SPDX-License-Identifier: ISC */
/* test_libc_heap.c: the freestanding heap on random workloads. */
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_test.h"
#include "tap.h"

#define REGION (16u << 20)
#define SLOTS  512

/* libc_abort_jump, libc_abort_msg and the silent platform stubs: libc_stubs.c
 */

struct slot {
    unsigned char *p;
    size_t size;
    unsigned char seed;
};

static struct slot slots[SLOTS];

static void pattern(struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        s->p[i] = (unsigned char)(s->seed + i * 7);
}

static int intact(const struct slot *s, size_t upto)
{
    for (size_t i = 0; i < upto; i++)
        if (s->p[i] != (unsigned char)(s->seed + i * 7))
            return 0;
    return 1;
}

static int consistent(void)
{
    struct core_heap_stats st;

    core_heap_stats(&st);
    return st.used + st.free + st.overhead == st.total &&
           st.largest_free <= st.free && st.peak_used >= st.used;
}

static size_t random_size(void)
{
    switch (rnd() % 4) {
    case 0:
        return 1 + rnd() % 64;
    case 1:
        return 1 + rnd() % 1024;
    default:
        return 1 + rnd() % 65536;
    }
}

int main(void)
{
    unsigned char *region = malloc(REGION + 64);
    struct core_heap_stats st, st0;
    int bad_pattern = 0, bad_align = 0, bad_check = 0, bad_stats = 0;
    int check_rc = 0;
    size_t ops = 0, nulls = 0;

    /* Before any region: malloc fails cleanly. */
    mfs_errno = 0;
    TAP_OK(mfs_malloc(10) == NULL && mfs_errno == ENOMEM,
           "malloc with no region: NULL, ENOMEM");
    /* An odd base: the heap aligns it. */
    core_heap_add_region(region + 8, REGION);
    core_heap_stats(&st0);
    TAP_OK(st0.total > REGION - 32 && st0.total <= REGION && st0.used == 0 &&
               st0.largest_free == st0.free && st0.free + 32 == st0.total &&
               core_heap_check() == 0,
           "a fresh region is one free block: total %zu, free %zu", st0.total,
           st0.free);

    for (ops = 0; ops < 100000; ops++) {
        struct slot *s = &slots[rnd() % SLOTS];
        unsigned op = (unsigned)(rnd() % 10);
        if (s->p && op < 4) {
            bad_pattern += !intact(s, s->size);
            mfs_free(s->p);
            s->p = NULL;
        } else if (s->p && op < 7) {
            size_t n = random_size(), keep = n < s->size ? n : s->size;
            unsigned char *q = mfs_realloc(s->p, n);
            if (!q) {
                nulls++;
                bad_pattern += !intact(s, s->size);
                continue;
            }
            s->p = q;
            bad_pattern += !intact(s, keep);
            s->size = n;
            pattern(s);
        } else if (!s->p) {
            s->size = random_size();
            s->seed = (unsigned char)rnd();
            if (op == 9) {
                size_t align = (size_t)32 << (rnd() % 8);
                s->p = mfs_aligned_alloc(align, s->size);
                bad_align += s->p && ((uintptr_t)s->p & (align - 1));
            } else if (op == 8) {
                s->p = mfs_calloc(1, s->size);
                for (size_t i = 0; s->p && i < s->size; i++)
                    bad_pattern += s->p[i] != 0;
            } else {
                s->p = mfs_malloc(s->size);
            }
            if (!s->p) {
                nulls++;
                continue;
            }
            bad_align += ((uintptr_t)s->p & 15) != 0;
            pattern(s);
        }
        if (ops % 1000 == 999) {
            int rc = core_heap_check();
            if (rc && !check_rc)
                check_rc = rc;
            bad_check += rc != 0;
            bad_stats += !consistent();
        }
    }
    TAP_OK(!bad_pattern, "10^5 random malloc/calloc/realloc/free keep every "
                         "block's contents");
    TAP_OK(!bad_align, "every pointer is 16-byte aligned, aligned_alloc's "
                       "to its alignment");
    TAP_OK(!bad_check,
           "core_heap_check passes every 1000 operations "
           "(first error %d)",
           check_rc);
    TAP_OK(!bad_stats, "used + free + overhead == total throughout");
    core_heap_stats(&st);
    /* + 1: the malloc before any region. */
    TAP_OK(
        st.allocations > 30000 && st.frees > 10000 && st.peak_used > 0 &&
            st.failed == nulls + 1 && st.peak_used < st.total - 65536,
        "counts: %zu allocations, %zu frees, %zu failed (%zu NULLs), peak %zu",
        st.allocations, st.frees, st.failed, nulls, st.peak_used);

    for (int i = 0; i < SLOTS; i++) {
        mfs_free(slots[i].p);
        slots[i].p = NULL;
    }
    core_heap_stats(&st);
    TAP_OK(st.used == 0 && st.free == st0.free && st.largest_free == st0.free &&
               core_heap_check() == 0,
           "freeing everything coalesces back to one block (%zu)",
           st.largest_free);

    /* Exhaustion: the largest block goes, then nothing more. */
    size_t failed = st.failed;
    void *all = mfs_malloc(st.largest_free);
    mfs_errno = 0;
    void *more = mfs_malloc(1);
    core_heap_stats(&st);
    TAP_OK(all && !more && mfs_errno == ENOMEM && st.failed == failed + 1 &&
               st.free == 0,
           "malloc of largest_free succeeds, and then malloc(1) fails");
    TAP_OK(mfs_malloc(SIZE_MAX) == NULL && mfs_malloc(SIZE_MAX - 8) == NULL &&
               mfs_calloc(SIZE_MAX / 2, 3) == NULL,
           "huge and overflowing requests return NULL");
    mfs_free(all);

    /* Many small blocks exhaust the heap, then free in a scattered order. */
    static void *small[600000];
    size_t n = 0;
    while (n < 600000 && (small[n] = mfs_malloc(1 + n % 40)))
        n++;
    core_heap_stats(&st);
    TAP_OK(n < 600000 && st.largest_free < 64 && core_heap_check() == 0,
           "%zu small blocks fill the region; check passes", n);
    for (size_t i = 0; i < n; i += 2)
        mfs_free(small[i]);
    for (size_t i = 1; i < n; i += 2)
        mfs_free(small[i]);
    core_heap_stats(&st);
    TAP_OK(st.used == 0 && st.largest_free == st0.free &&
               core_heap_check() == 0,
           "freed in two passes, they merge into one block again");

    /* realloc grows in place into a free neighbour, and shrinks. */
    unsigned char *a = mfs_malloc(100), *b = mfs_malloc(100);
    mfs_free(b);
    unsigned char *a2 = mfs_realloc(a, 1000);
    TAP_OK(a2 == a && mfs_realloc(a2, 10) == a && core_heap_check() == 0,
           "realloc grows into a free neighbour in place, shrinks in place");
    TAP_OK(mfs_realloc(a, 0) == NULL && core_heap_check() == 0,
           "realloc(p, 0) frees");
    void *pm = NULL;
    TAP_OK(mfs_posix_memalign(&pm, 4096, 10) == 0 &&
               ((uintptr_t)pm & 4095) == 0 &&
               mfs_posix_memalign(&pm, 24, 10) == EINVAL &&
               mfs_aligned_alloc(3, 10) == NULL,
           "posix_memalign and aligned_alloc check the alignment");
    mfs_free(pm);
    char *d = mfs_strdup("copy me");
    TAP_OK(d && !strcmp(d, "copy me"), "strdup copies into the heap");
    mfs_free(d);
    d = mfs_strndup("copy me", 4);
    TAP_OK(d && !strcmp(d, "copy"), "strndup cuts and terminates");
    mfs_free(d);

    /* Misuse ends the unikernel. */
    unsigned char *x = mfs_malloc(64), *y = mfs_malloc(64);
    mfs_free(x);
    libc_abort_msg[0] = '\0';
    if (!setjmp(libc_abort_jump))
        mfs_free(x);
    TAP_OK(strstr(libc_abort_msg, "double free") != NULL,
           "a double free is caught: %s", libc_abort_msg);
    libc_abort_msg[0] = '\0';
    if (!setjmp(libc_abort_jump))
        mfs_free(y + 1);
    TAP_OK(strstr(libc_abort_msg, "not a pointer from malloc") != NULL,
           "a misaligned pointer is refused: %s", libc_abort_msg);
    libc_abort_msg[0] = '\0';
    int on_stack;
    if (!setjmp(libc_abort_jump))
        mfs_free(&on_stack);
    TAP_OK(strstr(libc_abort_msg, "not a pointer from malloc") != NULL,
           "a pointer outside the heap is refused");
    libc_abort_msg[0] = '\0';
    if (!setjmp(libc_abort_jump))
        mfs_free(y + 32);
    TAP_OK(strstr(libc_abort_msg, "not an allocated block") != NULL,
           "a pointer inside a block is refused");
    /* A write past the end of a block damages the next header. */
    y[64 + 8] ^= 0x40;
    TAP_OK(core_heap_check() == -EFAULT, "an overwritten header is found");
    y[64 + 8] ^= 0x40;
    TAP_OK(core_heap_check() == 0, "and the heap is whole once it is undone");
    free(region);
    return tap_done();
}
