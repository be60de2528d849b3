/* SPDX-License-Identifier: ISC */
/* console.c: unikernel output and diagnostics on the PC's 16550. */
#include "platform.h"
#include "serial.h"

/* One console: output and runtime diagnostics both go to COM1 (QEMU's
 * -serial), where serial_putc sends '\n' as "\r\n" (pc/serial.c). */
void plat_console_write(const char *buf, size_t len)
{
    serial_write(buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    serial_write(buf, len);
}
