/* SPDX-License-Identifier: ISC */
/* trap.h: the GDT, TSS and IDT; exceptions and interrupts reach C here. */
#ifndef MIRAGE_X86_64_TRAP_H
#define MIRAGE_X86_64_TRAP_H

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
 * Loads the kernel's GDT (code 0x08, data 0x10, a TSS at 0x18 whose IST1
 * is the fault stack, pvh.lds and hvt.lds) and an IDT that sends
 * exceptions 0..31 to trap_fault on the fault stack and vectors 32..47 and
 * 255 to their handlers. Interrupts stay disabled (RFLAGS.IF clear) until
 * a caller enables them. A PC also has 8259s to mask first
 * (boot_trap_init, pc/boot_trap.c). The caller reloads its segment
 * registers if its selectors were another GDT's.
 */
void trap_init_cpu(void);

/*
 * Called on the fault stack for an exception, with the state at the fault.
 * Each kernel defines it: the runtimes' crash report (fault_report.c,
 * through runtime/pc/fault.c or runtime/hvt/fault.c); the PVH boot path
 * has a weak default (pc/boot_trap.c). Never returns.
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
