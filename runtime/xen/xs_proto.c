/* SPDX-License-Identifier: ISC */
/* xs_proto.c: the xenstore client's ring bytes and answer checks. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ring.h"
#include "xs_proto.h"

void xs_rx_reset(struct xs_rx *rx)
{
    rx->got = 0;
    memset(&rx->hdr, 0, sizeof(rx->hdr));
    rx->body[0] = '\0';
}

/* Copies n bytes from the queue (q) at free-running index (idx). */
static void ring_copy_out(void *dst, const volatile char *q, uint32_t idx,
                          uint32_t n)
{
    unsigned char *d = dst;

    for (uint32_t i = 0; i < n; i++)
        d[i] = (unsigned char)q[MASK_XENSTORE_IDX(idx + i)];
}

int xs_ring_take(volatile struct xenstore_domain_interface *ring,
                 uint32_t *cons, struct xs_rx *rx)
{
    const uint32_t hsize = (uint32_t)sizeof(rx->hdr);
    uint32_t prod = xen_read_idx(&ring->rsp_prod);
    uint32_t avail = xen_ring_used(prod, *cons, XENSTORE_RING_SIZE);

    if (avail > XENSTORE_RING_SIZE)
        return -EIO;
    xen_rmb(); /* the bytes after the index that announced them */
    if (rx->got < hsize) {
        uint32_t n = hsize - rx->got;

        if (n > avail)
            n = avail;
        ring_copy_out((unsigned char *)&rx->hdr + rx->got, ring->rsp, *cons, n);
        rx->got += n;
        *cons += n;
        avail -= n;
        if (rx->got < hsize)
            return 0;
        if (rx->hdr.len > XENSTORE_PAYLOAD_MAX)
            return -EPROTO;
    }
    uint32_t want = hsize + rx->hdr.len - rx->got;
    uint32_t n = want < avail ? want : avail;

    ring_copy_out(rx->body + (rx->got - hsize), ring->rsp, *cons, n);
    rx->got += n;
    *cons += n;
    if (rx->got < hsize + rx->hdr.len)
        return 0;
    rx->body[rx->hdr.len] = '\0';
    return 1;
}

int xs_ring_put(volatile struct xenstore_domain_interface *ring, uint32_t *prod,
                const void *p, size_t n)
{
    uint32_t cons = xen_read_idx(&ring->req_cons);
    uint32_t used = xen_ring_used(*prod, cons, XENSTORE_RING_SIZE);
    const unsigned char *s = p;
    uint32_t room, k;

    if (used > XENSTORE_RING_SIZE)
        return -EIO;
    /* The consumer's index is read before the slots it frees are written
     * (a full barrier: the loads before the stores). */
    xen_mb();
    room = XENSTORE_RING_SIZE - used;
    k = n < room ? (uint32_t)n : room;
    for (uint32_t i = 0; i < k; i++)
        ring->req[MASK_XENSTORE_IDX(*prod + i)] = (char)s[i];
    *prod += k;
    return (int)k;
}

int xs_error_errno(const char *body, uint32_t len)
{
    static const struct {
        const char *name;
        int err;
    } names[] = {
        {"EINVAL", EINVAL}, {"EACCES", EACCES},   {"EEXIST", EEXIST},
        {"EISDIR", EISDIR}, {"ENOENT", ENOENT},   {"ENOMEM", ENOMEM},
        {"ENOSPC", ENOSPC}, {"EIO", EIO},         {"ENOTEMPTY", ENOTEMPTY},
        {"ENOSYS", ENOSYS}, {"EROFS", EROFS},     {"EBUSY", EBUSY},
        {"EAGAIN", EAGAIN}, {"EISCONN", EISCONN}, {"E2BIG", E2BIG},
        {"EPERM", EPERM},
    };
    size_t n = strnlen(body, len);

    /* The name, ended by its NUL or the payload's end. */
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == n && memcmp(names[i].name, body, n) == 0)
            return -names[i].err;
    return -EIO;
}

int xs_answer_check(const struct xsd_sockmsg *hdr, const char *body,
                    uint32_t type)
{
    if (hdr->type == XS_ERROR)
        return xs_error_errno(body, hdr->len);
    return hdr->type == type ? 0 : -EIO;
}

int xs_answer_ok(const char *body, uint32_t len)
{
    if ((len == 2 || len == 3) && body[0] == 'O' && body[1] == 'K' &&
        (len == 2 || body[2] == '\0'))
        return 0;
    return -EIO;
}

int xs_answer_directory(const char *body, uint32_t len)
{
    uint32_t start = 0;

    for (uint32_t i = 0; i < len; i++) {
        if (body[i] == '/')
            return -EIO;
        if (body[i] == '\0') {
            if (i == start)
                return -EIO;
            start = i + 1;
        }
    }
    return start == len ? 0 : -EIO;
}

int xs_parse_u64(const char *s, size_t len, uint64_t *v)
{
    uint64_t x = 0;

    if (len == 0)
        return -EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned char)s[i] - (unsigned)'0';

        if (d > 9 || x > (UINT64_MAX - d) / 10)
            return -EINVAL;
        x = x * 10 + d;
    }
    *v = x;
    return 0;
}

int xs_answer_tx(const char *body, uint32_t len, uint32_t *tx)
{
    uint64_t v;

    /* The id's digits, then a NUL (xenstored sends it; tolerate none). */
    if (len > 0 && body[len - 1] == '\0')
        len--;
    if (xs_parse_u64(body, len, &v) != 0 || v == 0 || v > UINT32_MAX)
        return -EIO;
    *tx = (uint32_t)v;
    return 0;
}

int xs_event_split(const char *body, uint32_t len, const char **path,
                   const char **token)
{
    size_t plen = strnlen(body, len);
    size_t tlen;

    if (plen == 0 || plen == len)
        return -EIO;
    tlen = strnlen(body + plen + 1, len - plen - 1);
    if (plen + 1 + tlen == len)
        return -EIO; /* no NUL after the token */
    *path = body;
    *token = body + plen + 1;
    return 0;
}
