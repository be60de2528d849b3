/* SPDX-License-Identifier: ISC */
/* test_helper_graph.c: unit tests of dependency order and cycle finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "graph.h"
#include "tap.h"

/* Formats (n) node numbers as "0 1 2" into a static buffer. */
static const char *seq(const size_t *v, size_t n)
{
    static char buf[256];
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof(buf) - 16; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%zu",
                                i ? " " : "", v[i]);
    return buf;
}

static void test_order(void)
{
    struct graph g;
    size_t order[8], n;
    bool include[8] = {false};

    graph_init(&g, 4);
    n = graph_order(&g, NULL, order);
    TAP_STREQ(seq(order, n), "0 1 2 3", "no dependencies: declaration order");
    graph_free(&g);

    /* 0 -> 1 -> 2: each depends on the next */
    graph_init(&g, 3);
    graph_add_edge(&g, 0, 1);
    graph_add_edge(&g, 1, 2);
    n = graph_order(&g, NULL, order);
    TAP_STREQ(seq(order, n), "2 1 0", "a chain starts from its end");
    graph_free(&g);

    /* 0 depends on 2; 1 and 3 are free: ties go by number */
    graph_init(&g, 4);
    graph_add_edge(&g, 0, 2);
    n = graph_order(&g, NULL, order);
    TAP_STREQ(seq(order, n), "1 2 0 3",
              "stable: the lowest ready node goes first");
    graph_free(&g);

    /* a diamond with a repeated edge: 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3 */
    graph_init(&g, 4);
    graph_add_edge(&g, 0, 1);
    graph_add_edge(&g, 0, 2);
    graph_add_edge(&g, 0, 2);
    graph_add_edge(&g, 1, 3);
    graph_add_edge(&g, 2, 3);
    n = graph_order(&g, NULL, order);
    TAP_STREQ(seq(order, n), "3 1 2 0", "a diamond");
    graph_free(&g);

    /* only what is reachable from node 1 */
    graph_init(&g, 5);
    graph_add_edge(&g, 1, 4);
    graph_add_edge(&g, 4, 3);
    graph_add_edge(&g, 0, 2);
    {
        size_t root = 1;
        graph_reach(&g, &root, 1, include);
    }
    TAP_OK(!include[0] && include[1] && !include[2] && include[3] && include[4],
           "graph_reach marks the root and what it depends on, only");
    n = graph_order(&g, include, order);
    TAP_STREQ(seq(order, n), "3 4 1", "ordering only the included nodes");
    graph_free(&g);

    /* a cycle blocks its nodes and what depends on them */
    graph_init(&g, 4);
    graph_add_edge(&g, 1, 2);
    graph_add_edge(&g, 2, 1);
    graph_add_edge(&g, 3, 1);
    n = graph_order(&g, NULL, order);
    TAP_STREQ(seq(order, n), "0", "a cycle leaves nodes unplaced");
    graph_free(&g);
}

/* The cycles reported, as "a b; c" */
static char cycles_text[256];

static void collect(const size_t *path, size_t len, void *ctx)
{
    size_t used = strlen(cycles_text);
    (void)ctx;
    snprintf(cycles_text + used, sizeof(cycles_text) - used, "%s%s",
             used ? "; " : "", seq(path, len));
}

static void test_cycles(void)
{
    struct graph g;
    size_t n;

    graph_init(&g, 3);
    graph_add_edge(&g, 0, 1);
    graph_add_edge(&g, 1, 2);
    cycles_text[0] = '\0';
    n = graph_cycles(&g, collect, NULL);
    TAP_OK(n == 0 && !cycles_text[0], "no cycle in a chain");
    graph_free(&g);

    /* 0 <-> 1; 2 -> 2; 3 -> 4 -> 5 -> 3 with a shortcut 4 -> 3 */
    graph_init(&g, 7);
    graph_add_edge(&g, 0, 1);
    graph_add_edge(&g, 1, 0);
    graph_add_edge(&g, 2, 2);
    graph_add_edge(&g, 3, 4);
    graph_add_edge(&g, 4, 5);
    graph_add_edge(&g, 5, 3);
    graph_add_edge(&g, 4, 3);
    graph_add_edge(&g, 6, 0);
    cycles_text[0] = '\0';
    n = graph_cycles(&g, collect, NULL);
    TAP_OK(n == 3, "one cycle per strongly connected component (got %zu)", n);
    TAP_STREQ(cycles_text, "0 1; 2; 3 4",
              "cycles start at their lowest node and take the shortest way");
    graph_free(&g);

    /* a longer cycle, entered from its middle */
    graph_init(&g, 4);
    graph_add_edge(&g, 0, 2);
    graph_add_edge(&g, 2, 3);
    graph_add_edge(&g, 3, 1);
    graph_add_edge(&g, 1, 0);
    cycles_text[0] = '\0';
    graph_cycles(&g, collect, NULL);
    TAP_STREQ(cycles_text, "0 2 3 1", "the path follows the edges");
    graph_free(&g);
}

/* check_spec on a spec text; returns the diagnostics. */
static char *check_text(const char *text, struct spec *spec,
                        struct model *model, unsigned *errors)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *diag = open_memstream(&out, &len);

    diag_set_stream(diag);
    if (spec_parse(spec, in, "t.spec") != 0)
        printf("# unexpected syntax error\n");
    *errors = check_spec(spec, model);
    fclose(in);
    fclose(diag);
    diag_set_stream(NULL);
    return out;
}

static void test_model(void)
{
    /* declared: app (needs b), unused, b (needs a), a */
    static const char text[] =
        "[device app]\nlocation = c:1\ntype = time\ndepends = b\n"
        "[device spare]\nlocation = c:2\ntype = time\n"
        "[device b]\nlocation = c:3\ntype = time\ndepends = a\n"
        "[device a]\nlocation = c:4\ntype = time\n"
        "[unikernel u]\nlocation = c:5\nstart = s\ndevices = app\n"
        "target = unix\n";
    static const char cyclic[] =
        "[device a]\nlocation = c:1\ntype = time\ndepends = b\n"
        "[device b]\nlocation = c:2\ntype = time\ndepends = a\n"
        "[device c]\nlocation = c:3\ntype = time\ndepends = c\n"
        "[unikernel u]\nlocation = c:5\nstart = s\ndevices = a\n"
        "target = unix\n";
    struct spec spec;
    struct model model;
    unsigned errors;
    char *out = check_text(text, &spec, &model, &errors);

    /* time/default takes no dependencies, so arity errors are expected;
     * the order is computed all the same */
    TAP_OK(errors == 2, "two arity errors (got %u)", errors);
    TAP_STREQ(seq(model.order, model.norder), "3 2 0",
              "only used devices are started, dependencies first");
    TAP_OK(out && strstr(out, "c:2: warning: MIRAGE_DEVICE(spare): device "
                              "'spare' is not used"),
           "the unused device gets a warning");
    free(out);
    model_free(&model);
    spec_free(&spec);

    out = check_text(cyclic, &spec, &model, &errors);
    TAP_OK(out && strstr(out, "c:1: MIRAGE_DEVICE(a): dependency cycle: "
                              "a -> b -> a"),
           "a two-device cycle is reported with its path");
    TAP_OK(out && strstr(out, "c:3: MIRAGE_DEVICE(c): dependency cycle: "
                              "c -> c"),
           "a device depending on itself is a cycle");
    free(out);
    model_free(&model);
    spec_free(&spec);
}

int main(void)
{
    test_order();
    test_cycles();
    test_model();
    return tap_done();
}
