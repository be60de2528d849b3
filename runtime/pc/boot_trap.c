/* SPDX-License-Identifier: ISC */
/* boot_trap.c: the PC's part of the traps: the 8259s, the default report. */
#include "boot.h"
#include "debug_exit.h"
#include "io.h"
#include "serial.h"
#include "trap.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

/* Remaps the 8259s to vectors 32..47 (away from the exceptions) and masks
 * every line: the local APIC delivers the interrupts the kernel uses. */
static void pic_mask_all(void)
{
    outb(PIC1_CMD, 0x11); /* ICW1: init, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, TRAP_IRQ_FIRST);     /* ICW2: vector base */
    outb(PIC2_DATA, TRAP_IRQ_FIRST + 8); /* */
    outb(PIC1_DATA, 0x04);               /* ICW3: slave on line 2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xff); /* mask all */
    outb(PIC2_DATA, 0xff);
}

void boot_trap_init(void)
{
    pic_mask_all();
    trap_init_cpu();
}

/* The boot path's own report, for kernels without a crash reporter. */
__attribute__((weak, noreturn)) void trap_fault(const struct trap_frame *f)
{
    serial_puts("boot: ");
    serial_puts(trap_name((unsigned)f->vector));
    serial_puts(" (vector ");
    serial_put_dec(f->vector);
    serial_puts(", error ");
    serial_put_hex(f->error);
    serial_puts(") at rip ");
    serial_put_hex(f->rip);
    if (f->vector == TRAP_PAGE) {
        uint64_t cr2;

        __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
        serial_puts(", address ");
        serial_put_hex(cr2);
    }
    serial_puts("\n");
    boot_exit(125);
}
