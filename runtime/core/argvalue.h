/* SPDX-License-Identifier: ISC */
/* argvalue.h: parsing one textual boot-argument value (core and helper). */
#ifndef MIRAGE_CORE_ARGVALUE_H
#define MIRAGE_CORE_ARGVALUE_H

/*
 * Shared, as source, by the runtime (which parses argv at boot) and by the
 * helper (which checks defaults at configure time), so both accept exactly
 * the same texts. Pure code: no I/O, no allocation, no libc beyond
 * <stdint.h>, <stdbool.h>, <stddef.h> and the errno values.
 *
 * Text forms, strict so that a value means one thing only:
 *   bool         "true" or "false"
 *   int, int64   optional sign, then decimal digits or 0x and hex digits
 *   ipv4         four decimal numbers 0 to 255 separated by '.', each
 *                without leading zeros ("0" itself is fine): 192.0.2.1;
 *                "01.2.3.4" (octal to some parsers) and "1.2.3" are refused
 *   ipv6         RFC 4291 section 2.2: eight groups of 1 to 4 hex digits
 *                separated by ':', one "::" standing for one or more zero
 *                groups, and an optional ipv4 tail for the last 32 bits
 *                (::ffff:192.0.2.1); no zone ("%eth0"), no brackets
 *   ipv4-prefix  ipv4 "/" length 0 to 32; the host part is kept
 *   ipv6-prefix  ipv6 "/" length 0 to 128; the length without leading zeros
 *   enum         exactly one of the choices (case matters)
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/args.h>

/* A parsed value; which member is set follows the value's type. */
union argvalue {
    const char *s; /* STRING: the text itself; ENUM: the matching choice */
    bool b;        /* BOOL */
    int i;         /* INT */
    int64_t i64;   /* INT64 */
    struct mirage_ipv4 ipv4;
    struct mirage_ipv4_prefix ipv4_prefix;
    struct mirage_ipv6 ipv6;
    struct mirage_ipv6_prefix ipv6_prefix;
};

/*
 * Parses (text) as a value of (type) into (*out); (choices) are the words
 * of an enum (NULL-terminated; ignored for other types). Returns 0, or
 * -EINVAL for text that is not such a value and -ERANGE for a number or a
 * prefix length out of range; on error (*out) is unchanged.
 */
int argvalue_parse(enum mirage_arg_type type, const char *const *choices,
                   const char *text, union argvalue *out);

/*
 * Walks the comma-separated elements of a list value. Start with
 * (*cursor) = argvalue_list_begin(text); each call of argvalue_list_next
 * returns the next element and its length in (*len) (it is not
 * NUL-terminated), or NULL after the last one. "" has no element; "a,"
 * has two, "a" and "". Elements cannot contain a comma.
 */
const char *argvalue_list_begin(const char *text);
const char *argvalue_list_next(const char **cursor, size_t *len);

/* The number of elements of list value (text). */
size_t argvalue_list_count(const char *text);

/* The type's name as written in configure.ac ("string", "ipv4", ...). */
const char *argvalue_type_name(enum mirage_arg_type type);

/*
 * Looks up a type by its configure.ac name (not "enum", whose name comes
 * with its choices). Returns 0 and sets (*type), or -ENOENT.
 */
int argvalue_type_lookup(const char *name, enum mirage_arg_type *type);

/*
 * What a value of (type) must look like, for error messages: "an IPv4
 * address such as 192.168.1.10 ...". For an enum the caller lists the
 * choices after "one of".
 */
const char *argvalue_type_expected(enum mirage_arg_type type);

/* The default metavariable of (type) in --help, e.g. "INT"; "" for enum. */
const char *argvalue_type_docv(enum mirage_arg_type type);

/* All types, for listing: number of types, and the type at (index). */
size_t argvalue_type_count(void);
enum mirage_arg_type argvalue_type_at(size_t index);

#endif
