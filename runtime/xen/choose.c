/* SPDX-License-Identifier: ISC */
/* choose.c: the one place where the xen image takes Xen's paths or QEMU's. */
#include "debug_exit.h"
#include "pc.h"
#include "platform.h"
#include "serial.h"
#include "xen.h"

/*
 * The same image boots under Xen (PVH) and under QEMU (-kernel), and only
 * at boot does it learn which (xen_pv_init, hv.c). Each function below
 * asks xen_pv_active and calls the Xen PV path (console.c, clock.c,
 * exit.c of runtime/xen) or the PC's (runtime/pc); no other file of the
 * target asks. The virtio target, which never runs under Xen, has the
 * PC's paths alone (runtime/virtio/clock.c, console.c).
 *
 * Console: Xen's ring, or COM1 (QEMU's -serial), where serial_putc sends
 * '\n' as "\r\n".
 *
 * Exit under QEMU: boot_exit (pc/debug_exit.c): with `-device
 * isa-debug-exit,iobase=0xf4,iosize=0x04` QEMU exits with code
 * 2 * status + 1 for a status of 0..127; any other status (255 after a
 * crash, say) is reported as 127, code 255. Without the device the CPU
 * halts with interrupts off. Nothing is buffered (the console writes
 * straight to the UART), so a plain exit has nothing to flush either.
 */

void xen_choose_console_init(void)
{
    if (xen_pv_active())
        xen_console_init();
}

void xen_choose_clock_init(void)
{
    if (xen_pv_active())
        xen_clock_init();
    else
        pc_clock_init();
}

void plat_console_write(const char *buf, size_t len)
{
    if (xen_pv_active())
        xen_console_write(buf, len);
    else
        serial_write(buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    if (xen_pv_active())
        xen_console_write(buf, len);
    else
        serial_write(buf, len);
}

uint64_t plat_clock_monotonic_ns(void)
{
    if (xen_pv_active())
        return xen_clock_monotonic_ns();
    return pc_clock_monotonic_ns();
}

int64_t plat_clock_wall_ns(void)
{
    if (xen_pv_active())
        return xen_clock_wall_ns();
    return pc_clock_wall_ns();
}

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    if (xen_pv_active())
        xen_sleep_until_ns(deadline_ns);
    else
        pc_sleep_until_ns(deadline_ns);
}

void plat_exit(int status)
{
    if (xen_pv_active())
        xen_exit(status);
    boot_exit(status);
}

void plat_crash_exit(int status)
{
    if (xen_pv_active())
        xen_exit(status);
    boot_exit(status);
}
