/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel through QEMU's isa-debug-exit. */
#include "debug_exit.h"
#include "platform.h"

/*
 * Both go through boot_exit (boot/debug_exit.c): under QEMU with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04` QEMU exits with code
 * 2 * status + 1 for a status of 0..127; any other status (255 after a
 * crash, say) is reported as 127, code 255. Without the device the CPU
 * halts with interrupts off. Nothing is buffered (the console writes
 * straight to the UART), so a plain exit has nothing to flush either.
 * TODO(xen): SCHEDOP_shutdown under Xen.
 */
void plat_exit(int status)
{
    boot_exit(status);
}

void plat_crash_exit(int status)
{
    boot_exit(status);
}
