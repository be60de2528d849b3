/* SPDX-License-Identifier: ISC */
/* unikernel.c: BearSSL's known answers, its engine, and SSE across fibers. */
#include <stdio.h>

#include "check.h"
#include "mirage_main.h"

/* Runs every part; exits with 0 when every check passed, else 1. */
int bearssl_start(void)
{
    kat_sym();
    kat_pk();
    engine();
    fibers();
    printf("bearssl: done, %d failed\n", check_failures());
    return check_failures() ? 1 : 0;
}
