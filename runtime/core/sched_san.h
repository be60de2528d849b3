/* SPDX-License-Identifier: ISC */
/* sched_san.h: tells AddressSanitizer which stack each fiber switch enters. */
#ifndef MIRAGE_CORE_SCHED_SAN_H
#define MIRAGE_CORE_SCHED_SAN_H

/*
 * Included by sched.c only. ASan keeps the bounds of the stack each thread
 * runs on; a fiber switch moves to another stack behind its back, and a
 * noreturn call (mirage_abort, exit) on a fiber's stack then makes it warn
 * "ASan is ignoring requested __asan_handle_no_return" and may lead to
 * false reports. So each switch is announced on the old stack
 * (san_switch_start: where the new stack is) and completed on the new one
 * (san_switch_done), as its interface asks. The loop's stack (the
 * thread's) is learned from the first switch out of it. Without ASan (a
 * build without --enable-sanitizers, and always the freestanding targets)
 * both do nothing.
 */
#include "sched_impl.h" /* CORE_SAN_ADDRESS */

#ifdef CORE_SAN_ADDRESS
#include <sanitizer/common_interface_defs.h>

static struct {
    const void *loop_lo; /* the loop's stack */
    size_t loop_size;
    void *loop_fake; /* the loop's fake stack while a fiber runs */
    bool from_loop;  /* the switch under way left the loop */
} san;

/*
 * Before the switch from (from) to (to), each NULL for the loop. An ended
 * (from) never runs again: its fake stack is freed.
 */
static inline void san_switch_start(struct mirage_fiber *from,
                                    const struct mirage_fiber *to)
{
    void **fake = from ? &from->san_fake : &san.loop_fake;

    if (from && from->state == CORE_FIBER_ENDED)
        fake = NULL;
    san.from_loop = from == NULL;
    if (to) {
        uintptr_t lo = core_fiber_stack_lo(to);
        __sanitizer_start_switch_fiber(fake, (const void *)lo,
                                       (uintptr_t)to - lo);
    } else {
        __sanitizer_start_switch_fiber(fake, san.loop_lo, san.loop_size);
    }
}

/* After a switch, on the stack of (self) (NULL: the loop). */
static inline void san_switch_done(struct mirage_fiber *self)
{
    const void *lo;
    size_t size;

    __sanitizer_finish_switch_fiber(self ? self->san_fake : san.loop_fake, &lo,
                                    &size);
    if (san.from_loop) {
        san.loop_lo = lo;
        san.loop_size = size;
    }
}
#else
static inline void san_switch_start(struct mirage_fiber *from,
                                    const struct mirage_fiber *to)
{
    (void)from;
    (void)to;
}

static inline void san_switch_done(struct mirage_fiber *self)
{
    (void)self;
}
#endif

#endif
