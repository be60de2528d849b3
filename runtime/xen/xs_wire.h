/* SPDX-License-Identifier: ISC */
/* xs_wire.h: the xenstore wire protocol and ring (Xen's io/xs_wire.h). */
#ifndef MIRAGE_XEN_XS_WIRE_H
#define MIRAGE_XEN_XS_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Written for this project from the definitions of Xen's public header
 * io/xs_wire.h (the numbers of `enum xsd_sockmsg_type`, the message
 * header, the ring page of a domain) and docs/misc/xenstore-ring.txt.
 */

/* The message types (enum xsd_sockmsg_type). */
enum xs_msg_type {
    XS_CONTROL = 0, /* was XS_DEBUG */
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT, removed */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff,
};

/* The header before every message's payload, both ways. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xs_msg_type */
    uint32_t req_id; /* echoed in the answer */
    uint32_t tx_id;  /* the transaction, 0 for none */
    uint32_t len;    /* the payload's length that follows */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg");

/* The longest payload of a message. */
#define XENSTORE_PAYLOAD_MAX 4096
/* The longest paths (absolute, and relative to the domain's home). */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* The XS_ERROR answers name an errno: these are the names Xen lists. */
#define XS_ERROR_NAMES                                                         \
    "EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC",      \
        "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN",   \
        "E2BIG", "EPERM"

/* The ring page shared with xenstored: two byte queues, free-running
 * indices (masked into the 1024-byte arrays). */
typedef uint32_t XENSTORE_RING_IDX;
#define XENSTORE_RING_SIZE   1024
#define MASK_XENSTORE_IDX(i) ((i) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* requests to xenstored */
    char rsp[XENSTORE_RING_SIZE]; /* answers and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;      /* XENSTORE_CONNECTED, _RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* */
};
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048,
               "xenstore_domain_interface");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) ==
                   2064,
               "xenstore_domain_interface");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
               "xenstore_domain_interface");

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1u
#define XENSTORE_SERVER_FEATURE_ERROR        2u
#define XENSTORE_CONNECTED                   0u
#define XENSTORE_RECONNECT                   1u
#define XENSTORE_ERROR_NONE                  0u
#define XENSTORE_ERROR_COMM                  1u
#define XENSTORE_ERROR_RINGIDX               2u
#define XENSTORE_ERROR_PROTO                 3u

#endif
