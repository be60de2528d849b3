/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel process. */
#include <stdlib.h>
#include <unistd.h>

#include "platform.h"

void plat_exit(int status)
{
    /* exit(3), not _exit(2): the unikernel's stdio output is flushed */
    exit(status);
}

void plat_crash_exit(int status)
{
    /* _exit(2): a fault may have struck inside stdio, whose locks it holds */
    _exit(status);
}
