/* SPDX-License-Identifier: ISC */
/* sleep.h: waiting for a monotonic deadline, the one way code sleeps. */
#ifndef MIRAGE_CORE_SLEEP_H
#define MIRAGE_CORE_SLEEP_H

#include <stdint.h>

/*
 * Waits until the monotonic clock reaches (deadline_ns); returns at once if
 * that is past. Every sleep of the runtime and of devices goes through
 * here, so that the fiber scheduler can take it over in one place.
 */
void core_sleep_until_ns(uint64_t deadline_ns);

/* The monotonic deadline (ns) nanoseconds from now, saturating. */
uint64_t core_deadline_after_ns(uint64_t ns);

#endif
