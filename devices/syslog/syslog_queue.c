/* SPDX-License-Identifier: ISC */
/* syslog_queue.c: a bounded queue of log lines waiting to be sent. */
#include <errno.h>
#include <string.h>

#include "syslog_queue.h"

/* A line in the ring: this header, then its text. */
struct item {
    int64_t wall_ns;
    const char *src;
    uint32_t dropped;
    uint16_t len;
    uint8_t level;
    uint8_t truncated;
};

void syslog_queue_init(struct syslog_queue *q, void *buf, size_t cap,
                       unsigned max_lines)
{
    memset(q, 0, sizeof(*q));
    q->buf = buf;
    q->cap = cap;
    q->max_lines = max_lines;
}

/* Copies (n) bytes of (from) into the ring at offset (at), wrapping. */
static void ring_put(struct syslog_queue *q, size_t at, const void *from,
                     size_t n)
{
    size_t first = q->cap - at < n ? q->cap - at : n;

    memcpy(q->buf + at, from, first);
    memcpy(q->buf, (const unsigned char *)from + first, n - first);
}

/* Copies (n) bytes of the ring at offset (at) into (to), wrapping. */
static void ring_get(const struct syslog_queue *q, size_t at, void *to,
                     size_t n)
{
    size_t first = q->cap - at < n ? q->cap - at : n;

    memcpy(to, q->buf + at, first);
    memcpy((unsigned char *)to + first, q->buf, n - first);
}

/* Adds (it) and (text) at the tail, when they fit; 0 or -ENOBUFS. */
static int add(struct syslog_queue *q, const struct item *it, const char *text)
{
    size_t need = sizeof(*it) + it->len, tail;

    if (q->lines >= q->max_lines || need > q->cap - q->used)
        return -ENOBUFS;
    tail = (q->head + q->used) % q->cap;
    ring_put(q, tail, it, sizeof(*it));
    ring_put(q, (tail + sizeof(*it)) % q->cap, text, it->len);
    q->used += need;
    q->lines++;
    return 0;
}

int syslog_queue_push(struct syslog_queue *q, const struct syslog_rec *rec)
{
    struct item it = {
        .wall_ns = rec->wall_ns,
        .src = rec->src,
        .dropped = rec->dropped,
        .len =
            (uint16_t)(rec->len > SYSLOG_TEXT_MAX ? SYSLOG_TEXT_MAX : rec->len),
        .level = rec->level,
        .truncated = rec->truncated || rec->len > SYSLOG_TEXT_MAX,
    };

    if (!q->dropping && add(q, &it, rec->text) == 0) {
        q->queued_all++;
        return 0;
    }
    q->dropping = true;
    if (q->dropped < UINT32_MAX)
        q->dropped++;
    q->dropped_all++;
    q->last_drop_ns = rec->wall_ns;
    return -ENOBUFS;
}

int syslog_queue_pop(struct syslog_queue *q, struct syslog_rec *rec, char *text)
{
    struct item it;

    if (q->lines == 0)
        return 0;
    ring_get(q, q->head, &it, sizeof(it));
    ring_get(q, (q->head + sizeof(it)) % q->cap, text, it.len);
    q->head = (q->head + sizeof(it) + it.len) % q->cap;
    q->used -= sizeof(it) + it.len;
    q->lines--;
    *rec = (struct syslog_rec){
        .wall_ns = it.wall_ns,
        .src = it.src,
        .level = it.level,
        .truncated = it.truncated,
        .dropped = it.dropped,
        .text = text,
        .len = it.len,
    };
    if (q->used == 0)
        q->head = 0;
    if (q->dropping && q->lines <= q->max_lines / 2 && q->used <= q->cap / 2) {
        struct item note = {
            .wall_ns = q->last_drop_ns,
            .src = SYSLOG_NOTE_SRC,
            .dropped = q->dropped,
            .level = MIRAGE_LOG_WARNING,
        };
        /* half of the queue is free: the note fits */
        add(q, &note, "");
        q->dropping = false;
        q->dropped = 0;
    }
    return 1;
}
