/* SPDX-License-Identifier: ISC */
/* diag.h: printing and counting diagnostics about a spec. */
#ifndef MIRAGE_HELPER_DIAG_H
#define MIRAGE_HELPER_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/*
 * Diagnostics go to stderr unless diag_set_stream says otherwise (tests
 * capture them). Each one is a single line.
 */
void diag_set_stream(FILE *stream);

/* Errors printed since the last diag_reset. */
unsigned diag_errors(void);
void diag_reset(void);

/* "FILE:LINE: message": a syntax error in the spec file itself. */
void diag_vsyntax(const char *file, unsigned line, const char *fmt, va_list ap);

/*
 * "LOCATION: MACRO(NAME): message", an error about one macro call of
 * configure.ac; (name) NULL prints "MACRO:" alone.
 */
void diag_error(const char *location, const char *macro, const char *name,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * With (quiet), warnings are not printed (configure prints them once,
 * with `mirage check`; `generate` after it stays quiet).
 */
void diag_set_quiet_warnings(int quiet);

/* "LOCATION: warning: MACRO(NAME): message". */
void diag_warning(const char *location, const char *macro, const char *name,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
