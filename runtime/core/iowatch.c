/* SPDX-License-Identifier: ISC */
/* iowatch.c: a small table of I/O watches for the platforms without epoll. */
#include <errno.h>
#include <stdbool.h>

#include <mirage/fiber.h>

#include "core/iowatch.h"

struct iowatch {
    int source;
    unsigned events;
    struct mirage_cond *cond;
    bool used, armed;
};

static struct iowatch watches[CORE_IOWATCH_MAX];
static size_t narmed;

/* The watch of (source), or NULL. */
static struct iowatch *find(int source)
{
    for (size_t i = 0; i < CORE_IOWATCH_MAX; i++)
        if (watches[i].used && watches[i].source == source)
            return &watches[i];
    return NULL;
}

int core_iowatch_arm(int source, unsigned events, struct mirage_cond *cond)
{
    struct iowatch *w;

    if (source < 0 || events == 0 || !cond)
        return -EINVAL;
    w = find(source);
    for (size_t i = 0; !w && i < CORE_IOWATCH_MAX; i++)
        if (!watches[i].used)
            w = &watches[i];
    if (!w)
        return -ENOMEM;
    if (!w->armed)
        narmed++;
    *w = (struct iowatch){source, events, cond, true, true};
    return 0;
}

int core_iowatch_remove(int source)
{
    struct iowatch *w = find(source);

    if (!w)
        return -ENOENT;
    if (w->armed)
        narmed--;
    *w = (struct iowatch){0, 0, NULL, false, false};
    return 0;
}

size_t core_iowatch_armed(void)
{
    return narmed;
}

size_t core_iowatch_list(int *sources, unsigned *events, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < CORE_IOWATCH_MAX && n < max; i++)
        if (watches[i].armed) {
            sources[n] = watches[i].source;
            events[n++] = watches[i].events;
        }
    return n;
}

int core_iowatch_fire(int source, unsigned ready)
{
    struct iowatch *w = find(source);

    if (!w || !w->armed || !(w->events & ready))
        return 0;
    w->armed = false;
    narmed--;
    mirage_cond_broadcast(w->cond);
    return 1;
}
