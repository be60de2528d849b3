/* SPDX-License-Identifier: ISC */
/* args.h: descriptors of boot-time arguments, filled in by generated glue. */
#ifndef MIRAGE_ARGS_H
#define MIRAGE_ARGS_H

#include <stdbool.h>
#include <stdint.h>

/* The type of a boot argument's value, and so of its C storage. */
enum mirage_arg_type {
    MIRAGE_ARG_STRING, /* const char * */
    MIRAGE_ARG_BOOL,   /* bool: --x, --x=true, --x=false */
    MIRAGE_ARG_INT,    /* int, decimal or 0x hexadecimal, with sign */
    MIRAGE_ARG_INT64,  /* int64_t, same syntax */
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
 * value given on the command line; NULL means the argument has no default
 * and must be given. The parsed value is stored through (value), whose type
 * follows (type) as listed in enum mirage_arg_type.
 */
struct mirage_arg {
    const char *name;          /* long option name, without "--" */
    char short_name;           /* one-letter alias, or 0 */
    enum mirage_arg_type type; /* value type */
    const char *default_value; /* textual default, or NULL */
    const char *docv;          /* value's name in --help, or NULL */
    const char *doc;           /* one-paragraph description */
    enum mirage_arg_section section;
    void *value; /* where the parsed value is stored */
};

#endif
