/* SPDX-License-Identifier: ISC */
/* log.h: log sources, thresholds (-l/--logs) and the line format. */
#ifndef MIRAGE_CORE_LOG_H
#define MIRAGE_CORE_LOG_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/log.h>

#include "buf.h"

/* The longest log line written, in bytes, including its newline. */
#define CORE_LOG_LINE_MAX 1024

/* The runtime's own log source, "mirage". */
extern struct mirage_log_src core_log_src;

/* Sets the threshold of every log source back to info. */
void core_log_reset(void);

/*
 * Applies (spec), the value of -l/--logs, given as option (opt): a
 * comma-separated list of LEVEL or SRC:LEVEL, applied from left to right. A
 * bare LEVEL or *:LEVEL sets every source; SRC:LEVEL sets the sources named
 * SRC, and an unknown SRC only gets a warning on the error output. An
 * unknown LEVEL changes nothing: returns -EINVAL after printing a usage
 * error naming (prog) and (opt). Returns 0 otherwise.
 */
int core_log_setup(const char *prog, const char *opt, const char *spec);

/* Appends the names of the known log sources, sorted, comma-separated. */
void core_log_list_sources(struct core_buf *b);

/* The level names that -l accepts, as text for messages and --help. */
#define CORE_LOG_LEVELS_TEXT "quiet, app, error, warning, info or debug"

/*
 * Writes "YYYY-MM-DD HH:MM:SS.mmm" for (ns) nanoseconds since the Unix epoch
 * (UTC, negative before 1970) into (b).
 */
void core_log_format_time(struct core_buf *b, int64_t ns);

#endif
