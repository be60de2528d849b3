/* SPDX-License-Identifier: ISC */
/* diag.c: printing and counting diagnostics about a spec. */
#include <config.h>

#include <stdarg.h>

#include "diag.h"

static FILE *diag_stream;
static unsigned nerrors;
static int quiet_warnings;

void diag_set_quiet_warnings(int quiet)
{
    quiet_warnings = quiet;
}

void diag_set_stream(FILE *stream)
{
    diag_stream = stream;
}

unsigned diag_errors(void)
{
    return nerrors;
}

void diag_reset(void)
{
    nerrors = 0;
}

static FILE *out(void)
{
    return diag_stream ? diag_stream : stderr;
}

void diag_vsyntax(const char *file, unsigned line, const char *fmt, va_list ap)
{
    nerrors++;
    fprintf(out(), "%s:%u: ", file, line);
    vfprintf(out(), fmt, ap);
    fputc('\n', out());
}

static void vreport(const char *location, const char *severity,
                    const char *macro, const char *name, const char *fmt,
                    va_list ap)
{
    fprintf(out(), "%s: %s%s", location, severity, macro);
    if (name)
        fprintf(out(), "(%s)", name);
    fputs(": ", out());
    vfprintf(out(), fmt, ap);
    fputc('\n', out());
}

void diag_error(const char *location, const char *macro, const char *name,
                const char *fmt, ...)
{
    va_list ap;

    nerrors++;
    va_start(ap, fmt);
    vreport(location, "", macro, name, fmt, ap);
    va_end(ap);
}

void diag_warning(const char *location, const char *macro, const char *name,
                  const char *fmt, ...)
{
    va_list ap;

    if (quiet_warnings)
        return;
    va_start(ap, fmt);
    vreport(location, "warning: ", macro, name, fmt, ap);
    va_end(ap);
}
