/* SPDX-License-Identifier: ISC */
/* timer.c: a min-heap of deadlines, earliest first, ties in arrival order. */
#include <errno.h>
#include <string.h>

#include "platform.h"
#include "timer.h"

/* The smallest heap allocated, in timers. */
#define TIMERS_MIN_CAP 16

void core_timer_init(struct core_timer *t)
{
    t->deadline = 0;
    t->seq = 0;
    t->index = CORE_TIMER_IDLE;
}

bool core_timer_armed(const struct core_timer *t)
{
    return t->index != CORE_TIMER_IDLE;
}

int core_timers_reserve(struct core_timers *h, size_t n)
{
    struct core_timer **heap;
    size_t cap;

    if (n <= h->cap)
        return 0;
    cap = h->cap < TIMERS_MIN_CAP ? TIMERS_MIN_CAP : h->cap;
    while (cap < n) {
        if (cap > SIZE_MAX / 2 / sizeof(*heap))
            return -ENOMEM;
        cap *= 2;
    }
    heap = plat_mem_alloc(cap * sizeof(*heap));
    if (!heap)
        return -ENOMEM;
    if (h->len > 0)
        memcpy(heap, h->heap, h->len * sizeof(*heap));
    plat_mem_free(h->heap);
    h->heap = heap;
    h->cap = cap;
    return 0;
}

/* Whether (a) comes before (b). */
static bool earlier(const struct core_timer *a, const struct core_timer *b)
{
    return a->deadline < b->deadline ||
           (a->deadline == b->deadline && a->seq < b->seq);
}

static void place(struct core_timers *h, size_t i, struct core_timer *t)
{
    h->heap[i] = t;
    t->index = i;
}

static void sift_up(struct core_timers *h, size_t i)
{
    struct core_timer *t = h->heap[i];

    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!earlier(t, h->heap[parent]))
            break;
        place(h, i, h->heap[parent]);
        i = parent;
    }
    place(h, i, t);
}

static void sift_down(struct core_timers *h, size_t i)
{
    struct core_timer *t = h->heap[i];

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && earlier(h->heap[child + 1], h->heap[child]))
            child++;
        if (!earlier(h->heap[child], t))
            break;
        place(h, i, h->heap[child]);
        i = child;
    }
    place(h, i, t);
}

void core_timers_add(struct core_timers *h, struct core_timer *t,
                     uint64_t deadline)
{
    t->deadline = deadline;
    t->seq = ++h->seq;
    place(h, h->len++, t);
    sift_up(h, t->index);
}

void core_timers_remove(struct core_timers *h, struct core_timer *t)
{
    size_t i = t->index;
    struct core_timer *last = h->heap[--h->len];

    t->index = CORE_TIMER_IDLE;
    if (last == t)
        return;
    place(h, i, last);
    if (i > 0 && earlier(last, h->heap[(i - 1) / 2]))
        sift_up(h, i);
    else
        sift_down(h, i);
}

struct core_timer *core_timers_first(const struct core_timers *h)
{
    return h->len > 0 ? h->heap[0] : NULL;
}
