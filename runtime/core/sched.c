/* SPDX-License-Identifier: ISC */
/* sched.c: run queues, waiting and waking, and the scheduler's loop. */
#include <errno.h>
#include <stdio.h>

#include <mirage/exit.h>

#include "arch/switch.h"
#include "crash.h"
#include "platform.h"
#include "sched.h"
#include "sched_impl.h"
#include "sched_san.h"

/* A FIFO of ready fibers, linked by their (next). */
struct runq {
    struct mirage_fiber *head, *tail;
};

/*
 * The loop runs in turns. A turn runs the fibers that were ready when it
 * began, in order; whatever becomes ready meanwhile (spawned, yielding,
 * woken) waits for the next turn, so a busy fiber cannot starve timers or
 * I/O. A fiber that waits switches straight to the next one of its turn,
 * and the last one back to the loop, which polls and starts the next turn.
 */
static struct {
    struct mirage_fiber *current; /* NULL: the loop (or no scheduler) runs */
    struct mirage_fiber *main;
    void *loop_sp; /* the loop's saved context */
    struct runq now, next;
    struct mirage_fiber *dead; /* ended detached fibers, to free */
    struct mirage_fiber *all;  /* every live fiber */
    size_t nfibers;
    struct core_timers timers;
    uint64_t ended; /* fibers ended so far */
    size_t default_stack;
    bool running;
} s;

static void runq_push(struct runq *q, struct mirage_fiber *f)
{
    f->next = NULL;
    if (q->tail)
        q->tail->next = f;
    else
        q->head = f;
    q->tail = f;
}

static struct mirage_fiber *runq_pop(struct runq *q)
{
    struct mirage_fiber *f = q->head;

    if (f) {
        q->head = f->next;
        if (!q->head)
            q->tail = NULL;
        f->next = NULL;
    }
    return f;
}

/* Appends (f) to the waiters of (c). */
static void cond_push(struct mirage_cond *c, struct mirage_fiber *f)
{
    struct mirage_fiber *tail = c->tail;

    f->cond = c;
    f->next = NULL;
    f->prev = tail;
    if (tail)
        tail->next = f;
    else
        c->head = f;
    c->tail = f;
}

/* Takes (f) out of the waiters of its condition. */
static void cond_unlink(struct mirage_fiber *f)
{
    struct mirage_cond *c = f->cond;

    if (f->prev)
        f->prev->next = f->next;
    else
        c->head = f->next;
    if (f->next)
        f->next->prev = f->prev;
    else
        c->tail = f->prev;
    f->cond = NULL;
    f->next = f->prev = NULL;
}

/* Ends the wait of (f) on its condition and timer, if any. */
static void stop_waiting(struct mirage_fiber *f)
{
    if (f->cond)
        cond_unlink(f);
    if (core_timer_armed(&f->timer))
        core_timers_remove(&s.timers, &f->timer);
}

/* Frees the fibers that ended detached; none of them is running. */
static void reap(void)
{
    while (s.dead) {
        struct mirage_fiber *f = s.dead;
        s.dead = f->next;
        core_sched_free(f);
    }
}

/* Reports the stack overflow of (f) as a crash; does not return. */
static void __attribute__((noreturn)) overflow(const struct mirage_fiber *f)
{
    char reason[160];

    snprintf(reason, sizeof(reason),
             "stack overflow in fiber %s: the canary at the bottom of its "
             "%zu-byte stack was overwritten",
             f->name, f->stack_size);
    core_crash(reason);
}

/* Leaves the running fiber (self) for the next ready one of this turn, or
 * the loop; returns when (self) is resumed. */
static void switch_from(struct mirage_fiber *self)
{
    struct mirage_fiber *to = runq_pop(&s.now);

    if (!core_fiber_canary_ok(self))
        overflow(self);
    s.current = to;
    san_switch_start(self, to);
    if (to) {
        to->state = CORE_FIBER_RUNNING;
        core_arch_switch(&self->sp, to->sp);
    } else {
        core_arch_switch(&self->sp, s.loop_sp);
    }
    san_switch_done(self);
    reap();
}

struct mirage_fiber *core_sched_self(void)
{
    return s.current;
}

struct mirage_fiber *core_sched_main(void)
{
    return s.main;
}

size_t core_sched_default_stack(void)
{
    return s.default_stack ? s.default_stack : CORE_FIBER_DEFAULT_STACK;
}

void core_sched_set_default_stack(size_t bytes)
{
    if (bytes != 0 && bytes < CORE_FIBER_MIN_STACK)
        bytes = CORE_FIBER_MIN_STACK;
    s.default_stack = bytes;
}

int core_sched_add(struct mirage_fiber *f)
{
    if (core_timers_reserve(&s.timers, s.nfibers + 1) != 0)
        return -ENOMEM;
    f->all_prev = NULL;
    f->all_next = s.all;
    if (s.all)
        s.all->all_prev = f;
    s.all = f;
    s.nfibers++;
    return 0;
}

void core_sched_free(struct mirage_fiber *f)
{
    if (f->all_prev)
        f->all_prev->all_next = f->all_next;
    else
        s.all = f->all_next;
    if (f->all_next)
        f->all_next->all_prev = f->all_prev;
    s.nfibers--;
    core_fiber_free(f);
}

void core_sched_ready(struct mirage_fiber *f)
{
    f->state = CORE_FIBER_READY;
    runq_push(&s.next, f);
}

int core_sched_wait(struct mirage_cond *cond, uint64_t deadline,
                    bool cancellable)
{
    struct mirage_fiber *f = s.current;
    int rc;

    if (cancellable && f->cancelled)
        return -ECANCELED;
    f->state = CORE_FIBER_WAITING;
    f->cancellable = cancellable;
    f->wait_rc = 0;
    f->signalled_by = NULL;
    if (cond)
        cond_push(cond, f);
    if (deadline != MIRAGE_FOREVER)
        core_timers_add(&s.timers, &f->timer, deadline);
    switch_from(f);
    rc = f->wait_rc;
    if (cancellable && f->cancelled && rc != -ECANCELED) {
        /* woken, then cancelled before it ran: the cancellation wins, as
         * if it had come first; a signal it took goes to the next waiter */
        if (f->signalled_by)
            mirage_cond_signal(f->signalled_by);
        rc = -ECANCELED;
    }
    f->signalled_by = NULL;
    return rc;
}

void core_sched_pass(void)
{
    switch_from(s.current);
}

void core_sched_wake(struct mirage_fiber *f, int rc)
{
    if (f->state != CORE_FIBER_WAITING)
        return;
    stop_waiting(f);
    f->wait_rc = rc;
    core_sched_ready(f);
}

void core_sched_cancel_wait(struct mirage_fiber *f)
{
    if (f->state == CORE_FIBER_WAITING && f->cancellable)
        core_sched_wake(f, -ECANCELED);
}

void core_sched_started(void)
{
    san_switch_done(s.current);
    reap();
}

void core_sched_end(int result)
{
    struct mirage_fiber *f = s.current;

    f->result = result;
    f->state = CORE_FIBER_ENDED;
    f->end_seq = ++s.ended;
    mirage_cond_broadcast(&f->joiners);
    if (f->pick)
        core_pick_ended(f);
    if (f->detached) {
        f->next = s.dead;
        s.dead = f;
    }
    if (f == s.main) {
        /* the others stop here: straight back to the loop */
        if (!core_fiber_canary_ok(f))
            overflow(f);
        s.current = NULL;
        san_switch_start(f, NULL);
        core_arch_switch(&f->sp, s.loop_sp);
    } else {
        switch_from(f);
    }
    core_crash("internal error: a fiber that ended was resumed");
}

const char *core_sched_guard_owner(uintptr_t addr)
{
    for (const struct mirage_fiber *f = s.all; f; f = f->all_next) {
        uintptr_t lo = core_fiber_stack_lo(f);
        if (f->guard > 0 && addr < lo && addr >= lo - f->guard)
            return f->name;
    }
    return NULL;
}

const char *core_sched_current_name(void)
{
    return s.current ? s.current->name : NULL;
}

/* Every fiber waits, and no timer or I/O can wake one: say so and exit. */
static void __attribute__((noreturn)) deadlock(void)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg),
                     "mirage: deadlock: every fiber waits and nothing can "
                     "wake them "
                     "(%zu fiber%s, \"main\" included)\n",
                     s.nfibers, s.nfibers == 1 ? "" : "s");

    plat_error_write(msg, n > 0 && (size_t)n < sizeof(msg) ? (size_t)n
                                                           : sizeof(msg) - 1);
    plat_exit(MIRAGE_EXIT_INTERNAL);
}

/* Wakes the fibers whose deadline has passed, earliest first. */
static void fire_timers(void)
{
    struct core_timer *t = core_timers_first(&s.timers);
    uint64_t now;

    if (!t)
        return;
    now = plat_clock_monotonic_ns();
    while (t && t->deadline <= now) {
        struct mirage_fiber *f =
            (struct mirage_fiber *)((char *)t -
                                    offsetof(struct mirage_fiber, timer));
        core_sched_wake(f, -ETIMEDOUT);
        t = core_timers_first(&s.timers);
    }
}

/* Waits until some fiber is ready: for timers and I/O, without spinning. */
static void wait_ready(void)
{
    for (;;) {
        struct core_timer *t = core_timers_first(&s.timers);
        uint64_t deadline = s.next.head ? 0 : t ? t->deadline : PLAT_FOREVER;

        if (plat_poll(deadline) == -EDEADLK)
            deadlock();
        fire_timers();
        if (s.next.head)
            return;
    }
}

/* Runs one turn: the fibers ready now, until the last one comes back. */
static void run_turn(void)
{
    struct mirage_fiber *f;

    s.now = s.next;
    s.next.head = s.next.tail = NULL;
    f = runq_pop(&s.now);
    if (!f)
        return;
    f->state = CORE_FIBER_RUNNING;
    s.current = f;
    san_switch_start(NULL, f);
    core_arch_switch(&s.loop_sp, f->sp);
    san_switch_done(NULL);
    reap();
}

/* Frees every fiber left when "main" ends, without running its cleanup. */
static void abandon_all(void)
{
    reap();
    while (s.all) {
        struct mirage_fiber *f = s.all;
        if (f->state == CORE_FIBER_WAITING)
            stop_waiting(f); /* leaves the user's condition consistent */
        core_fiber_drop_cleanups(f);
        core_sched_free(f);
    }
    s.now.head = s.now.tail = s.next.head = s.next.tail = NULL;
    s.current = NULL;
}

int core_sched_run_main(int (*fn)(void *), void *arg)
{
    size_t stack = core_sched_default_stack();
    struct mirage_fiber_attr attr = {"main", stack};
    struct mirage_fiber *main_fiber;
    int result, rc;

    if (s.running) {
        static const char msg[] =
            "internal error: core_sched_run_main called while the "
            "scheduler runs\n";
        plat_error_write(msg, sizeof(msg) - 1);
        return MIRAGE_EXIT_INTERNAL;
    }
    if (attr.stack_size < CORE_FIBER_MAIN_STACK)
        attr.stack_size = CORE_FIBER_MAIN_STACK;
    rc = mirage_fiber_spawn(&main_fiber, fn, arg, &attr);
    if (rc != 0) {
        static const char msg[] =
            "internal error: no memory for the main fiber's stack\n";
        plat_error_write(msg, sizeof(msg) - 1);
        return MIRAGE_EXIT_INTERNAL;
    }
    s.main = main_fiber;
    s.running = true;
    for (;;) {
        core_hooks_run_enter();
        run_turn();
        core_hooks_run_leave();
        if (main_fiber->state == CORE_FIBER_ENDED)
            break;
        wait_ready();
    }
    result = main_fiber->result;
    s.main = NULL;
    abandon_all();
    s.running = false;
    return result;
}
