/* SPDX-License-Identifier: ISC */
/* graph.h: dependency order and cycle detection over numbered nodes. */
#ifndef MIRAGE_HELPER_GRAPH_H
#define MIRAGE_HELPER_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A directed graph over the nodes 0 .. n-1, numbered in declaration order.
 * An edge u -> v means "u depends on v": v must start before u.
 */
struct graph {
    size_t n;
    size_t **out; /* out[u]: the nodes u depends on, in the given order */
    size_t *nout;
};

void graph_init(struct graph *g, size_t n);
void graph_add_edge(struct graph *g, size_t from, size_t to);
void graph_free(struct graph *g);

/*
 * Sets reached[v] for every node v reachable from one of (roots), the roots
 * included; other entries are left alone.
 */
void graph_reach(const struct graph *g, const size_t *roots, size_t nroots,
                 bool *reached);

/*
 * Puts the nodes v with include[v] (every node if (include) is NULL) into
 * (order) so that each comes after the nodes it depends on; among the nodes
 * that are ready at a step, the lowest-numbered goes first, so declaration
 * order decides whatever the dependencies leave open. Edges to nodes not
 * included are ignored. Returns how many nodes were placed: fewer than
 * were included if a cycle blocks the rest.
 */
size_t graph_order(const struct graph *g, const bool *include, size_t *order);

/* Called by graph_cycles with one cycle: path[0] -> ... -> path[len-1] ->
 * path[0]; a node that depends on itself gives len 1. */
typedef void graph_cycle_fn(const size_t *path, size_t len, void *ctx);

/*
 * Reports one cycle for each strongly connected component that has one, in
 * order of the component's lowest-numbered node, which starts the path; the
 * path is a shortest way round from that node. Returns the number reported.
 */
size_t graph_cycles(const struct graph *g, graph_cycle_fn *report, void *ctx);

#endif
