/* SPDX-License-Identifier: ISC */
/* crash.h: crash reports: reason, registers, backtrace, fiber, recent logs. */
#ifndef MIRAGE_CORE_CRASH_H
#define MIRAGE_CORE_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most registers a snapshot holds, and frames a backtrace shows. */
#define CORE_CRASH_MAX_REGS   40
#define CORE_CRASH_MAX_FRAMES 64

/* The largest stack frame the backtrace walks over. */
#define CORE_CRASH_MAX_FRAME_BYTES (8u << 20)

/*
 * The machine state where a fault happened, as a platform's fault handler
 * saw it. The registers are named by the platform, so that one report
 * format serves every architecture.
 */
struct core_crash_regs {
    size_t n;                              /* registers in name, value */
    const char *name[CORE_CRASH_MAX_REGS]; /* e.g. "rip" */
    uint64_t value[CORE_CRASH_MAX_REGS];
    uintptr_t pc;         /* the faulting instruction: frame #0 */
    uintptr_t fp;         /* its frame pointer: where the walk starts */
    bool has_fault_addr;  /* whether fault_addr is known */
    uintptr_t fault_addr; /* the memory address the fault was about */
    /*
     * The callers of frame #0 (return addresses, innermost first) when the
     * platform found them itself, e.g. by unwinding through code built
     * without frame pointers; (ncallers) 0 lets the report walk from fp.
     */
    size_t ncallers;
    uintptr_t callers[CORE_CRASH_MAX_FRAMES];
};

/*
 * Appends register (name) with (value) to (regs); ignored once (regs)
 * holds CORE_CRASH_MAX_REGS. For the platforms' fault handlers.
 */
void core_crash_add_reg(struct core_crash_regs *regs, const char *name,
                        uint64_t value);

/*
 * Reports a crash of the unikernel and ends it: writes "mirage: crash:
 * (reason)", the current fiber, a backtrace from the caller and the crash
 * ring of recent log messages through plat_error_write, then calls
 * plat_exit(MIRAGE_EXIT_CRASH). A crash during the report ends the
 * unikernel at once. Never returns.
 */
void core_crash(const char *reason) __attribute__((noreturn));

/*
 * As core_crash, for a fault caught by the platform: the report also has
 * the fault address (if known) and every register of (regs), and the
 * backtrace starts at (regs)->pc.
 */
void core_crash_regs(const char *reason, const struct core_crash_regs *regs)
    __attribute__((noreturn));

#endif
