/* SPDX-License-Identifier: ISC */
/* iowatch.h: a small table of I/O watches for the platforms without epoll. */
#ifndef MIRAGE_CORE_IOWATCH_H
#define MIRAGE_CORE_IOWATCH_H

#include <stddef.h>

struct mirage_cond;

/*
 * The bookkeeping behind plat_io_watch and plat_io_unwatch where the
 * platform polls a few sources itself (spt: ppoll on the tender's
 * descriptors; hvt: the ready bits of the POLL hypercall; virtio: device
 * queues; xen: event channel ports). A source is any non-negative int the
 * platform chose; a watch stays in the table, disarmed after it fires,
 * until it is removed. Room for xen's 8 vifs, 8 disks and xenstore.
 */
#define CORE_IOWATCH_MAX 32

/*
 * Arms the watch of (source) for (events) (PLAT_IO_READ, PLAT_IO_WRITE),
 * broadcasting (cond) when it fires; arming again replaces both. Returns
 * 0, -EINVAL (negative source, no events, NULL cond) or -ENOMEM (the
 * table is full).
 */
int core_iowatch_arm(int source, unsigned events, struct mirage_cond *cond);

/* Removes the watch of (source). Returns 0, or -ENOENT when it has none. */
int core_iowatch_remove(int source);

/* The number of armed watches. */
size_t core_iowatch_armed(void);

/*
 * Stores the armed watches' sources and events in (sources) and (events),
 * at most (max) of them; returns how many it stored.
 */
size_t core_iowatch_list(int *sources, unsigned *events, size_t max);

/*
 * Reports that (source) is ready for (ready) events (for an error or a
 * hang-up, pass both): when its watch is armed for one of them, disarms it
 * and broadcasts its condition. Returns 1 when a watch fired, else 0.
 */
int core_iowatch_fire(int source, unsigned ready);

#endif
