/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel process. */
#include <stdlib.h>

#include "platform.h"

void plat_exit(int status)
{
    /* exit(3), not _exit(2): the unikernel's stdio output is flushed */
    exit(status);
}
