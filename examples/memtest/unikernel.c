/* SPDX-License-Identifier: ISC */
/* unikernel.c: memtest stresses the allocator and checks every byte it got. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage_main.h"

#define SLOTS        1024       /* live blocks at most */
#define ALIGNMENT    16         /* what every pointer must be aligned to */
#define LARGE_MIN    (1u << 20) /* large blocks: 1 to 4 MiB */
#define LARGE_MAX    (4u << 20)
#define LARGE_LIVE   2          /* large blocks alive at once, at most */
#define LARGE_ONE_IN 1000       /* of the allocations, about one is large */
#define FINAL_SIZE   (8u << 20) /* allocated once all is freed */

/* One slot of the table: a live block, or p == NULL. */
struct block {
    unsigned char *p;
    size_t size;
    uint64_t id; /* the pattern's seed: a new one for each allocation */
};

static struct block table[SLOTS];
static uint64_t rng;      /* xorshift64* state, never 0 */
static uint64_t next_id;  /* the last id given out */
static long op;           /* the operation running, from 1 */
static size_t live_bytes; /* bytes in live blocks */
static size_t peak_bytes; /* the most live_bytes ever was */
static int large_live;    /* live blocks of LARGE_MIN bytes or more */

/* The next pseudo-random number: xorshift64*, seeded in memtest_start. */
static uint64_t rand64(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

/* A pseudo-random number from 0 to (n) - 1; (n) > 0. */
static size_t below(size_t n)
{
    return (size_t)(rand64() % n);
}

/* Word (j) of the pattern of block (id): every word differs. */
static uint64_t pattern(uint64_t id, size_t j)
{
    uint64_t z = id * 0x9e3779b97f4a7c15ull + j * 0xbf58476d1ce4e5b9ull;

    return z ^ (z >> 31);
}

/* Fills the (size) bytes at (p) with the pattern of (id). */
static void fill(unsigned char *p, size_t size, uint64_t id)
{
    uint64_t *w = (uint64_t *)(void *)p;
    size_t words = size / 8, j;

    for (j = 0; j < words; j++)
        w[j] = pattern(id, j);
    if (size % 8) {
        uint64_t v = pattern(id, words);
        memcpy(p + words * 8, &v, size % 8);
    }
}

/* Whether the first (size) bytes at (p) hold the pattern of (id). */
static bool holds(const unsigned char *p, size_t size, uint64_t id)
{
    const uint64_t *w = (const uint64_t *)(const void *)p;
    size_t words = size / 8, j;

    for (j = 0; j < words; j++)
        if (w[j] != pattern(id, j))
            return false;
    if (size % 8) {
        uint64_t v = pattern(id, words);
        return memcmp(p + words * 8, &v, size % 8) == 0;
    }
    return true;
}

/* Whether the (size) bytes at (p) are all zero. */
static bool zeroed(const unsigned char *p, size_t size)
{
    const uint64_t *w = (const uint64_t *)(const void *)p;
    uint64_t any = 0;
    size_t j;

    for (j = 0; j < size / 8; j++)
        any |= w[j];
    for (j = size / 8 * 8; j < size; j++)
        any |= p[j];
    return any == 0;
}

/* Prints why the test failed; returns 1, memtest's failure status. */
static int fail(const char *what, size_t size)
{
    printf("memtest: FAIL at op %ld: %s (%zu bytes)\n", op, what, size);
    return 1;
}

/* A size for a new block: log-uniform up to (max_size), or large. */
static size_t pick_size(size_t max_size, bool may_be_large)
{
    unsigned bits = 0;
    size_t limit;

    if (may_be_large && large_live < LARGE_LIVE && below(LARGE_ONE_IN) == 0)
        return LARGE_MIN + below(LARGE_MAX - LARGE_MIN + 1);
    while (bits < 62 && ((size_t)2 << bits) <= max_size)
        bits++;
    limit = (size_t)1 << below(bits + 1);
    if (limit > max_size)
        limit = max_size;
    return 1 + below(limit);
}

/* Counts (b) into or out of (sign 1 / -1) the live totals. */
static void count(const struct block *b, int sign)
{
    if (sign > 0) {
        live_bytes += b->size;
        if (live_bytes > peak_bytes)
            peak_bytes = live_bytes;
    } else
        live_bytes -= b->size;
    if (b->size >= LARGE_MIN)
        large_live += sign;
}

/* Whether (p) has the alignment every allocation must have. */
static bool aligned(const void *p)
{
    return (uintptr_t)p % ALIGNMENT == 0;
}

/* Allocates block (b) with malloc or calloc; 0, or 1 after a failure. */
static int allocate(struct block *b, size_t max_size, bool use_calloc)
{
    size_t size = pick_size(max_size, true);
    unsigned char *p = use_calloc ? calloc(1, size) : malloc(size);

    if (!p)
        return fail(
            use_calloc ? "calloc returned NULL" : "malloc returned NULL", size);
    if (!aligned(p))
        return fail("a pointer is not aligned to 16 bytes", size);
    if (use_calloc && !zeroed(p, size))
        return fail("calloc'd memory is not zero", size);
    b->p = p;
    b->size = size;
    b->id = ++next_id;
    fill(p, size, b->id);
    count(b, 1);
    return 0;
}

/* Checks and frees block (b); 0, or 1 after a failure. */
static int release(struct block *b)
{
    if (!holds(b->p, b->size, b->id))
        return fail("a block lost its pattern before free", b->size);
    free(b->p);
    count(b, -1);
    b->p = NULL;
    return 0;
}

/* Checks block (b), then reallocates it; 0, or 1 after a failure. */
static int reallocate(struct block *b, size_t max_size)
{
    size_t size = pick_size(max_size, b->size < LARGE_MIN);
    size_t keep = size < b->size ? size : b->size;
    unsigned char *p;

    if (!holds(b->p, b->size, b->id))
        return fail("a block lost its pattern before realloc", b->size);
    p = realloc(b->p, size);
    if (!p)
        return fail("realloc returned NULL", size);
    if (!aligned(p))
        return fail("a pointer is not aligned to 16 bytes", size);
    if (!holds(p, keep, b->id))
        return fail("realloc did not keep the block's contents", keep);
    count(b, -1);
    b->p = p;
    b->size = size;
    b->id = ++next_id;
    fill(p, size, b->id);
    count(b, 1);
    return 0;
}

/*
 * After everything is freed, one block of FINAL_SIZE bytes must fit: the
 * freed blocks came back together. 0, or 1 after a failure.
 */
static int final_block(void)
{
    unsigned char *p = malloc(FINAL_SIZE);

    if (!p)
        return fail("after freeing everything, malloc returned NULL",
                    FINAL_SIZE);
    if (!aligned(p))
        return fail("a pointer is not aligned to 16 bytes", FINAL_SIZE);
    fill(p, FINAL_SIZE, ++next_id);
    if (!holds(p, FINAL_SIZE, next_id))
        return fail("the final block lost its pattern", FINAL_SIZE);
    free(p);
    return 0;
}

int memtest_start(int ops, int seed, int max_size)
{
    int rc = 0;

    if (ops < 0 || max_size < 1) {
        printf("memtest: --ops must be 0 or more and --max-size 1 or more\n");
        return 1;
    }
    /* splitmix64 of the seed: a state that is never 0 */
    rng =
        (uint64_t)(int64_t)seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
    rng = (rng ^ (rng >> 30)) * 0xbf58476d1ce4e5b9ull;
    rng = (rng ^ (rng >> 27)) * 0x94d049bb133111ebull;
    rng ^= rng >> 31;
    if (rng == 0)
        rng = 1;

    for (op = 1; op <= ops && rc == 0; op++) {
        struct block *b = &table[below(SLOTS)];
        size_t r = below(100);

        if (!b->p)
            rc = allocate(b, (size_t)max_size, r < 30);
        else if (r < 60)
            rc = release(b);
        else
            rc = reallocate(b, (size_t)max_size);
    }
    /* every live block still holds its pattern; then all are freed */
    for (size_t i = 0; i < SLOTS && rc == 0; i++)
        if (table[i].p)
            rc = release(&table[i]);
    if (rc == 0 && live_bytes != 0)
        rc = fail("the live byte count did not come back to 0", live_bytes);
    if (rc == 0)
        rc = final_block();
    if (rc == 0)
        printf("memtest: %d ops, %zu bytes peak, ok\n", ops, peak_bytes);
    return rc;
}
