/* SPDX-License-Identifier: ISC */
/* argvalue.c: parsing one textual boot-argument value (core and helper). */
#include <errno.h>

#include "argvalue.h"

struct type_info {
    enum mirage_arg_type type;
    const char *name;
    const char *docv;
    const char *expected;
};

static const struct type_info types[] = {
    {MIRAGE_ARG_STRING, "string", "STRING", "any text"},
    {MIRAGE_ARG_BOOL, "bool", "BOOL", "true or false"},
    {MIRAGE_ARG_INT, "int", "INT",
     "a decimal or 0x-hexadecimal integer that fits in 32 bits"},
    {MIRAGE_ARG_INT64, "int64", "INT64",
     "a decimal or 0x-hexadecimal integer that fits in 64 bits"},
    {MIRAGE_ARG_IPV4, "ipv4", "IPV4",
     "an IPv4 address such as 192.168.1.10: four numbers 0 to 255 "
     "without leading zeros, separated by dots"},
    {MIRAGE_ARG_IPV4_PREFIX, "ipv4-prefix", "PREFIX",
     "an IPv4 address and a prefix length 0 to 32, such as 10.0.0.2/24"},
    {MIRAGE_ARG_IPV6, "ipv6", "IPV6",
     "an IPv6 address such as 2001:db8::1 or ::ffff:192.0.2.1: up to "
     "eight groups of 1 to 4 hex digits separated by ':', with at most "
     "one '::'"},
    {MIRAGE_ARG_IPV6_PREFIX, "ipv6-prefix", "PREFIX",
     "an IPv6 address and a prefix length 0 to 128, such as fe80::1/64"},
    {MIRAGE_ARG_ENUM, "enum", "", "one of the words listed in its type"},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

static const struct type_info *type_info(enum mirage_arg_type type)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (types[i].type == type)
            return &types[i];
    return NULL;
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The value of hex digit (c), or -1. */
static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses an optionally signed decimal or 0x-hex integer into [min, max]. */
static int parse_integer(const char *text, int64_t min, int64_t max,
                         int64_t *out)
{
    const char *p = text;
    bool negative = false;
    unsigned base = 10;
    uint64_t limit, value = 0;

    if (*p == '-' || *p == '+')
        negative = (*p++ == '-');
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (*p == '\0')
        return -EINVAL;
    /* magnitude limit: |min| for negatives, max for positives */
    limit = negative ? (uint64_t)(-(min + 1)) + 1 : (uint64_t)max;
    for (; *p; p++) {
        int digit = hex_value(*p);
        if (digit < 0 || (unsigned)digit >= base)
            return -EINVAL;
        if (value > (limit - (unsigned)digit) / base)
            return -ERANGE;
        value = value * base + (unsigned)digit;
    }
    if (negative)
        *out = value == 0 ? 0 : -(int64_t)(value - 1) - 1;
    else
        *out = (int64_t)value;
    return 0;
}

/*
 * Parses the decimal number (s, n) without leading zeros into (*out), at
 * most (max): -EINVAL if it is not one, -ERANGE if it is larger.
 */
static int parse_small(const char *s, size_t n, unsigned max, unsigned *out)
{
    unsigned value = 0;

    if (n == 0 || (n > 1 && s[0] == '0'))
        return -EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -EINVAL;
        if (value <= max)
            value = value * 10 + (unsigned)(s[i] - '0');
    }
    if (value > max)
        return -ERANGE;
    *out = value;
    return 0;
}

/* Parses the dotted quad (s, n) into (out). */
static int parse_ipv4(const char *s, size_t n, uint8_t out[4])
{
    uint8_t bytes[4];
    size_t at = 0;

    for (int part = 0; part < 4; part++) {
        size_t start = at;
        unsigned value;
        if (part > 0) {
            if (at >= n || s[at] != '.')
                return -EINVAL;
            start = ++at;
        }
        while (at < n && is_digit(s[at]) && at - start < 4)
            at++;
        /* a part over 255 is no address at all, not a number too big */
        if (parse_small(s + start, at - start, 255, &value) != 0)
            return -EINVAL;
        bytes[part] = (uint8_t)value;
    }
    if (at != n)
        return -EINVAL;
    for (int i = 0; i < 4; i++)
        out[i] = bytes[i];
    return 0;
}

/* Does (s, n) hold (c)? */
static bool span_has(const char *s, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return true;
    return false;
}

/* Parses the RFC 4291 text form (s, n) into (out). */
static int parse_ipv6(const char *s, size_t n, uint8_t out[16])
{
    uint16_t groups[8];
    int ngroups = 0, gap = -1; /* gap: where "::" stands among the groups */
    size_t at = 0;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        at = 2;
    }
    while (at < n) {
        size_t end = at;
        unsigned value = 0;

        while (end < n && s[end] != ':')
            end++;
        if (span_has(s + at, end - at, '.')) {
            uint8_t v4[4];
            /* a dotted tail: the last 32 bits */
            if (end != n || ngroups > 6 || parse_ipv4(s + at, n - at, v4))
                return -EINVAL;
            groups[ngroups++] = (uint16_t)(v4[0] << 8 | v4[1]);
            groups[ngroups++] = (uint16_t)(v4[2] << 8 | v4[3]);
            at = n;
            break;
        }
        if (end == at || end - at > 4 || ngroups == 8)
            return -EINVAL;
        for (size_t i = at; i < end; i++) {
            int digit = hex_value(s[i]);
            if (digit < 0)
                return -EINVAL;
            value = value << 4 | (unsigned)digit;
        }
        groups[ngroups++] = (uint16_t)value;
        at = end;
        if (at == n)
            break;
        at++; /* the ':' */
        if (at < n && s[at] == ':') {
            if (gap >= 0)
                return -EINVAL; /* a second "::" */
            gap = ngroups;
            at++;
        } else if (at == n) {
            return -EINVAL; /* a single ':' at the end */
        }
    }
    if (gap < 0 ? ngroups != 8 : ngroups > 7)
        return -EINVAL;
    /* the groups before the gap, zeros, then the groups after it */
    int after = gap < 0 ? 0 : ngroups - gap;
    int before = ngroups - after;
    for (int i = 0; i < 8; i++) {
        uint16_t g = 0;
        if (i < before)
            g = groups[i];
        else if (i >= 8 - after)
            g = groups[before + (i - (8 - after))];
        out[2 * i] = (uint8_t)(g >> 8);
        out[2 * i + 1] = (uint8_t)(g & 0xff);
    }
    return 0;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/*
 * Splits "ADDRESS/LENGTH": sets (*addr_len) to the length of the address
 * (all of (text) when there is no '/') and parses the length.
 */
static int split_prefix(const char *text, unsigned max, size_t *addr_len,
                        unsigned *length)
{
    size_t n = str_len(text), slash = 0;

    while (slash < n && text[slash] != '/')
        slash++;
    *addr_len = slash;
    if (slash == n)
        return -EINVAL;
    return parse_small(text + slash + 1, n - slash - 1, max, length);
}

static int parse_ipv4_prefix(const char *text, struct mirage_ipv4_prefix *out)
{
    struct mirage_ipv4_prefix p;
    size_t addr_len;
    unsigned length = 0;
    int rc = split_prefix(text, 32, &addr_len, &length);

    /* a bad address is reported before a bad length */
    if (parse_ipv4(text, addr_len, p.addr.bytes) != 0)
        return -EINVAL;
    if (rc != 0)
        return rc;
    p.length = (uint8_t)length;
    *out = p;
    return 0;
}

static int parse_ipv6_prefix(const char *text, struct mirage_ipv6_prefix *out)
{
    struct mirage_ipv6_prefix p;
    size_t addr_len;
    unsigned length = 0;
    int rc = split_prefix(text, 128, &addr_len, &length);

    if (parse_ipv6(text, addr_len, p.addr.bytes) != 0)
        return -EINVAL;
    if (rc != 0)
        return rc;
    p.length = (uint8_t)length;
    *out = p;
    return 0;
}

static int parse_enum(const char *const *choices, const char *text,
                      union argvalue *out)
{
    for (size_t i = 0; choices && choices[i]; i++) {
        if (str_eq(choices[i], text)) {
            out->s = choices[i];
            return 0;
        }
    }
    return -EINVAL;
}

int argvalue_parse(enum mirage_arg_type type, const char *const *choices,
                   const char *text, union argvalue *out)
{
    int64_t n;
    int rc;

    switch (type) {
    case MIRAGE_ARG_STRING:
        out->s = text;
        return 0;
    case MIRAGE_ARG_BOOL:
        if (str_eq(text, "true")) {
            out->b = true;
            return 0;
        }
        if (str_eq(text, "false")) {
            out->b = false;
            return 0;
        }
        return -EINVAL;
    case MIRAGE_ARG_INT:
        rc = parse_integer(text, INT32_MIN, INT32_MAX, &n);
        if (rc == 0)
            out->i = (int)n;
        return rc;
    case MIRAGE_ARG_INT64:
        rc = parse_integer(text, INT64_MIN, INT64_MAX, &n);
        if (rc == 0)
            out->i64 = n;
        return rc;
    case MIRAGE_ARG_IPV4: {
        struct mirage_ipv4 a;
        rc = parse_ipv4(text, str_len(text), a.bytes);
        if (rc == 0)
            out->ipv4 = a;
        return rc;
    }
    case MIRAGE_ARG_IPV4_PREFIX:
        return parse_ipv4_prefix(text, &out->ipv4_prefix);
    case MIRAGE_ARG_IPV6: {
        struct mirage_ipv6 a;
        rc = parse_ipv6(text, str_len(text), a.bytes);
        if (rc == 0)
            out->ipv6 = a;
        return rc;
    }
    case MIRAGE_ARG_IPV6_PREFIX:
        return parse_ipv6_prefix(text, &out->ipv6_prefix);
    case MIRAGE_ARG_ENUM:
        return parse_enum(choices, text, out);
    }
    return -EINVAL;
}

const char *argvalue_list_begin(const char *text)
{
    return *text ? text : NULL;
}

const char *argvalue_list_next(const char **cursor, size_t *len)
{
    const char *start = *cursor, *p = start;

    if (!start)
        return NULL;
    while (*p && *p != ',')
        p++;
    *len = (size_t)(p - start);
    *cursor = *p == ',' ? p + 1 : NULL;
    return start;
}

size_t argvalue_list_count(const char *text)
{
    const char *cursor = argvalue_list_begin(text);
    size_t n = 0, len;

    while (argvalue_list_next(&cursor, &len))
        n++;
    return n;
}

const char *argvalue_type_name(enum mirage_arg_type type)
{
    const struct type_info *t = type_info(type);
    return t ? t->name : "?";
}

int argvalue_type_lookup(const char *name, enum mirage_arg_type *type)
{
    for (size_t i = 0; i < NTYPES; i++) {
        if (types[i].type != MIRAGE_ARG_ENUM && str_eq(types[i].name, name)) {
            *type = types[i].type;
            return 0;
        }
    }
    return -ENOENT;
}

const char *argvalue_type_expected(enum mirage_arg_type type)
{
    const struct type_info *t = type_info(type);
    return t ? t->expected : "?";
}

const char *argvalue_type_docv(enum mirage_arg_type type)
{
    const struct type_info *t = type_info(type);
    return t ? t->docv : "VALUE";
}

size_t argvalue_type_count(void)
{
    return NTYPES;
}

enum mirage_arg_type argvalue_type_at(size_t index)
{
    return types[index < NTYPES ? index : 0].type;
}
