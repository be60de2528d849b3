/* SPDX-License-Identifier: ISC */
/* test_helper_spec.c: unit tests of the helper's mirage.spec parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "generate.h"
#include "spec.h"
#include "tap.h"

/* Diagnostics printed by the last parse. */
static char *diag_text;
static size_t diag_len;

/* Parses (text) as file "t.spec"; returns the parser's result. */
static int parse(struct spec *spec, const char *text)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    FILE *diag;
    int rc;

    free(diag_text);
    diag_text = NULL;
    diag = open_memstream(&diag_text, &diag_len);
    diag_set_stream(diag);
    diag_reset();
    rc = spec_parse(spec, in, "t.spec");
    fclose(in);
    fclose(diag);
    diag_set_stream(NULL);
    return rc;
}

static int has(const char *needle)
{
    return diag_text && strstr(diag_text, needle) != NULL;
}

static void test_valid(void)
{
    static const char text[] = "# a comment\n"
                               "\n"
                               "[arg hello]\n"
                               "location = configure.ac:6\n"
                               "type = string\n"
                               "default = Hello World!\n"
                               "doc = a\\\\b\\nc\\td\n"
                               "section = options\n"
                               "   \n"
                               "[arg count]\n"
                               "location = configure.ac:7\n"
                               "type = int\n"
                               "default =\n"
                               "\n"
                               "[arg need]\n"
                               "location = configure.ac:8\n"
                               "type = bool\n"
                               "doc =  two leading spaces \n"
                               "[device clock]\n"
                               "location = configure.ac:9\n"
                               "type = time\n"
                               "implementation =\n"
                               "depends = a  b\tc\n"
                               "[unikernel hello]\n"
                               "location = configure.ac:10\n"
                               "start = hello_start\n"
                               "devices = clock\n"
                               "args = hello count\n"
                               "version = 1.0\n"
                               "target = unix\n";
    struct spec spec;
    int rc = parse(&spec, text);

    TAP_OK(rc == 0, "a valid spec parses without error (got %d)", rc);
    TAP_OK(diag_len == 0, "and prints nothing");
    TAP_OK(spec.nargs == 3 && spec.ndevices == 1 && spec.nunikernels == 1,
           "sections of each kind are collected");
    if (spec.nargs != 3 || spec.ndevices != 1 || spec.nunikernels != 1) {
        spec_free(&spec);
        return;
    }
    TAP_STREQ(spec.path, "t.spec", "the path is kept");
    TAP_STREQ(spec.args[0].sec.name, "hello", "section name");
    TAP_OK(spec.args[0].sec.line == 3, "header line number");
    TAP_STREQ(spec.args[0].sec.location, "configure.ac:6", "location");
    TAP_STREQ(spec.args[0].default_value, "Hello World!",
              "value runs to the end of the line");
    TAP_STREQ(spec.args[0].doc, "a\\b\nc\td",
              "escapes \\\\, \\n and \\t are decoded");
    TAP_OK(spec.args[1].default_value && spec.args[1].default_value[0] == '\0',
           "'default =' is present and empty");
    TAP_OK(spec.args[1].doc == NULL, "an absent doc is NULL");
    TAP_OK(spec.args[2].default_value == NULL,
           "an absent default is NULL, not empty");
    TAP_STREQ(spec.args[2].doc, " two leading spaces ",
              "spaces after ' = ' are kept, trailing ones too");
    TAP_STREQ(spec.devices[0].implementation, "",
              "an empty implementation is \"\"");
    TAP_OK(spec.devices[0].deps.n == 3, "depends is split into 3 words");
    if (spec.devices[0].deps.n == 3)
        TAP_OK(!strcmp(spec.devices[0].deps.v[0], "a") &&
                   !strcmp(spec.devices[0].deps.v[1], "b") &&
                   !strcmp(spec.devices[0].deps.v[2], "c"),
               "the words are a, b and c");
    TAP_OK(spec.unikernels[0].arg_names.n == 2 &&
               spec.unikernels[0].device_names.n == 1,
           "unikernel lists are split");
    TAP_STREQ(spec.unikernels[0].start, "hello_start", "start function");
    spec_free(&spec);
}

static void expect_error(const char *text, int nerrors, const char *message,
                         const char *what)
{
    struct spec spec;
    int rc = parse(&spec, text);

    TAP_OK(rc == nerrors, "%s: %d error(s) (got %d)", what, nerrors, rc);
    TAP_OK(has(message), "%s: message '%s'", what, message);
    if (!has(message))
        printf("# diagnostics: %s", diag_text ? diag_text : "(none)\n");
    spec_free(&spec);
}

static void test_errors(void)
{
    expect_error("[devcie clock]\nlocation = c:1\ntype = time\n", 1,
                 "t.spec:1: unknown section kind 'devcie'",
                 "unknown section kind, its keys skipped");
    expect_error("# x\ntype = time\n", 1,
                 "t.spec:2: key 'type' is outside any section",
                 "key outside a section");
    expect_error("[arg a]\nlocation = c:1\ndoc = x\\qy\n", 1,
                 "t.spec:3: bad escape '\\q' in the value of 'doc'",
                 "bad escape");
    expect_error("[arg a]\nlocation = c:1\ndoc = x\\\n", 1,
                 "t.spec:3: the value of 'doc' ends with a lone backslash",
                 "lone backslash");
    expect_error("[arg a]\nlocation = c:1\ncolour = red\n", 1,
                 "t.spec:3: unknown key 'colour' in section [arg a]; known "
                 "keys: location, type, default, doc, section",
                 "unknown key");
    expect_error("\n[device a]\ntype = time\n[device b]\nlocation = c:2\n", 1,
                 "t.spec:2: section [device a] has no 'location' key",
                 "missing location, reported at the header");
    expect_error("[device a]\nlocation =\n", 1,
                 "t.spec:1: section [device a] has an empty 'location'",
                 "empty location");
    expect_error("[device a]\nlocation = c:1\ntype = time\ntype = time\n", 1,
                 "t.spec:4: key 'type' is given twice", "duplicate key");
    expect_error("[device a]\nlocation = c:1\ntype=time\n", 1,
                 "t.spec:3: expected '[KIND NAME]', 'KEY = VALUE'",
                 "key without ' = '");
    expect_error("[device]\n", 1,
                 "t.spec:1: section header '[device]' has "
                 "no name",
                 "header without a name");
    expect_error("[device a\n", 1, "t.spec:1: section header does not end",
                 "unterminated header");
    /* several errors: all are reported, each with its own line */
    expect_error("[unikernel u]\nlocation = c:1\nfoo = 1\nbar = 2\n"
                 "start = \\x\n",
                 3, "t.spec:5: bad escape", "three errors in one file");
    TAP_OK(has("t.spec:3: unknown key 'foo'") &&
               has("t.spec:4: unknown key 'bar'"),
           "every error has its own line number");
}

static void test_c_string(void)
{
    struct strbuf sb = {0};

    generate_c_string(&sb, "a\"b\\c\nd\te\001f\377g?"
                           "?=h?"
                           "?"
                           "?i");
    TAP_STREQ(sb_str(&sb), "\"a\\\"b\\\\c\\nd\\te\\001f\\377g?\\?=h?\\?\\?i\"",
              "C string literals escape quotes, backslashes, controls, "
              "bytes >= 0x7f and trigraphs");
    sb_free(&sb);
    generate_c_string(&sb, "");
    TAP_STREQ(sb_str(&sb), "\"\"", "the empty string is \"\"");
    sb_free(&sb);
}

int main(void)
{
    test_valid();
    test_errors();
    test_c_string();
    free(diag_text);
    return tap_done();
}
