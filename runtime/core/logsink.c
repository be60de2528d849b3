/* SPDX-License-Identifier: ISC */
/* logsink.c: the log sinks, functions that get every line printed. */
#include <errno.h>
#include <stdbool.h>

#include "log.h"

struct sink {
    mirage_log_sink_fn fn; /* NULL: removed while the sinks ran */
    void *arg;
};

/* The sinks in registration order; (nsinks) slots in use. */
static struct sink sinks[MIRAGE_LOG_SINKS_MAX];
static size_t nsinks;
/* A sink (or a replay) runs: lines logged now reach no sink, and removed
   sinks leave their slot empty until the sinks are done. */
static bool in_sink;

/* Closes the gaps that removals left, keeping the order. */
static void compact(void)
{
    size_t n = 0;

    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].fn)
            sinks[n++] = sinks[i];
    for (size_t i = n; i < nsinks; i++)
        sinks[i] = (struct sink){NULL, NULL};
    nsinks = n;
}

int mirage_log_sink_add(mirage_log_sink_fn fn, void *arg)
{
    if (!fn)
        return -EINVAL;
    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].fn == fn && sinks[i].arg == arg)
            return -EEXIST;
    if (!in_sink)
        compact();
    if (nsinks == MIRAGE_LOG_SINKS_MAX)
        return -ENOSPC;
    sinks[nsinks++] = (struct sink){fn, arg};
    return 0;
}

int mirage_log_sink_remove(mirage_log_sink_fn fn, void *arg)
{
    for (size_t i = 0; fn && i < nsinks; i++)
        if (sinks[i].fn == fn && sinks[i].arg == arg) {
            sinks[i].fn = NULL;
            if (!in_sink)
                compact();
            return 0;
        }
    return -ENOENT;
}

void core_log_sinks_emit(const struct mirage_log_line *line)
{
    if (in_sink || nsinks == 0)
        return;
    in_sink = true;
    /* slots read afresh: a sink may remove itself or another, or add one
       (which gets the next line, not this one) */
    for (size_t i = 0, n = nsinks; i < n; i++)
        if (sinks[i].fn)
            sinks[i].fn(sinks[i].arg, line);
    in_sink = false;
    compact();
}

size_t mirage_log_replay(mirage_log_sink_fn fn, void *arg)
{
    bool was = in_sink;
    size_t n;

    if (!fn)
        return 0;
    in_sink = true;
    n = core_log_ring_replay(fn, arg);
    in_sink = was;
    if (!in_sink)
        compact();
    return n;
}
