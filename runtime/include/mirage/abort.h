/* SPDX-License-Identifier: ISC */
/* abort.h: ending the unikernel on an unrecoverable error, with a report. */
#ifndef MIRAGE_ABORT_H
#define MIRAGE_ABORT_H

/*
 * Ends the unikernel as a crash, for a state the code cannot recover from.
 * Writes a crash report on the error output (stderr on unix): the message
 * formatted from (fmt) as printf does, cut at 255 bytes, then the current
 * fiber, a backtrace and the last log messages of every level, including
 * those the -l threshold did not print. The exit status is
 * MIRAGE_EXIT_CRASH (255) on every target. Never returns; no at_exit hook
 * runs.
 */
void mirage_abort(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

#endif
