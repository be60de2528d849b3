/* SPDX-License-Identifier: ISC */
/* unikernel.c: BearSSL's known answers, its engine, and SSE across fibers. */
#include <stdio.h>

#include <mirage/fiber.h>

#include "check.h"
#include "mirage_main.h"

/* Runs every part; exits with 0 when every check passed, else 1. */
int bearssl_start(void)
{
    /* BearSSL is SSE code (the tls device does the same) */
    mirage_fiber_keep_fp_control();
    kat_sym();
    kat_pk();
    engine();
    fibers();
    printf("bearssl: done, %d failed\n", check_failures());
    return check_failures() ? 1 : 0;
}
