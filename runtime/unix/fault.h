/* SPDX-License-Identifier: ISC */
/* fault.h: turning the unix process's fatal signals into crash reports. */
#ifndef MIRAGE_UNIX_FAULT_H
#define MIRAGE_UNIX_FAULT_H

/*
 * Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that
 * run on an alternate signal stack (so that a fiber's stack overflow can be
 * reported too) and end the process with a crash report and exit status
 * MIRAGE_EXIT_CRASH. A fault in a fiber's stack guard is reported as that
 * fiber's stack overflow. Returns 0, or a negative errno value if a handler
 * could not be installed (the process then runs without it).
 */
int plat_fault_install(void);

#endif
