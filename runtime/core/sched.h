/* SPDX-License-Identifier: ISC */
/* sched.h: what the rest of the runtime needs from the fiber scheduler. */
#ifndef MIRAGE_CORE_SCHED_H
#define MIRAGE_CORE_SCHED_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs (fn)(arg) as the main fiber, named "main" (its stack is the default
 * size or 256 KiB, whichever is larger), and the scheduler loop until it
 * returns; then, still in the main fiber, its cleanup handlers and the
 * at_exit hooks run. Returns (fn)'s result. Other fibers still alive are
 * abandoned: freed, their cleanup not run. Returns MIRAGE_EXIT_INTERNAL,
 * with a message, when called in a fiber or out of memory. When every
 * fiber waits and no timer or I/O watch can wake one, it reports the
 * deadlock and ends the unikernel with MIRAGE_EXIT_INTERNAL; a smashed
 * stack canary ends it as a crash (core_crash).
 */
int core_sched_run_main(int (*fn)(void *), void *arg);

/* The smallest fiber stack, in bytes; smaller requests get this much. */
#define CORE_SCHED_STACK_MIN (8 * 1024)

/*
 * Default stack size of new fibers in bytes (--fiber-stack sets it); 0
 * restores 64 KiB, and less than CORE_SCHED_STACK_MIN is raised to it.
 */
void core_sched_set_default_stack(size_t bytes);

/*
 * For crash reports, safe in a signal handler: the name of the fiber whose
 * stack guard holds (addr), or NULL if (addr) is in no guard; and the
 * current fiber's name, or NULL outside any fiber.
 */
const char *core_sched_guard_owner(uintptr_t addr);
const char *core_sched_current_name(void);

#endif
