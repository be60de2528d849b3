/* SPDX-License-Identifier: ISC */
/* timer.h: a min-heap of deadlines, earliest first, ties in arrival order. */
#ifndef MIRAGE_CORE_TIMER_H
#define MIRAGE_CORE_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One deadline, embedded in what it belongs to (a fiber). */
struct core_timer {
    uint64_t deadline; /* monotonic ns */
    uint64_t seq;      /* arrival order, for equal deadlines */
    size_t index;      /* place in the heap, or CORE_TIMER_IDLE */
};
#define CORE_TIMER_IDLE SIZE_MAX

/* The heap; all zero is an empty one. */
struct core_timers {
    struct core_timer **heap;
    size_t len, cap;
    uint64_t seq;
};

/* Makes (t) idle: in no heap. */
void core_timer_init(struct core_timer *t);

/* Whether (t) is in a heap. */
bool core_timer_armed(const struct core_timer *t);

/*
 * Makes room for (n) timers in (h), so that adding never fails. Returns 0,
 * or -ENOMEM (then (h) is unchanged).
 */
int core_timers_reserve(struct core_timers *h, size_t n);

/* Adds the idle (t) with (deadline) to (h), which must have room: O(log n). */
void core_timers_add(struct core_timers *h, struct core_timer *t,
                     uint64_t deadline);

/* Removes the armed (t) from (h) and makes it idle: O(log n). */
void core_timers_remove(struct core_timers *h, struct core_timer *t);

/* The earliest timer of (h), or NULL if (h) is empty. */
struct core_timer *core_timers_first(const struct core_timers *h);

#endif
