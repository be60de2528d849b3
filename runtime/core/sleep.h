/* SPDX-License-Identifier: ISC */
/* sleep.h: waiting for a monotonic deadline, the one way code sleeps. */
#ifndef MIRAGE_CORE_SLEEP_H
#define MIRAGE_CORE_SLEEP_H

#include <stdint.h>

/*
 * Waits until the monotonic clock reaches (deadline_ns) (MIRAGE_FOREVER:
 * until cancelled); returns at the next turn if that is past. In a fiber
 * only that fiber waits; outside any fiber (before the scheduler runs) the
 * whole unikernel does. Every sleep of the runtime and of devices goes
 * through here. Returns 0, or -ECANCELED if the fiber was cancelled.
 */
int core_sleep_until_ns(uint64_t deadline_ns);

/* The monotonic deadline (ns) nanoseconds from now, saturating. */
uint64_t core_deadline_after_ns(uint64_t ns);

#endif
