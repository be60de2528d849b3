/* SPDX-License-Identifier: ISC */
/* trap.h: the GDT, TSS and IDT; exceptions and interrupts reach C here. */
#ifndef MIRAGE_BOOT_TRAP_H
#define MIRAGE_BOOT_TRAP_H

#include <stdint.h>

/* The CPU's exception vectors (Intel SDM vol. 3, table 6-1) of note. */
#define TRAP_DIVIDE     0
#define TRAP_INVALID_OP 6
#define TRAP_DOUBLE     8
#define TRAP_GP         13
#define TRAP_PAGE       14

/* Interrupt vectors: 32..47 are the ones trap_set_irq can take. */
#define TRAP_IRQ_FIRST    32
#define TRAP_IRQ_COUNT    16
#define TRAP_IRQ_SPURIOUS 0xff /* the local APIC's spurious vector */

/*
 * The machine state a trap stub saved (traps.c), lowest address first:
 * the general registers it pushed, the vector and error code (0 when the
 * exception has none), then what the CPU pushed.
 */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * Loads the kernel's GDT (with a TSS whose IST1 is the fault stack,
 * pvh.lds) and an IDT that sends exceptions 0..31 to trap_fault on the
 * fault stack and vectors 32..47 and 255 to their handlers. Masks the
 * legacy 8259 PICs (their lines never reach the CPU). Interrupts stay
 * disabled (RFLAGS.IF clear) until a caller enables them.
 */
void trap_init(void);

/*
 * trap_init without the 8259s: the GDT (code 0x08, data 0x10, the TSS
 * 0x18), the TSS and the IDT only, for machines with no PIC to mask (the
 * hvt tender's VM has no devices). The caller reloads its segment
 * registers if its selectors were another GDT's.
 */
void trap_init_cpu(void);

/*
 * Called on the fault stack for an exception, with the state at the fault.
 * The boot path has a default that prints the vector and %rip on the
 * serial port and exits with status 125; a kernel replaces it with its own
 * (the runtime's crash report: runtime/xen/fault.c). Never returns.
 */
void trap_fault(const struct trap_frame *frame) __attribute__((noreturn));

/*
 * Makes (handler) run for interrupt (vector) (TRAP_IRQ_FIRST ..
 * TRAP_IRQ_FIRST + TRAP_IRQ_COUNT - 1), with interrupts disabled, on the
 * interrupted stack; NULL ignores it. The handler acknowledges the
 * interrupt at its controller. Returns 0, or -1 for another vector.
 */
int trap_set_irq(unsigned vector, void (*handler)(unsigned vector));

/* The name of exception (vector), e.g. "page fault"; "exception" else. */
const char *trap_name(unsigned vector);

#endif
