/* SPDX-License-Identifier: ISC */
/* platform.h: the one API that each runtime/<platform> implements. */
#ifndef MIRAGE_PLATFORM_H
#define MIRAGE_PLATFORM_H

/*
 * runtime/core and devices/ reach the host or the hardware only through
 * these plat_* functions. They are internal: the build localises every
 * symbol that is not mirage_*, so no plat_* name is visible to, or can clash
 * with, a unikernel's own code.
 */

#include <stddef.h>
#include <stdint.h>

/* Writes (len) bytes of unikernel output (the console; stdout on unix). */
void plat_console_write(const char *buf, size_t len);

/*
 * Writes (len) bytes of a runtime diagnostic: argument errors, crash reports
 * (stderr on unix; the console where there is only one).
 */
void plat_error_write(const char *buf, size_t len);

/* Monotonic time in nanoseconds since an arbitrary origin; never fails. */
uint64_t plat_clock_monotonic_ns(void);

/* Wall-clock time in nanoseconds since the Unix epoch, UTC. */
int64_t plat_clock_wall_ns(void);

/*
 * Blocks the whole unikernel until the monotonic clock reaches (deadline_ns)
 * (it returns at once if that is past). Until the fiber scheduler exists
 * this is how sleeping works; the scheduler will call it only when every
 * fiber waits.
 */
void plat_sleep_until_ns(uint64_t deadline_ns);

/* Ends the unikernel with (status); does not return. */
void plat_exit(int status) __attribute__((noreturn));

/* --- Scheduling (runtime/core/sched*.c, fiber*.c) ---------------------- */
/* (owned by the scheduler's authors; declarations follow) */

/* --- Crashes (runtime/core/crash*.c) ----------------------------------- */
/* (owned by the crash path's authors; declarations follow) */

#endif
