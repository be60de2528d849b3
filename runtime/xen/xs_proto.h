/* SPDX-License-Identifier: ISC */
/* xs_proto.h: the pure half of the xenstore client: ring bytes, answers. */
#ifndef MIRAGE_XEN_XS_PROTO_H
#define MIRAGE_XEN_XS_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "xs_wire.h"

/*
 * Nothing here waits, notifies or keeps state of its own: xenstore.c
 * drives these functions, and tests/fuzz/fuzz_xen_xenstore.c feeds them
 * rings and answers of its own making. Everything read from the ring is
 * untrusted: indices, the header's length, the payload's contents.
 */

/* A message being taken off the answer queue: header, then payload. */
struct xs_rx {
    uint32_t got; /* bytes taken so far, header included */
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* the payload, then a NUL */
};

/* Empties (rx) for the next message. */
void xs_rx_reset(struct xs_rx *rx);

/*
 * Takes bytes of the answer queue between (*cons), the client's own
 * index, and the ring's rsp_prod into (rx), at most up to the end of one
 * message, and advances (*cons) (the caller publishes it). Returns 1 when
 * (rx) holds a whole message, 0 when it needs more, -EIO when the
 * indices are inconsistent (more than the ring holds), -EPROTO when the
 * header's length exceeds XENSTORE_PAYLOAD_MAX (the stream is lost).
 */
int xs_ring_take(volatile struct xenstore_domain_interface *ring,
                 uint32_t *cons, struct xs_rx *rx);

/*
 * Puts the first bytes of p[0..n) that fit in the request queue at
 * (*prod), the client's own index, and advances it (the caller publishes
 * it). Returns the bytes put (0: full), or -EIO when the ring's req_cons
 * is inconsistent with (*prod).
 */
int xs_ring_put(volatile struct xenstore_domain_interface *ring, uint32_t *prod,
                const void *p, size_t n);

/* The negative errno an XS_ERROR payload names ("ENOENT" -> -ENOENT),
 * -EIO for a name not in XS_ERROR_NAMES. */
int xs_error_errno(const char *body, uint32_t len);

/*
 * Checks message (hdr, body) as the answer to a request of (type): 0
 * when it is one, the errno of an XS_ERROR, -EIO for another type. The
 * caller has matched req_id.
 */
int xs_answer_check(const struct xsd_sockmsg *hdr, const char *body,
                    uint32_t type);

/* Checks an "OK" answer (of write, rm, mkdir, watch, unwatch, the end of
 * a transaction): 0 or -EIO. */
int xs_answer_ok(const char *body, uint32_t len);

/*
 * Checks a directory answer: names of at least one byte, each followed
 * by a NUL, none containing '/'. Returns 0 or -EIO.
 */
int xs_answer_directory(const char *body, uint32_t len);

/* Parses the id of an XS_TRANSACTION_START answer (decimal, NUL, not
 * 0). Returns 0 with (*tx) set, or -EIO. */
int xs_answer_tx(const char *body, uint32_t len, uint32_t *tx);

/*
 * Splits a watch event's payload into its path and token (each ended by
 * a NUL, the path not empty). Returns 0 with (*path) and (*token)
 * pointing into (body), or -EIO.
 */
int xs_event_split(const char *body, uint32_t len, const char **path,
                   const char **token);

/* Parses s[0..len) as an unsigned decimal number, digits only, no more
 * than UINT64_MAX. Returns 0 with (*v) set, or -EINVAL. */
int xs_parse_u64(const char *s, size_t len, uint64_t *v);

#endif
