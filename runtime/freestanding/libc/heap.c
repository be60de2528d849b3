/* SPDX-License-Identifier: ISC */
/* heap.c: the two-level segregated fit heap: regions, blocks, free lists. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <mirage/abort.h>

#include "heap.h"
#include "heap_internal.h"

/*
 * Memory is cut in blocks, each a 16-byte header then its payload; a block's
 * size counts its header, in multiples of 16. The headers of neighbours
 * chain both ways (the boundary tags: a block's own size and the previous
 * block's), so that a freed block merges with free neighbours at once and
 * no two free blocks are ever adjacent. Each region ends with a sentinel
 * header of size 0.
 *
 * Free blocks are in lists by size class: the first level is the power of
 * two below the size, the second divides that range in HEAP_SL_COUNT equal
 * parts (sizes below HEAP_SMALL are all in first level 0, in steps of 16).
 * A bitmap of non-empty first levels and one of non-empty second levels per
 * first level find the smallest non-empty class at or above a size with two
 * find-first-set instructions. A free block's list links are in its payload.
 */

#define HEAP_SL_LOG2  5
#define HEAP_SL_COUNT (1u << HEAP_SL_LOG2)
#define HEAP_SMALL    (1u << (HEAP_SL_LOG2 + 4)) /* 512: first level 1 */
#define HEAP_FL_COUNT 28                         /* up to 2^36 bytes */
#define HEAP_MIN      32u /* a header and room for two links */
#define HEAP_REGIONS  16

#if SIZE_MAX > 0xffffffffu
#define HEAP_MAX_PART ((size_t)1 << 34) /* 16 GiB */
#else
#define HEAP_MAX_PART ((size_t)0xfffffff0u)
#endif
/* The largest request: a block of a whole part, less header and slack. */
#define HEAP_MAX_REQUEST (HEAP_MAX_PART - 64)

#define HEAP_USED 0x55534544u /* "USED" */
#define HEAP_FREE 0x46524545u /* "FREE" */
#define HEAP_END  0x454e4421u /* "END!" */
#define HEAP_SALT 0x9e3779b9u

struct hdr {
    uint32_t size16; /* this block's size / 16; 0 for a sentinel */
    uint32_t prev16; /* the previous block's size / 16; 0 for the first */
    uint32_t magic;  /* HEAP_USED, HEAP_FREE or HEAP_END */
    uint32_t check;  /* size16 ^ magic ^ HEAP_SALT: catches overwrites */
};

struct links {
    struct hdr *next, *prev;
};

struct region {
    char *start, *end;
};

static struct region regions[HEAP_REGIONS];
static unsigned nregions;
static uint32_t fl_map;
static uint32_t sl_map[HEAP_FL_COUNT];
static struct hdr *lists[HEAP_FL_COUNT][HEAP_SL_COUNT];
static struct core_heap_stats stats;

_Static_assert(sizeof(struct hdr) == 16, "a header is 16 bytes");
_Static_assert(sizeof(struct links) <= HEAP_MIN - 16, "links fit");

static size_t bsize(const struct hdr *b)
{
    return (size_t)b->size16 << 4;
}

static struct links *links(struct hdr *b)
{
    return (struct links *)(void *)(b + 1);
}

static struct hdr *next_block(struct hdr *b)
{
    return (struct hdr *)(void *)((char *)b + bsize(b));
}

static void set_hdr(struct hdr *b, size_t size, uint32_t magic)
{
    b->size16 = (uint32_t)(size >> 4);
    b->magic = magic;
    b->check = b->size16 ^ magic ^ HEAP_SALT;
}

/* Marks a header swallowed by a merge, so that a stale pointer is caught. */
static void kill_hdr(struct hdr *b)
{
    b->magic = 0;
    b->check = 0;
}

static unsigned fls_size(size_t x)
{
    return (unsigned)(sizeof(unsigned long long) * 8 - 1 -
                      (unsigned)__builtin_clzll((unsigned long long)x));
}

/* The class of a block of (size) bytes: the one whose lists hold it. */
static void mapping(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < HEAP_SMALL) {
        *fl = 0;
        *sl = (unsigned)(size >> 4);
    } else {
        unsigned f = fls_size(size);
        *fl = f - (HEAP_SL_LOG2 + 4) + 1;
        *sl = (unsigned)(size >> (f - HEAP_SL_LOG2)) & (HEAP_SL_COUNT - 1);
    }
}

static void insert_free(struct hdr *b)
{
    unsigned fl, sl;
    struct links *l = links(b);

    set_hdr(b, bsize(b), HEAP_FREE);
    mapping(bsize(b), &fl, &sl);
    l->prev = NULL;
    l->next = lists[fl][sl];
    if (l->next)
        links(l->next)->prev = b;
    lists[fl][sl] = b;
    sl_map[fl] |= 1u << sl;
    fl_map |= 1u << fl;
    stats.free += bsize(b) - 16;
}

static void remove_free(struct hdr *b)
{
    unsigned fl, sl;
    struct links *l = links(b);

    mapping(bsize(b), &fl, &sl);
    if (l->prev)
        links(l->prev)->next = l->next;
    else
        lists[fl][sl] = l->next;
    if (l->next)
        links(l->next)->prev = l->prev;
    if (!lists[fl][sl]) {
        sl_map[fl] &= ~(1u << sl);
        if (!sl_map[fl])
            fl_map &= ~(1u << fl);
    }
    stats.free -= bsize(b) - 16;
}

/*
 * A free block of at least (size) bytes, still in its list, or NULL. Looks
 * first in the classes that hold only large enough blocks (constant time),
 * then, near exhaustion, through the class of (size) itself.
 */
static struct hdr *find_free(size_t size)
{
    unsigned fl, sl;
    size_t rounded = size;
    uint32_t map;

    if (size >= HEAP_SMALL)
        rounded += ((size_t)1 << (fls_size(size) - HEAP_SL_LOG2)) - 1;
    mapping(rounded, &fl, &sl);
    if (fl < HEAP_FL_COUNT) {
        map = sl < HEAP_SL_COUNT ? sl_map[fl] & (~0u << sl) : 0;
        if (!map) {
            map = fl + 1 < 32 ? fl_map & (~0u << (fl + 1)) : 0;
            if (map) {
                fl = (unsigned)__builtin_ctz(map);
                map = sl_map[fl];
            }
        }
        if (map)
            return lists[fl][__builtin_ctz(map)];
    }
    mapping(size, &fl, &sl);
    if (fl >= HEAP_FL_COUNT)
        return NULL;
    for (struct hdr *b = lists[fl][sl]; b; b = links(b)->next)
        if (bsize(b) >= size)
            return b;
    return NULL;
}

/*
 * Puts (b), not in any list, back as free, merging it with free neighbours.
 */
static void release(struct hdr *b)
{
    size_t size = bsize(b);
    struct hdr *n = next_block(b);

    if (n->magic == HEAP_FREE) {
        remove_free(n);
        size += bsize(n);
        kill_hdr(n);
    }
    if (b->prev16) {
        struct hdr *p =
            (struct hdr *)(void *)((char *)b - ((size_t)b->prev16 << 4));
        if (p->magic == HEAP_FREE) {
            remove_free(p);
            size += bsize(p);
            kill_hdr(b);
            b = p;
        }
    }
    set_hdr(b, size, HEAP_FREE);
    next_block(b)->prev16 = (uint32_t)(size >> 4);
    insert_free(b);
}

/*
 * Cuts used block (b) down to (size) bytes when the rest makes a block; the
 * caller counts (b)'s bytes as used.
 */
static void trim(struct hdr *b, size_t size)
{
    size_t rest = bsize(b) - size;
    struct hdr *r;

    if (rest < HEAP_MIN)
        return;
    set_hdr(b, size, HEAP_USED);
    r = next_block(b);
    r->prev16 = (uint32_t)(size >> 4);
    set_hdr(r, rest, HEAP_USED);
    next_block(r)->prev16 = (uint32_t)(rest >> 4);
    release(r);
}

static void add_used(size_t n)
{
    stats.used += n;
    if (stats.used > stats.peak_used)
        stats.peak_used = stats.used;
}

/* The block size for a request of (n) bytes, or 0 when it is too large. */
static size_t block_size(size_t n)
{
    if (n > HEAP_MAX_REQUEST)
        return 0;
    n = (n + 16 + 15) & ~(size_t)15;
    return n < HEAP_MIN ? HEAP_MIN : n;
}

static void *fail(void)
{
    stats.failed++;
    errno = ENOMEM;
    return NULL;
}

void *core_heap_alloc(size_t n)
{
    size_t size = block_size(n);
    struct hdr *b;

    if (!size || !(b = find_free(size)))
        return fail();
    remove_free(b);
    set_hdr(b, bsize(b), HEAP_USED);
    trim(b, size);
    add_used(bsize(b) - 16);
    stats.allocations++;
    return b + 1;
}

void *core_heap_alloc_aligned(size_t align, size_t n)
{
    size_t size, gap;
    struct hdr *b, *a;
    uintptr_t payload, aligned;

    if (align <= 16)
        return core_heap_alloc(n);
    size = block_size(n);
    if (!size || align > HEAP_MAX_PART / 4 ||
        size > HEAP_MAX_REQUEST - align - HEAP_MIN)
        return fail();
    if (!(b = find_free(size + align + HEAP_MIN)))
        return fail();
    remove_free(b);
    payload = (uintptr_t)(b + 1);
    aligned = (payload + align - 1) & ~(uintptr_t)(align - 1);
    gap = aligned - payload;
    if (gap && gap < HEAP_MIN) {
        aligned += align;
        gap += align;
    }
    a = b;
    if (gap) {
        /* The leading part becomes a free block; its left is not free. */
        a = (struct hdr *)(void *)((char *)b + gap);
        set_hdr(a, bsize(b) - gap, HEAP_USED);
        a->prev16 = (uint32_t)(gap >> 4);
        next_block(a)->prev16 = a->size16;
        set_hdr(b, gap, HEAP_FREE);
        insert_free(b);
    }
    set_hdr(a, bsize(a), HEAP_USED);
    trim(a, size);
    add_used(bsize(a) - 16);
    stats.allocations++;
    return a + 1;
}

/* The header of (p), a pointer from malloc, or a crash naming (what). */
static struct hdr *owned(void *p, const char *what)
{
    struct hdr *b = (struct hdr *)p - 1;
    unsigned i;

    for (i = 0; i < nregions; i++)
        if ((char *)p > regions[i].start && (char *)p < regions[i].end)
            break;
    if (i == nregions || ((uintptr_t)p & 15))
        mirage_abort("%s(%p): not a pointer from malloc", what, p);
    if (b->magic == HEAP_FREE &&
        b->check == (b->size16 ^ HEAP_FREE ^ HEAP_SALT))
        mirage_abort("%s(%p): double free (the block is free)", what, p);
    if (b->magic != HEAP_USED ||
        b->check != (b->size16 ^ HEAP_USED ^ HEAP_SALT))
        mirage_abort("%s(%p): not an allocated block (double free, a "
                     "foreign pointer or a damaged header)",
                     what, p);
    return b;
}

void core_heap_free(void *p)
{
    struct hdr *b;

    if (!p)
        return;
    b = owned(p, "free");
    stats.used -= bsize(b) - 16;
    stats.frees++;
    release(b);
}

void *core_heap_realloc(void *p, size_t n)
{
    struct hdr *b, *nb;
    size_t size, cur;
    void *q;

    if (!p)
        return core_heap_alloc(n);
    b = owned(p, "realloc");
    if (!(size = block_size(n)))
        return fail();
    cur = bsize(b);
    if (size <= cur) {
        trim(b, size);
        stats.used -= cur - bsize(b);
        return p;
    }
    nb = next_block(b);
    if (nb->magic == HEAP_FREE && cur + bsize(nb) >= size) {
        remove_free(nb);
        set_hdr(b, cur + bsize(nb), HEAP_USED);
        kill_hdr(nb);
        next_block(b)->prev16 = b->size16;
        trim(b, size);
        add_used(bsize(b) - cur);
        return p;
    }
    if (!(q = core_heap_alloc(n)))
        return NULL;
    memcpy(q, p, cur - 16);
    core_heap_free(p);
    return q;
}

static void add_part(char *start, size_t size)
{
    struct hdr *first = (struct hdr *)(void *)start;
    struct hdr *end = (struct hdr *)(void *)(start + size - 16);

    regions[nregions].start = start;
    regions[nregions].end = start + size;
    nregions++;
    stats.total += size;
    first->prev16 = 0;
    set_hdr(first, size - 16, HEAP_FREE);
    end->prev16 = first->size16;
    set_hdr(end, 0, HEAP_END);
    insert_free(first);
}

void core_heap_add_region(void *base, size_t size)
{
    uintptr_t start = ((uintptr_t)base + 15) & ~(uintptr_t)15;
    size_t part;

    if (size < start - (uintptr_t)base)
        return;
    size = (size - (start - (uintptr_t)base)) & ~(size_t)15;
    while (size >= 64 && nregions < HEAP_REGIONS) {
        part = size < HEAP_MAX_PART ? size : HEAP_MAX_PART;
        if (size - part < 64)
            part = size <= HEAP_MAX_PART ? size : HEAP_MAX_PART - 64;
        add_part((char *)start, part);
        start += part;
        size -= part;
    }
}

void core_heap_stats(struct core_heap_stats *st)
{
    *st = stats;
    st->overhead = stats.total - stats.used - stats.free;
    st->largest_free = 0;
    if (fl_map) {
        unsigned fl = 31u - (unsigned)__builtin_clz(fl_map);
        unsigned sl = 31u - (unsigned)__builtin_clz(sl_map[fl]);
        for (struct hdr *b = lists[fl][sl]; b; b = links(b)->next)
            if (bsize(b) - 16 > st->largest_free)
                st->largest_free = bsize(b) - 16;
    }
}

static int header_ok(const struct hdr *b)
{
    return b->check == (b->size16 ^ b->magic ^ HEAP_SALT);
}

int core_heap_check(void)
{
    size_t used = 0, free_bytes = 0, nfree = 0, listed = 0;
    unsigned fl, sl;

    for (unsigned i = 0; i < nregions; i++) {
        struct hdr *b = (struct hdr *)(void *)regions[i].start;
        struct hdr *end = (struct hdr *)(void *)(regions[i].end - 16);
        uint32_t prev16 = 0, prev_magic = 0;

        for (;;) {
            if (!header_ok(b) || b->prev16 != prev16)
                return -EFAULT;
            if (b->magic == HEAP_END)
                break;
            if ((b->magic != HEAP_USED && b->magic != HEAP_FREE) ||
                bsize(b) < HEAP_MIN ||
                bsize(b) > (size_t)((char *)end - (char *)b))
                return -EFAULT;
            if (b->magic == HEAP_FREE) {
                if (prev_magic == HEAP_FREE)
                    return -EINVAL;
                free_bytes += bsize(b) - 16;
                nfree++;
            } else {
                used += bsize(b) - 16;
            }
            prev16 = b->size16;
            prev_magic = b->magic;
            b = next_block(b);
        }
        if (b != end)
            return -EFAULT;
    }
    for (fl = 0; fl < HEAP_FL_COUNT; fl++) {
        if (!!(fl_map & (1u << fl)) != !!sl_map[fl])
            return -EINVAL;
        for (sl = 0; sl < HEAP_SL_COUNT; sl++) {
            struct hdr *prev = NULL;
            if (!!(sl_map[fl] & (1u << sl)) != !!lists[fl][sl])
                return -EINVAL;
            for (struct hdr *b = lists[fl][sl]; b; b = links(b)->next) {
                unsigned f, s;
                if (!header_ok(b) || b->magic != HEAP_FREE)
                    return -EFAULT;
                mapping(bsize(b), &f, &s);
                if (f != fl || s != sl || links(b)->prev != prev ||
                    ++listed > nfree)
                    return -EINVAL;
                prev = b;
            }
        }
    }
    if (fl_map >> HEAP_FL_COUNT || listed != nfree ||
        free_bytes != stats.free || used != stats.used)
        return -EINVAL;
    return 0;
}
