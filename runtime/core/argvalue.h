/* SPDX-License-Identifier: ISC */
/* argvalue.h: parsing one textual boot-argument value (core and helper). */
#ifndef MIRAGE_CORE_ARGVALUE_H
#define MIRAGE_CORE_ARGVALUE_H

/*
 * Shared, as source, by the runtime (which parses argv at boot) and by the
 * helper (which checks defaults at configure time), so both accept exactly
 * the same texts. Pure code: no I/O, no allocation, no libc beyond
 * <stdint.h>, <stdbool.h>, <stddef.h>.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/args.h>

/* A parsed value; which member is set follows the argument's type. */
union argvalue {
    const char *s; /* MIRAGE_ARG_STRING: the text itself, not copied */
    bool b;        /* MIRAGE_ARG_BOOL */
    int i;         /* MIRAGE_ARG_INT */
    int64_t i64;   /* MIRAGE_ARG_INT64 */
};

/*
 * Parses (text) as a value of (type) into (*out). Returns 0, or -EINVAL
 * for text that is not such a value and -ERANGE for a number out of range;
 * on error (*out) is unchanged.
 */
int argvalue_parse(enum mirage_arg_type type, const char *text,
                   union argvalue *out);

/* The type's name as written in configure.ac ("string", "int", ...). */
const char *argvalue_type_name(enum mirage_arg_type type);

/*
 * Looks up a type by its configure.ac name. Returns 0 and sets (*type), or
 * -ENOENT for an unknown name.
 */
int argvalue_type_lookup(const char *name, enum mirage_arg_type *type);

/* What a value of (type) must look like, for error messages. */
const char *argvalue_type_expected(enum mirage_arg_type type);

/* The default metavariable of (type) in --help, e.g. "INT". */
const char *argvalue_type_docv(enum mirage_arg_type type);

/* All types, for listing: number of types, and the type at (index). */
size_t argvalue_type_count(void);
enum mirage_arg_type argvalue_type_at(size_t index);

#endif
