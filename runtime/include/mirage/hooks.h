/* SPDX-License-Identifier: ISC */
/* hooks.h: functions the runtime calls at exit and around each loop turn. */
#ifndef MIRAGE_HOOKS_H
#define MIRAGE_HOOKS_H

/*
 * Registers (fn)(arg) to run when the unikernel exits normally: once, when
 * the start function has returned (--help, --version, usage errors, crashes
 * and deadlocks do not count); the last registered runs first. They run in
 * the main fiber, after its cleanup handlers, so they may wait. Returns 0,
 * -EINVAL for a NULL (fn), or -ENOMEM.
 */
int mirage_at_exit(void (*fn)(void *), void *arg);

/*
 * Registers (fn)(arg) to run at the start (enter) or end (leave) of every
 * turn of the scheduler's loop, in registration order. A turn runs the
 * fibers that are ready; between turns the scheduler waits for timers and
 * I/O. The hooks run outside any fiber and must not wait. Returns 0,
 * -EINVAL for a NULL (fn), or -ENOMEM.
 */
int mirage_at_enter_iter(void (*fn)(void *), void *arg);
int mirage_at_leave_iter(void (*fn)(void *), void *arg);

#endif
