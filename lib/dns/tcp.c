/* SPDX-License-Identifier: ISC */
/* tcp.c: messages over TCP, each behind its 16-bit length (RFC 1035 4.2.2). */
#include <errno.h>

#include "dns_int.h"

int mirage_dns_tcp_prefix(uint8_t out[2], size_t len)
{
    if (len > MIRAGE_DNS_MSG_MAX)
        return -EMSGSIZE;
    dns_put16(out, (uint16_t)len);
    return 0;
}

int mirage_dns_tcp_frame(const void *buf, size_t have, size_t *len)
{
    const uint8_t *p = buf;
    size_t n;

    if (have < 2)
        return 0;
    n = dns_get16(p);
    if (n < MIRAGE_DNS_HEADER_LEN)
        return -EBADMSG;
    if (have - 2 < n)
        return 0;
    *len = n;
    return 1;
}
