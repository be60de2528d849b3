/* SPDX-License-Identifier: ISC */
/* assert.c: the failure of an assert, as a crash report. */
#include <assert.h>

#include <mirage/abort.h>

void core_libc_assert_fail(const char *expr, const char *file, int line)
{
    mirage_abort("assertion failed: %s (%s:%d)", expr, file, line);
}
