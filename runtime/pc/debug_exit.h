/* SPDX-License-Identifier: ISC */
/* debug_exit.h: leave QEMU with a status through isa-debug-exit. */
#ifndef MIRAGE_PC_DEBUG_EXIT_H
#define MIRAGE_PC_DEBUG_EXIT_H

/*
 * boot_exit: ends the guest with STATUS. Under QEMU with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04`, writing V to port 0xf4
 * makes QEMU exit with (V << 1) | 1. The kernel writes its status as V, so
 *
 *     QEMU exit code = 2 * status + 1,   status = (code - 1) / 2
 *
 * Statuses are 0..127 (larger or negative ones are reported as 127), so the
 * code is always odd and 1..255; an even QEMU code (0 after a triple fault
 * with -no-reboot, 124 from timeout(1)) never maps back to a status. Without
 * the device the write is ignored and the CPU halts forever.
 * TODO(xen): on Xen, SCHEDOP_shutdown instead of the port.
 */
void boot_exit(int status) __attribute__((noreturn));

#define BOOT_DEBUG_EXIT_PORT 0xf4

#endif
