/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel: the HALT hypercall with the status. */
#include "hvt.h"
#include "platform.h"

/*
 * The tender exits with the status of the HALT call (255 after a crash).
 * The console's buffer is written out first. Should the tender resume the
 * guest anyway, the CPU halts with interrupts off.
 */
void hvt_halt(int status)
{
    struct mirage_hvt_halt h;

    hvt_console_flush();
    h.status = status;
    for (;;) {
        hvt_call(MIRAGE_HVT_HALT, &h);
        __asm__ volatile("cli; hlt");
    }
}

void plat_exit(int status)
{
    hvt_halt(status);
}

void plat_crash_exit(int status)
{
    hvt_halt(status);
}
