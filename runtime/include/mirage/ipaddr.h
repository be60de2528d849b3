/* SPDX-License-Identifier: ISC */
/* ipaddr.h: IPv4 and IPv6 addresses and prefixes, and their text form. */
#ifndef MIRAGE_IPADDR_H
#define MIRAGE_IPADDR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Addresses are plain bytes in network order (most significant first), so
 * they can be copied, compared with memcmp and put into packets as they
 * are. A prefix is an address with the length of its network part; the
 * host part is kept as written (10.0.0.2/24 is the address 10.0.0.2 on the
 * network 10.0.0.0/24), as MirageOS's --ipv4 does.
 */
struct mirage_ipv4 {
    uint8_t bytes[4];
};

struct mirage_ipv4_prefix {
    struct mirage_ipv4 addr;
    uint8_t length; /* 0 to 32 */
};

struct mirage_ipv6 {
    uint8_t bytes[16];
};

struct mirage_ipv6_prefix {
    struct mirage_ipv6 addr;
    uint8_t length; /* 0 to 128 */
};

/* Buffer sizes that hold any text form below, with its final NUL. */
#define MIRAGE_IPV4_STRLEN        16 /* "255.255.255.255" */
#define MIRAGE_IPV4_PREFIX_STRLEN 19 /* "255.255.255.255/32" */
#define MIRAGE_IPV6_STRLEN        46 /* "ffff:...:255.255.255.255" */
#define MIRAGE_IPV6_PREFIX_STRLEN 50 /* and "/128" */

/*
 * Write the text form of an address or prefix into (buf), (size) bytes,
 * NUL-terminated. IPv4 is a dotted quad ("192.0.2.1"); IPv6 follows
 * RFC 5952: lower-case hexadecimal without leading zeros, the longest run
 * of two or more zero groups (the first of equal runs) written "::", and
 * the IPv4-mapped addresses ::ffff:0:0/96 with a dotted IPv4 tail
 * ("::ffff:192.0.2.1"). A prefix adds "/LENGTH". Each returns the length
 * of the text, or -ENOSPC when (size) is too small (then (buf) holds ""
 * if (size) > 0).
 */
int mirage_ipv4_to_string(const struct mirage_ipv4 *addr, char *buf,
                          size_t size);
int mirage_ipv4_prefix_to_string(const struct mirage_ipv4_prefix *prefix,
                                 char *buf, size_t size);
int mirage_ipv6_to_string(const struct mirage_ipv6 *addr, char *buf,
                          size_t size);
int mirage_ipv6_prefix_to_string(const struct mirage_ipv6_prefix *prefix,
                                 char *buf, size_t size);

/*
 * Read the text form (text) of an address into (addr), as a boot argument
 * of type ipv4 or ipv6 is read (README, "Argument types"): a dotted quad
 * without leading zeros; RFC 4291's forms, with one "::" at most and an
 * optional dotted tail, no zone and no brackets. Each returns 0, or
 * -EINVAL for NULL or any other text (then (addr) is left as it was).
 */
int mirage_ipv4_from_string(struct mirage_ipv4 *addr, const char *text);
int mirage_ipv6_from_string(struct mirage_ipv6 *addr, const char *text);

#endif
