/* SPDX-License-Identifier: ISC */
/* netif.h: the PV network interface's ring entries (Xen's io/netif.h). */
#ifndef MIRAGE_XEN_NETIF_H
#define MIRAGE_XEN_NETIF_H

#include <stdint.h>

#include "xen_io.h"

/*
 * Two shared rings (xen_sring.h), each one page the frontend grants: on
 * the transmit ring the frontend asks the backend to send the bytes of a
 * granted page, on the receive ring it lends the backend empty granted
 * pages that the backend copies received frames into (rx-copy, the only
 * mode used here). A frame may span several slots: every slot but the
 * last carries the "more data" flag. On the transmit ring the first
 * slot's size is the whole frame's length, the following slots' sizes
 * their own part; on the receive ring each slot's status is the length of
 * its own part. An "extra info" flag says that the next slot is not data
 * but a struct netif_extra_info (offloads we never ask for; skipped).
 */

/* A frame (or part of one) to send: bytes [offset, offset + size) of the
 * page granted as (gref). */
struct netif_tx_request {
    grant_ref_t gref;
    uint16_t offset;
    uint16_t flags; /* NETTXF_* */
    uint16_t id;    /* echoed in the response */
    uint16_t size;  /* first slot: the frame's length; then: this part's */
};
_Static_assert(sizeof(struct netif_tx_request) == 12, "netif_tx_request");

#define NETTXF_csum_blank     (1u << 0) /* the checksum is to be filled */
#define NETTXF_data_validated (1u << 1) /* the checksum is known good */
#define NETTXF_more_data      (1u << 2) /* the frame continues next slot */
#define NETTXF_extra_info     (1u << 3) /* a netif_extra_info follows */

/* The backend is done with request (id). */
struct netif_tx_response {
    uint16_t id;
    int16_t status; /* NETIF_RSP_* */
};
_Static_assert(sizeof(struct netif_tx_response) == 4, "netif_tx_response");

/* An empty page lent to the backend for a received frame. */
struct netif_rx_request {
    uint16_t id;
    uint16_t pad;
    grant_ref_t gref;
};
_Static_assert(sizeof(struct netif_rx_request) == 8, "netif_rx_request");

/* Buffer (id) holds bytes [offset, offset + status) of a frame, or status
 * is a negative NETIF_RSP_* error. */
struct netif_rx_response {
    uint16_t id;
    uint16_t offset;
    uint16_t flags; /* NETRXF_* */
    int16_t status;
};
_Static_assert(sizeof(struct netif_rx_response) == 8, "netif_rx_response");

#define NETRXF_data_validated (1u << 0)
#define NETRXF_csum_blank     (1u << 1)
#define NETRXF_more_data      (1u << 2)
#define NETRXF_extra_info     (1u << 3)
#define NETRXF_gso_prefix     (1u << 4)

#define NETIF_RSP_DROPPED (-2)
#define NETIF_RSP_ERROR   (-1)
#define NETIF_RSP_OKAY    0
#define NETIF_RSP_NULL    1 /* the response of an extra-info slot */

/* The slot after a NETTXF_extra_info / NETRXF_extra_info one: 8 bytes,
 * a type, flags (XEN_NETIF_EXTRA_FLAG_MORE: another follows) and 6 bytes
 * of the type's data. */
struct netif_extra_info {
    uint8_t type;
    uint8_t flags;
    uint8_t data[6];
};
_Static_assert(sizeof(struct netif_extra_info) == 8, "netif_extra_info");

#define XEN_NETIF_EXTRA_TYPE_NONE      0
#define XEN_NETIF_EXTRA_TYPE_GSO       1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XEN_NETIF_EXTRA_TYPE_HASH      4
#define XEN_NETIF_EXTRA_FLAG_MORE      (1u << 0)

/* The entries of each ring: a union of request and response. */
union netif_tx_entry {
    struct netif_tx_request req;
    struct netif_tx_response rsp;
};
union netif_rx_entry {
    struct netif_rx_request req;
    struct netif_rx_response rsp;
};
_Static_assert(sizeof(union netif_tx_entry) == 12, "tx ring entry");
_Static_assert(sizeof(union netif_rx_entry) == 8, "rx ring entry");

#endif
