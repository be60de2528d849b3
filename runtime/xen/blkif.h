/* SPDX-License-Identifier: ISC */
/* blkif.h: the PV block protocol of Xen's public io/blkif.h (x86-64). */
#ifndef MIRAGE_XEN_BLKIF_H
#define MIRAGE_XEN_BLKIF_H

#include <stddef.h>
#include <stdint.h>

#include "xen_io.h"

/*
 * Written for this project from the definitions of io/blkif.h (Xen 4.17),
 * 64-bit layout only. The frontend publishes one ring page of requests
 * (the shared ring of io/ring.h, xen_sring.h) and an event channel; each
 * request names its data pages by grant reference, each page's part by
 * its first and last 512-byte sector (inclusive). Without the frontend's
 * feature-large-sector-size, every sector quantity of the protocol
 * (sector_number, first_sect, last_sect) counts 512-byte units, and the
 * backend's "sectors" node too.
 */

/* Request operations. */
#define BLKIF_OP_READ            0
#define BLKIF_OP_WRITE           1
#define BLKIF_OP_WRITE_BARRIER   2 /* feature-barrier */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* feature-flush-cache */
#define BLKIF_OP_DISCARD         5 /* feature-discard; not used here */
#define BLKIF_OP_INDIRECT        6 /* feature-max-indirect-segments */

/* Segments of a direct request. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
/* Pages of segment descriptors of an indirect request. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* The protocol's sector: the unit of every sector field. */
#define BLKIF_SECTOR 512u
/* Sectors of one page: first_sect and last_sect run 0..7. */
#define BLKIF_PAGE_SECTORS (XEN_PAGE_SIZE / BLKIF_SECTOR)

/* Response status values. */
#define BLKIF_RSP_EOPNOTSUPP (-2)
#define BLKIF_RSP_ERROR      (-1)
#define BLKIF_RSP_OKAY       0

/* The backend's "info" bits. */
#define VDISK_CDROM     0x1u
#define VDISK_REMOVABLE 0x2u
#define VDISK_READONLY  0x4u

/* The frontend's "protocol" value for this layout. */
#define XEN_IO_PROTO_ABI_X86_64 "x86_64-abi"

/* One data page of a request. */
struct blkif_request_segment {
    grant_ref_t gref;   /* the page */
    uint8_t first_sect; /* first 512-byte sector of the page, inclusive */
    uint8_t last_sect;  /* last one, inclusive */
};

/* A request of the ring (read, write, barrier, flush). */
struct blkif_request {
    uint8_t operation;      /* BLKIF_OP_* */
    uint8_t nr_segments;    /* used entries of seg */
    uint16_t handle;        /* blkif_vdev_t: the virtual device */
    uint64_t id;            /* the frontend's, echoed in the response */
    uint64_t sector_number; /* the first sector, 512-byte units */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* An indirect request: its segments are in pages of segment entries. */
struct blkif_request_indirect {
    uint8_t operation;      /* BLKIF_OP_INDIRECT */
    uint8_t indirect_op;    /* BLKIF_OP_READ or BLKIF_OP_WRITE */
    uint16_t nr_segments;   /* segments in the indirect pages */
    uint64_t id;            /* echoed in the response */
    uint64_t sector_number; /* the first sector, 512-byte units */
    uint16_t handle;        /* the virtual device */
    grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};

/* A response of the ring. */
struct blkif_response {
    uint64_t id;       /* the request's id */
    uint8_t operation; /* the request's operation */
    int16_t status;    /* BLKIF_RSP_* */
};

/* Segment entries of one indirect page. */
#define BLKIF_SEGS_PER_INDIRECT_PAGE                                           \
    (XEN_PAGE_SIZE / sizeof(struct blkif_request_segment))

/* An entry of the shared ring: a request or, in its place, a response. */
union blkif_sring_entry {
    struct blkif_request req;
    struct blkif_request_indirect ind;
    struct blkif_response rsp;
};

_Static_assert(sizeof(struct blkif_request_segment) == 8, "segment size");
_Static_assert(offsetof(struct blkif_request_segment, first_sect) == 4,
               "segment first_sect");
_Static_assert(offsetof(struct blkif_request_segment, last_sect) == 5,
               "segment last_sect");
_Static_assert(sizeof(struct blkif_request) == 112, "request size");
_Static_assert(offsetof(struct blkif_request, nr_segments) == 1,
               "request nr_segments");
_Static_assert(offsetof(struct blkif_request, handle) == 2, "request handle");
_Static_assert(offsetof(struct blkif_request, id) == 8, "request id");
_Static_assert(offsetof(struct blkif_request, sector_number) == 16,
               "request sector_number");
_Static_assert(offsetof(struct blkif_request, seg) == 24, "request seg");
_Static_assert(sizeof(struct blkif_request_indirect) == 64,
               "indirect request size");
_Static_assert(offsetof(struct blkif_request_indirect, nr_segments) == 2,
               "indirect nr_segments");
_Static_assert(offsetof(struct blkif_request_indirect, id) == 8, "indirect id");
_Static_assert(offsetof(struct blkif_request_indirect, sector_number) == 16,
               "indirect sector_number");
_Static_assert(offsetof(struct blkif_request_indirect, handle) == 24,
               "indirect handle");
_Static_assert(offsetof(struct blkif_request_indirect, indirect_grefs) == 28,
               "indirect grefs");
_Static_assert(sizeof(struct blkif_response) == 16, "response size");
_Static_assert(offsetof(struct blkif_response, operation) == 8,
               "response operation");
_Static_assert(offsetof(struct blkif_response, status) == 10,
               "response status");
_Static_assert(sizeof(union blkif_sring_entry) == 112, "ring entry size");
_Static_assert(BLKIF_SEGS_PER_INDIRECT_PAGE == 512, "indirect page");

#endif
