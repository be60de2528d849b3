/* SPDX-License-Identifier: ISC */
/* syslog_queue.h: a bounded queue of log lines waiting to be sent. */
#ifndef MIRAGE_DEVICES_SYSLOG_QUEUE_H
#define MIRAGE_DEVICES_SYSLOG_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syslog_fmt.h"

/* The source name of the notes of lines dropped. */
#define SYSLOG_NOTE_SRC "syslog"

/* The longest text a queued line keeps; a longer one is cut. */
#define SYSLOG_TEXT_MAX 1024

/*
 * Lines in a ring of bytes with a bound on their number and on their
 * bytes. When a line finds no room it is dropped and counted, and so is
 * every line after it until the queue has drained to half its bounds;
 * then a note of how many were dropped takes the place of the gap, so the
 * collector reads the lines in order and knows where some are missing.
 */
struct syslog_queue {
    unsigned char *buf; /* the ring */
    size_t cap;         /* its bytes */
    size_t head;        /* where the oldest line begins */
    size_t used;        /* bytes in use */
    unsigned lines;     /* lines (and notes) queued */
    unsigned max_lines;
    bool dropping;        /* dropping until the queue drains to half */
    uint32_t dropped;     /* dropped since the last note */
    int64_t last_drop_ns; /* the time of the last line dropped */
    uint64_t dropped_all; /* every line ever dropped */
    uint64_t queued_all;  /* every line ever queued */
};

/*
 * Makes (q) an empty queue in (buf) of (cap) bytes, for at most
 * (max_lines) lines (at least 2).
 */
void syslog_queue_init(struct syslog_queue *q, void *buf, size_t cap,
                       unsigned max_lines);

/*
 * Queues a copy of (rec) (its text cut to SYSLOG_TEXT_MAX bytes, marked
 * truncated). Returns 0, or -ENOBUFS when it was dropped (counted).
 */
int syslog_queue_push(struct syslog_queue *q, const struct syslog_rec *rec);

/*
 * Takes the oldest line (or note) into (*rec), its text copied into
 * (text), which holds SYSLOG_TEXT_MAX bytes; (rec->src) is the pointer
 * pushed. When lines were dropped and the queue is now at most half full,
 * queues their note. Returns 1, or 0 when the queue is empty.
 */
int syslog_queue_pop(struct syslog_queue *q, struct syslog_rec *rec,
                     char *text);

#endif
