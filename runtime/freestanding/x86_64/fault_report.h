/* SPDX-License-Identifier: ISC */
/* fault_report.h: a CPU exception as the runtime's crash report. */
#ifndef MIRAGE_X86_64_FAULT_REPORT_H
#define MIRAGE_X86_64_FAULT_REPORT_H

#include "trap.h"

/*
 * Reports the exception that (frame) saved as a crash (core_crash_regs):
 * every register of the frame, and %cr2 for a page fault. The reason names
 * the exception; a page fault says what kind of access failed where, and
 * one in a stack's guard page (a fiber's, or the boot stack's: pvh.lds,
 * hvt.lds) is reported as that stack's overflow. Runs on the fault stack
 * with interrupts off; cannot fail, and never returns (the platform's
 * plat_crash_exit ends the unikernel).
 */
void fault_report(const struct trap_frame *frame) __attribute__((noreturn));

#endif
