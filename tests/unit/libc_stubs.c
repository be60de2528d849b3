/* SPDX-License-Identifier: ISC */
/* libc_stubs.c: what the libc under test calls, for the hosted libc tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "libc_test.h"

jmp_buf libc_abort_jump;
char libc_abort_msg[256];

/* mirage_abort: records the message and returns to libc_abort_jump. */
void mfs_mirage_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(libc_abort_msg, sizeof(libc_abort_msg), fmt, ap);
    va_end(ap);
    longjmp(libc_abort_jump, 1);
}

void mfs_plat_console_write(const char *buf, size_t len)
{
    (void)buf;
    (void)len;
}

void mfs_plat_error_write(const char *buf, size_t len)
{
    (void)buf;
    (void)len;
}
