/* SPDX-License-Identifier: ISC */
/* abort.c: abort() as a crash of the unikernel. */
#include <stdlib.h>

#include <mirage/abort.h>

void abort(void)
{
    mirage_abort("abort() called");
}
