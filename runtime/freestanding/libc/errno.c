/* SPDX-License-Identifier: ISC */
/* errno.c: the one errno of a single-core unikernel without threads. */
#include <errno.h>

static int errno_value;

int *__errno_location(void)
{
    return &errno_value;
}
