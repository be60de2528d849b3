/* SPDX-License-Identifier: ISC */
/* argstore.c: turning the texts of boot options into their typed values. */
#include <string.h>

#include <mirage/exit.h>

#include "args.h"
#include "argvalue.h"
#include "buf.h"
#include "platform.h"

#define ARENA_ALIGN 16

/* No malloc in the core: list items and copies of their texts live here. */
static _Alignas(ARENA_ALIGN) unsigned char arena[CORE_ARGS_ARENA_SIZE];
static size_t arena_used;

void core_args_arena_reset(void)
{
    arena_used = 0;
}

void *core_args_arena_alloc(size_t size)
{
    size_t start = (arena_used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

    if (start > sizeof(arena) || size > sizeof(arena) - start)
        return NULL;
    arena_used = start + size;
    return arena + start;
}

/* (text, len) copied into the arena with a final NUL, or NULL. */
static char *arena_strndup(const char *text, size_t len)
{
    char *copy = core_args_arena_alloc(len + 1);

    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

/* The size of one value of (type) in C. */
static size_t value_size(enum mirage_arg_type type)
{
    switch (type) {
    case MIRAGE_ARG_STRING:
    case MIRAGE_ARG_ENUM:
        return sizeof(const char *);
    case MIRAGE_ARG_BOOL:
        return sizeof(bool);
    case MIRAGE_ARG_INT:
        return sizeof(int);
    case MIRAGE_ARG_INT64:
        return sizeof(int64_t);
    case MIRAGE_ARG_IPV4:
        return sizeof(struct mirage_ipv4);
    case MIRAGE_ARG_IPV4_PREFIX:
        return sizeof(struct mirage_ipv4_prefix);
    case MIRAGE_ARG_IPV6:
        return sizeof(struct mirage_ipv6);
    case MIRAGE_ARG_IPV6_PREFIX:
        return sizeof(struct mirage_ipv6_prefix);
    }
    return sizeof(union argvalue);
}

/* Stores (v), of (type), in the C object of that type at (to). */
static void put_value(enum mirage_arg_type type, void *to,
                      const union argvalue *v)
{
    switch (type) {
    case MIRAGE_ARG_STRING:
    case MIRAGE_ARG_ENUM:
        *(const char **)to = v->s;
        break;
    case MIRAGE_ARG_BOOL:
        *(bool *)to = v->b;
        break;
    case MIRAGE_ARG_INT:
        *(int *)to = v->i;
        break;
    case MIRAGE_ARG_INT64:
        *(int64_t *)to = v->i64;
        break;
    case MIRAGE_ARG_IPV4:
        *(struct mirage_ipv4 *)to = v->ipv4;
        break;
    case MIRAGE_ARG_IPV4_PREFIX:
        *(struct mirage_ipv4_prefix *)to = v->ipv4_prefix;
        break;
    case MIRAGE_ARG_IPV6:
        *(struct mirage_ipv6 *)to = v->ipv6;
        break;
    case MIRAGE_ARG_IPV6_PREFIX:
        *(struct mirage_ipv6_prefix *)to = v->ipv6_prefix;
        break;
    }
}

/* Stores the list of (len) (items) in the struct mirage_list_T at (to). */
static void put_list(enum mirage_arg_type type, void *to, size_t len,
                     const void *items)
{
    switch (type) {
    case MIRAGE_ARG_STRING:
    case MIRAGE_ARG_ENUM:
        *(struct mirage_list_string *)to =
            (struct mirage_list_string){len, items};
        break;
    case MIRAGE_ARG_BOOL:
        *(struct mirage_list_bool *)to = (struct mirage_list_bool){len, items};
        break;
    case MIRAGE_ARG_INT:
        *(struct mirage_list_int *)to = (struct mirage_list_int){len, items};
        break;
    case MIRAGE_ARG_INT64:
        *(struct mirage_list_int64 *)to =
            (struct mirage_list_int64){len, items};
        break;
    case MIRAGE_ARG_IPV4:
        *(struct mirage_list_ipv4 *)to = (struct mirage_list_ipv4){len, items};
        break;
    case MIRAGE_ARG_IPV4_PREFIX:
        *(struct mirage_list_ipv4_prefix *)to =
            (struct mirage_list_ipv4_prefix){len, items};
        break;
    case MIRAGE_ARG_IPV6:
        *(struct mirage_list_ipv6 *)to = (struct mirage_list_ipv6){len, items};
        break;
    case MIRAGE_ARG_IPV6_PREFIX:
        *(struct mirage_list_ipv6_prefix *)to =
            (struct mirage_list_ipv6_prefix){len, items};
        break;
    }
}

/* Stores the pointer (item) (NULL: absent) in the const T * at (to). */
static void put_pointer(enum mirage_arg_type type, void *to, const void *item)
{
    switch (type) {
    case MIRAGE_ARG_STRING:
    case MIRAGE_ARG_ENUM:
        /* strings and enums are pointers already: their value, or NULL */
        *(const char **)to = item ? *(const char *const *)item : NULL;
        break;
    case MIRAGE_ARG_BOOL:
        *(const bool **)to = item;
        break;
    case MIRAGE_ARG_INT:
        *(const int **)to = item;
        break;
    case MIRAGE_ARG_INT64:
        *(const int64_t **)to = item;
        break;
    case MIRAGE_ARG_IPV4:
        *(const struct mirage_ipv4 **)to = item;
        break;
    case MIRAGE_ARG_IPV4_PREFIX:
        *(const struct mirage_ipv4_prefix **)to = item;
        break;
    case MIRAGE_ARG_IPV6:
        *(const struct mirage_ipv6 **)to = item;
        break;
    case MIRAGE_ARG_IPV6_PREFIX:
        *(const struct mirage_ipv6_prefix **)to = item;
        break;
    }
}

/* What a value of (opt) must look like, written into (buf) if need be. */
static const char *expected_text(const struct core_opt *opt, char *buf,
                                 size_t size)
{
    const struct mirage_arg *arg = opt->arg;
    struct core_buf b;

    if (opt->expected)
        return opt->expected;
    if (arg->type != MIRAGE_ARG_ENUM)
        return argvalue_type_expected(arg->type);
    core_buf_init(&b, buf, size);
    core_buf_puts(&b, "one of ");
    for (size_t i = 0; arg->choices && arg->choices[i]; i++)
        core_buf_printf(&b, "%s%s", i ? ", " : "", arg->choices[i]);
    return buf;
}

/* Where a text being parsed comes from, for its error message. */
struct source {
    const char *prog;
    const struct core_opt *opt;
    const char *spelled; /* the option as written; NULL: the default */
    size_t spelled_len;
    const char *whole; /* all of the option's text, for list elements */
};

/* Reports a bad (text) from (src); returns the exit status. */
static int bad_text(const struct source *src, const char *text, bool element)
{
    const struct mirage_arg *arg = src->opt->arg;
    char choices[512], out[1024];
    const char *expected = expected_text(src->opt, choices, sizeof(choices));
    struct core_buf b;

    if (src->spelled && !element)
        return core_args_bad_value(src->prog, src->spelled, src->spelled_len,
                                   text, expected);
    if (src->spelled) {
        core_args_usage_error(src->prog,
                              "option '%.*s': invalid element '%s' in '%s', "
                              "expected %s.",
                              (int)src->spelled_len, src->spelled, text,
                              src->whole, expected);
        return MIRAGE_EXIT_USAGE;
    }
    core_buf_init(&b, out, sizeof(out) - 1);
    core_buf_printf(&b,
                    "%s: internal error: the default value '%s' of option "
                    "'--%s' ",
                    src->prog, src->whole, arg->name);
    if (element)
        core_buf_printf(&b, "has an invalid element '%s', expected %s.", text,
                        expected);
    else
        core_buf_printf(&b, "is invalid, expected %s.", expected);
    b.cap = sizeof(out);
    core_buf_puts(&b, "\n");
    plat_error_write(b.data, b.len);
    return MIRAGE_EXIT_INTERNAL;
}

static int arena_full(const struct source *src)
{
    core_args_usage_error(src->prog,
                          "too many values for --%s: all values together "
                          "must fit in %u KiB.",
                          src->opt->arg->name, CORE_ARGS_ARENA_SIZE / 1024);
    return MIRAGE_EXIT_USAGE;
}

/* Parses (text) as one value of the option into (*v). */
static int parse_one(const struct source *src, const char *text, bool element,
                     union argvalue *v)
{
    const struct mirage_arg *arg = src->opt->arg;

    if (argvalue_parse(arg->type, arg->choices, text, v) != 0)
        return bad_text(src, text, element);
    return 0;
}

/*
 * Parses the comma-separated (text) into (items), which has room for its
 * elements, and appends them from index (*n) on.
 */
static int parse_elements(const struct source *src, const char *text,
                          unsigned char *items, size_t *n)
{
    enum mirage_arg_type type = src->opt->arg->type;
    const char *cursor = argvalue_list_begin(text), *elem;
    size_t len;

    while ((elem = argvalue_list_next(&cursor, &len))) {
        char *copy = arena_strndup(elem, len);
        union argvalue v;
        int rc;
        if (!copy)
            return arena_full(src);
        rc = parse_one(src, copy, true, &v);
        if (rc != 0)
            return rc;
        put_value(type, items + *n * value_size(type), &v);
        (*n)++;
    }
    return 0;
}

/* Room for (n) values of (type) in the arena (never NULL for n == 0). */
static unsigned char *alloc_items(enum mirage_arg_type type, size_t n)
{
    return core_args_arena_alloc(n ? n * value_size(type) : 1);
}

/* The default of a list or repeated argument: no default is "", empty. */
static const char *list_default(const struct mirage_arg *arg)
{
    return arg->default_value ? arg->default_value : "";
}

/* A list: the elements of the given text, or of the default. */
static int store_list(struct source *src, const char *text)
{
    const struct mirage_arg *arg = src->opt->arg;
    size_t count = argvalue_list_count(text), n = 0;
    unsigned char *items = alloc_items(arg->type, count);
    int rc;

    if (!items)
        return arena_full(src);
    src->whole = text;
    rc = parse_elements(src, text, items, &n);
    if (rc == 0 && arg->value)
        put_list(arg->type, arg->value, n, items);
    return rc;
}

/* A repeated option: one element per occurrence, or the default's list. */
static int store_repeated(struct source *src, const struct core_given *given)
{
    const struct mirage_arg *arg = src->opt->arg;
    unsigned char *items;
    size_t n = 0;

    if (!given->given)
        return store_list(src, list_default(arg));
    items = alloc_items(arg->type, given->count);
    if (!items)
        return arena_full(src);
    for (const struct core_occurrence *o = given->first; o; o = o->next) {
        union argvalue v;
        int rc;
        src->spelled = o->spelled;
        src->spelled_len = o->spelled_len;
        rc = parse_one(src, o->text, false, &v);
        if (rc != 0)
            return rc;
        if (n < given->count)
            put_value(arg->type, items + n++ * value_size(arg->type), &v);
    }
    if (arg->value)
        put_list(arg->type, arg->value, n, items);
    return 0;
}

/* An optional option: a pointer to its value, or NULL when absent. */
static int store_optional(struct source *src, const struct core_given *given)
{
    const struct mirage_arg *arg = src->opt->arg;
    unsigned char *item;
    union argvalue v;
    int rc;

    if (!given->given) {
        if (arg->value)
            put_pointer(arg->type, arg->value, NULL);
        return 0;
    }
    rc = parse_one(src, given->text, false, &v);
    if (rc != 0)
        return rc;
    item = alloc_items(arg->type, 1);
    if (!item)
        return arena_full(src);
    put_value(arg->type, item, &v);
    if (arg->value)
        put_pointer(arg->type, arg->value, item);
    return 0;
}

int core_args_store(const char *prog, const struct core_opt *opt,
                    const struct core_given *given)
{
    const struct mirage_arg *arg = opt->arg;
    struct source src = {prog, opt, NULL, 0, NULL};
    const char *text;
    union argvalue v;
    int rc;

    if (given->given) {
        src.spelled = given->spelled;
        src.spelled_len = given->spelled_len;
    }
    switch (arg->form) {
    case MIRAGE_ARG_LIST:
        return store_list(&src, given->given ? given->text : list_default(arg));
    case MIRAGE_ARG_REPEATED:
        return store_repeated(&src, given);
    case MIRAGE_ARG_OPTIONAL:
        return store_optional(&src, given);
    case MIRAGE_ARG_SINGLE:
    case MIRAGE_ARG_REQUIRED:
        break;
    }
    if (given->given)
        text = given->text;
    else if (arg->default_value && arg->form != MIRAGE_ARG_REQUIRED)
        text = arg->default_value;
    else {
        core_args_usage_error(prog, "required option --%s is missing.",
                              arg->name);
        return MIRAGE_EXIT_USAGE;
    }
    src.whole = text;
    rc = parse_one(&src, text, false, &v);
    if (rc == 0 && arg->value)
        put_value(arg->type, arg->value, &v);
    return rc;
}
