/* SPDX-License-Identifier: ISC */
/* hooks.h: functions the runtime calls at exit and around each loop turn. */
#ifndef MIRAGE_HOOKS_H
#define MIRAGE_HOOKS_H

/*
 * Registers (fn)(arg) to run when the unikernel exits normally (the start
 * function returned, or --help/--version/usage errors do not count); the
 * last registered runs first. Returns 0 or -ENOMEM.
 */
int mirage_at_exit(void (*fn)(void *), void *arg);

/*
 * Registers (fn)(arg) to run at the start (enter) or end (leave) of every
 * turn of the scheduler's loop, in registration order. Returns 0 or -ENOMEM.
 */
int mirage_at_enter_iter(void (*fn)(void *), void *arg);
int mirage_at_leave_iter(void (*fn)(void *), void *arg);

#endif
