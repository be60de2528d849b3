/* SPDX-License-Identifier: ISC */
/* fiber_stack.c: a fiber's memory: its stack, control block and canary. */
#include <string.h>

#include "platform.h"
#include "sched_impl.h"

#ifdef CORE_SAN_ADDRESS
#include <sanitizer/asan_interface.h>
#endif

/* The canary is this, mixed with the control block's address. */
#define FIBER_CANARY 0x6d69726167652a21ull

/* Control blocks start on a cache line. */
#define FIBER_CB_ALIGN 64

static uint64_t canary_of(const struct mirage_fiber *f)
{
    return FIBER_CANARY ^ (uint64_t)(uintptr_t)f;
}

struct mirage_fiber *core_fiber_alloc(size_t stack_size)
{
    size_t size =
        stack_size < CORE_FIBER_MIN_STACK ? CORE_FIBER_MIN_STACK : stack_size;
    size_t guard = 0;
    char *stack;

    if (size > SIZE_MAX / CORE_SAN_STACK_FACTOR)
        return NULL;
    size *= CORE_SAN_STACK_FACTOR;
    stack = plat_stack_alloc(&size, &guard);
    struct mirage_fiber *f;
    uintptr_t top;

    if (!stack)
        return NULL;
    top = (uintptr_t)stack + size;
    f = (struct mirage_fiber *)((top - sizeof(*f)) &
                                ~(uintptr_t)(FIBER_CB_ALIGN - 1));
    memset(f, 0, sizeof(*f));
    f->canary = (uint64_t *)stack;
    *f->canary = canary_of(f);
    f->stack_size = size;
    f->guard = guard;
    core_timer_init(&f->timer);
    return f;
}

void core_fiber_free(struct mirage_fiber *f)
{
#ifdef CORE_SAN_ADDRESS
    /* the redzones of the frames it left stay poisoned: the next mapping
     * at this address must not inherit them */
    ASAN_UNPOISON_MEMORY_REGION(f->canary, f->stack_size);
#endif
    plat_stack_free(f->canary, f->stack_size);
}

bool core_fiber_canary_ok(const struct mirage_fiber *f)
{
    return *f->canary == canary_of(f);
}

uintptr_t core_fiber_stack_lo(const struct mirage_fiber *f)
{
    return (uintptr_t)f->canary;
}
