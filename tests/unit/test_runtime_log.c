/* SPDX-License-Identifier: ISC */
/* test_runtime_log.c: log levels, -l/--logs, and the log line format. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
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

/* What the test sinks saw: the last line and how many. */
struct seen {
    int calls;
    char src[32];
    enum mirage_log_level level;
    int64_t wall_ns;
    char text[2048];
    size_t len;
    bool truncated, replayed;
    char order[16]; /* which sinks ran, in order: their tags */
};

static struct seen seen;

static void record(const struct mirage_log_line *l)
{
    seen.calls++;
    snprintf(seen.src, sizeof(seen.src), "%s", l->src);
    seen.level = l->level;
    seen.wall_ns = l->wall_ns;
    snprintf(seen.text, sizeof(seen.text), "%s", l->text);
    seen.len = l->len;
    seen.truncated = l->truncated;
    seen.replayed = l->replayed;
}

static void tag(const char *t)
{
    size_t n = strlen(seen.order);

    if (n + 1 < sizeof(seen.order)) {
        seen.order[n] = *t;
        seen.order[n + 1] = '\0';
    }
}

static void sink_a(void *arg, const struct mirage_log_line *l)
{
    (void)arg;
    record(l);
    tag("a");
}

static void sink_b(void *arg, const struct mirage_log_line *l)
{
    (void)l;
    tag(arg ? (const char *)arg : "b");
}

/* A sink that logs a line of its own for every line it gets. */
static void sink_loud(void *arg, const struct mirage_log_line *l)
{
    (void)arg;
    tag("l");
    mirage_log_info(&other_src, "sink saw '%s'", l->text);
}

/* A sink that removes itself at its first line. */
static void sink_once(void *arg, const struct mirage_log_line *l)
{
    (void)l;
    tag("o");
    mirage_log_sink_remove(sink_once, arg);
}

/* The texts of the lines replayed, joined with '|'. */
static char replayed[16384];

static void sink_join(void *arg, const struct mirage_log_line *l)
{
    size_t n = strlen(replayed);

    (void)arg;
    snprintf(replayed + n, sizeof(replayed) - n, "%s%s", n ? "|" : "", l->text);
}

/* sink_join, and two lines logged for each line. */
static void sink_twice(void *arg, const struct mirage_log_line *l)
{
    sink_join(arg, l);
    mirage_log_info(&other_src, "twice 1");
    mirage_log_info(&other_src, "twice 2");
}

static void seen_reset(void)
{
    memset(&seen, 0, sizeof(seen));
}

static void test_sinks(void)
{
    static char big[5000];

    core_log_reset();
    seen_reset();
    TAP_OK(mirage_log_sink_add(NULL, NULL) == -EINVAL, "sink: NULL: -EINVAL");
    TAP_OK(mirage_log_sink_add(sink_a, NULL) == 0, "sink: added");
    TAP_OK(mirage_log_sink_add(sink_a, NULL) == -EEXIST,
           "sink: the same twice: -EEXIST");
    fake_wall_ns = NS(SOME_DAY, 789);
    capture_reset();
    mirage_log_warn(&test_src, "hello %d", 7);
    TAP_OK(seen.calls == 1, "sink: called once for one line");
    TAP_STREQ(seen.src, "test", "sink: the source's name");
    TAP_OK(seen.level == MIRAGE_LOG_WARNING, "sink: the level");
    TAP_OK(seen.wall_ns == NS(SOME_DAY, 789), "sink: the time of the line");
    TAP_STREQ(seen.text, "hello 7", "sink: the text, no newline");
    TAP_OK(seen.len == 7 && !seen.truncated && !seen.replayed,
           "sink: its length, not cut, not replayed");
    TAP_STREQ(capture_out, LINE("WRN", "test", "hello 7"),
              "sink: the console still gets the line");
    mirage_log_debug(&test_src, "filtered");
    TAP_OK(seen.calls == 1, "sink: a line filtered by -l reaches no sink");
    mirage_log(NULL, MIRAGE_LOG_INFO, "x");
    TAP_STREQ(seen.src, "mirage", "sink: a NULL source is the runtime's");

    memset(big, 'y', sizeof(big) - 1);
    mirage_log_info(&test_src, "%s", big);
    TAP_OK(seen.truncated && seen.len == strlen(seen.text) && seen.len > 900 &&
               seen.len < CORE_LOG_LINE_MAX &&
               memcmp(seen.text + seen.len - 3, "...", 3) == 0,
           "sink: a long line comes cut, with '...', marked (%zu bytes)",
           seen.len);

    /* order, several sinks, removal */
    TAP_OK(mirage_log_sink_add(sink_b, NULL) == 0, "sink: a second one");
    TAP_OK(mirage_log_sink_add(sink_b, (void *)"c") == 0,
           "sink: the same function with another argument");
    TAP_OK(mirage_log_sink_add(sink_b, (void *)"d") == 0, "sink: a fourth");
    TAP_OK(mirage_log_sink_add(sink_b, (void *)"e") == -ENOSPC,
           "sink: a fifth: -ENOSPC (%d at most)", MIRAGE_LOG_SINKS_MAX);
    seen_reset();
    mirage_log_info(&test_src, "order");
    TAP_STREQ(seen.order, "abcd", "sink: called in registration order");
    TAP_OK(mirage_log_sink_remove(sink_b, (void *)"c") == 0,
           "sink: one removed");
    TAP_OK(mirage_log_sink_remove(sink_b, (void *)"c") == -ENOENT,
           "sink: removed twice: -ENOENT");
    TAP_OK(mirage_log_sink_remove(NULL, NULL) == -ENOENT,
           "sink: removing NULL: -ENOENT");
    TAP_OK(mirage_log_sink_add(sink_b, (void *)"e") == 0,
           "sink: its slot serves another");
    seen_reset();
    mirage_log_info(&test_src, "order");
    TAP_STREQ(seen.order, "abde", "sink: the order kept after a removal");
    mirage_log_sink_remove(sink_b, NULL);
    mirage_log_sink_remove(sink_b, (void *)"d");
    mirage_log_sink_remove(sink_b, (void *)"e");

    /* a sink that logs: printed, no recursion */
    TAP_OK(mirage_log_sink_add(sink_loud, NULL) == 0, "sink: a loud one");
    seen_reset();
    capture_reset();
    mirage_log_info(&test_src, "ping");
    TAP_STREQ(seen.order, "al", "sink: each sink once for the line");
    TAP_OK(seen.calls == 1 && strcmp(seen.text, "ping") == 0,
           "sink: a line a sink logs reaches no sink");
    TAP_STREQ(capture_out,
              LINE("INF", "test", "ping")
                  LINE("INF", "other", "sink saw 'ping'"),
              "sink: but it is printed, after the line");
    mirage_log_sink_remove(sink_loud, NULL);

    /* a sink that removes itself while it runs */
    TAP_OK(mirage_log_sink_add(sink_once, NULL) == 0 &&
               mirage_log_sink_add(sink_b, NULL) == 0,
           "sink: one that removes itself, and one after it");
    seen_reset();
    mirage_log_info(&test_src, "1");
    mirage_log_info(&test_src, "2");
    TAP_STREQ(seen.order, "aobab", "sink: it ran once, the others every time");
    mirage_log_sink_remove(sink_b, NULL);
    TAP_OK(mirage_log_sink_remove(sink_a, NULL) == 0, "sink: removed");
    seen_reset();
    mirage_log_info(&test_src, "none");
    TAP_OK(seen.calls == 0, "sink: a removed sink gets nothing");
}

static void test_replay(void)
{
    static char big[300];
    size_t n;

    core_log_reset();
    fake_wall_ns = NS(SOME_DAY, 1);
    /* 70 lines push the older ones out of the 64 of the ring */
    for (int i = 0; i < 70; i++)
        mirage_log_info(&test_src, "old %d", i);
    fake_wall_ns = NS(SOME_DAY, 2);
    mirage_log_debug(&test_src, "filtered");
    mirage_log_err(&other_src, "shown");
    memset(big, 'z', sizeof(big) - 1);
    mirage_log_info(&test_src, "%s", big);
    seen_reset();
    n = mirage_log_replay(sink_a, NULL);
    TAP_OK(n == 63 && seen.calls == 63,
           "replay: 63 of the ring's 64 lines, not the filtered one (%zu)", n);
    TAP_OK(seen.replayed && seen.truncated &&
               seen.len == CORE_LOG_RING_TEXT - 1,
           "replay: the last is marked replayed, and cut at %d bytes",
           CORE_LOG_RING_TEXT - 1);
    TAP_OK(seen.wall_ns == NS(SOME_DAY, 2) && seen.level == MIRAGE_LOG_INFO &&
               strcmp(seen.src, "test") == 0,
           "replay: with its time, level and source");
    TAP_OK(mirage_log_replay(NULL, NULL) == 0, "replay: NULL gives nothing");

    /* in order: the oldest kept first ("old 9"), the filtered one left */
    replayed[0] = '\0';
    mirage_log_sink_add(sink_a, NULL);
    seen_reset();
    n = mirage_log_replay(sink_join, NULL);
    TAP_OK(n == 63 && seen.calls == 0,
           "replay: only to the function given, not to the sinks");
    TAP_OK(strncmp(replayed, "old 9|old 10|", 13) == 0 &&
               strstr(replayed, "|old 69|shown|zzz") != NULL,
           "replay: oldest first, from the oldest line kept");

    /* a function that logs: its lines are printed and reach no sink; each
       takes the ring's entry just given, so every line is still given */
    seen_reset();
    capture_reset();
    n = mirage_log_replay(sink_loud, NULL);
    TAP_OK(seen.calls == 0, "replay: what the function logs reaches no sink");
    TAP_OK(strstr(capture_out, "INF [other] sink saw 'old 9'\n") != NULL,
           "replay: but it is printed");
    TAP_OK(n == 63 && strstr(capture_out, "sink saw 'shown'\n") &&
               !strstr(capture_out, "sink saw 'sink saw"),
           "replay: every line given, none logged meanwhile (%zu)", n);

    /* two lines logged per line given: the second takes an entry not
       given yet, which is skipped, never given with the new text */
    replayed[0] = '\0';
    n = mirage_log_replay(sink_twice, NULL);
    TAP_OK(n > 0 && n < 63 && !strstr(replayed, "twice") && seen.calls == 0,
           "replay: entries taken over meanwhile are skipped (%zu given)", n);
    mirage_log_sink_remove(sink_a, NULL);
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
    test_sinks();
    test_replay();
    return tap_done();
}
