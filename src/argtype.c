/* SPDX-License-Identifier: ISC */
/* argtype.c: the TYPE of MIRAGE_RUNTIME_ARG: parsing it, and its C types. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "argtype.h"
#include "core/argvalue.h"
#include "util.h"

static const struct {
    enum mirage_arg_form form;
    const char *name;
    const char *c_enum;
} forms[] = {
    {MIRAGE_ARG_SINGLE, "", "MIRAGE_ARG_SINGLE"},
    {MIRAGE_ARG_LIST, "list", "MIRAGE_ARG_LIST"},
    {MIRAGE_ARG_REPEATED, "repeated", "MIRAGE_ARG_REPEATED"},
    {MIRAGE_ARG_OPTIONAL, "optional", "MIRAGE_ARG_OPTIONAL"},
    {MIRAGE_ARG_REQUIRED, "required", "MIRAGE_ARG_REQUIRED"},
};

#define NFORMS (sizeof(forms) / sizeof(forms[0]))

static const struct {
    enum mirage_arg_type base;
    const char *c_type;
    const char *c_enum;
} bases[] = {
    {MIRAGE_ARG_STRING, "const char *", "MIRAGE_ARG_STRING"},
    {MIRAGE_ARG_BOOL, "bool", "MIRAGE_ARG_BOOL"},
    {MIRAGE_ARG_INT, "int", "MIRAGE_ARG_INT"},
    {MIRAGE_ARG_INT64, "int64_t", "MIRAGE_ARG_INT64"},
    {MIRAGE_ARG_IPV4, "struct mirage_ipv4", "MIRAGE_ARG_IPV4"},
    {MIRAGE_ARG_IPV4_PREFIX, "struct mirage_ipv4_prefix",
     "MIRAGE_ARG_IPV4_PREFIX"},
    {MIRAGE_ARG_IPV6, "struct mirage_ipv6", "MIRAGE_ARG_IPV6"},
    {MIRAGE_ARG_IPV6_PREFIX, "struct mirage_ipv6_prefix",
     "MIRAGE_ARG_IPV6_PREFIX"},
    {MIRAGE_ARG_ENUM, "const char *", "MIRAGE_ARG_ENUM"},
};

#define NBASES (sizeof(bases) / sizeof(bases[0]))

const char *argtype_form_name(enum mirage_arg_form form)
{
    for (size_t i = 0; i < NFORMS; i++)
        if (forms[i].form == form)
            return forms[i].name;
    return "?";
}

const char *argtype_form_enum(enum mirage_arg_form form)
{
    for (size_t i = 0; i < NFORMS; i++)
        if (forms[i].form == form)
            return forms[i].c_enum;
    return "?";
}

const char *argtype_value_c_type(enum mirage_arg_type base)
{
    for (size_t i = 0; i < NBASES; i++)
        if (bases[i].base == base)
            return bases[i].c_type;
    return "?";
}

const char *argtype_type_enum(enum mirage_arg_type base)
{
    for (size_t i = 0; i < NBASES; i++)
        if (bases[i].base == base)
            return bases[i].c_enum;
    return "?";
}

char *argtype_known_bases(void)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < argvalue_type_count(); i++) {
        enum mirage_arg_type t = argvalue_type_at(i);
        sb_addf(&sb, "%s%s", i ? ", " : "",
                t == MIRAGE_ARG_ENUM ? "enum(A|B|...)" : argvalue_type_name(t));
    }
    return sb_take(&sb);
}

/* --- Parsing ------------------------------------------------------------ */

/* The state of one parse: the whole text, for messages, and where it is. */
struct parser {
    const char *text;
    const char *p;
    char *error; /* the first error */
};

static void fail(struct parser *ps, char *message)
{
    if (!ps->error)
        ps->error = message;
    else
        free(message);
}

static void skip_space(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n')
        ps->p++;
}

/* Is (c) part of a type's name: "ipv4-prefix", "int64"? */
static bool is_name_char(char c)
{
    return c_isalnum(c) || c == '-' || c == '_';
}

/* Reads a name; returns it (caller frees), "" when there is none. */
static char *read_name(struct parser *ps)
{
    const char *start;

    skip_space(ps);
    start = ps->p;
    while (is_name_char(*ps->p))
        ps->p++;
    return xstrndup(start, (size_t)(ps->p - start));
}

/* Consumes (c) after optional space; false if it is not there. */
static bool accept(struct parser *ps, char c)
{
    skip_space(ps);
    if (*ps->p != c)
        return false;
    ps->p++;
    return true;
}

static bool is_form(const char *name, enum mirage_arg_form *form)
{
    for (size_t i = 1; i < NFORMS; i++) {
        if (streq(forms[i].name, name)) {
            *form = forms[i].form;
            return true;
        }
    }
    return false;
}

static bool is_choice_word(const char *s)
{
    if (!c_isalnum(*s))
        return false;
    for (; *s; s++)
        if (!is_name_char(*s) && *s != '.' && *s != '+')
            return false;
    return true;
}

/* One choice of enum(...), up to the next '|' or ')', space trimmed. */
static char *read_choice(struct parser *ps)
{
    const char *start, *end;

    skip_space(ps);
    start = ps->p;
    while (*ps->p && *ps->p != '|' && *ps->p != ')')
        ps->p++;
    end = ps->p;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return xstrndup(start, (size_t)(end - start));
}

/* After "enum": the parenthesised choices. */
static void parse_choices(struct parser *ps, struct argtype *type)
{
    if (!accept(ps, '(')) {
        fail(ps, xasprintf("argument type '%s': enum needs its choices in "
                           "parentheses, as in enum(fast|slow)",
                           ps->text));
        return;
    }
    if (accept(ps, ')')) {
        fail(ps, xasprintf("argument type '%s': enum needs at least one "
                           "choice, as in enum(fast|slow)",
                           ps->text));
        return;
    }
    do {
        char *choice = read_choice(ps);
        if (!*choice) {
            fail(ps, xasprintf("argument type '%s': enum has an empty "
                               "choice; write the words between '|', as in "
                               "enum(fast|slow)",
                               ps->text));
        } else if (!is_choice_word(choice)) {
            fail(ps, xasprintf("argument type '%s': enum choice '%s' is not "
                               "a word; a choice starts with a letter or "
                               "digit, then letters, digits, '-', '_', '.' "
                               "or '+'%s",
                               ps->text, choice,
                               strchr(choice, ',') ? ", and choices are "
                                                     "separated by '|'"
                                                   : ""));
        } else {
            for (size_t i = 0; i < type->nchoices; i++)
                if (streq(type->choices[i], choice))
                    fail(ps, xasprintf("argument type '%s': enum choice "
                                       "'%s' is listed twice; list each "
                                       "choice once",
                                       ps->text, choice));
        }
        type->choices =
            xrealloc(type->choices, (type->nchoices + 2) * sizeof(char *));
        type->choices[type->nchoices++] = choice;
        type->choices[type->nchoices] = NULL;
    } while (accept(ps, '|'));
    if (!accept(ps, ')'))
        fail(ps, xasprintf("argument type '%s': the choices of enum lack "
                           "their closing ')'",
                           ps->text));
}

/* A base type, named (name) (already read), into (*type). */
static void parse_base(struct parser *ps, const char *name,
                       struct argtype *type, bool inner)
{
    if (streq(name, "enum")) {
        type->base = MIRAGE_ARG_ENUM;
        parse_choices(ps, type);
    } else if (argvalue_type_lookup(name, &type->base) != 0) {
        char *known = argtype_known_bases();
        if (inner && *name)
            fail(ps, xasprintf("unknown argument type '%s' in '%s'; known "
                               "types: %s",
                               name, ps->text, known));
        else if (inner)
            fail(ps, xasprintf("argument type '%s': %s(...) needs a type "
                               "between its parentheses; known types: %s",
                               ps->text, argtype_form_name(type->form), known));
        else
            fail(ps, xasprintf("unknown argument type '%s'; known types: %s, "
                               "and list(T), repeated(T), optional(T) and "
                               "required(T) of one of them",
                               ps->text, known));
        free(known);
    }
}

int argtype_parse(const char *text, struct argtype *type, char **error)
{
    struct parser ps = {text, text, NULL};
    char *name = read_name(&ps);

    memset(type, 0, sizeof(*type));
    if (is_form(name, &type->form)) {
        if (!accept(&ps, '(')) {
            fail(&ps, xasprintf("argument type '%s': %s needs a type in "
                                "parentheses, as in %s(int)",
                                text, name, name));
        } else {
            char *inner = read_name(&ps);
            enum mirage_arg_form nested;
            if (is_form(inner, &nested))
                fail(&ps, xasprintf("argument type '%s': %s(...) cannot "
                                    "hold %s(...); it takes one of the "
                                    "base types",
                                    text, name, inner));
            else
                parse_base(&ps, inner, type, true);
            free(inner);
            if (!ps.error && !accept(&ps, ')'))
                fail(&ps, xasprintf("argument type '%s': %s( lacks its "
                                    "closing ')'",
                                    text, name));
        }
    } else {
        parse_base(&ps, name, type, false);
    }
    free(name);
    skip_space(&ps);
    if (!ps.error && *ps.p)
        fail(&ps, xasprintf("argument type '%s': unexpected '%s' at the end",
                            text, ps.p));
    *error = ps.error;
    return ps.error ? -1 : 0;
}

void argtype_free(struct argtype *type)
{
    for (size_t i = 0; i < type->nchoices; i++)
        free(type->choices[i]);
    free(type->choices);
    memset(type, 0, sizeof(*type));
}

/* --- Describing ---------------------------------------------------------- */

char *argtype_base_text(const struct argtype *type)
{
    struct strbuf sb = {0};

    if (type->base != MIRAGE_ARG_ENUM)
        return xstrdup(argvalue_type_name(type->base));
    sb_add(&sb, "enum(");
    for (size_t i = 0; i < type->nchoices; i++)
        sb_addf(&sb, "%s%s", i ? "|" : "", type->choices[i]);
    sb_add(&sb, ")");
    return sb_take(&sb);
}

char *argtype_text(const struct argtype *type)
{
    char *base = argtype_base_text(type), *text;

    if (type->form == MIRAGE_ARG_SINGLE)
        return base;
    text = xasprintf("%s(%s)", argtype_form_name(type->form), base);
    free(base);
    return text;
}

char *argtype_expected(const struct argtype *type)
{
    struct strbuf sb = {0};

    if (type->base != MIRAGE_ARG_ENUM)
        return xstrdup(argvalue_type_expected(type->base));
    sb_add(&sb, "one of ");
    for (size_t i = 0; i < type->nchoices; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", type->choices[i]);
    return sb_take(&sb);
}

char *argtype_docv(const struct argtype *type)
{
    struct strbuf sb = {0};

    if (type->base == MIRAGE_ARG_ENUM) {
        for (size_t i = 0; i < type->nchoices; i++)
            sb_addf(&sb, "%s%s", i ? "|" : "", type->choices[i]);
    } else {
        sb_add(&sb, argvalue_type_docv(type->base));
    }
    if (type->form == MIRAGE_ARG_LIST)
        sb_add(&sb, ",...");
    return sb_take(&sb);
}

/* "ipv4_prefix": the suffix of struct mirage_list_... for (base). */
static char *list_suffix(enum mirage_arg_type base)
{
    char *s =
        xstrdup(base == MIRAGE_ARG_ENUM ? "string" : argvalue_type_name(base));
    for (char *p = s; *p; p++)
        if (*p == '-')
            *p = '_';
    return s;
}

char *argtype_c_type(const struct argtype *type)
{
    const char *value = argtype_value_c_type(type->base);
    bool is_string =
        type->base == MIRAGE_ARG_STRING || type->base == MIRAGE_ARG_ENUM;
    char *suffix, *c;

    switch (type->form) {
    case MIRAGE_ARG_LIST:
    case MIRAGE_ARG_REPEATED:
        suffix = list_suffix(type->base);
        c = xasprintf("struct mirage_list_%s", suffix);
        free(suffix);
        return c;
    case MIRAGE_ARG_OPTIONAL:
        return is_string ? xstrdup(value) : xasprintf("const %s *", value);
    case MIRAGE_ARG_SINGLE:
    case MIRAGE_ARG_REQUIRED:
        break;
    }
    return xstrdup(value);
}
