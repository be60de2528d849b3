/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel: isa-debug-exit, else a reset. */
#include "debug_exit.h"
#include "io.h"
#include "platform.h"

/*
 * Under test, QEMU has `-device isa-debug-exit,iobase=0xf4,iosize=0x04`
 * and exits with code 2 * status + 1 (boot/debug_exit.c). Without that
 * device the write is ignored and the machine is reset instead: the PCI
 * reset control register (0xcf9, q35 and pc) and the keyboard
 * controller's reset line (0x64) on PC machines; a monitor started with
 * -no-reboot (mirage run, libvirt's on_reboot=destroy) then ends the VM,
 * without a status. If nothing answers, the CPU halts for good.
 */
#define RESET_CONTROL_PORT 0xcf9
#define RESET_CONTROL_HARD 0x06 /* system reset, full */
#define KBC_COMMAND_PORT   0x64
#define KBC_PULSE_RESET    0xfe

static void __attribute__((noreturn)) virtio_exit(int status)
{
    int code = status < 0 || status > 127 ? 127 : status;

    /* iosize=0x04: a 32-bit write; QEMU exits with (value << 1) | 1 */
    outl(BOOT_DEBUG_EXIT_PORT, (uint32_t)code);
    outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
    outb(KBC_COMMAND_PORT, KBC_PULSE_RESET);
    for (;;)
        __asm__ volatile("cli; hlt");
}

void plat_exit(int status)
{
    virtio_exit(status);
}

void plat_crash_exit(int status)
{
    virtio_exit(status);
}
