/* SPDX-License-Identifier: ISC */
/* args.h: descriptors of boot-time arguments, filled in by generated glue. */
#ifndef MIRAGE_ARGS_H
#define MIRAGE_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/ipaddr.h>

/* The type of one value of a boot argument, and so of its C storage. */
enum mirage_arg_type {
    MIRAGE_ARG_STRING,      /* const char * */
    MIRAGE_ARG_BOOL,        /* bool: --x, --x=true, --x=false */
    MIRAGE_ARG_INT,         /* int, decimal or 0x hexadecimal, with sign */
    MIRAGE_ARG_INT64,       /* int64_t, same syntax */
    MIRAGE_ARG_IPV4,        /* struct mirage_ipv4: 192.0.2.1 */
    MIRAGE_ARG_IPV4_PREFIX, /* struct mirage_ipv4_prefix: 10.0.0.2/24 */
    MIRAGE_ARG_IPV6,        /* struct mirage_ipv6: fe80::1 */
    MIRAGE_ARG_IPV6_PREFIX, /* struct mirage_ipv6_prefix: fe80::1/64 */
    MIRAGE_ARG_ENUM,        /* const char *: one of the argument's choices */
};

/*
 * How many values an argument has and how they reach the start function,
 * for an argument whose values are of C type T (see enum mirage_arg_type):
 */
enum mirage_arg_form {
    /* T: the value given, else the default; no default: must be given */
    MIRAGE_ARG_SINGLE,
    /* struct mirage_list_T: comma-separated values in one option value */
    MIRAGE_ARG_LIST,
    /* struct mirage_list_T: one value each time the option is given */
    MIRAGE_ARG_REPEATED,
    /* const T * (const char * for strings and enums); NULL when absent */
    MIRAGE_ARG_OPTIONAL,
    /* T: the option must be given; there is no default */
    MIRAGE_ARG_REQUIRED,
};

/*
 * The values of a list or repeated argument: (len) items, valid for the
 * whole life of the unikernel. Enum values use struct mirage_list_string.
 */
struct mirage_list_string {
    size_t len;
    const char *const *items;
};
struct mirage_list_bool {
    size_t len;
    const bool *items;
};
struct mirage_list_int {
    size_t len;
    const int *items;
};
struct mirage_list_int64 {
    size_t len;
    const int64_t *items;
};
struct mirage_list_ipv4 {
    size_t len;
    const struct mirage_ipv4 *items;
};
struct mirage_list_ipv4_prefix {
    size_t len;
    const struct mirage_ipv4_prefix *items;
};
struct mirage_list_ipv6 {
    size_t len;
    const struct mirage_ipv6 *items;
};
struct mirage_list_ipv6_prefix {
    size_t len;
    const struct mirage_ipv6_prefix *items;
};

/* The man-page section an argument is listed under by --help. */
enum mirage_arg_section {
    MIRAGE_SECTION_ARGUMENTS,
    MIRAGE_SECTION_OPTIONS,
    MIRAGE_SECTION_NETWORK,
    MIRAGE_SECTION_DISK,
    MIRAGE_SECTION_LOG,
    MIRAGE_SECTION_RUNTIME,
};

/*
 * One boot argument. (default_value) is text, parsed at boot exactly like a
 * value given on the command line (for lists and repeated arguments: a
 * comma-separated list, "" being the empty list); NULL means there is no
 * default, and a MIRAGE_ARG_SINGLE argument must then be given. Optional
 * and required arguments have no default. The parsed value is stored
 * through (value), whose type follows (type) and (form) as described at
 * enum mirage_arg_form.
 */
struct mirage_arg {
    const char *name;          /* long option name, without "--" */
    char short_name;           /* one-letter alias, or 0 */
    enum mirage_arg_type type; /* type of each value */
    const char *default_value; /* textual default, or NULL */
    const char *docv;          /* value's name in --help, or NULL */
    const char *doc;           /* one-paragraph description */
    enum mirage_arg_section section;
    void *value;                /* where the parsed value is stored */
    enum mirage_arg_form form;  /* one value, a list, ... */
    const char *const *choices; /* MIRAGE_ARG_ENUM: the words, NULL-ended */
};

#endif
