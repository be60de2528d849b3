/* SPDX-License-Identifier: ISC */
/* fault.c: guest faults, passed on by the tender, as crash reports. */
#include <stdbool.h>
#include <stdio.h>

#include "core/crash.h"
#include "platform.h"
#include "spt.h"

/* Linux's signal numbers on x86-64 (the tender passes them as they are). */
#define SPT_SIGILL  4
#define SPT_SIGBUS  7
#define SPT_SIGFPE  8
#define SPT_SIGSEGV 11

/* The image's bounds (spt.lds). */
extern char __image_start[], __image_end[];

/* What went wrong, in the words of the freestanding targets where the
 * signal has a CPU exception behind it (SIGSEGV: a page fault). */
static const char *signal_kind(uint64_t sig)
{
    switch (sig) {
    case SPT_SIGSEGV:
        return "page fault (SIGSEGV)";
    case SPT_SIGBUS:
        return "bus error (SIGBUS)";
    case SPT_SIGILL:
        return "invalid opcode (SIGILL)";
    case SPT_SIGFPE:
        return "arithmetic error (SIGFPE)";
    default:
        return "fault";
    }
}

/* Does (addr) lie within [lo, hi)? */
static bool in(uintptr_t addr, uintptr_t lo, uintptr_t hi)
{
    return addr >= lo && addr < hi;
}

/*
 * Is the fault a stack that ran off its end? Its address is at or just
 * below the stack pointer, and the stack pointer is where no stack can
 * be: in the image (a fiber stack, which has no guard page, overflowed
 * through the heap below it into the image's data and then hit its
 * read-only part), or outside the heap and the boot stack (the tender's:
 * from the page above its guard page, at mem_end, up to its top).
 */
static bool stack_overflow(const struct mirage_tender_fault *f)
{
    uintptr_t sp = (uintptr_t)f->rsp, addr = (uintptr_t)f->fault_addr;

    if (f->signal != SPT_SIGSEGV || !f->has_fault_addr || addr > sp + 64 ||
        (addr < sp && sp - addr > 4096))
        return false;
    if (in(sp, (uintptr_t)__image_start, (uintptr_t)__image_end))
        return true;
    return !in(sp, (uintptr_t)spt_boot_info.mem_start,
               (uintptr_t)spt_boot_info.mem_end) &&
           !in(sp, (uintptr_t)spt_boot_info.mem_end + 4096, spt_stack_top);
}

/*
 * The tender's signal handler calls this, on its signal stack, for
 * SIGSEGV, SIGBUS, SIGILL and SIGFPE raised by the guest. Never returns:
 * core_crash_regs ends the unikernel with status 255.
 */
void spt_fault_entry(const struct mirage_tender_fault *f)
{
    struct core_crash_regs regs = {0};
    char reason[160];
    uintptr_t sp = (uintptr_t)f->rsp;

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
    core_crash_add_reg(&regs, "signal", f->signal);
    regs.pc = (uintptr_t)f->rip;
    regs.fp = (uintptr_t)f->rbp;
    if (f->has_fault_addr) {
        regs.has_fault_addr = true;
        regs.fault_addr = (uintptr_t)f->fault_addr;
    }

    if (stack_overflow(f))
        snprintf(reason, sizeof(reason),
                 "stack overflow: the stack pointer 0x%016llx left the "
                 "stack (a page fault at 0x%016llx)",
                 (unsigned long long)sp, (unsigned long long)f->fault_addr);
    else if (f->has_fault_addr)
        snprintf(reason, sizeof(reason), "%s at 0x%016llx",
                 signal_kind(f->signal), (unsigned long long)f->fault_addr);
    else
        snprintf(reason, sizeof(reason), "%s at rip 0x%016llx",
                 signal_kind(f->signal), (unsigned long long)f->rip);
    /* the frames of the boot stack below its first page are in use too */
    if (sp < spt_stack_low && sp >= spt_boot_info.mem_end + 4096)
        spt_stack_low = sp & ~(uintptr_t)4095;
    core_crash_regs(reason, &regs);
}
