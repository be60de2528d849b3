/* SPDX-License-Identifier: ISC */
/* hooks.c: functions run at exit and around each turn of the scheduler. */
#include <errno.h>
#include <stddef.h>

#include <mirage/hooks.h>

#include "platform.h"
#include "sched_impl.h"

struct hook {
    void (*fn)(void *);
    void *arg;
    struct hook *next;
};

/* A list of hooks in registration order. */
struct hook_list {
    struct hook *head, *tail;
};

static struct hook *exit_hooks; /* last registered first */
static struct hook_list enter_hooks, leave_hooks;

static struct hook *new_hook(void (*fn)(void *), void *arg)
{
    struct hook *h = plat_mem_alloc(sizeof(*h));

    if (h) {
        h->fn = fn;
        h->arg = arg;
        h->next = NULL;
    }
    return h;
}

static int append(struct hook_list *l, void (*fn)(void *), void *arg)
{
    struct hook *h;

    if (!fn)
        return -EINVAL;
    h = new_hook(fn, arg);
    if (!h)
        return -ENOMEM;
    if (l->tail)
        l->tail->next = h;
    else
        l->head = h;
    l->tail = h;
    return 0;
}

int mirage_at_exit(void (*fn)(void *), void *arg)
{
    struct hook *h;

    if (!fn)
        return -EINVAL;
    h = new_hook(fn, arg);
    if (!h)
        return -ENOMEM;
    h->next = exit_hooks;
    exit_hooks = h;
    return 0;
}

int mirage_at_enter_iter(void (*fn)(void *), void *arg)
{
    return append(&enter_hooks, fn, arg);
}

int mirage_at_leave_iter(void (*fn)(void *), void *arg)
{
    return append(&leave_hooks, fn, arg);
}

void core_hooks_run_exit(void)
{
    /* a hook may register another: it runs too */
    while (exit_hooks) {
        struct hook *h = exit_hooks;
        exit_hooks = h->next;
        h->fn(h->arg);
        plat_mem_free(h);
    }
}

static void run_list(const struct hook_list *l)
{
    for (const struct hook *h = l->head; h; h = h->next)
        h->fn(h->arg);
}

void core_hooks_run_enter(void)
{
    run_list(&enter_hooks);
}

void core_hooks_run_leave(void)
{
    run_list(&leave_hooks);
}
