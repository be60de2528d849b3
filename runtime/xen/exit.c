/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel: QEMU's isa-debug-exit, or Xen's shutdown. */
#include "debug_exit.h"
#include "hypercall.h"
#include "platform.h"
#include "xen.h"

/* How long the exit waits for the console backend to read the ring. */
#define DRAIN_TIMEOUT_NS 1000000000ull /* 1 s */

/*
 * Under QEMU, both go through boot_exit (pc/debug_exit.c): with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04` QEMU exits with code
 * 2 * status + 1 for a status of 0..127; any other status (255 after a
 * crash, say) is reported as 127, code 255. Without the device the CPU
 * halts with interrupts off. Nothing is buffered (the console writes
 * straight to the UART), so a plain exit has nothing to flush either.
 *
 * Under Xen, which passes no exit code to the toolstack, the status is
 * printed on the console ("mirage: exit status N"), the console ring is
 * given time to drain, and SCHEDOP_shutdown ends the domain: poweroff, or
 * crash for status 255. Should Xen refuse, the CPU halts.
 */
static void __attribute__((noreturn)) xen_exit(int status)
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

void plat_exit(int status)
{
    if (xen_pv_active())
        xen_exit(status);
    boot_exit(status);
}

void plat_crash_exit(int status)
{
    if (xen_pv_active())
        xen_exit(status);
    boot_exit(status);
}
