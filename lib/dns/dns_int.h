/* SPDX-License-Identifier: ISC */
/* dns_int.h: what the files of lib/dns share: byte order, names, RDATA. */
#ifndef MIRAGE_LIB_DNS_INT_H
#define MIRAGE_LIB_DNS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/dns.h>

/* Why and where a read failed: the parser copies it into the message. */
struct dns_fail {
    const char *why;
    size_t where;
};

/* Records (why) at (where) in (f); returns (err), a negative errno. */
static inline int dns_fail(struct dns_fail *f, int err, const char *why,
                           size_t where)
{
    f->why = why;
    f->where = where;
    return err;
}

static inline uint16_t dns_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t dns_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline void dns_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void dns_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* ASCII letters to lower case, nothing else (RFC 4343). */
static inline uint8_t dns_lower(uint8_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

/*
 * name.c: reads the name at (off) of the message (buf, len) into (out),
 * following compression pointers, and sets (*next) to the offset after
 * its bytes in place (after the first pointer, or the root's 0). Errors as
 * mirage_dns_parse's, with (f) saying why.
 */
int dns_name_read(const uint8_t *buf, size_t len, size_t off,
                  struct mirage_dns_name *out, size_t *next,
                  struct dns_fail *f);

/*
 * rr.c: reads the record at (off) of (buf, len) into (rr); (*next) is the
 * offset after it. Errors as mirage_dns_parse's.
 */
int dns_rr_read(const uint8_t *buf, size_t len, size_t off,
                struct mirage_dns_rr *rr, size_t *next, struct dns_fail *f);

/* rr.c: reads the question at (off) as dns_rr_read reads a record. */
int dns_question_read(const uint8_t *buf, size_t len, size_t off,
                      struct mirage_dns_question *q, size_t *next,
                      struct dns_fail *f);

/*
 * compress.c: appends (name) to (b), compressed against the names before
 * it if (compress). Returns 0, or -EMSGSIZE if it does not fit (then the
 * builder is as it was).
 */
int dns_name_write(struct mirage_dns_builder *b,
                   const struct mirage_dns_name *name, bool compress);

#endif
