/* SPDX-License-Identifier: ISC */
/* fiber.h: cooperative fibers, sleeping, conditions and promises. */
#ifndef MIRAGE_FIBER_H
#define MIRAGE_FIBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Concurrency is cooperative and single-core. The start function runs in
 * the main fiber; other fibers are spawned from it. A fiber runs until it
 * waits (sleep, join, a condition, a promise, yield); when every fiber
 * waits, the platform sleeps until the earliest deadline or an I/O event.
 *
 * Every wait takes a timeout in nanoseconds (MIRAGE_FOREVER: none) and
 * returns 0 when its event happened, -ETIMEDOUT when the timeout passed
 * first, or -ECANCELED when the waiting fiber was cancelled. Cancellation is
 * cooperative: a cancelled fiber's current and later waits return
 * -ECANCELED, and its function is expected to return soon; its cleanup
 * handlers run when it ends, however it ends. A wait whose event happened
 * already returns 0 at once, cancelled or not. Timeouts are lower bounds.
 *
 * A cancellation reaches a wait until the fiber runs again: a fiber woken
 * (by its event, its timeout or the end of its sleep) and cancelled before
 * it ran gets -ECANCELED, as if the cancellation had come first; a
 * mirage_cond_signal that woke it passes to the next waiter. Joins and
 * promise waits check their event again, so they return 0 if it happened.
 *
 * Outside any fiber (before the scheduler runs, or in an iteration hook) a
 * wait that would block returns -EPERM, except mirage_sleep_ns, which then
 * blocks the whole unikernel, and mirage_yield, which returns 0.
 */

#define MIRAGE_FOREVER UINT64_MAX

struct mirage_fiber;

/* A fiber's function; its return value is the fiber's result. */
typedef int (*mirage_fiber_fn)(void *arg);

/* Optional settings of a new fiber (pass NULL for the defaults). */
struct mirage_fiber_attr {
    const char *name;  /* for logs and crash reports; default "fiber";
                          copied, cut to 31 bytes */
    size_t stack_size; /* bytes, the fiber's control block included; 0: the
                          default (--fiber-stack or 64 KiB); at least 8 KiB */
};

/*
 * Spawns a fiber running (fn)(arg), ready to run at the caller's next wait,
 * and stores its handle in (*fiber) (which may be NULL for a detached
 * fiber, freed when it ends). A handle must be joined (or picked) once;
 * that frees it. Returns 0, -EINVAL for a NULL (fn), or -ENOMEM. A fiber
 * cancelled before it first runs never calls (fn).
 */
int mirage_fiber_spawn(struct mirage_fiber **fiber, mirage_fiber_fn fn,
                       void *arg, const struct mirage_fiber_attr *attr);

/*
 * Waits up to (timeout_ns) for (fiber) to end. On 0, stores its result in
 * (*result) if (result) is not NULL and frees (fiber). A fiber that ended
 * because it was cancelled gives -ECANCELED as its result. On -ETIMEDOUT or
 * -ECANCELED (the caller was cancelled) (fiber) stays valid; so it does on
 * -EINVAL (NULL), -EDEADLK (the caller itself) and -EPERM.
 */
int mirage_fiber_join(struct mirage_fiber *fiber, int *result,
                      uint64_t timeout_ns);

/*
 * Joins all (n) fibers within one timeout, storing their results in
 * (results) (may be NULL). Each fiber joined is freed and its slot in
 * (fibers) set to NULL; NULL slots are skipped, so a call can be repeated.
 * Returns 0, or -ETIMEDOUT / -ECANCELED, when the fibers that did end are
 * freed (their slots NULL, their results stored) and the others stay valid.
 */
int mirage_fiber_join_all(struct mirage_fiber **fibers, size_t n, int *results,
                          uint64_t timeout_ns);

/*
 * Waits for the first of (n) fibers to end, cancels the others and waits
 * for them to finish their cleanup; frees all (n). The others are cancelled
 * the moment the first ends, before any other fiber runs, as Lwt's pick
 * does: one that was ready to run (its sleep over, say) does not go on, its
 * wait returns -ECANCELED (see above). Returns the index of the first to
 * end (its result in (*result)), or -ETIMEDOUT / -ECANCELED, when all (n)
 * were cancelled and freed all the same. Of fibers that ended
 * before the call, the one that ended first wins. -EINVAL for n == 0, a NULL
 * or the caller's own fiber among them (nothing is freed then). A fiber can
 * be in one pick at a time.
 */
int mirage_fiber_pick(struct mirage_fiber **fibers, size_t n, int *result,
                      uint64_t timeout_ns);

/* Requests the cancellation of (fiber); harmless if it already ended. */
void mirage_fiber_cancel(struct mirage_fiber *fiber);

/* Whether the calling fiber has been cancelled. */
bool mirage_fiber_cancelled(void);

/* The calling fiber's name; "(none)" outside any fiber. */
const char *mirage_fiber_name(void);

/*
 * Whether the caller runs in a fiber: false before the scheduler runs the
 * start function, where a call that would wait cannot (it fails -EPERM).
 */
bool mirage_in_fiber(void);

/*
 * Registers (fn)(arg) to run when the calling fiber ends (last registered
 * runs first). mirage_fiber_cleanup_pop removes the last one, running it if
 * (run). Returns 0, -EINVAL for a NULL (fn), -EPERM outside any fiber, or
 * -ENOMEM. Handlers may wait; in a cancelled fiber their waits fail.
 */
int mirage_fiber_cleanup_push(void (*fn)(void *), void *arg);
void mirage_fiber_cleanup_pop(bool run);

/*
 * Lets the other ready fibers run: the caller runs again in the next turn
 * of the scheduler, after timers and I/O were checked. Returns 0 or
 * -ECANCELED (the caller was cancelled, before or during the yield).
 */
int mirage_yield(void);

/*
 * Sleeps at least (ns) nanoseconds (MIRAGE_FOREVER: until cancelled); other
 * fibers run meanwhile. Returns 0 or -ECANCELED.
 */
int mirage_sleep_ns(uint64_t ns);

/*
 * Makes every fiber switch from now on keep each fiber's SSE control and
 * status register (MXCSR) and x87 control word, which the System V ABI
 * makes callee-saved. The unix target always keeps them. The freestanding
 * targets' own code never uses SSE, and some hosts cannot run SSE in a
 * guest (a KVM that emulates guest instructions, such as kvm_pvm): there,
 * code that uses SSE (the tls device, for BearSSL) calls this once before
 * it runs. It cannot be undone.
 */
void mirage_fiber_keep_fp_control(void);

/* A condition: a queue of fibers waiting for something to happen. */
struct mirage_cond {
    void *head, *tail; /* private */
};
/* clang-format off */
#define MIRAGE_COND_INIT {NULL, NULL}
/* clang-format on */

/*
 * Waits until (cond) is signalled; 0, -ETIMEDOUT or -ECANCELED (-EINVAL for
 * a NULL (cond), -EPERM outside any fiber). A signal with no waiter is not
 * remembered: check the state the condition stands for before waiting.
 */
int mirage_cond_wait(struct mirage_cond *cond, uint64_t timeout_ns);
/* Wakes the longest-waiting fiber, if any; callable from any fiber. */
void mirage_cond_signal(struct mirage_cond *cond);
/* Wakes every waiting fiber; callable from any fiber, or outside one. */
void mirage_cond_broadcast(struct mirage_cond *cond);

/* A promise: resolved once with an int and a pointer, waited by many. */
struct mirage_promise {
    bool resolved;
    int value;
    void *data;
    struct mirage_cond waiters;
};
/* clang-format off */
#define MIRAGE_PROMISE_INIT {false, 0, NULL, MIRAGE_COND_INIT}
/* clang-format on */

/*
 * Resolves (p) with (value, data) and wakes its waiters. Returns 0, or
 * -EALREADY if (p) was already resolved (it keeps its first value).
 */
int mirage_promise_resolve(struct mirage_promise *p, int value, void *data);

/*
 * Waits until (p) is resolved, then stores its value and data (either
 * pointer may be NULL). 0, -ETIMEDOUT or -ECANCELED.
 */
int mirage_promise_wait(struct mirage_promise *p, int *value, void **data,
                        uint64_t timeout_ns);

#endif
