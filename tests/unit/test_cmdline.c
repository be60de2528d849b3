/* SPDX-License-Identifier: ISC */
/* test_cmdline.c: splitting a boot command line into arguments. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/cmdline.h"
#include "tap.h"

#define MAX_ARGS 16

/*
 * Splits a copy of (line) and compares with the NULL-terminated expected
 * arguments; prints what differs.
 */
static int split_is(const char *line, ...)
{
    char buf[256], *argv[MAX_ARGS];
    int argc, n = 0;
    va_list ap;
    bool same = true;

    snprintf(buf, sizeof(buf), "%s", line);
    argc = core_cmdline_split(buf, argv, MAX_ARGS);
    va_start(ap, line);
    for (const char *want = va_arg(ap, const char *); want;
         want = va_arg(ap, const char *), n++) {
        if (n >= argc || strcmp(argv[n], want) != 0) {
            printf("# argument %d: got \"%s\", want \"%s\"\n", n,
                   n < argc ? argv[n] : "(none)", want);
            same = false;
        }
    }
    va_end(ap);
    if (argc != n) {
        printf("# %d arguments, want %d\n", argc, n);
        same = false;
    } else if (argv[argc] != NULL) {
        printf("# argv[%d] is not NULL\n", argc);
        same = false;
    }
    return same;
}

/* The status of splitting a copy of (line) with room for (max) pointers. */
static int split_rc(const char *line, int max)
{
    char buf[256], *argv[MAX_ARGS];

    snprintf(buf, sizeof(buf), "%s", line);
    return core_cmdline_split(buf, argv, max);
}

static void test_words(void)
{
    TAP_OK(split_is("", NULL), "empty line: no argument");
    TAP_OK(split_is(" \t\n ", NULL), "white space only: no argument");
    TAP_OK(split_is("--a", "--a", NULL), "one argument");
    TAP_OK(split_is("--a --b=1", "--a", "--b=1", NULL), "two arguments");
    TAP_OK(split_is("  --a \t\r\n\v\f --b  ", "--a", "--b", NULL),
           "runs of any white space separate, leading and trailing ignored");
}

static void test_quotes(void)
{
    TAP_OK(split_is("--hello='Hello World!'", "--hello=Hello World!", NULL),
           "single quotes keep spaces");
    TAP_OK(split_is("'a\\b\"c'", "a\\b\"c", NULL),
           "single quotes keep backslashes and double quotes");
    TAP_OK(split_is("\"a b\"", "a b", NULL), "double quotes keep spaces");
    TAP_OK(split_is("\"say \\\"hi\\\"\"", "say \"hi\"", NULL),
           "\\\" in double quotes");
    TAP_OK(split_is("\"a\\\\b\"", "a\\b", NULL), "\\\\ in double quotes");
    TAP_OK(split_is("\"a\\nb\\'\"", "a\\nb\\'", NULL),
           "other backslashes in double quotes are kept");
    TAP_OK(split_is("\"it's\"", "it's", NULL),
           "a single quote in double quotes");
    TAP_OK(split_is("'say \"hi\"'", "say \"hi\"", NULL),
           "double quotes in single quotes");
    TAP_OK(split_is("a'b c'd\"e f\"g", "ab cde fg", NULL),
           "quoted and unquoted parts make one argument");
    TAP_OK(split_is("\"\"", "", NULL), "\"\" is an empty argument");
    TAP_OK(split_is("''", "", NULL), "'' is an empty argument");
    TAP_OK(split_is("a \"\" b", "a", "", "b", NULL),
           "an empty argument between others is kept");
    TAP_OK(split_is("--x= \"\"", "--x=", "", NULL),
           "an empty argument at the end");
}

static void test_escapes(void)
{
    TAP_OK(split_is("a\\ b", "a b", NULL), "backslash-space joins");
    TAP_OK(split_is("\\'a\\\"", "'a\"", NULL), "escaped quotes are literal");
    TAP_OK(split_is("a\\\\b", "a\\b", NULL), "escaped backslash");
    TAP_OK(split_is("\\x", "x", NULL), "an escaped ordinary character");
    TAP_OK(split_is("a\\\tb c", "a\tb", "c", NULL), "an escaped tab");
}

static void test_errors(void)
{
    char buf[32], *argv[4];

    TAP_OK(split_rc("'abc", MAX_ARGS) == -EINVAL, "unterminated '");
    TAP_OK(split_rc("a \"abc", MAX_ARGS) == -EINVAL, "unterminated \"");
    TAP_OK(split_rc("\"abc\\\"", MAX_ARGS) == -EINVAL,
           "an escaped closing \" leaves the quote open");
    TAP_OK(split_rc("abc\\", MAX_ARGS) == -EINVAL, "a final backslash");
    TAP_OK(split_rc("a b c", 4) == 3, "three arguments and NULL fit in 4");
    TAP_OK(split_rc("a b c d", 4) == -E2BIG, "four do not");
    TAP_OK(split_rc("a", 1) == -E2BIG, "room for the NULL only");
    TAP_OK(split_rc("", 1) == 0, "no argument needs only the NULL");
    TAP_OK(split_rc("", 0) == -E2BIG, "no room at all");

    /* the arguments live in the line itself */
    strcpy(buf, "ab 'c d'");
    TAP_OK(core_cmdline_split(buf, argv, 4) == 2 && argv[0] == buf &&
               argv[1] >= buf && argv[1] < buf + sizeof(buf),
           "in place: the arguments point into the line");
}

int main(void)
{
    test_words();
    test_quotes();
    test_escapes();
    test_errors();
    return tap_done();
}
