/* SPDX-License-Identifier: ISC */
/* test_helper_argtype.c: the TYPE grammar of MIRAGE_RUNTIME_ARG. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "argtype.h"
#include "tap.h"

/* Parses (text): its canonical text and C type "TEXT : C", or the error. */
static const char *outcome(const char *text)
{
    static char out[1024];
    struct argtype t;
    char *error = NULL;

    if (argtype_parse(text, &t, &error) == 0) {
        char *canon = argtype_text(&t), *c = argtype_c_type(&t);
        snprintf(out, sizeof(out), "%s : %s", canon, c);
        free(canon);
        free(c);
    } else {
        snprintf(out, sizeof(out), "error: %s", error ? error : "(none)");
    }
    free(error);
    argtype_free(&t);
    return out;
}

/* Does parsing (text) fail with a message holding (needle)? */
static bool fails_with(const char *text, const char *needle)
{
    const char *o = outcome(text);
    bool ok = strncmp(o, "error: ", 7) == 0 && strstr(o, needle) != NULL;

    if (!ok)
        printf("# %s\n", o);
    return ok;
}

static void test_valid(void)
{
    static const char *const cases[][2] = {
        {"string", "string : const char *"},
        {"bool", "bool : bool"},
        {"int", "int : int"},
        {"int64", "int64 : int64_t"},
        {"ipv4", "ipv4 : struct mirage_ipv4"},
        {"ipv4-prefix", "ipv4-prefix : struct mirage_ipv4_prefix"},
        {"ipv6", "ipv6 : struct mirage_ipv6"},
        {"ipv6-prefix", "ipv6-prefix : struct mirage_ipv6_prefix"},
        {"enum(fast|slow)", "enum(fast|slow) : const char *"},
        {"enum(one)", "enum(one) : const char *"},
        {"enum(a-1|b_2|c.3|d+4|5)", "enum(a-1|b_2|c.3|d+4|5) : const char *"},
        {"list(int)", "list(int) : struct mirage_list_int"},
        {"list(ipv4)", "list(ipv4) : struct mirage_list_ipv4"},
        {"list(ipv6-prefix)",
         "list(ipv6-prefix) : struct mirage_list_ipv6_prefix"},
        {"list(enum(a|b))", "list(enum(a|b)) : struct mirage_list_string"},
        {"repeated(string)", "repeated(string) : struct mirage_list_string"},
        {"repeated(bool)", "repeated(bool) : struct mirage_list_bool"},
        {"repeated(int64)", "repeated(int64) : struct mirage_list_int64"},
        {"optional(int)", "optional(int) : const int *"},
        {"optional(string)", "optional(string) : const char *"},
        {"optional(enum(x|y))", "optional(enum(x|y)) : const char *"},
        {"optional(ipv4-prefix)",
         "optional(ipv4-prefix) : const struct mirage_ipv4_prefix *"},
        {"required(ipv6)", "required(ipv6) : struct mirage_ipv6"},
        {"required(string)", "required(string) : const char *"},
        {" list ( enum ( a | b ) ) ",
         "list(enum(a|b)) : struct mirage_list_string"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        TAP_STREQ(outcome(cases[i][0]), cases[i][1], "valid: '%s'",
                  cases[i][0]);
}

static void test_invalid(void)
{
    TAP_OK(fails_with("lst(int)", "unknown argument type 'lst(int)'; known "
                                  "types: string, bool, int, int64, ipv4, "
                                  "ipv4-prefix, ipv6, ipv6-prefix, "
                                  "enum(A|B|...), and list(T)"),
           "unknown form");
    TAP_OK(fails_with("float", "unknown argument type 'float'"),
           "unknown type");
    TAP_OK(fails_with("INT", "unknown argument type 'INT'"), "case matters");
    TAP_OK(fails_with("list(float)",
                      "unknown argument type 'float' in 'list(float)'"),
           "unknown type inside a form");
    TAP_OK(fails_with("enum()", "enum needs at least one choice"),
           "enum without choices");
    TAP_OK(fails_with("enum", "enum needs its choices in parentheses"),
           "enum alone");
    TAP_OK(fails_with("enum(a|b|a)", "enum choice 'a' is listed twice"),
           "duplicate enum choice");
    TAP_OK(fails_with("enum(a||b)", "enum has an empty choice"),
           "empty enum choice");
    TAP_OK(fails_with("enum(a,b)", "enum choice 'a,b' is not a word"),
           "choices separated by commas");
    TAP_OK(fails_with("enum(a,b)", "separated by '|'"),
           "with a hint about '|'");
    TAP_OK(fails_with("enum(a b)", "enum choice 'a b' is not a word"),
           "a choice with a space");
    TAP_OK(fails_with("enum(-a)", "enum choice '-a' is not a word"),
           "a choice starting with '-'");
    TAP_OK(fails_with("enum(a|b", "lack their closing ')'"),
           "enum without ')'");
    TAP_OK(fails_with("list(int", "list( lacks its closing ')'"),
           "list without ')'");
    TAP_OK(fails_with("list", "list needs a type in parentheses"),
           "list alone");
    TAP_OK(fails_with("list()", "list(...) needs a type between its "
                                "parentheses"),
           "list()");
    TAP_OK(fails_with("list(list(int))", "list(...) cannot hold list(...)"),
           "nested forms");
    TAP_OK(fails_with("optional(repeated(int))",
                      "optional(...) cannot hold repeated(...)"),
           "nested forms, another pair");
    TAP_OK(fails_with("int)", "unexpected ')' at the end"), "trailing text");
    TAP_OK(fails_with("list(int) x", "unexpected 'x' at the end"),
           "trailing word");
}

static void test_describe(void)
{
    struct argtype t;
    char *error, *s;

    argtype_parse("list(enum(fast|slow))", &t, &error);
    s = argtype_docv(&t);
    TAP_STREQ(s, "fast|slow,...", "docv of list(enum)");
    free(s);
    s = argtype_expected(&t);
    TAP_STREQ(s, "one of fast, slow", "expected of an enum");
    free(s);
    s = argtype_base_text(&t);
    TAP_STREQ(s, "enum(fast|slow)", "base text");
    free(s);
    TAP_OK(t.form == MIRAGE_ARG_LIST && t.base == MIRAGE_ARG_ENUM &&
               t.nchoices == 2 && t.choices[2] == NULL,
           "parsed: form, base, NULL-terminated choices");
    argtype_free(&t);

    argtype_parse("repeated(ipv4-prefix)", &t, &error);
    s = argtype_docv(&t);
    TAP_STREQ(s, "PREFIX", "docv of repeated: no ',...'");
    free(s);
    TAP_STREQ(argtype_form_enum(t.form), "MIRAGE_ARG_REPEATED",
              "form enumerator");
    TAP_STREQ(argtype_type_enum(t.base), "MIRAGE_ARG_IPV4_PREFIX",
              "type enumerator");
    argtype_free(&t);
}

int main(void)
{
    test_valid();
    test_invalid();
    test_describe();
    return tap_done();
}
