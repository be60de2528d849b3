/* SPDX-License-Identifier: ISC */
/* xenstore.h: the xenstore client over the shared ring (io/xs_wire.h). */
#ifndef MIRAGE_XEN_XENSTORE_H
#define MIRAGE_XEN_XENSTORE_H

#include <stddef.h>
#include <stdint.h>

/*
 * One request at a time goes over the ring (xen_io_xenstore); a caller
 * in a fiber waits for its answer on the ring's event channel, other
 * fibers wanting the store wait their turn. Answers are checked against
 * the request (type, req_id, length at most XENSTORE_PAYLOAD_MAX) and a
 * ring whose indices make no sense fails the call with -EIO, not the
 * unikernel. XS_ERROR answers map to errno values by their name
 * ("ENOENT" -> -ENOENT, ..., "EAGAIN" -> -EAGAIN); an unknown name is
 * -EIO. Watch events that come between answers are queued (a bounded
 * queue: when full the oldest is dropped and the watch reports -ENOBUFS
 * once, so that its owner reads the state again).
 *
 * (tx) is a transaction id from xen_xs_transaction_start, or 0 for none.
 * Every call may also fail with -ENODEV (no xenstore: xen_io_init
 * failed), -ETIMEDOUT (no answer within XEN_XS_TIMEOUT_NS) or -EIO.
 */

#define XEN_XS_TIMEOUT_NS (10ull * 1000000000ull)

/* Reads (path) into buf[0..cap) NUL-terminated. Returns the value's
 * length, -ENOENT, or -ERANGE when it does not fit. */
int xen_xs_read(uint32_t tx, const char *path, char *buf, size_t cap);

/* Reads (path) as an unsigned decimal number into (*value). Returns 0,
 * -ENOENT, or -EINVAL when it is not one. */
int xen_xs_read_u64(uint32_t tx, const char *path, uint64_t *value);

/* Writes (value) to (path). Returns 0 or the error (-EACCES, ...). */
int xen_xs_write(uint32_t tx, const char *path, const char *value);

/* Removes (path) and what is below it. Returns 0 or the error. */
int xen_xs_rm(uint32_t tx, const char *path);

/*
 * Lists the children of (path) into buf[0..cap): names each followed by
 * a NUL. Returns the bytes used, -ENOENT, or -ERANGE when they do not
 * fit.
 */
int xen_xs_directory(uint32_t tx, const char *path, char *buf, size_t cap);

/* Starts a transaction. Returns 0 with (*tx) set, or the error. */
int xen_xs_transaction_start(uint32_t *tx);

/*
 * Ends transaction (tx), committing it if (commit). Returns 0, or -EAGAIN
 * when another writer conflicted (nothing was written: start again).
 */
int xen_xs_transaction_end(uint32_t tx, int commit);

/*
 * Runs (fn)(tx, arg) in a transaction and commits it, starting again
 * while the commit answers -EAGAIN (at most XEN_XS_TX_TRIES times, then
 * -EAGAIN). (fn) returns 0 or an error, which aborts the transaction and
 * is returned.
 */
#define XEN_XS_TX_TRIES 16
int xen_xs_transact(int (*fn)(uint32_t tx, void *arg), void *arg);

/* Watches (path) (and below it) under (token). Xen fires it once at
 * once. Returns 0 or the error. */
int xen_xs_watch(const char *path, const char *token);

/* Stops watch (path, token) and drops its queued events. Returns 0 or
 * the error. */
int xen_xs_unwatch(const char *path, const char *token);

/*
 * Waits until an event of watch (token) is queued or the monotonic clock
 * reaches (deadline_ns), and takes it (its path into buf[0..cap) when
 * (buf) is not NULL). Returns 0, -ETIMEDOUT, -ENOBUFS (events were
 * dropped: read the state again), or the error.
 */
int xen_xs_wait_watch(const char *token, uint64_t deadline_ns, char *buf,
                      size_t cap);

#endif
