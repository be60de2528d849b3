/* SPDX-License-Identifier: ISC */
/* fault.c: CPU exceptions as the runtime's crash reports (virtio, xen). */
#include "fault_report.h"
#include "trap.h"

/*
 * The trap_fault that x86_64/trap.c calls for every exception. Runs on
 * the fault stack (IST1) with interrupts off. fault_report
 * (x86_64/fault_report.c) builds the report and ends the unikernel.
 */
void trap_fault(const struct trap_frame *f)
{
    fault_report(f);
}
