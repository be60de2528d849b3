/* SPDX-License-Identifier: ISC */
/* lapic.c: the local APIC timer, which ends a hlt at a deadline. */
#include "lapic.h"

#include <errno.h>

#include "paging.h"
#include "trap.h"

/* Local APIC registers, as offsets from its base (Intel SDM vol. 3,
 * table 11-1), and the MSRs. */
#define APIC_EOI          0x0b0
#define APIC_SVR          0x0f0
#define APIC_LVT_TIMER    0x320
#define APIC_TIMER_INIT   0x380
#define APIC_TIMER_CUR    0x390
#define APIC_TIMER_DIVIDE 0x3e0

#define SVR_ENABLE       0x100u
#define LVT_MASKED       0x10000u
#define LVT_TSC_DEADLINE 0x40000u /* timer mode 10b */
#define DIVIDE_BY_1      0xbu

#define MSR_APIC_BASE    0x1bu
#define APIC_BASE_ENABLE 0x800u
#define APIC_BASE_ADDR   0xfffff000ull
#define MSR_TSC_DEADLINE 0x6e0u

#define CALIBRATE_US 2000u

enum mode { MODE_NONE, MODE_TSC_DEADLINE, MODE_ONE_SHOT };

static volatile uint32_t *apic;
static enum mode mode;
static uint64_t tsc_hz;
static uint64_t apic_hz; /* one-shot: counter ticks a second; 0: unknown */
static int calibrated;

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)value),
                       "d"((uint32_t)(value >> 32))
                     : "memory");
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static uint32_t reg_read(unsigned reg)
{
    return apic[reg / 4];
}

static void reg_write(unsigned reg, uint32_t value)
{
    apic[reg / 4] = value;
}

/* The timer's interrupt: only its end of a hlt matters; acknowledge it. */
static void on_timer(unsigned vector)
{
    (void)vector;
    reg_write(APIC_EOI, 0);
}

int lapic_timer_init(uint64_t hz)
{
    uint32_t r[4];
    uint64_t base;

    cpuid(1, r);
    if (!(r[3] & (1u << 9)))
        return -ENODEV;
    base = rdmsr(MSR_APIC_BASE);
    if (!(base & APIC_BASE_ENABLE))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    base &= APIC_BASE_ADDR;
    if (paging_map_mmio(base, PAGING_PAGE_SIZE) != 0)
        return -ENODEV;
    apic = (volatile uint32_t *)(uintptr_t)base;
    tsc_hz = hz;
    trap_set_irq(LAPIC_TIMER_VECTOR, on_timer);
    reg_write(APIC_SVR, SVR_ENABLE | TRAP_IRQ_SPURIOUS);
    if (r[2] & (1u << 24)) {
        mode = MODE_TSC_DEADLINE;
        reg_write(APIC_LVT_TIMER, LVT_TSC_DEADLINE | LAPIC_TIMER_VECTOR);
    } else {
        mode = MODE_ONE_SHOT;
        reg_write(APIC_TIMER_DIVIDE, DIVIDE_BY_1);
        reg_write(APIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
    }
    return 0;
}

/* Counts the one-shot timer down over CALIBRATE_US of TSC time. */
static void calibrate(void)
{
    uint64_t t0, wait = tsc_hz / 1000000 * CALIBRATE_US;
    uint32_t left;

    calibrated = 1;
    reg_write(APIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
    reg_write(APIC_TIMER_INIT, 0xffffffffu);
    t0 = rdtsc();
    while (rdtsc() - t0 < wait)
        __asm__ volatile("pause");
    left = reg_read(APIC_TIMER_CUR);
    reg_write(APIC_TIMER_INIT, 0);
    apic_hz = (uint64_t)(0xffffffffu - left) * 1000000 / CALIBRATE_US;
    reg_write(APIC_LVT_TIMER, LAPIC_TIMER_VECTOR); /* one-shot, unmasked */
}

int lapic_timer_arm(uint64_t now, uint64_t ticks)
{
    uint64_t count;

    if (mode == MODE_TSC_DEADLINE) {
        wrmsr(MSR_TSC_DEADLINE, now + (ticks ? ticks : 1));
        return 0;
    }
    if (mode != MODE_ONE_SHOT)
        return -ENODEV;
    if (!calibrated)
        calibrate();
    if (apic_hz == 0)
        return -ENODEV;
    /* the measured rate is off by up to a few per cent (more under
     * emulation): aim 1/32 short of a long wait, so that it ends in a
     * second, short arming rather than late */
    if (ticks > tsc_hz / 1000)
        ticks -= ticks / 32;
    count = (uint64_t)((unsigned __int128)ticks * apic_hz / tsc_hz);
    if (count == 0)
        count = 1;
    if (count > 0xffffffffu)
        count = 0xffffffffu;
    reg_write(APIC_TIMER_INIT, (uint32_t)count);
    return 0;
}

void lapic_eoi(void)
{
    if (apic)
        reg_write(APIC_EOI, 0);
}

uint32_t lapic_id(void)
{
    uint32_t r[4];

    if (apic)
        return reg_read(0x020) >> 24; /* the APIC ID register, bits 31:24 */
    cpuid(1, r);
    return r[1] >> 24;
}
