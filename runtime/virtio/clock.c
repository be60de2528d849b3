/* SPDX-License-Identifier: ISC */
/* clock.c: the platform's clocks and sleep: the PC's (pc/clock.c). */
#include "pc.h"
#include "platform.h"

/* The TSC, and the wall clock read at boot (KVM's or the CMOS RTC); a
 * sleep halts the CPU until the APIC timer fires. pc_clock_init (main.c)
 * comes first. */
uint64_t plat_clock_monotonic_ns(void)
{
    return pc_clock_monotonic_ns();
}

int64_t plat_clock_wall_ns(void)
{
    return pc_clock_wall_ns();
}

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    pc_sleep_until_ns(deadline_ns);
}
