/* SPDX-License-Identifier: ISC */
/* graph.c: dependency order and cycle detection over numbered nodes. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "util.h"

void graph_init(struct graph *g, size_t n)
{
    g->n = n;
    g->out = xcalloc(n, sizeof(*g->out));
    g->nout = xcalloc(n, sizeof(*g->nout));
}

void graph_add_edge(struct graph *g, size_t from, size_t to)
{
    g->out[from] =
        xrealloc(g->out[from], (g->nout[from] + 1) * sizeof(*g->out[from]));
    g->out[from][g->nout[from]++] = to;
}

void graph_free(struct graph *g)
{
    for (size_t u = 0; u < g->n; u++)
        free(g->out[u]);
    free(g->out);
    free(g->nout);
    memset(g, 0, sizeof(*g));
}

void graph_reach(const struct graph *g, const size_t *roots, size_t nroots,
                 bool *reached)
{
    size_t *stack = xmalloc((g->n + 1) * sizeof(*stack));
    bool *seen = xcalloc(g->n, sizeof(*seen));
    size_t top = 0;

    /* each node is pushed at most once, so the stack cannot overflow */
    for (size_t i = 0; i < nroots; i++) {
        if (roots[i] < g->n && !seen[roots[i]]) {
            seen[roots[i]] = true;
            stack[top++] = roots[i];
        }
    }
    while (top > 0) {
        size_t u = stack[--top];
        reached[u] = true;
        for (size_t k = 0; k < g->nout[u]; k++) {
            size_t v = g->out[u][k];
            if (!seen[v]) {
                seen[v] = true;
                stack[top++] = v;
            }
        }
    }
    free(seen);
    free(stack);
}

size_t graph_order(const struct graph *g, const bool *include, size_t *order)
{
    bool *placed = xcalloc(g->n, sizeof(*placed));
    size_t count = 0;
    bool progress = true;

    /* Kahn's algorithm, always taking the lowest-numbered ready node */
    while (progress) {
        progress = false;
        for (size_t u = 0; u < g->n; u++) {
            bool ready = !placed[u] && (!include || include[u]);
            for (size_t k = 0; ready && k < g->nout[u]; k++) {
                size_t v = g->out[u][k];
                if ((!include || include[v]) && !placed[v])
                    ready = false;
            }
            if (ready) {
                placed[u] = true;
                order[count++] = u;
                progress = true;
                break; /* rescan: a lower node may be ready now */
            }
        }
    }
    free(placed);
    return count;
}

/* Marks the nodes that can reach (target): a reverse reachability. */
static void reach_back(const struct graph *g, size_t target, bool *marks)
{
    bool changed = true;

    marks[target] = true;
    while (changed) {
        changed = false;
        for (size_t u = 0; u < g->n; u++) {
            for (size_t k = 0; !marks[u] && k < g->nout[u]; k++) {
                if (marks[g->out[u][k]]) {
                    marks[u] = true;
                    changed = true;
                }
            }
        }
    }
}

/*
 * Finds a shortest path from (start) back to itself through the nodes with
 * in_scc[] set, by breadth-first search; writes it to (path) and returns its
 * length (the number of nodes on it).
 */
static size_t shortest_cycle(const struct graph *g, size_t start,
                             const bool *in_scc, size_t *path)
{
    size_t *queue = xmalloc(g->n * sizeof(*queue));
    size_t *parent = xmalloc(g->n * sizeof(*parent));
    bool *seen = xcalloc(g->n, sizeof(*seen));
    size_t head = 0, tail = 0, last = start, len = 0;

    queue[tail++] = start;
    seen[start] = true;
    while (head < tail) {
        size_t u = queue[head++];
        bool closed = false;
        for (size_t k = 0; k < g->nout[u]; k++) {
            size_t v = g->out[u][k];
            if (v == start) {
                last = u;
                closed = true;
                break;
            }
            if (in_scc[v] && !seen[v]) {
                seen[v] = true;
                parent[v] = u;
                queue[tail++] = v;
            }
        }
        if (closed)
            break;
    }
    /* walk back from the node that closes the cycle, then reverse */
    for (size_t v = last;; v = parent[v]) {
        path[len++] = v;
        if (v == start)
            break;
    }
    for (size_t i = 0; i < len / 2; i++) {
        size_t t = path[i];
        path[i] = path[len - 1 - i];
        path[len - 1 - i] = t;
    }
    free(seen);
    free(parent);
    free(queue);
    return len;
}

size_t graph_cycles(const struct graph *g, graph_cycle_fn *report, void *ctx)
{
    bool *done = xcalloc(g->n, sizeof(*done));
    bool *fwd = xmalloc(g->n * sizeof(*fwd));
    bool *back = xmalloc(g->n * sizeof(*back));
    size_t *path = xmalloc((g->n + 1) * sizeof(*path));
    size_t found = 0;

    for (size_t s = 0; s < g->n; s++) {
        size_t size = 0;
        bool self = false;

        if (done[s])
            continue;
        /* the component of s: nodes both reachable from s and reaching s */
        memset(fwd, 0, g->n * sizeof(*fwd));
        memset(back, 0, g->n * sizeof(*back));
        graph_reach(g, &s, 1, fwd);
        reach_back(g, s, back);
        for (size_t v = 0; v < g->n; v++) {
            fwd[v] = fwd[v] && back[v];
            if (fwd[v]) {
                done[v] = true;
                size++;
            }
        }
        for (size_t k = 0; k < g->nout[s]; k++)
            if (g->out[s][k] == s)
                self = true;
        if (size > 1 || self) {
            size_t len = shortest_cycle(g, s, fwd, path);
            report(path, len, ctx);
            found++;
        }
    }
    free(path);
    free(back);
    free(fwd);
    free(done);
    return found;
}
