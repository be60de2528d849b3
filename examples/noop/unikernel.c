/* SPDX-License-Identifier: ISC */
/* unikernel.c: noop does nothing and succeeds. */
#include "mirage_main.h"

int noop_start(void)
{
    return 0;
}
