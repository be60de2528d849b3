/* SPDX-License-Identifier: ISC */
/* logring.c: the crash ring, the last log messages of every level. */
#include <string.h>

#include "log.h"
#include "platform.h"

enum { ENTRY_EMPTY, ENTRY_WRITING, ENTRY_DONE };

static struct core_log_entry ring[CORE_LOG_RING_LINES];
static uint64_t ring_begun; /* messages ever begun; the next goes here */

struct core_log_entry *core_log_ring_begin(enum mirage_log_level level,
                                           const char *src, int64_t wall_ns)
{
    struct core_log_entry *e = &ring[ring_begun % CORE_LOG_RING_LINES];

    /* a crash report that comes while this is written skips the entry */
    e->state = ENTRY_WRITING;
    e->wall_ns = wall_ns;
    e->src = src;
    e->level = (unsigned char)level;
    e->shown = 0;
    e->cut = 0;
    e->seq = ring_begun;
    e->text[0] = '\0';
    ring_begun++;
    return e;
}

void core_log_ring_end(struct core_log_entry *e, bool truncated)
{
    if (truncated)
        memcpy(e->text + sizeof(e->text) - 4, "...", 4);
    e->cut = truncated;
    e->state = ENTRY_DONE;
}

/* Writes (e) as a log line after (prefix) and an indent. */
static void dump_entry(const char *prefix, const struct core_log_entry *e)
{
    /* prefix, time, level, source, text: never more than this */
    char line[128 + CORE_LOG_RING_TEXT];
    struct core_buf b;
    size_t len = 0;

    core_buf_init(&b, line, sizeof(line) - 1);
    core_buf_puts(&b, prefix);
    core_buf_puts(&b, "  ");
    core_log_format_time(&b, e->wall_ns);
    core_buf_printf(&b, " -00:00: %s [%.40s] ",
                    core_log_level_label((enum mirage_log_level)e->level),
                    e->src ? e->src : "?");
    /* bounded: the entry may have been cut short by a crash */
    while (len < sizeof(e->text) - 1 && e->text[len])
        len++;
    core_buf_add(&b, e->text, len);
    b.cap = sizeof(line);
    core_buf_puts(&b, "\n");
    plat_error_write(b.data, b.len);
}

size_t core_log_ring_dump(const char *prefix)
{
    uint64_t total = ring_begun;
    uint64_t kept = total < CORE_LOG_RING_LINES ? total : CORE_LOG_RING_LINES;
    size_t written = 0;
    char head[160];
    struct core_buf b;

    if (kept == 0)
        return 0;
    core_buf_init(&b, head, sizeof(head) - 1);
    core_buf_printf(&b,
                    "%sthe last %llu of %llu log messages, every level, "
                    "oldest first:",
                    prefix, (unsigned long long)kept,
                    (unsigned long long)total);
    b.cap = sizeof(head);
    core_buf_puts(&b, "\n");
    plat_error_write(b.data, b.len);
    for (uint64_t i = total - kept; i < total; i++) {
        const struct core_log_entry *e = &ring[i % CORE_LOG_RING_LINES];
        if (e->state != ENTRY_DONE)
            continue;
        dump_entry(prefix, e);
        written++;
    }
    return written;
}

size_t core_log_ring_replay(mirage_log_sink_fn fn, void *arg)
{
    uint64_t total = ring_begun;
    uint64_t kept = total < CORE_LOG_RING_LINES ? total : CORE_LOG_RING_LINES;
    size_t given = 0;

    for (uint64_t i = total - kept; i < total; i++) {
        const struct core_log_entry *e = &ring[i % CORE_LOG_RING_LINES];
        /* a copy: a line that (fn) logs may take this entry over */
        char text[CORE_LOG_RING_TEXT];
        struct mirage_log_line line;
        size_t len = 0;

        /* an entry that a line logged by (fn) took over is skipped */
        if (e->state != ENTRY_DONE || !e->shown || e->seq != i)
            continue;
        while (len < sizeof(text) - 1 && e->text[len]) {
            text[len] = e->text[len];
            len++;
        }
        text[len] = '\0';
        line = (struct mirage_log_line){
            .src = e->src ? e->src : "?",
            .level = (enum mirage_log_level)e->level,
            .wall_ns = e->wall_ns,
            .text = text,
            .len = len,
            .truncated = e->cut,
            .replayed = true,
        };
        fn(arg, &line);
        given++;
    }
    return given;
}
