/* SPDX-License-Identifier: ISC */
/* test_runtime_help.c: the man page of --help, and --version. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/mirage.h>

#include "runtime_capture.h"
#include "tap.h"

static const char *s_value;
static bool b_value;
static int i_value;
static int64_t l_value;

static int run(void)
{
    return 0;
}

/* Options in OPTIONS, NETWORK and LOG only: DISK, ARGUMENTS are empty. */
static const struct mirage_arg some_args[] = {
    {"zeta", 0, MIRAGE_ARG_STRING, "last", NULL, "Sorted last.",
     MIRAGE_SECTION_OPTIONS, &s_value, MIRAGE_ARG_SINGLE, NULL},
    {"count", 'c', MIRAGE_ARG_INT, "4", NULL, "How many times.",
     MIRAGE_SECTION_OPTIONS, &i_value, MIRAGE_ARG_SINGLE, NULL},
    {"alpha", 0, MIRAGE_ARG_STRING, NULL, "NAME", "Must be given.",
     MIRAGE_SECTION_OPTIONS, &s_value, MIRAGE_ARG_SINGLE, NULL},
    {"verbose", 'v', MIRAGE_ARG_BOOL, "false", NULL, "Say more.",
     MIRAGE_SECTION_OPTIONS, &b_value, MIRAGE_ARG_SINGLE, NULL},
    {"ipv4-only", 0, MIRAGE_ARG_BOOL, "true", NULL, "Only IPv4.",
     MIRAGE_SECTION_NETWORK, &b_value, MIRAGE_ARG_SINGLE, NULL},
    {"syslog", 0, MIRAGE_ARG_STRING, "", "IP", "Where to send logs.",
     MIRAGE_SECTION_LOG, &s_value, MIRAGE_ARG_SINGLE, NULL},
    {"long", 0, MIRAGE_ARG_INT64, "-1", NULL,
     "A description long enough to be wrapped: it goes on and on, word "
     "after word, well past the eighty columns of a terminal, so that the "
     "page must break it into several lines, each of them indented like "
     "the first one.",
     MIRAGE_SECTION_OPTIONS, &l_value, MIRAGE_ARG_SINGLE, NULL},
};

static const struct mirage_image some_image = {
    "hello", "1.0", "unix", some_args, 7, NULL, 0, run,
};

/* One option in each section. */
static const struct mirage_arg all_args[] = {
    {"r", 0, MIRAGE_ARG_INT, "0", NULL, "Runtime.", MIRAGE_SECTION_RUNTIME,
     &i_value, MIRAGE_ARG_SINGLE, NULL},
    {"d", 0, MIRAGE_ARG_INT, "0", NULL, "Disk.", MIRAGE_SECTION_DISK, &i_value,
     MIRAGE_ARG_SINGLE, NULL},
    {"n", 0, MIRAGE_ARG_INT, "0", NULL, "Net.", MIRAGE_SECTION_NETWORK,
     &i_value, MIRAGE_ARG_SINGLE, NULL},
    {"o", 0, MIRAGE_ARG_INT, "0", NULL, "Option.", MIRAGE_SECTION_OPTIONS,
     &i_value, MIRAGE_ARG_SINGLE, NULL},
    {"a", 0, MIRAGE_ARG_INT, "0", NULL, "Argument.", MIRAGE_SECTION_ARGUMENTS,
     &i_value, MIRAGE_ARG_SINGLE, NULL},
};

static const struct mirage_image all_image = {
    "all", "2.3.4", "unix", all_args, 5, NULL, 0, run,
};

static const struct mirage_image noargs_image = {
    "noop", "0.1", "unix", NULL, 0, NULL, 0, run,
};

static int help(const struct mirage_image *image, const char *arg)
{
    char *argv[] = {(char *)"x", (char *)arg, NULL};

    capture_reset();
    return mirage_boot(image, 2, argv);
}

/* The offset of the first line (line) from offset (from) on, or -1. */
static long line_from(const char *text, long from, const char *line)
{
    size_t len = strlen(line);

    for (const char *p = text + from; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && memcmp(p, line, len) == 0)
            return p - text;
        p = end ? end + 1 : NULL;
    }
    return -1;
}

/* The offset of the line that is exactly (line) in (text), or -1. */
static long line_at(const char *text, const char *line)
{
    return line_from(text, 0, line);
}

/* Are the lines (lines) all present in (text), in this order? */
static bool in_order(const char *text, const char *const *lines, size_t n)
{
    long from = 0;

    for (size_t i = 0; i < n; i++) {
        long at = line_from(text, from, lines[i]);
        if (at < 0) {
            printf("# line \"%s\" missing or out of order\n", lines[i]);
            return false;
        }
        /* go on from the line after it */
        from = at + (long)strlen(lines[i]) + (text[at + strlen(lines[i])] != 0);
    }
    return true;
}

static size_t longest_line(const char *text)
{
    size_t longest = 0;

    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        /* count columns: UTF-8 continuation bytes take none */
        size_t cols = 0;
        for (size_t i = 0; i < n; i++)
            cols += ((unsigned char)p[i] & 0xc0) != 0x80;
        if (cols > longest)
            longest = cols;
        p = end ? end + 1 : p + n;
    }
    return longest;
}

/* (text) with each run of spaces and newlines made one space. */
static const char *squash(const char *text)
{
    static char out[sizeof(capture_out)];
    size_t n = 0;

    for (const char *p = text; *p && n + 1 < sizeof(out); p++) {
        bool space = *p == ' ' || *p == '\n';
        if (!space)
            out[n++] = *p;
        else if (n == 0 || out[n - 1] != ' ')
            out[n++] = ' ';
    }
    out[n] = '\0';
    return out;
}

static void test_sections(void)
{
    static const char *const some_order[] = {
        "NAME",
        "       hello - the hello unikernel",
        "SYNOPSIS",
        "       hello [OPTION]\xe2\x80\xa6",
        "OPTIONS",
        "NETWORK OPTIONS",
        "LOG AND MONITORING OPTIONS",
        "RUNTIME OPTIONS",
        "EXIT STATUS",
    };
    static const char *const all_order[] = {
        "ARGUMENTS",
        "OPTIONS",
        "NETWORK OPTIONS",
        "DISK OPTIONS",
        "LOG AND MONITORING OPTIONS",
        "RUNTIME OPTIONS",
        "EXIT STATUS",
    };
    int rc;

    rc = help(&some_image, "--help");
    TAP_OK(rc == MIRAGE_EXIT_INFO, "--help exits with 63");
    TAP_OK(in_order(capture_out, some_order,
                    sizeof(some_order) / sizeof(some_order[0])),
           "sections present and in order");
    TAP_OK(line_at(capture_out, "DISK OPTIONS") < 0,
           "an empty section (DISK OPTIONS) is left out");
    TAP_OK(line_at(capture_out, "ARGUMENTS") < 0,
           "an empty section (ARGUMENTS) is left out");
    TAP_OK(capture_err_len == 0, "nothing on the error output");

    rc = help(&all_image, "--help=plain");
    TAP_OK(rc == MIRAGE_EXIT_INFO &&
               in_order(capture_out, all_order,
                        sizeof(all_order) / sizeof(all_order[0])),
           "all six sections, in order");
    TAP_OK(line_at(capture_out, "       all - the all unikernel") >= 0,
           "NAME line of another image");

    rc = help(&noargs_image, "--help");
    TAP_OK(rc == MIRAGE_EXIT_INFO && line_at(capture_out, "OPTIONS") < 0 &&
               line_at(capture_out, "RUNTIME OPTIONS") >= 0,
           "no image arguments: OPTIONS left out, RUNTIME OPTIONS kept");
}

static void test_entries(void)
{
    static const char *const entries[] = {
        "OPTIONS",
        "       --alpha=NAME (required)",
        "           Must be given.",
        "",
        "       -c INT, --count=INT (absent=4)",
        "           How many times.",
        "",
        "       --long=INT64 (absent=-1)",
        "           A description long enough to be wrapped: it goes on and "
        "on, word",
        "           after word, well past the eighty columns of a terminal, so "
        "that the",
        "           page must break it into several lines, each of them "
        "indented like the",
        "           first one.",
        "",
        "       -v, --verbose (absent=false)",
        "           Say more.",
        "",
        "       --zeta=STRING (absent=last)",
        "           Sorted last.",
        "",
        "NETWORK OPTIONS",
        "       --ipv4-only[=BOOL] (absent=true)",
        "           Only IPv4.",
        "",
        "LOG AND MONITORING OPTIONS",
        "       -l LEVELS, --logs=LEVELS (absent=info)",
        "",
        "       --syslog=IP (absent=)",
        "           Where to send logs.",
        "",
        "RUNTIME OPTIONS",
        "       --delay=SECONDS (absent=0)",
        "           Wait SECONDS seconds after boot, before connecting the "
        "devices.",
        "",
        "       --fiber-stack=BYTES (optional)",
        "",
        "       --help[=FMT] (default=auto)",
        "",
        "       --version",
        "           Show the name and version of this unikernel, then exit.",
        "",
        "EXIT STATUS",
        "       hello exits with:",
        "",
        "       0   on success.",
        "",
        "       63  on help or version output.",
        "",
        "       64  on a bad or unknown boot argument.",
        "",
        "       125 on an internal error, or when a device failed to connect.",
        "",
        "       255 on a crash: an abort, a fault or a stack overflow.",
    };

    help(&some_image, "--help");
    TAP_OK(in_order(capture_out, entries, sizeof(entries) / sizeof(entries[0])),
           "entries: names, defaults, docs, sorted, wrapped; exit statuses");
    TAP_OK(longest_line(capture_out) <= 80, "no line is wider than 80");
    TAP_OK(strstr(squash(capture_out), " The sources are: mirage. ") != NULL,
           "--logs lists the log sources");
    TAP_OK(capture_out[capture_out_len - 1] == '\n' &&
               capture_out[capture_out_len - 2] != '\n',
           "the page ends with one newline");
}

static void test_formats(void)
{
    char *plain;

    help(&some_image, "--help");
    plain = strdup(capture_out);
    help(&some_image, "--help=auto");
    TAP_STREQ(capture_out, plain, "--help=auto is plain text");
    help(&some_image, "--help=pager");
    TAP_STREQ(capture_out, plain, "--help=pager is plain text");
    help(&some_image, "--help=plain");
    TAP_STREQ(capture_out, plain, "--help=plain is plain text");
    free(plain);

    TAP_OK(help(&some_image, "--help=groff") == MIRAGE_EXIT_INFO,
           "--help=groff exits with 63");
    TAP_OK(strncmp(capture_out, ".TH \"HELLO\" 1 \"\" \"hello 1.0\"", 28) == 0,
           "groff: .TH first");
    TAP_OK(line_at(capture_out, ".SH OPTIONS") >= 0, "groff: .SH OPTIONS");
    TAP_OK(line_at(capture_out, ".SH \"EXIT STATUS\"") >= 0,
           "groff: .SH \"EXIT STATUS\"");
    TAP_OK(line_at(capture_out, ".SH \"DISK OPTIONS\"") < 0,
           "groff: empty section left out");
    TAP_OK(line_at(capture_out,
                   "\\fB\\-c\\fR \\fIINT\\fR, \\fB\\-\\-count\\fR=\\fIINT\\fR "
                   "(absent=4)") >= 0,
           "groff: an entry, with dashes escaped");
    TAP_OK(capture_count(capture_out, ".TP\n") >= 8, "groff: .TP entries");
    TAP_OK(line_at(capture_out, "OPTIONS") < 0, "groff: no plain headings");
}

static struct mirage_list_int t_list;
static const char *const speeds[] = {"fast", "slow", NULL};

#define TYPED(n, t, def, f, c, s)                                              \
    {                                                                          \
        .name = n, .type = t, .default_value = def, .doc = "Doc.",             \
        .section = s, .value = &t_list, .form = f, .choices = c                \
    }

/* One option of each type and form, in OPTIONS and NETWORK OPTIONS. */
static const struct mirage_arg typed_args[] = {
    TYPED("addr", MIRAGE_ARG_IPV4, "10.0.0.1", MIRAGE_ARG_SINGLE, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("net", MIRAGE_ARG_IPV4_PREFIX, "10.0.0.2/24", MIRAGE_ARG_SINGLE, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("addr6", MIRAGE_ARG_IPV6, "::1", MIRAGE_ARG_SINGLE, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("net6", MIRAGE_ARG_IPV6_PREFIX, "fe80::1/64", MIRAGE_ARG_SINGLE, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("mode", MIRAGE_ARG_ENUM, "fast", MIRAGE_ARG_SINGLE, speeds,
          MIRAGE_SECTION_OPTIONS),
    TYPED("dns", MIRAGE_ARG_IPV4, "1.1.1.1,8.8.8.8", MIRAGE_ARG_LIST, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("ports", MIRAGE_ARG_INT, "", MIRAGE_ARG_LIST, NULL,
          MIRAGE_SECTION_OPTIONS),
    TYPED("speeds", MIRAGE_ARG_ENUM, "slow", MIRAGE_ARG_LIST, speeds,
          MIRAGE_SECTION_OPTIONS),
    TYPED("peer", MIRAGE_ARG_IPV6, "", MIRAGE_ARG_REPEATED, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("tag", MIRAGE_ARG_STRING, "x,y", MIRAGE_ARG_REPEATED, NULL,
          MIRAGE_SECTION_OPTIONS),
    TYPED("gw", MIRAGE_ARG_IPV4, NULL, MIRAGE_ARG_OPTIONAL, NULL,
          MIRAGE_SECTION_NETWORK),
    TYPED("key", MIRAGE_ARG_STRING, NULL, MIRAGE_ARG_REQUIRED, NULL,
          MIRAGE_SECTION_OPTIONS),
    TYPED("debug", MIRAGE_ARG_BOOL, NULL, MIRAGE_ARG_OPTIONAL, NULL,
          MIRAGE_SECTION_OPTIONS),
};

static const struct mirage_image typed_image = {
    .name = "typed",
    .version = "1.0",
    .target = "unix",
    .args = typed_args,
    .nargs = sizeof(typed_args) / sizeof(typed_args[0]),
    .run = run,
};

static void test_typed_entries(void)
{
    static const char *const entries[] = {
        "OPTIONS",
        "       --debug[=BOOL] (optional)",
        "       --key=STRING (required)",
        "       --mode=fast|slow (absent=fast)",
        "       --ports=INT,... (absent=)",
        "       --speeds=fast|slow,... (absent=slow)",
        "       --tag=STRING (may be repeated) (absent=x,y)",
        "NETWORK OPTIONS",
        "       --addr=IPV4 (absent=10.0.0.1)",
        "       --addr6=IPV6 (absent=::1)",
        "       --dns=IPV4,... (absent=1.1.1.1,8.8.8.8)",
        "       --gw=IPV4 (optional)",
        "       --net=PREFIX (absent=10.0.0.2/24)",
        "       --net6=PREFIX (absent=fe80::1/64)",
        "       --peer=IPV6 (may be repeated)",
        "LOG AND MONITORING OPTIONS",
        "RUNTIME OPTIONS",
        "       --delay=SECONDS (absent=0)",
        "       --fiber-stack=BYTES (optional)",
        "EXIT STATUS",
        "       255 on a crash: an abort, a fault or a stack overflow.",
    };

    TAP_OK(help(&typed_image, "--help=plain") == MIRAGE_EXIT_INFO,
           "typed: --help exits with 63");
    TAP_OK(in_order(capture_out, entries, sizeof(entries) / sizeof(entries[0])),
           "typed: the value names and marks of every type and form");
    TAP_OK(longest_line(capture_out) <= 80, "typed: no line wider than 80");

    TAP_OK(help(&typed_image, "--help=groff") == MIRAGE_EXIT_INFO,
           "typed: --help=groff exits with 63");
    TAP_OK(line_at(capture_out, "\\fB\\-\\-dns\\fR=\\fIIPV4,...\\fR "
                                "(absent=1.1.1.1,8.8.8.8)") >= 0,
           "groff: a list entry");
    TAP_OK(line_at(capture_out, "\\fB\\-\\-peer\\fR=\\fIIPV6\\fR (may be "
                                "repeated)") >= 0,
           "groff: a repeated entry");
    TAP_OK(line_at(capture_out, "\\fB\\-\\-mode\\fR=\\fIfast|slow\\fR "
                                "(absent=fast)") >= 0,
           "groff: an enum entry");
    TAP_OK(strstr(capture_out, ".TP\n255\non a crash: an abort, a fault "
                               "or a stack overflow.\n") != NULL,
           "groff: EXIT STATUS lists 255");
}

static void test_version(void)
{
    TAP_OK(help(&all_image, "--version") == MIRAGE_EXIT_INFO,
           "--version exits with 63");
    TAP_STREQ(capture_out, "all 2.3.4\n",
              "--version prints the image's name and version");
    TAP_OK(help(&noargs_image, "--version") == MIRAGE_EXIT_INFO &&
               strcmp(capture_out, "noop 0.1\n") == 0,
           "--version of another image");
}

int main(void)
{
    test_sections();
    test_entries();
    test_formats();
    test_typed_entries();
    test_version();
    return tap_done();
}
