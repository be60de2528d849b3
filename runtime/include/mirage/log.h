/* SPDX-License-Identifier: ISC */
/* log.h: log sources and levels, filtered at boot by -l/--logs. */
#ifndef MIRAGE_LOG_H
#define MIRAGE_LOG_H

#include <stdarg.h>

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
