/* SPDX-License-Identifier: ISC */
/* log.h: log sources, thresholds (-l/--logs) and the line format. */
#ifndef MIRAGE_CORE_LOG_H
#define MIRAGE_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/image.h>
#include <mirage/log.h>

#include "buf.h"

/* The longest log line written, in bytes, including its newline. */
#define CORE_LOG_LINE_MAX 1024

/*
 * The crash ring: the last CORE_LOG_RING_LINES messages of every level, kept
 * whether their source's threshold printed them or not, for crash reports.
 * A message keeps at most CORE_LOG_RING_TEXT - 1 bytes of its text; a longer
 * one ends with "...".
 */
#define CORE_LOG_RING_LINES 64
#define CORE_LOG_RING_TEXT  160

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

/*
 * Tells logging which image boots (NULL: none), so that --help and -l know
 * only the log sources of the device types it declares. Never fails.
 */
void core_log_set_image(const struct mirage_image *image);

/* The level names that -l accepts, as text for messages and --help. */
#define CORE_LOG_LEVELS_TEXT "quiet, app, error, warning, info or debug"

/*
 * Writes "YYYY-MM-DD HH:MM:SS.mmm" for (ns) nanoseconds since the Unix epoch
 * (UTC, negative before 1970) into (b).
 */
void core_log_format_time(struct core_buf *b, int64_t ns);

/* The three-letter label of (level) in a log line, e.g. "INF". */
const char *core_log_level_label(enum mirage_log_level level);

/* One message in the crash ring (private to log.c and logring.c). */
struct core_log_entry {
    int64_t wall_ns; /* when it was logged */
    uint64_t seq;    /* its number: messages begun before it */
    const char *src; /* its source's name */
    unsigned char level;
    unsigned char shown;           /* printed: its threshold let it through */
    unsigned char cut;             /* its text was truncated */
    volatile unsigned char state;  /* empty, being written or complete */
    char text[CORE_LOG_RING_TEXT]; /* NUL-terminated */
};

/*
 * Takes the ring's oldest entry for a new message from source (src) at
 * (level), logged at (wall_ns); the caller writes its text, NUL-terminated,
 * into the returned entry's text and calls core_log_ring_end. Never fails.
 */
struct core_log_entry *core_log_ring_begin(enum mirage_log_level level,
                                           const char *src, int64_t wall_ns);

/*
 * Completes (e); when (truncated), the text, which then fills the entry,
 * gets "..." as its last three characters.
 */
void core_log_ring_end(struct core_log_entry *e, bool truncated);

/*
 * Writes the lines in the crash ring, oldest first, through plat_error_write:
 * a header line after (prefix), then each message after (prefix) and two
 * spaces, as the log line that mirage_log prints (or would print) for it.
 * Writes nothing when the ring is empty. Needs no memory and takes no lock, so
 * a crash handler may call it. Returns the number of lines written.
 */
size_t core_log_ring_dump(const char *prefix);

/*
 * Gives (fn)(arg) the complete entries of the ring that were printed, oldest
 * first, as lines marked replayed. Returns how many it gave.
 */
size_t core_log_ring_replay(mirage_log_sink_fn fn, void *arg);

/*
 * Gives (line) to every registered sink, in registration order, unless a
 * sink is running already (a line logged by a sink reaches none). Never
 * fails.
 */
void core_log_sinks_emit(const struct mirage_log_line *line);

#endif
