/* SPDX-License-Identifier: ISC */
/* console.c: unikernel output and diagnostics, both on the 16550 serial. */
#include "platform.h"
#include "serial.h"

/*
 * One console: output and runtime diagnostics go to COM1 alike (QEMU's
 * -serial). serial_putc sends '\n' as "\r\n". TODO(xen): the Xen console
 * ring when booted by Xen rather than QEMU.
 */
static void serial_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        serial_putc(buf[i]);
}

void plat_console_write(const char *buf, size_t len)
{
    serial_write(buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    serial_write(buf, len);
}
