/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel under Xen: SCHEDOP_shutdown. */
#include "hypercall.h"
#include "platform.h"
#include "xen.h"

/* How long the exit waits for the console backend to read the ring. */
#define DRAIN_TIMEOUT_NS 1000000000ull /* 1 s */

/*
 * Xen passes no exit code to the toolstack: the status is printed on the
 * console ("mirage: exit status N"), the console ring is given time to
 * drain, and SCHEDOP_shutdown ends the domain: poweroff, or crash for
 * status 255. Should Xen refuse, the CPU halts. (Under QEMU the exit is
 * the PC's isa-debug-exit: choose.c.)
 */
void xen_exit(int status)
{
    char line[48];
    int n = xen_exit_message(line, sizeof(line), status);

    xen_console_init(); /* an exit before boot set it up: try now */
    if (n > 0)
        plat_error_write(line, (size_t)n < sizeof(line) ? (size_t)n
                                                        : sizeof(line) - 1);
    xen_console_drain(DRAIN_TIMEOUT_NS);
    xen_shutdown(xen_shutdown_reason(status));
    for (;;)
        __asm__ volatile("cli; hlt");
}
