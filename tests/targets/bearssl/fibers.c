/* SPDX-License-Identifier: ISC */
/* fibers.c: MXCSR and the x87 control word are each fiber's own. */
#include <stdint.h>
#include <stdio.h>

#include <mirage/fiber.h>

#include "check.h"

/* At power-on and for a new fiber: round to nearest, exceptions masked. */
#define MXCSR_DEFAULT 0x1f80u
#define FPUCW_DEFAULT 0x037fu

static unsigned get_mxcsr(void)
{
    unsigned v;

    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_mxcsr(unsigned v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static unsigned get_fpucw(void)
{
    uint16_t v;

    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static void set_fpucw(unsigned v)
{
    uint16_t w = (uint16_t)v;

    __asm__ volatile("fldcw %0" : : "m"(w));
}

/* What each fiber saw: at its start, and after the other had run. */
struct seen {
    unsigned mxcsr, fpucw; /* the rounding modes it sets */
    unsigned start_mxcsr, start_fpucw;
    unsigned end_mxcsr, end_fpucw;
};

static struct mirage_promise first_set = MIRAGE_PROMISE_INIT;
static struct mirage_promise second_set = MIRAGE_PROMISE_INIT;

/* The first fiber: sets its modes, lets the second run, checks its own. */
static int first(void *arg)
{
    struct seen *s = arg;

    s->start_mxcsr = get_mxcsr();
    s->start_fpucw = get_fpucw();
    set_mxcsr(s->mxcsr);
    set_fpucw(s->fpucw);
    mirage_promise_resolve(&first_set, 0, NULL);
    mirage_promise_wait(&second_set, NULL, NULL, MIRAGE_FOREVER);
    s->end_mxcsr = get_mxcsr();
    s->end_fpucw = get_fpucw();
    return 0;
}

/* The second: starts once the first has changed its modes. */
static int second(void *arg)
{
    struct seen *s = arg;

    mirage_promise_wait(&first_set, NULL, NULL, MIRAGE_FOREVER);
    s->start_mxcsr = get_mxcsr();
    s->start_fpucw = get_fpucw();
    set_mxcsr(s->mxcsr);
    set_fpucw(s->fpucw);
    mirage_promise_resolve(&second_set, 0, NULL);
    mirage_yield();
    s->end_mxcsr = get_mxcsr();
    s->end_fpucw = get_fpucw();
    return 0;
}

void fibers(void)
{
    /* round toward zero, and round up (MXCSR.RC, x87 CW.RC) */
    struct seen a = {0x7f80u, 0x0f7fu, 0, 0, 0, 0};
    struct seen b = {0x5f80u, 0x0b7fu, 0, 0, 0, 0};
    struct mirage_fiber *f[2];
    int results[2] = {-1, -1};

    check(get_mxcsr() == MXCSR_DEFAULT && get_fpucw() == FPUCW_DEFAULT,
          "fibers: the main fiber starts with the default modes");
    mirage_fiber_spawn(&f[0], first, &a, NULL);
    mirage_fiber_spawn(&f[1], second, &b, NULL);
    mirage_fiber_join_all(f, 2, results, MIRAGE_FOREVER);
    check(results[0] == 0 && results[1] == 0, "fibers: both ran");
    check(a.start_mxcsr == MXCSR_DEFAULT && a.start_fpucw == FPUCW_DEFAULT,
          "fibers: a new fiber starts with the default modes");
    check(b.start_mxcsr == MXCSR_DEFAULT && b.start_fpucw == FPUCW_DEFAULT,
          "fibers: another fiber does not see the first one's modes");
    check(a.end_mxcsr == a.mxcsr && a.end_fpucw == a.fpucw,
          "fibers: the first keeps its modes across the second's run");
    check(b.end_mxcsr == b.mxcsr && b.end_fpucw == b.fpucw,
          "fibers: the second keeps its modes across a yield");
    check(get_mxcsr() == MXCSR_DEFAULT && get_fpucw() == FPUCW_DEFAULT,
          "fibers: the main fiber still has the default modes");
    if (a.end_mxcsr != a.mxcsr || b.start_mxcsr != MXCSR_DEFAULT)
        printf("bearssl: # mxcsr: first %#x -> %#x, second starts %#x\n",
               a.mxcsr, a.end_mxcsr, b.start_mxcsr);
}
