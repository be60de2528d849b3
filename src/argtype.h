/* SPDX-License-Identifier: ISC */
/* argtype.h: the TYPE of MIRAGE_RUNTIME_ARG: parsing it, and its C types. */
#ifndef MIRAGE_HELPER_ARGTYPE_H
#define MIRAGE_HELPER_ARGTYPE_H

#include <stddef.h>

#include <mirage/args.h>

/*
 * The grammar (white space around the words and punctuation is ignored):
 *
 *   TYPE   ::= BASE | FORM "(" BASE ")"
 *   FORM   ::= "list" | "repeated" | "optional" | "required"
 *   BASE   ::= "string" | "bool" | "int" | "int64" | "ipv4" | "ipv4-prefix"
 *            | "ipv6" | "ipv6-prefix" | "enum(" CHOICE { "|" CHOICE } ")"
 *   CHOICE ::= a letter or digit, then letters, digits, '-', '_', '.', '+'
 */
struct argtype {
    enum mirage_arg_form form;
    enum mirage_arg_type base;
    char **choices; /* enum: the words, in order; NULL-terminated */
    size_t nchoices;
};

/*
 * Parses (text) into (*type). Returns 0, or -1 and sets (*error) to a
 * message (caller frees) that quotes the type and says what is wrong.
 * Free (*type) with argtype_free in every case.
 */
int argtype_parse(const char *text, struct argtype *type, char **error);

void argtype_free(struct argtype *type);

/* The type as written canonically: "list(enum(fast|slow))". Caller frees. */
char *argtype_text(const struct argtype *type);

/* The base type alone: "int", "enum(fast|slow)". Caller frees. */
char *argtype_base_text(const struct argtype *type);

/* The name of a form as in the grammar ("list"); "" for a single value. */
const char *argtype_form_name(enum mirage_arg_form form);

/*
 * What a value must look like, for messages: "true or false", "one of
 * fast, slow". Caller frees.
 */
char *argtype_expected(const struct argtype *type);

/* The value's name in --help: "INT", "fast|slow", "IPV4,...". Caller frees. */
char *argtype_docv(const struct argtype *type);

/* The C type of one value of (base): "int", "struct mirage_ipv4". */
const char *argtype_value_c_type(enum mirage_arg_type base);

/*
 * The C type of the start function's parameter, which the glue stores:
 * "int", "struct mirage_list_ipv4", "const int64_t *". Caller frees.
 */
char *argtype_c_type(const struct argtype *type);

/* The C enumerators: "MIRAGE_ARG_IPV4", "MIRAGE_ARG_LIST". */
const char *argtype_type_enum(enum mirage_arg_type base);
const char *argtype_form_enum(enum mirage_arg_form form);

/* "string, bool, ..., enum(A|B|...)": the base types, for messages. */
char *argtype_known_bases(void);

#endif
