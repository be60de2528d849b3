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
        unsigned digit;
        if (*p >= '0' && *p <= '9')
            digit = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            digit = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            digit = (unsigned)(*p - 'A' + 10);
        else
            return -EINVAL;
        if (value > (limit - digit) / base)
            return -ERANGE;
        value = value * base + digit;
    }
    if (negative)
        *out = value == 0 ? 0 : -(int64_t)(value - 1) - 1;
    else
        *out = (int64_t)value;
    return 0;
}

int argvalue_parse(enum mirage_arg_type type, const char *text,
                   union argvalue *out)
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
    }
    return -EINVAL;
}

const char *argvalue_type_name(enum mirage_arg_type type)
{
    const struct type_info *t = type_info(type);
    return t ? t->name : "?";
}

int argvalue_type_lookup(const char *name, enum mirage_arg_type *type)
{
    for (size_t i = 0; i < NTYPES; i++) {
        if (str_eq(types[i].name, name)) {
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
