/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel: the tender's process exits with the status. */
#include "platform.h"
#include "spt.h"
#include "syscall.h"

/*
 * exit_group ends the tender's process, whose exit status is the
 * unikernel's (the low 8 bits: 255 after a crash). Nothing is buffered,
 * so a normal exit and a crash's end are the same call.
 */
void spt_exit(int status)
{
    for (;;)
        spt_syscall3(SPT_SYS_EXIT_GROUP, status, 0, 0);
}

void plat_exit(int status)
{
    spt_exit(status);
}

void plat_crash_exit(int status)
{
    spt_exit(status);
}
