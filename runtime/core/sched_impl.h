/* SPDX-License-Identifier: ISC */
/* sched_impl.h: the scheduler's internals, shared by its source files. */
#ifndef MIRAGE_CORE_SCHED_IMPL_H
#define MIRAGE_CORE_SCHED_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>

#include "sched.h"
#include "timer.h"

/* Stack sizes in bytes (each includes the fiber's control block). */
#define CORE_FIBER_DEFAULT_STACK (64 * 1024)
#define CORE_FIBER_MIN_STACK     CORE_SCHED_STACK_MIN
#define CORE_FIBER_MAIN_STACK    (256 * 1024) /* at least, for "main" */

/*
 * Whether AddressSanitizer instruments this build (configure
 * --enable-sanitizers; never the freestanding targets). Its redzones make
 * frames larger: a fiber then gets CORE_SAN_STACK_FACTOR times the stack
 * asked for, so that what runs in a normal build runs there too (pages are
 * only used once touched).
 */
#if defined(__SANITIZE_ADDRESS__)
#define CORE_SAN_ADDRESS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORE_SAN_ADDRESS 1
#endif
#endif
#ifdef CORE_SAN_ADDRESS
#define CORE_SAN_STACK_FACTOR 4
#else
#define CORE_SAN_STACK_FACTOR 1
#endif

/* Bytes of a fiber's name kept, with its NUL. */
#define CORE_FIBER_NAME_MAX 32

enum core_fiber_state {
    CORE_FIBER_READY,   /* in a run queue */
    CORE_FIBER_RUNNING, /* the current fiber */
    CORE_FIBER_WAITING, /* on a condition and/or a timer, or cancellation */
    CORE_FIBER_ENDED,   /* its function returned; waits to be freed */
};

/* A pick in progress (mirage_fiber_pick), on its caller's stack. */
struct core_pick {
    struct mirage_cond any; /* broadcast when one of the fibers ends */
    struct mirage_fiber **fibers;
    size_t n;
    bool decided; /* one ended: the others are cancelled */
};

/* A cleanup handler (mirage_fiber_cleanup_push). */
struct core_cleanup {
    void (*fn)(void *);
    void *arg;
    struct core_cleanup *next;
};

/*
 * A fiber's control block. It lives at the top of the fiber's own stack
 * allocation: the stack grows down from just below it, and a canary word
 * sits at the stack's lowest address, above the platform's guard.
 */
struct mirage_fiber {
    void *sp;                 /* saved stack pointer while not running */
    uint64_t *canary;         /* the stack's lowest word */
    size_t stack_size, guard; /* of the allocation, from plat_stack_alloc */
    mirage_fiber_fn fn;
    void *arg;
    /* run queue, condition queue (doubly linked) or list of the dead */
    struct mirage_fiber *next, *prev;
    struct mirage_cond *cond;   /* the condition waited on, or NULL */
    struct core_timer timer;    /* the wait's deadline */
    struct mirage_cond joiners; /* broadcast when the fiber ends */
    struct core_pick *pick;     /* the pick it is in, or NULL */
    /* the condition whose mirage_cond_signal woke it, until it runs */
    struct mirage_cond *signalled_by;
    struct core_cleanup *cleanups;
    struct mirage_fiber *all_prev, *all_next; /* every live fiber */
    uint64_t end_seq;                         /* order of ending, from 1 */
    int result;
    int wait_rc; /* how the last wait ended */
    uint8_t state;
    bool cancelled, cancellable, detached;
    char name[CORE_FIBER_NAME_MAX];
    void *san_fake; /* ASan's fake stack while switched out (sched_san.h) */
};

/* --- fiber_stack.c ------------------------------------------------------ */

/*
 * Allocates a fiber of (stack_size) bytes (the control block included;
 * at least CORE_FIBER_MIN_STACK): a zeroed control block at the top and a
 * canary at the bottom. Returns NULL when out of memory.
 */
struct mirage_fiber *core_fiber_alloc(size_t stack_size);

/* Frees the stack, and so the control block, of (f). */
void core_fiber_free(struct mirage_fiber *f);

/* Whether the canary at the bottom of (f)'s stack is intact. */
bool core_fiber_canary_ok(const struct mirage_fiber *f);

/* The lowest address of (f)'s stack. */
uintptr_t core_fiber_stack_lo(const struct mirage_fiber *f);

/* --- fiber.c ----------------------------------------------------------- */

/* Frees the cleanup handlers of (f) without running them. */
void core_fiber_drop_cleanups(struct mirage_fiber *f);

/* --- fiber_join.c ------------------------------------------------------ */

/*
 * Called as (f), a fiber of a pick, ends: if it is the first to end, it
 * wins and the others are cancelled now, before any other fiber runs; the
 * pick's caller is woken.
 */
void core_pick_ended(struct mirage_fiber *f);

/* --- sched.c ----------------------------------------------------------- */

/* The running fiber, or NULL outside any (scheduler, hooks, before boot). */
struct mirage_fiber *core_sched_self(void);

/* The main fiber of core_sched_run_main, or NULL. */
struct mirage_fiber *core_sched_main(void);

/* The stack size of new fibers. */
size_t core_sched_default_stack(void);

/*
 * Registers the new fiber (f) (every live fiber is known, for reports);
 * makes room for its timer. Returns 0 or -ENOMEM.
 */
int core_sched_add(struct mirage_fiber *f);

/* Unregisters and frees (f), which is ended or abandoned, not running. */
void core_sched_free(struct mirage_fiber *f);

/* Queues (f) to run in the next turn. */
void core_sched_ready(struct mirage_fiber *f);

/*
 * Blocks the running fiber until it is woken: by a signal of (cond) (if not
 * NULL; returns 0), by (deadline) (if not MIRAGE_FOREVER; -ETIMEDOUT) or,
 * if (cancellable), by its cancellation (-ECANCELED, at once if it is
 * cancelled already, and also when it is cancelled after it was woken but
 * before it ran again: a mirage_cond_signal that woke it then passes to the
 * next waiter). Must be called in a fiber.
 */
int core_sched_wait(struct mirage_cond *cond, uint64_t deadline,
                    bool cancellable);

/*
 * Runs the other fibers until the running one, queued already by
 * core_sched_ready, is resumed.
 */
void core_sched_pass(void);

/* Wakes (f) if it waits: its wait returns (rc). */
void core_sched_wake(struct mirage_fiber *f, int rc);

/* Wakes (f) with -ECANCELED if it is in a cancellable wait. */
void core_sched_cancel_wait(struct mirage_fiber *f);

/* Called first by every new fiber: frees the fibers that died before. */
void core_sched_started(void);

/*
 * Ends the running fiber with (result): wakes its joiners and leaves it
 * for good. Does not return.
 */
void core_sched_end(int result) __attribute__((noreturn));

/* --- hooks.c ----------------------------------------------------------- */

/* Runs (and forgets) the at_exit hooks, last registered first. */
void core_hooks_run_exit(void);

/* Runs the enter-iteration hooks, then the leave-iteration hooks. */
void core_hooks_run_enter(void);
void core_hooks_run_leave(void);

#endif
