/* SPDX-License-Identifier: ISC */
/* blkfront.h: blkfront's calls that do not wait, for tests and fuzzing. */
#ifndef MIRAGE_XEN_BLKFRONT_H
#define MIRAGE_XEN_BLKFRONT_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/log.h>

#include "xen_sring.h"

/* blkfront's log source ("blkfront"). */
extern struct mirage_log_src blkfront_log;

/*
 * plat_block_read/write/flush (platform.h) are these three steps and a
 * wait on the disk's event channel between them. A disk is a handle of
 * plat_block_find.
 */

/* The wait for one request's answer before the disk is given up. */
#define BLKFRONT_TIMEOUT_NS (30ull * 1000000000ull)

/*
 * Puts one request on the ring of disk (handle) without waiting: (op) is
 * BLKIF_OP_READ, _WRITE (then (len) bytes of (wbuf) are copied to its
 * granted pages) or _FLUSH_DISKCACHE / _WRITE_BARRIER (no data); at
 * (offset) bytes, (len) a multiple of 512 no larger than
 * blkfront_max_bytes. Returns the request's slot (>= 0), -EAGAIN when
 * every slot is taken (or no grant entry is free) while requests are out,
 * -EBADF, -EINVAL, -EIO (the disk failed), -ENOMEM or -ENOSPC.
 */
int blkfront_submit(int handle, uint8_t op, uint64_t offset, const void *wbuf,
                    size_t len);

/*
 * Takes the backend's responses of disk (handle) from its ring, without
 * waiting: checks each (an id of a request in flight, of its operation, a
 * known status) and marks its request done. A response that fails a check
 * fails the disk (-EIO, logged with the reason): every request then
 * fails. Clears the event channel first. Returns the number of requests
 * completed, or the disk's error.
 */
int blkfront_process(int handle);

/*
 * Ends request (slot) of disk (handle) once done: copies a read's data to
 * (rbuf), ends the grants of its pages (a page whose grant the backend
 * still maps is kept out of use until it can be ended) and frees the
 * slot. Returns 0, -EINPROGRESS (not answered yet: nothing changed), -EIO
 * (the backend's error, or the disk failed), -EOPNOTSUPP (the backend
 * refused a flush or barrier) or -EBADF.
 */
int blkfront_collect(int handle, int slot, void *rbuf);

/* The most data bytes of one request of disk (handle), or 0. */
size_t blkfront_max_bytes(int handle);

/* The shared ring of disk (handle) (tests, fuzzing), or NULL. */
struct xen_sring *blkfront_ring(int handle);

/* Grant references ended late or waiting to be (pages kept out of use). */
unsigned blkfront_limbo(void);

#endif
