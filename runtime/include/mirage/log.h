/* SPDX-License-Identifier: ISC */
/* log.h: log sources and levels, filtered at boot by -l/--logs. */
#ifndef MIRAGE_LOG_H
#define MIRAGE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Levels, from most to least severe; a source prints messages <= its level. */
enum mirage_log_level {
    MIRAGE_LOG_QUIET = 0, /* as a threshold: print nothing */
    MIRAGE_LOG_APP,
    MIRAGE_LOG_ERROR,
    MIRAGE_LOG_WARNING,
    MIRAGE_LOG_INFO,
    MIRAGE_LOG_DEBUG,
};

/* A named log source. Define one with MIRAGE_LOG_SOURCE; never by hand. */
struct mirage_log_src {
    const char *name;            /* as used in -l NAME:LEVEL */
    const char *doc;             /* one line, for humans */
    enum mirage_log_level level; /* current threshold, set at boot */
    const char *device_type;     /* a device's source: its type; else NULL */
};

/*
 * MIRAGE_LOG_SOURCE(var, name, doc) defines (var), a log source called
 * (name). Every source defined so is known before boot, so -l can name it
 * and an unknown name in -l gets a warning.
 */
#define MIRAGE_LOG_SOURCE(var, srcname, srcdoc)                                \
    struct mirage_log_src var = {srcname, srcdoc, MIRAGE_LOG_INFO, NULL};      \
    static struct mirage_log_src *const var##_mirage_log_entry __attribute__(( \
        section("mirage_log_srcs"), used, aligned(sizeof(void *)))) = &var

/*
 * MIRAGE_LOG_DEVICE_SOURCE(var, name, doc, type) defines the log source of
 * an implementation of device (type) (a string such as "block"). --help and
 * -l know it only in images that declare a device of that type.
 */
#define MIRAGE_LOG_DEVICE_SOURCE(var, srcname, srcdoc, type)                   \
    struct mirage_log_src var = {srcname, srcdoc, MIRAGE_LOG_INFO, type};      \
    static struct mirage_log_src *const var##_mirage_log_entry __attribute__(( \
        section("mirage_log_srcs"), used, aligned(sizeof(void *)))) = &var

/*
 * Logs one message from (src) at (level), if the source's threshold lets it
 * through. The line carries a timestamp, the level and the source name; a
 * trailing newline is added. Never fails: an overlong message is truncated.
 */
void mirage_log(struct mirage_log_src *src, enum mirage_log_level level,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* As mirage_log, with a va_list. */
void mirage_vlog(struct mirage_log_src *src, enum mirage_log_level level,
                 const char *fmt, va_list ap);

/*
 * Sinks: functions that receive every log line printed, besides the
 * console (a syslog reporter is one). A line reaches the sinks when its
 * source's threshold lets it through (-l), right after the console got it.
 */

/* One log line, as a sink receives it. */
struct mirage_log_line {
    const char *src;             /* its source's name ("?" when none) */
    enum mirage_log_level level; /* MIRAGE_LOG_APP to MIRAGE_LOG_DEBUG */
    int64_t wall_ns;  /* when it was logged: the platform's wall clock, in
                         nanoseconds since the Unix epoch (UTC) */
    const char *text; /* the message, NUL-terminated, without a newline */
    size_t len;       /* strlen(text) */
    bool truncated;   /* the message was cut: (text) ends with "..." */
    bool replayed;    /* given by mirage_log_replay, not as it was logged */
};

/*
 * A sink: called synchronously, in whatever context logged the line (a
 * fiber, outside any fiber before the scheduler runs, an iteration hook).
 * It must not wait or block, and should be quick: copy what it needs (the
 * line is gone when it returns) and leave the work to a fiber of its own.
 * A line that a sink logs itself is printed but reaches no sink.
 */
typedef void (*mirage_log_sink_fn)(void *arg, const struct mirage_log_line *l);

/* How many sinks may be registered at once. */
#define MIRAGE_LOG_SINKS_MAX 4

/*
 * Registers (fn)(arg) as a sink, called for every line printed from now
 * on, after the sinks registered before it. Returns 0, -EINVAL for a NULL
 * (fn), -EEXIST when the same (fn, arg) is registered already, or -ENOSPC
 * when MIRAGE_LOG_SINKS_MAX sinks are.
 */
int mirage_log_sink_add(mirage_log_sink_fn fn, void *arg);

/*
 * Unregisters the sink (fn, arg); it gets no line after this returns (a
 * sink may remove itself, or another, while it is called). Returns 0, or
 * -ENOENT when it is not registered.
 */
int mirage_log_sink_remove(mirage_log_sink_fn fn, void *arg);

/*
 * Gives (fn)(arg), oldest first, the lines printed before that the crash
 * ring still holds: so a sink registered late (a reporter that needs the
 * network) gets the boot's lines too. The ring keeps the last 64 messages
 * of every level, the filtered ones too, which are skipped here; a message
 * keeps at most 159 bytes of its text there (a longer one ends with "..."
 * and is marked truncated). Each line is marked replayed. Lines logged
 * while (fn) runs reach no sink. Returns the number of lines given.
 */
size_t mirage_log_replay(mirage_log_sink_fn fn, void *arg);

#define mirage_log_app(src, ...) mirage_log((src), MIRAGE_LOG_APP, __VA_ARGS__)
#define mirage_log_err(src, ...)                                               \
    mirage_log((src), MIRAGE_LOG_ERROR, __VA_ARGS__)
#define mirage_log_warn(src, ...)                                              \
    mirage_log((src), MIRAGE_LOG_WARNING, __VA_ARGS__)
#define mirage_log_info(src, ...)                                              \
    mirage_log((src), MIRAGE_LOG_INFO, __VA_ARGS__)
#define mirage_log_debug(src, ...)                                             \
    mirage_log((src), MIRAGE_LOG_DEBUG, __VA_ARGS__)

#endif
