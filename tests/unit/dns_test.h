/* SPDX-License-Identifier: ISC */
/* dns_test.h: what the tests of lib/dns share: hand-made messages, hex. */
#ifndef MIRAGE_TESTS_DNS_TEST_H
#define MIRAGE_TESTS_DNS_TEST_H

/*
 * Where the bytes matter, messages are written by hand, byte by byte
 * (struct wire), so that the parser's tests do not lean on the builder
 * (test_dns_build checks it against bytes computed by hand; only
 * test_dns_answer builds with it); names come from text through
 * mirage_dns_name_from_string, which test_dns_name checks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/dns.h>

#include "tap.h"

/* A message written by hand: up to 65,535 bytes and some to spare. */
struct wire {
    uint8_t b[70000];
    size_t n;
};

static inline void w8(struct wire *w, unsigned v)
{
    w->b[w->n++] = (uint8_t)v;
}

static inline void w16(struct wire *w, unsigned v)
{
    w8(w, v >> 8);
    w8(w, v);
}

static inline void w32(struct wire *w, uint32_t v)
{
    w16(w, v >> 16);
    w16(w, v & 0xffff);
}

static inline void wbytes(struct wire *w, const void *p, size_t n)
{
    if (n) /* (p) may be NULL then: memcpy wants a pointer all the same */
        memcpy(w->b + w->n, p, n);
    w->n += n;
}

/* Writes the labels of (text), "a.b.c" (no escapes), and the root's 0. */
static inline void wname(struct wire *w, const char *text)
{
    while (*text && strcmp(text, ".") != 0) {
        size_t l = strcspn(text, ".");
        w8(w, (unsigned)l);
        wbytes(w, text, l);
        text += l;
        if (*text == '.')
            text++;
    }
    w8(w, 0);
}

/* Writes the labels of (text) without the root (a pointer follows). */
static inline void wlabels(struct wire *w, const char *text)
{
    wname(w, text);
    w->n--;
}

/* Writes a compression pointer to (off). */
static inline void wptr(struct wire *w, unsigned off)
{
    w16(w, 0xc000 | off);
}

/* Starts (w) with a header. */
static inline void whdr(struct wire *w, unsigned id, unsigned flags,
                        unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
    w->n = 0;
    w16(w, id);
    w16(w, flags);
    w16(w, qd);
    w16(w, an);
    w16(w, ns);
    w16(w, ar);
}

/* Writes a question's type and class after its name. */
static inline void wq(struct wire *w, unsigned type, unsigned qclass)
{
    w16(w, type);
    w16(w, qclass);
}

/* Writes a record's fixed part after its name, RDLENGTH (rdlen). */
static inline void wrr(struct wire *w, unsigned type, unsigned rclass,
                       uint32_t ttl, unsigned rdlen)
{
    w16(w, type);
    w16(w, rclass);
    w32(w, ttl);
    w16(w, rdlen);
}

/* Sets the 16-bit value at (off) of (w) (a count or an RDLENGTH). */
static inline void wset16(struct wire *w, size_t off, unsigned v)
{
    w->b[off] = (uint8_t)(v >> 8);
    w->b[off + 1] = (uint8_t)v;
}

/* Parses hex digits (spaces ignored) into (out); the number of bytes. */
static inline size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    int hi = -1;

    for (; *hex; hex++) {
        int v;

        if (*hex >= '0' && *hex <= '9')
            v = *hex - '0';
        else if (*hex >= 'a' && *hex <= 'f')
            v = *hex - 'a' + 10;
        else if (*hex >= 'A' && *hex <= 'F')
            v = *hex - 'A' + 10;
        else
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

/* (n) bytes as hex with a space between bytes, into (out), 3n + 1. */
static inline const char *tohex(const uint8_t *p, size_t n, char *out)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        sprintf(out + 3 * i, i + 1 < n ? "%02x " : "%02x", p[i]);
    return out;
}

/* The name of text (text); aborts if it is not one. */
static inline struct mirage_dns_name N(const char *text) {
    struct mirage_dns_name n;

    if (mirage_dns_name_from_string(&n, text) != 0) {
        fprintf(stderr, "dns_test.h: not a name: %s\n", text);
        abort();
    }
    return n;
}

/* The text of (name), in a rotating static buffer (four at a time). */
static inline const char *
S(const struct mirage_dns_name *name)
{
    static char buf[4][MIRAGE_DNS_NAME_STRLEN];
    static int k;
    char *b = buf[k++ % 4];

    if (mirage_dns_name_to_string(name, b, MIRAGE_DNS_NAME_STRLEN) < 0)
        strcpy(b, "(bad name)");
    return b;
}

/* Whether the name (n) is exactly (a)'s bytes (case too). */
static inline int same_name(const struct mirage_dns_name *a,
                            const struct mirage_dns_name *b)
{
    return a->len == b->len && memcmp(a->wire, b->wire, a->len) == 0;
}

/* A question. */
static inline struct mirage_dns_question Q(const char *name, uint16_t type) {
    struct mirage_dns_question q;

    q.name = N(name);
    q.type = type;
    q.qclass = MIRAGE_DNS_CLASS_IN;
    return q;
}

/* Parses (w) into (m); returns the result. */
static inline int
wparse(struct mirage_dns_msg *m, const struct wire *w)
{
    return mirage_dns_parse(m, w->b, w->n);
}

#endif
