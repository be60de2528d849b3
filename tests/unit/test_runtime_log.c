/* SPDX-License-Identifier: ISC */
/* test_runtime_log.c: log levels, -l/--logs, and the log line format. */
#include <string.h>

#include <mirage/mirage.h>

#include "core/log.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

MIRAGE_LOG_SOURCE(test_src, "test", "this test");
MIRAGE_LOG_SOURCE(other_src, "other", "another source of this test");

/* A wall clock that the test sets; the monotonic one is never used. */
static int64_t fake_wall_ns;

int64_t plat_clock_wall_ns(void)
{
    return fake_wall_ns;
}

uint64_t plat_clock_monotonic_ns(void)
{
    return 0;
}

#define NS(s, ms) ((int64_t)(s)*1000000000 + (int64_t)(ms)*1000000)
#define LINE(level, src, msg)                                                  \
    "2026-11-23 12:34:56.789 -00:00: " level " [" src "] " msg "\n"

/* 2026-11-23 12:34:56 UTC */
#define SOME_DAY 1795437296

/* Logs "n" at every level from (src); returns the console text. */
static const char *log_all(struct mirage_log_src *src)
{
    capture_reset();
    mirage_log_app(src, "a");
    mirage_log_err(src, "e");
    mirage_log_warn(src, "w");
    mirage_log_info(src, "i");
    mirage_log_debug(src, "d");
    return capture_out;
}

/* Which levels of (src) print: "aewid" minus the silent ones. */
static const char *levels_of(struct mirage_log_src *src)
{
    static char got[8];
    const char *out = log_all(src);
    size_t n = 0;

    for (const char *p = "aewid"; *p; p++) {
        char tail[4] = {' ', *p, '\n', '\0'};
        if (strstr(out, tail))
            got[n++] = *p;
    }
    got[n] = '\0';
    return got;
}

static void test_format(void)
{
    char want[256];

    core_log_reset();
    fake_wall_ns = 0;
    capture_reset();
    mirage_log_info(&test_src, "hello %d", 42);
    TAP_STREQ(capture_out,
              "1970-01-01 00:00:00.000 -00:00: INF [test] hello "
              "42\n",
              "line at the epoch");
    TAP_OK(capture_out_writes == 1, "one console write per line");

    fake_wall_ns =
        NS(SOME_DAY, 789) + 999999; /* sub-ms part cut, not rounded */
    capture_reset();
    mirage_log_app(&test_src, "x");
    mirage_log_err(&test_src, "x");
    mirage_log_warn(&test_src, "x");
    mirage_log_info(&other_src, "x");
    strcpy(want, LINE("APP", "test", "x") LINE("ERR", "test", "x")
                     LINE("WRN", "test", "x") LINE("INF", "other", "x"));
    TAP_STREQ(capture_out, want, "a known date, every level label");

    core_log_setup("t", "-l", "debug");
    capture_reset();
    mirage_log_debug(&test_src, "%s", "dbg");
    TAP_STREQ(capture_out, LINE("DBG", "test", "dbg"), "DBG label");
    core_log_reset();

    static const struct {
        int64_t ns;
        const char *text;
    } dates[] = {
        {-1, "1969-12-31 23:59:59.999"},
        {NS(951782400, 0), "2000-02-29 00:00:00.000"},
        {NS(1709251199, 999), "2024-02-29 23:59:59.999"},
        {NS(-2203891201LL, 0), "1900-02-28 23:59:59.000"},
        {NS(4107542400LL, 0), "2100-03-01 00:00:00.000"},
        {INT64_MAX, "2262-04-11 23:47:16.854"},
        {INT64_MIN, "1677-09-21 00:12:43.145"},
    };
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        fake_wall_ns = dates[i].ns;
        capture_reset();
        mirage_log_info(&test_src, "t");
        capture_out[23] = '\0';
        TAP_STREQ(capture_out, dates[i].text, "date %s", dates[i].text);
    }
}

static void test_truncation(void)
{
    static char big[5000];

    memset(big, 'x', sizeof(big) - 1);
    fake_wall_ns = 0;
    core_log_reset();
    capture_reset();
    mirage_log_info(&test_src, "%s", big);
    TAP_OK(capture_out_len == CORE_LOG_LINE_MAX,
           "a long message is cut to %d bytes (got %zu)", CORE_LOG_LINE_MAX,
           capture_out_len);
    TAP_OK(capture_out_len >= 4 &&
               memcmp(capture_out + capture_out_len - 4, "...\n", 4) == 0,
           "a cut line ends with '...' and a newline");
    TAP_OK(capture_out_writes == 1, "a cut line is still one write");
    TAP_OK(strncmp(capture_out,
                   "1970-01-01 00:00:00.000 -00:00: INF [test] "
                   "xxx",
                   46) == 0,
           "a cut line keeps its prefix");
}

static void test_thresholds(void)
{
    core_log_reset();
    TAP_STREQ(levels_of(&test_src), "aewi", "default threshold is info");
    TAP_OK(core_log_setup("t", "-l", "debug") == 0, "-l debug");
    TAP_STREQ(levels_of(&test_src), "aewid", "debug: everything");
    TAP_STREQ(levels_of(&core_log_src), "aewid", "debug: runtime too");
    TAP_OK(core_log_setup("t", "-l", "quiet") == 0, "-l quiet");
    TAP_STREQ(levels_of(&test_src), "", "quiet: nothing");
    core_log_setup("t", "-l", "app");
    TAP_STREQ(levels_of(&test_src), "a", "app");
    core_log_setup("t", "-l", "error");
    TAP_STREQ(levels_of(&test_src), "ae", "error");
    core_log_setup("t", "-l", "warning");
    TAP_STREQ(levels_of(&test_src), "aew", "warning");
    core_log_setup("t", "-l", "info,warn");
    TAP_STREQ(levels_of(&test_src), "aew", "warn, and later wins");

    core_log_reset();
    core_log_setup("t", "-l", "test:debug");
    TAP_STREQ(levels_of(&test_src), "aewid", "SRC:LEVEL sets that source");
    TAP_STREQ(levels_of(&other_src), "aewi", "... and not the others");
    core_log_reset();
    core_log_setup("t", "-l", "*:debug");
    TAP_STREQ(levels_of(&other_src), "aewid", "*:debug sets every source");
    core_log_setup("t", "-l", "*:error,other:info");
    TAP_STREQ(levels_of(&test_src), "ae", "*:error then other:info: test");
    TAP_STREQ(levels_of(&other_src), "aewi", "*:error then other:info: other");
    core_log_setup("t", "-l", "other:info,debug");
    TAP_STREQ(levels_of(&other_src), "aewid", "a later bare level overrides");
    core_log_setup("t", "-l", "debug,,");
    TAP_STREQ(levels_of(&other_src), "aewid", "empty entries are ignored");

    core_log_reset();
    capture_reset();
    mirage_log(&test_src, MIRAGE_LOG_QUIET, "never");
    TAP_OK(capture_out_len == 0, "a message at level quiet is not printed");
    mirage_log(NULL, MIRAGE_LOG_INFO, "no source");
    TAP_OK(strstr(capture_out, "INF [mirage] no source\n") != NULL,
           "a NULL source logs as the runtime");
}

static void test_setup_errors(void)
{
    int rc;

    core_log_reset();
    capture_reset();
    rc = core_log_setup("hello", "-l", "nosuch:debug,test:debug");
    TAP_OK(rc == 0, "unknown source: not an error");
    TAP_STREQ(capture_err,
              "hello: warning: option '-l': unknown log source 'nosuch' "
              "(ignored); the sources are: mirage, other, test.\n",
              "unknown source: one warning line naming it");
    TAP_STREQ(levels_of(&test_src), "aewid", "unknown source: rest applied");

    core_log_reset();
    capture_reset();
    rc = core_log_setup("hello", "--logs", "debug,test:loud");
    TAP_OK(rc != 0, "unknown level: an error");
    TAP_OK(strncmp(capture_err,
                   "hello: option '--logs': unknown log level 'loud' in "
                   "'test:loud', expected one of quiet, app, error, "
                   "warning, info or debug.\n",
                   strlen("hello: option '--logs': unknown log level 'loud' "
                          "in 'test:loud', expected one of quiet, app, "
                          "error, warning, info or debug.\n")) == 0,
           "unknown level: the message names it and the levels");
    TAP_STREQ(levels_of(&test_src), "aewi", "unknown level: nothing changed");

    capture_reset();
    rc = core_log_setup("hello", "-l", "verbose");
    TAP_OK(rc != 0 && strstr(capture_err, "unknown log level 'verbose', "
                                          "expected") != NULL,
           "unknown bare level");
}

static int boot_run(void)
{
    mirage_log_debug(&test_src, "started");
    return 0;
}

static const struct mirage_image image = {
    "hello", "1.0", "unix", NULL, 0, NULL, 0, boot_run,
};

static int boot(const char *a, const char *b)
{
    char *argv[] = {(char *)"hello", (char *)a, (char *)b, NULL};
    int argc = 1 + (a != NULL) + (b != NULL);

    capture_reset();
    return mirage_boot(&image, argc, argv);
}

static void test_boot(void)
{
    TAP_OK(boot(NULL, NULL) == 0 && capture_out_len == 0,
           "boot: default info hides debug");
    TAP_OK(boot("-l", "debug") == 0 &&
               strstr(capture_out, "DBG [test] started\n"),
           "boot: -l debug");
    TAP_OK(boot("-ltest:debug", NULL) == 0 &&
               strstr(capture_out, "DBG [test] started\n") &&
               !strstr(capture_out, "[mirage]"),
           "boot: -lSRC:LEVEL");
    TAP_OK(boot("--logs=*:debug", NULL) == 0 &&
               strstr(capture_out, "DBG [test] started\n") &&
               strstr(capture_out, "DBG [mirage] "),
           "boot: --logs=*:debug");
    TAP_OK(boot("--logs", "quiet") == 0 && capture_out_len == 0,
           "boot: --logs quiet");
    TAP_OK(boot(NULL, NULL) == 0 && capture_out_len == 0,
           "boot: levels are reset at every boot");
    TAP_OK(boot("-l", "loud") == MIRAGE_EXIT_USAGE &&
               strstr(capture_err, "hello: option '-l': unknown log level "
                                   "'loud', expected one of quiet, app, "
                                   "error, warning, info or debug.\n"
                                   "Usage: hello [OPTION]"),
           "boot: unknown level exits with 64");
    TAP_OK(boot("-l", "ghost:debug") == 0 &&
               strstr(capture_err, "unknown log source 'ghost'"),
           "boot: unknown source warns, boot goes on");
}

int main(void)
{
    test_format();
    test_truncation();
    test_thresholds();
    test_setup_errors();
    test_boot();
    return tap_done();
}
