/* SPDX-License-Identifier: ISC */
/* fiber-switch-bench.c: fiber switches against ucontext; fiber memory. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <mirage/fiber.h>

#include "core/sched.h"
#include "core/sched_impl.h"

#define ITERATIONS 1000000L /* yields of each fiber per run */
#define RUNS       5
#define IDLE       10000 /* fibers for the memory figure */

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* --- mirage fibers ----------------------------------------------------- */

static int ping(void *unused)
{
    (void)unused;
    for (long i = 0; i < ITERATIONS; i++)
        mirage_yield();
    return 0;
}

static double fiber_best;

static int fiber_runs(void *unused)
{
    (void)unused;
    fiber_best = 1e30;
    for (int r = 0; r < RUNS; r++) {
        struct mirage_fiber *f[2];
        uint64_t t0;
        double ns;

        mirage_fiber_spawn(&f[0], ping, NULL, NULL);
        mirage_fiber_spawn(&f[1], ping, NULL, NULL);
        t0 = now_ns();
        mirage_fiber_join_all(f, 2, NULL, MIRAGE_FOREVER);
        ns = (double)(now_ns() - t0) / (2.0 * ITERATIONS);
        if (ns < fiber_best)
            fiber_best = ns;
    }
    return 0;
}

/* --- ucontext ---------------------------------------------------------- */

static ucontext_t uc_main, uc_a, uc_b;

static void uc_ping(void)
{
    for (long i = 0; i < ITERATIONS; i++)
        swapcontext(&uc_a, &uc_b);
}

static void uc_pong(void)
{
    for (;;)
        swapcontext(&uc_b, &uc_a);
}

static double ucontext_best(void)
{
    static char stack_a[64 * 1024], stack_b[64 * 1024];
    double best = 1e30;

    for (int r = 0; r < RUNS; r++) {
        uint64_t t0;
        double ns;

        getcontext(&uc_a);
        uc_a.uc_stack.ss_sp = stack_a;
        uc_a.uc_stack.ss_size = sizeof(stack_a);
        uc_a.uc_link = &uc_main;
        makecontext(&uc_a, uc_ping, 0);
        getcontext(&uc_b);
        uc_b.uc_stack.ss_sp = stack_b;
        uc_b.uc_stack.ss_size = sizeof(stack_b);
        uc_b.uc_link = &uc_main;
        makecontext(&uc_b, uc_pong, 0);
        t0 = now_ns();
        swapcontext(&uc_main, &uc_a); /* back when ping ends */
        ns = (double)(now_ns() - t0) / (2.0 * ITERATIONS);
        if (ns < best)
            best = ns;
    }
    return best;
}

/* --- memory ------------------------------------------------------------ */

static struct mirage_cond idle_cond = MIRAGE_COND_INIT;
static double rss_per_fiber;

static long resident_pages(void)
{
    long size = 0, resident = -1;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = -1;
        fclose(f);
    }
    return resident;
}

static int idler(void *unused)
{
    (void)unused;
    return mirage_cond_wait(&idle_cond, MIRAGE_FOREVER);
}

static int measure_idle(void *unused)
{
    static struct mirage_fiber *f[IDLE];
    long before, after;

    (void)unused;
    before = resident_pages();
    for (int i = 0; i < IDLE; i++)
        if (mirage_fiber_spawn(&f[i], idler, NULL, NULL) != 0) {
            fprintf(stderr, "fiber-switch: cannot spawn fiber %d\n", i);
            return 1;
        }
    mirage_yield(); /* every one has run and waits */
    after = resident_pages();
    rss_per_fiber = before < 0 || after < 0 ? -1
                                            : (double)(after - before) *
                                                  sysconf(_SC_PAGESIZE) / IDLE;
    mirage_cond_broadcast(&idle_cond);
    return mirage_fiber_join_all(f, IDLE, NULL, MIRAGE_FOREVER);
}

int main(void)
{
    double uc;

    if (core_sched_run_main(fiber_runs, NULL) != 0 ||
        core_sched_run_main(measure_idle, NULL) != 0)
        return 1;
    uc = ucontext_best();
    printf("fiber-switch: two fibers ping-pong, %ld switches each, best of "
           "%d runs\n\n",
           ITERATIONS, RUNS);
    printf("%-44s %12s\n", "measure", "value");
    printf("%-44s %12.1f\n", "mirage_yield, ns per switch", fiber_best);
    printf("%-44s %12.1f\n", "ucontext swapcontext, ns per switch", uc);
    printf("%-44s %11.1fx\n", "ratio (ucontext / mirage)", uc / fiber_best);
    printf("%-44s %12zu\n", "control block, bytes",
           sizeof(struct mirage_fiber));
    printf("%-44s %12d\n", "default stack, bytes (control block included)",
           CORE_FIBER_DEFAULT_STACK);
    printf("%-44s %12.0f\n", "RSS growth per idle fiber, bytes (10000)",
           rss_per_fiber);
    return 0;
}
