/* SPDX-License-Identifier: ISC */
/* log.c: log sources, thresholds (-l/--logs) and the line format. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "args.h"
#include "log.h"
#include "platform.h"

MIRAGE_LOG_SOURCE(core_log_src, "mirage", "the runtime: boot and exit");

/*
 * Every MIRAGE_LOG_SOURCE puts a pointer to its source in the section
 * mirage_log_srcs; the linker defines these two symbols around it. Weak, so
 * that a link without any source still works.
 */
extern struct mirage_log_src *const __start_mirage_log_srcs[]
    __attribute__((weak));
extern struct mirage_log_src *const __stop_mirage_log_srcs[]
    __attribute__((weak));

static size_t source_count(void)
{
    if (!__start_mirage_log_srcs || !__stop_mirage_log_srcs)
        return 0;
    return (size_t)(__stop_mirage_log_srcs - __start_mirage_log_srcs);
}

static struct mirage_log_src *source_at(size_t i)
{
    return __start_mirage_log_srcs[i];
}

/* The image being booted (NULL: none yet), whose devices pick the sources. */
static const struct mirage_image *log_image;

void core_log_set_image(const struct mirage_image *image)
{
    log_image = image;
}

/* Is (src) part of this image: not a device's, or of a device it declares? */
static bool source_in_image(const struct mirage_log_src *src)
{
    if (!src->device_type || !log_image)
        return true;
    for (size_t i = 0; i < log_image->ndevices; i++)
        if (strcmp(log_image->devices[i].type, src->device_type) == 0)
            return true;
    return false;
}

struct level_name {
    const char *name;
    enum mirage_log_level level;
};

static const struct level_name level_names[] = {
    {"quiet", MIRAGE_LOG_QUIET},  {"app", MIRAGE_LOG_APP},
    {"error", MIRAGE_LOG_ERROR},  {"warning", MIRAGE_LOG_WARNING},
    {"warn", MIRAGE_LOG_WARNING}, {"info", MIRAGE_LOG_INFO},
    {"debug", MIRAGE_LOG_DEBUG},
};

const char *core_log_level_label(enum mirage_log_level level)
{
    switch (level) {
    case MIRAGE_LOG_APP:
        return "APP";
    case MIRAGE_LOG_ERROR:
        return "ERR";
    case MIRAGE_LOG_WARNING:
        return "WRN";
    case MIRAGE_LOG_INFO:
        return "INF";
    case MIRAGE_LOG_DEBUG:
        return "DBG";
    default:
        return "???";
    }
}

/* Whether the span (s, len), which holds no NUL, is the string (word);
 * compared byte by byte, so that a mismatch at the first costs little. */
static bool span_eq(const char *s, size_t len, const char *word)
{
    for (size_t i = 0; i < len; i++)
        if (word[i] != s[i])
            return false; /* also at the end of a shorter word */
    return word[len] == '\0';
}

static int parse_level(const char *s, size_t len, enum mirage_log_level *out)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (span_eq(s, len, level_names[i].name)) {
            *out = level_names[i].level;
            return 0;
        }
    return -EINVAL;
}

void core_log_reset(void)
{
    for (size_t i = 0; i < source_count(); i++)
        source_at(i)->level = MIRAGE_LOG_INFO;
}

/* The index of the next source after (after) in name order, or -1. */
static long next_source(long after)
{
    long found = -1;

    for (size_t i = 0; i < source_count(); i++) {
        const char *n = source_at(i)->name;
        if (!n || !source_in_image(source_at(i)))
            continue;
        if (after >= 0) {
            int c = strcmp(n, source_at((size_t)after)->name);
            if (c < 0 || (c == 0 && (long)i <= after))
                continue;
        }
        if (found >= 0) {
            int c = strcmp(n, source_at((size_t)found)->name);
            if (c > 0 || (c == 0 && (long)i > found))
                continue;
        }
        found = (long)i;
    }
    return found;
}

void core_log_list_sources(struct core_buf *b)
{
    const char *last = NULL;

    for (long i = next_source(-1); i >= 0; i = next_source(i)) {
        const char *n = source_at((size_t)i)->name;
        if (last && strcmp(last, n) == 0)
            continue; /* two sources of one name: one entry */
        if (last)
            core_buf_puts(b, ", ");
        core_buf_puts(b, n);
        last = n;
    }
}

/* One entry of a -l list: [SRC:]LEVEL, as spans of the list's text. */
struct entry {
    const char *src; /* NULL when there is no SRC: part */
    size_t src_len;
    const char *level;
    size_t level_len;
};

/* Splits the entry (s, len) at its last ':'. */
static struct entry split_entry(const char *s, size_t len)
{
    struct entry e = {NULL, 0, s, len};

    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == ':') {
            e.src = s;
            e.src_len = i - 1;
            e.level = s + i;
            e.level_len = len - i;
            break;
        }
    return e;
}

/* Sets the sources named (name, len), or all for NULL; returns how many. */
static size_t set_sources(const char *name, size_t len,
                          enum mirage_log_level level)
{
    size_t n = 0;

    for (size_t i = 0; i < source_count(); i++) {
        struct mirage_log_src *src = source_at(i);
        if (!name || (src->name && span_eq(name, len, src->name) &&
                      source_in_image(src))) {
            src->level = level;
            n++;
        }
    }
    return n;
}

static void unknown_source(const char *prog, const char *opt, const char *name,
                           size_t len)
{
    char out[1024];
    struct core_buf b;

    core_buf_init(&b, out, sizeof(out) - 1);
    core_buf_printf(&b,
                    "%s: warning: option '%s': unknown log source '%.*s' "
                    "(ignored); the sources are: ",
                    prog, opt, (int)len, name);
    core_log_list_sources(&b);
    core_buf_puts(&b, ".");
    b.cap = sizeof(out);
    core_buf_puts(&b, "\n");
    plat_error_write(b.data, b.len);
}

int core_log_setup(const char *prog, const char *opt, const char *spec)
{
    enum mirage_log_level level;

    /* first check every entry, so that an error changes nothing */
    for (int pass = 0; pass < 2; pass++) {
        const char *p = spec;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            struct entry e = split_entry(p, len);
            if (len == 0) {
                /* an empty entry, as in "debug,": nothing to do */
            } else if (parse_level(e.level, e.level_len, &level) != 0) {
                /* name the entry too when it is more than the level */
                int elen = e.src ? (int)len : 0;
                core_args_usage_error(prog,
                                      "option '%s': unknown log level "
                                      "'%.*s'%s%.*s%s, expected "
                                      "one of " CORE_LOG_LEVELS_TEXT ".",
                                      opt, (int)e.level_len, e.level,
                                      elen ? " in '" : "", elen, p,
                                      elen ? "'" : "");
                return -EINVAL;
            } else if (pass == 1) {
                if (!e.src || span_eq(e.src, e.src_len, "*"))
                    set_sources(NULL, 0, level);
                else if (set_sources(e.src, e.src_len, level) == 0)
                    unknown_source(prog, opt, e.src, e.src_len);
            }
            p += comma ? len + 1 : len;
        }
    }
    return 0;
}

static bool is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Floor division and its remainder, for negative times before 1970. */
static int64_t floor_div(int64_t a, int64_t b, int64_t *rem)
{
    int64_t q = a / b, r = a % b;

    if (r < 0) {
        q--;
        r += b;
    }
    *rem = r;
    return q;
}

void core_log_format_time(struct core_buf *b, int64_t ns)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
    int64_t sub_ms, ms, secs, days, sod, year;
    int month;

    secs = floor_div(floor_div(ns, 1000000, &sub_ms), 1000, &ms);
    days = floor_div(secs, 86400, &sod);
    /* every 400 Gregorian years have 146097 days, from any start year */
    year = 1970 + 400 * floor_div(days, 146097, &days);
    for (;;) {
        int64_t ylen = is_leap(year) ? 366 : 365;
        if (days < ylen)
            break;
        days -= ylen;
        year++;
    }
    for (month = 0; month < 11; month++) {
        int mlen = month_days[month] + (month == 1 && is_leap(year));
        if (days < mlen)
            break;
        days -= mlen;
    }
    core_buf_printf(b, "%04lld-%02d-%02d %02d:%02d:%02d.%03d", (long long)year,
                    month + 1, (int)days + 1, (int)(sod / 3600),
                    (int)(sod / 60 % 60), (int)(sod % 60), (int)ms);
}

void mirage_vlog(struct mirage_log_src *src, enum mirage_log_level level,
                 const char *fmt, va_list ap)
{
    char line[CORE_LOG_LINE_MAX + 1];
    struct core_buf b, ring;
    struct core_log_entry *e;
    int64_t now;
    size_t text_at;

    if (!src)
        src = &core_log_src;
    if (level <= MIRAGE_LOG_QUIET || level > MIRAGE_LOG_DEBUG)
        return;
    now = plat_clock_wall_ns();
    e = core_log_ring_begin(level, src->name, now);
    core_buf_init(&ring, e->text, sizeof(e->text));
    if (level > src->level) {
        /* filtered out: only the crash ring keeps it */
        core_buf_vprintf(&ring, fmt, ap);
        core_log_ring_end(e, ring.truncated);
        return;
    }
    /* the text may take CORE_LOG_LINE_MAX - 1 bytes; then comes '\n' */
    core_buf_init(&b, line, CORE_LOG_LINE_MAX);
    core_log_format_time(&b, now);
    core_buf_printf(&b, " -00:00: %s [%s] ", core_log_level_label(level),
                    src->name ? src->name : "?");
    text_at = b.len;
    core_buf_vprintf(&b, fmt, ap);
    core_buf_add(&ring, line + text_at, b.len - text_at);
    e->shown = 1;
    core_log_ring_end(e, ring.truncated || b.truncated);
    if (b.truncated)
        memcpy(line + b.len - 3, "...", 3);
    line[b.len] = '\n';
    plat_console_write(line, b.len + 1);
    line[b.len] = '\0';
    core_log_sinks_emit(&(struct mirage_log_line){
        .src = src->name ? src->name : "?",
        .level = level,
        .wall_ns = now,
        .text = line + text_at,
        .len = b.len - text_at,
        .truncated = b.truncated,
    });
}

void mirage_log(struct mirage_log_src *src, enum mirage_log_level level,
                const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    mirage_vlog(src, level, fmt, ap);
    va_end(ap);
}
