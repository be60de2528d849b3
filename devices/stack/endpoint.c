/* SPDX-License-Identifier: ISC */
/* endpoint.c: mirage_stack_endpoint_to_string (mirage/stack.h), for every
 * stack, on every target. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/stack.h>

int mirage_stack_endpoint_to_string(const struct mirage_stack_endpoint *ep,
                                    char *buf, size_t size)
{
    char addr[MIRAGE_IPV6_STRLEN];
    int n;

    if (!ep || !buf)
        return -EINVAL;
    if (ep->version == MIRAGE_STACK_IPV4)
        mirage_ipv4_to_string(&ep->ipv4, addr, sizeof(addr));
    else if (ep->version == MIRAGE_STACK_IPV6)
        mirage_ipv6_to_string(&ep->ipv6, addr, sizeof(addr));
    else
        memcpy(addr, "*", 2);
    n = snprintf(buf, size,
                 ep->version == MIRAGE_STACK_IPV6 ? "[%s]:%u" : "%s:%u", addr,
                 (unsigned)ep->port);
    if (n < 0 || (size_t)n >= size) {
        if (size > 0)
            buf[0] = '\0';
        return -ENOSPC;
    }
    return n;
}
