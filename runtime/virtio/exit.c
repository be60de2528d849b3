/* SPDX-License-Identifier: ISC */
/* exit.c: ending the unikernel: isa-debug-exit, ACPI soft-off or a reset. */
#include "acpi.h"
#include "debug_exit.h"
#include "io.h"
#include "platform.h"
#include "virtio_devices.h"

/*
 * Under test, QEMU has `-device isa-debug-exit,iobase=0xf4,iosize=0x04`
 * and exits with code 2 * status + 1 (pc/debug_exit.c). Without that
 * device the write is ignored, and the machine is powered off through
 * ACPI (S5, pc/acpi.c: q35 and pc; a monitor or libvirt sees a guest
 * shutdown, without a status). Without ACPI (microvm with acpi=off) it is
 * reset instead: the PCI reset control register (0xcf9), the keyboard
 * controller's reset line (0x64), and last a triple fault, which resets
 * every machine; a monitor started with -no-reboot (mirage run, libvirt's
 * on_reboot=destroy) then ends the VM.
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
    (void)acpi_poweroff(); /* returns only if the machine is still on */
    outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
    outb(KBC_COMMAND_PORT, KBC_PULSE_RESET);
    /* an empty IDT: the breakpoint's fault, then the double fault's,
     * cannot be delivered, and the CPU resets (a triple fault) */
    static const struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } no_idt = {0, 0};
    __asm__ volatile("cli; lidt %0; int3" : : "m"(no_idt));
    for (;;)
        __asm__ volatile("cli; hlt");
}

void plat_exit(int status)
{
    virtio_net_flush(200 * 1000000ull); /* the last frames go out first */
    virtio_exit(status);
}

void plat_crash_exit(int status)
{
    virtio_exit(status);
}
