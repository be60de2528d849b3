/* SPDX-License-Identifier: ISC */
/* fault_report.c: a CPU exception as the runtime's crash report. */
#include <stdio.h>

#include "core/crash.h"
#include "core/sched.h"
#include "fault_report.h"
#include "trap.h"

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define PF_PRESENT  0x01u /* a protection violation, not a missing page */
#define PF_WRITE    0x02u
#define PF_RESERVED 0x08u
#define PF_FETCH    0x10u /* an instruction fetch */

/* The boot stack's guard page (pvh.lds, hvt.lds). */
extern char __stack_guard[], __stack_bottom[];

static const char *page_fault_kind(uint64_t error)
{
    if (error & PF_RESERVED)
        return "reserved bit set in a page table entry";
    if (error & PF_FETCH)
        return error & PF_PRESENT ? "execute of a no-execute page"
                                  : "execute of an unmapped address";
    if (error & PF_WRITE)
        return error & PF_PRESENT ? "write to a read-only page"
                                  : "write to an unmapped address";
    return "read of an unmapped address";
}

void fault_report(const struct trap_frame *f)
{
    struct core_crash_regs regs = {0};
    unsigned vector = (unsigned)f->vector;
    char reason[160];
    uint64_t cr2 = 0;

    core_crash_add_reg(&regs, "rax", f->rax);
    core_crash_add_reg(&regs, "rbx", f->rbx);
    core_crash_add_reg(&regs, "rcx", f->rcx);
    core_crash_add_reg(&regs, "rdx", f->rdx);
    core_crash_add_reg(&regs, "rsi", f->rsi);
    core_crash_add_reg(&regs, "rdi", f->rdi);
    core_crash_add_reg(&regs, "rbp", f->rbp);
    core_crash_add_reg(&regs, "rsp", f->rsp);
    core_crash_add_reg(&regs, "r8", f->r8);
    core_crash_add_reg(&regs, "r9", f->r9);
    core_crash_add_reg(&regs, "r10", f->r10);
    core_crash_add_reg(&regs, "r11", f->r11);
    core_crash_add_reg(&regs, "r12", f->r12);
    core_crash_add_reg(&regs, "r13", f->r13);
    core_crash_add_reg(&regs, "r14", f->r14);
    core_crash_add_reg(&regs, "r15", f->r15);
    core_crash_add_reg(&regs, "rip", f->rip);
    core_crash_add_reg(&regs, "rflags", f->rflags);
    core_crash_add_reg(&regs, "cs", f->cs);
    core_crash_add_reg(&regs, "ss", f->ss);
    core_crash_add_reg(&regs, "vector", f->vector);
    core_crash_add_reg(&regs, "error", f->error);
    if (vector == TRAP_PAGE) {
        __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
        core_crash_add_reg(&regs, "cr2", cr2);
        regs.has_fault_addr = true;
        regs.fault_addr = (uintptr_t)cr2;
    }
    regs.pc = (uintptr_t)f->rip;
    regs.fp = (uintptr_t)f->rbp;

    if (vector == TRAP_PAGE) {
        const char *owner = core_sched_guard_owner((uintptr_t)cr2);

        if (owner)
            snprintf(reason, sizeof(reason), "stack overflow in fiber %s",
                     owner);
        else if (cr2 >= (uintptr_t)__stack_guard &&
                 cr2 < (uintptr_t)__stack_bottom)
            snprintf(reason, sizeof(reason),
                     "stack overflow of the boot stack");
        else
            snprintf(reason, sizeof(reason), "page fault: %s at 0x%llx",
                     page_fault_kind(f->error), (unsigned long long)cr2);
    } else {
        snprintf(reason, sizeof(reason), "%s (vector %u, error 0x%llx)",
                 trap_name(vector), vector, (unsigned long long)f->error);
    }
    core_crash_regs(reason, &regs);
}
