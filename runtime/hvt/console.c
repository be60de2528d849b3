/* SPDX-License-Identifier: ISC */
/* console.c: output and diagnostics, one console, through PUTS. */
#include <string.h>

#include "hvt.h"
#include "platform.h"

/*
 * Each PUTS is a VM exit, so output is buffered: up to a line (flushed at
 * its newline) or 4 KiB. The buffer is also written out before a wait
 * (clock.c) and at the exit (exit.c), so nothing waits there unseen.
 * Output and diagnostics share the buffer and the tender's console, in
 * the order they were written.
 */
#define CONSOLE_BUF 4096

static char buf[CONSOLE_BUF];
static size_t used;

void hvt_console_flush(void)
{
    struct mirage_hvt_puts p;

    if (used == 0)
        return;
    p.data = (uint64_t)(uintptr_t)buf;
    p.len = used;
    hvt_call(MIRAGE_HVT_PUTS, &p);
    used = 0;
}

static void console_write(const char *s, size_t len)
{
    while (len > 0) {
        size_t n = sizeof(buf) - used;
        const char *nl;

        if (n > len)
            n = len;
        nl = memchr(s, '\n', n);
        if (nl)
            n = (size_t)(nl - s) + 1;
        memcpy(buf + used, s, n);
        used += n;
        s += n;
        len -= n;
        if (nl || used == sizeof(buf))
            hvt_console_flush();
    }
}

void plat_console_write(const char *s, size_t len)
{
    console_write(s, len);
}

void plat_error_write(const char *s, size_t len)
{
    console_write(s, len);
}
