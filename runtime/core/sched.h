/* SPDX-License-Identifier: ISC */
/* sched.h: what the rest of the runtime needs from the fiber scheduler. */
#ifndef MIRAGE_CORE_SCHED_H
#define MIRAGE_CORE_SCHED_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs (fn)(arg) as the main fiber, named "main", and the scheduler loop
 * until it returns; then runs the at_exit hooks and returns its result.
 * Other fibers still alive are abandoned (their cleanup does not run).
 */
int core_sched_run_main(int (*fn)(void *), void *arg);

/* Default stack size of new fibers in bytes (--fiber-stack sets it). */
void core_sched_set_default_stack(size_t bytes);

/*
 * For crash reports: the name of the fiber whose stack guard holds
 * (addr), or NULL if (addr) is in no guard; and the current fiber's name.
 */
const char *core_sched_guard_owner(uintptr_t addr);
const char *core_sched_current_name(void);

#endif
