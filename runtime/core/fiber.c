/* SPDX-License-Identifier: ISC */
/* fiber.c: spawning fibers, their end, cancellation, cleanup and yield. */
#include <errno.h>
#include <string.h>

#include <mirage/fiber.h>

#include "arch/switch.h"
#include "platform.h"
#include "sched_impl.h"

/* Where every fiber starts, on its own stack; never returns. */
static void fiber_entry(void *p)
{
    struct mirage_fiber *f = p;
    int result = -ECANCELED;

    core_sched_started();
    if (!f->cancelled)
        result = f->fn(f->arg);
    while (f->cleanups)
        mirage_fiber_cleanup_pop(true);
    if (f == core_sched_main())
        core_hooks_run_exit();
    core_sched_end(f->cancelled ? -ECANCELED : result);
}

int mirage_fiber_spawn(struct mirage_fiber **fiber, mirage_fiber_fn fn,
                       void *arg, const struct mirage_fiber_attr *attr)
{
    size_t stack = attr && attr->stack_size ? attr->stack_size
                                            : core_sched_default_stack();
    const char *name = attr && attr->name ? attr->name : "fiber";
    struct mirage_fiber *f;

    if (!fn)
        return -EINVAL;
    f = core_fiber_alloc(stack);
    if (!f)
        return -ENOMEM;
    if (core_sched_add(f) != 0) {
        core_fiber_free(f);
        return -ENOMEM;
    }
    for (size_t i = 0; i < sizeof(f->name) - 1 && name[i]; i++)
        f->name[i] = name[i]; /* cut short; the block was zeroed */
    f->fn = fn;
    f->arg = arg;
    f->detached = fiber == NULL;
    /* the stack grows down from just below the control block */
    f->sp = core_arch_stack_init(f, fiber_entry, f);
    core_sched_ready(f);
    if (fiber)
        *fiber = f;
    return 0;
}

void mirage_fiber_cancel(struct mirage_fiber *fiber)
{
    if (!fiber || fiber->state == CORE_FIBER_ENDED)
        return;
    fiber->cancelled = true;
    core_sched_cancel_wait(fiber);
}

bool mirage_fiber_cancelled(void)
{
    struct mirage_fiber *self = core_sched_self();

    return self && self->cancelled;
}

const char *mirage_fiber_name(void)
{
    struct mirage_fiber *self = core_sched_self();

    return self ? self->name : "(none)";
}

bool mirage_in_fiber(void)
{
    return core_sched_self() != NULL;
}

int mirage_fiber_cleanup_push(void (*fn)(void *), void *arg)
{
    struct mirage_fiber *self = core_sched_self();
    struct core_cleanup *c;

    if (!fn)
        return -EINVAL;
    if (!self)
        return -EPERM;
    c = plat_mem_alloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    c->fn = fn;
    c->arg = arg;
    c->next = self->cleanups;
    self->cleanups = c;
    return 0;
}

void mirage_fiber_cleanup_pop(bool run)
{
    struct mirage_fiber *self = core_sched_self();
    struct core_cleanup *c = self ? self->cleanups : NULL;

    if (!c)
        return;
    self->cleanups = c->next;
    if (run)
        c->fn(c->arg);
    plat_mem_free(c);
}

void core_fiber_drop_cleanups(struct mirage_fiber *f)
{
    while (f->cleanups) {
        struct core_cleanup *c = f->cleanups;
        f->cleanups = c->next;
        plat_mem_free(c);
    }
}

int mirage_yield(void)
{
    struct mirage_fiber *self = core_sched_self();

    if (!self)
        return 0;
    if (self->cancelled)
        return -ECANCELED;
    core_sched_ready(self);
    core_sched_pass();
    return self->cancelled ? -ECANCELED : 0;
}
