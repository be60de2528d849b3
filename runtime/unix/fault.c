/* SPDX-License-Identifier: ISC */
/* fault.c: turning the unix process's fatal signals into crash reports. */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include <mirage/exit.h>

#include "core/crash.h"
#include "core/sched.h"
#include "platform.h"
#include "unix/fault.h"

/* The handlers' own stack: a fiber that overflowed its stack has none. */
static char fault_stack[64 * 1024] __attribute__((aligned(16)));

/* Set while a handler runs: a second fault ends the process at once. */
static volatile sig_atomic_t in_fault;

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGILL:
        return "SIGILL";
    case SIGFPE:
        return "SIGFPE";
    case SIGABRT:
        return "SIGABRT";
    default:
        return "signal";
    }
}

/* What the kernel's si_code says about a fault; NULL if nothing useful. */
static const char *code_text(int sig, int code)
{
    if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE)
        return sig == SIGABRT ? "abort() was called" : "sent by a process";
    switch (sig) {
    case SIGSEGV:
        return code == SEGV_MAPERR   ? "address not mapped"
               : code == SEGV_ACCERR ? "access not permitted"
                                     : "invalid memory access";
    case SIGBUS:
        return code == BUS_ADRALN   ? "misaligned address"
               : code == BUS_ADRERR ? "no such physical address"
                                    : "bus error";
    case SIGILL:
        return code == ILL_PRVOPC ? "privileged instruction"
                                  : "illegal instruction";
    case SIGFPE:
        return code == FPE_INTDIV   ? "integer divide by zero"
               : code == FPE_INTOVF ? "integer overflow"
                                    : "arithmetic exception";
    default:
        return NULL;
    }
}

/* Copies the general registers of (uc) into (regs). */
static void take_regs(struct core_crash_regs *regs, const ucontext_t *uc)
{
#if defined(__x86_64__)
    static const struct {
        const char *name;
        int index;
    } x86[] = {
        {"rax", REG_RAX}, {"rbx", REG_RBX}, {"rcx", REG_RCX},
        {"rdx", REG_RDX}, {"rsi", REG_RSI}, {"rdi", REG_RDI},
        {"rbp", REG_RBP}, {"rsp", REG_RSP}, {"r8", REG_R8},
        {"r9", REG_R9},   {"r10", REG_R10}, {"r11", REG_R11},
        {"r12", REG_R12}, {"r13", REG_R13}, {"r14", REG_R14},
        {"r15", REG_R15}, {"rip", REG_RIP}, {"rflags", REG_EFL},
    };
    const greg_t *g = uc->uc_mcontext.gregs;

    for (size_t i = 0; i < sizeof(x86) / sizeof(x86[0]); i++)
        core_crash_add_reg(regs, x86[i].name, (uint64_t)g[x86[i].index]);
    regs->pc = (uintptr_t)g[REG_RIP];
    regs->fp = (uintptr_t)g[REG_RBP];
#elif defined(__aarch64__)
    static const char *const names[31] = {
        "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",
        "x8",  "x9",  "x10", "x11", "x12", "x13", "x14", "x15",
        "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
        "x24", "x25", "x26", "x27", "x28", "fp",  "lr"};

    for (size_t i = 0; i < 31; i++)
        core_crash_add_reg(regs, names[i], uc->uc_mcontext.regs[i]);
    core_crash_add_reg(regs, "sp", uc->uc_mcontext.sp);
    core_crash_add_reg(regs, "pc", uc->uc_mcontext.pc);
    core_crash_add_reg(regs, "pstate", uc->uc_mcontext.pstate);
    regs->pc = (uintptr_t)uc->uc_mcontext.pc;
    regs->fp = (uintptr_t)uc->uc_mcontext.regs[29];
#else
    (void)regs;
    (void)uc;
#endif
}

/*
 * The callers of (regs)->pc found by unwinding with the C library's
 * backtrace(3), which reads the unwind tables, instead of frame pointers:
 * for SIGABRT, raised inside the C library's abort(), built without frame
 * pointers, so that a frame-pointer walk from there never reaches the
 * unikernel's code that called abort() or failed an assert(). The unwind
 * passes through this handler and the signal frame; the frames before the
 * interrupted pc are dropped. Leaves (regs)->ncallers 0 (the walk from fp)
 * if the pc is not found.
 */
static void unwind_callers(struct core_crash_regs *regs)
{
    void *frames[CORE_CRASH_MAX_FRAMES + 8];
    int n = backtrace(frames, (int)(sizeof(frames) / sizeof(frames[0])));

    for (int i = 0; i < n; i++) {
        if ((uintptr_t)frames[i] != regs->pc)
            continue;
        for (int k = i + 1; k < n && regs->ncallers < CORE_CRASH_MAX_FRAMES;
             k++)
            regs->callers[regs->ncallers++] = (uintptr_t)frames[k];
        return;
    }
}

static void on_fault(int sig, siginfo_t *si, void *context)
{
    struct core_crash_regs regs = {0};
    const char *owner = NULL, *why;
    char reason[160];

    if (in_fault) {
        static const char msg[] =
            "mirage: crash: another fault while handling a fault\n";
        ssize_t unused = write(STDERR_FILENO, msg, sizeof(msg) - 1);
        (void)unused;
        _exit(MIRAGE_EXIT_CRASH);
    }
    in_fault = 1;
    take_regs(&regs, context);
    /* kernel-made SIGSEGV and SIGBUS carry the faulting data address */
    if ((sig == SIGSEGV || sig == SIGBUS) && si->si_code > 0) {
        regs.has_fault_addr = true;
        regs.fault_addr = (uintptr_t)si->si_addr;
        if (sig == SIGSEGV)
            owner = core_sched_guard_owner(regs.fault_addr);
    }
    if (sig == SIGABRT)
        unwind_callers(&regs);
    why = code_text(sig, si->si_code);
    if (owner)
        snprintf(reason, sizeof(reason), "stack overflow in fiber %s", owner);
    else if (why)
        snprintf(reason, sizeof(reason), "%s (%s)", signal_name(sig), why);
    else
        snprintf(reason, sizeof(reason), "%s", signal_name(sig));
    core_crash_regs(reason, &regs);
}

int plat_fault_install(void)
{
    stack_t ss = {.ss_sp = fault_stack, .ss_size = sizeof(fault_stack)};
    struct sigaction sa;

    if (sigaltstack(&ss, NULL) != 0)
        return -errno;
    /* the first backtrace(3) loads the unwinder (malloc, dlopen): do it
     * now, not in a handler */
    {
        void *frame[1];
        (void)backtrace(frame, 1);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    /* SA_NODEFER: a fault in the handler comes back to it, not kills */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]);
         i++)
        if (sigaction(fault_signals[i], &sa, NULL) != 0)
            return -errno;
    return 0;
}
