/* SPDX-License-Identifier: ISC */
/* tsc.c: the time stamp counter's frequency, from the best source there is. */
#include "tsc.h"

#include "io.h"

#define PIT_HZ          1193182u
#define PIT_CALIB_TICKS (PIT_HZ / 500u) /* 2 ms */
#define PIT_PORT_CH0    0x40
#define PIT_PORT_CMD    0x43
#define PIT_MAX_READS   200000u /* no PIT: a counter that never moves */

#define HV_LEAF_BASE        0x40000000u
#define HV_LEAF_TIMING      0x40000010u
#define KVM_FEATURE_CLOCK2  (1u << 3) /* CPUID 0x40000001:EAX */
#define MSR_KVM_SYSTEM_TIME 0x4b564d01u

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static void wrmsr(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)value),
                       "d"((uint32_t)(value >> 32))
                     : "memory");
}

static uint64_t from_cpuid(void)
{
    uint32_t r[4], max;

    cpuid(0, r);
    max = r[0];
    if (max >= 0x15) {
        cpuid(0x15, r); /* eax: denominator, ebx: numerator, ecx: Hz */
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0];
    }
    if (max >= 0x16) {
        cpuid(0x16, r); /* eax: base frequency in MHz */
        if (r[0] & 0xffff)
            return (uint64_t)(r[0] & 0xffff) * 1000000;
    }
    return 0;
}

/* Under a hypervisor (CPUID.1:ECX[31]): its max leaf and signature. */
static uint32_t hv_leaf(char sig[13])
{
    uint32_t r[4];

    cpuid(1, r);
    if (!(r[2] & (1u << 31)))
        return 0;
    cpuid(HV_LEAF_BASE, r);
    for (int i = 0; i < 4; i++) {
        sig[i] = (char)(r[1] >> (8 * i));
        sig[4 + i] = (char)(r[2] >> (8 * i));
        sig[8 + i] = (char)(r[3] >> (8 * i));
    }
    sig[12] = '\0';
    return r[0];
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/*
 * KVM's struct pvclock_vcpu_time_info (Linux's Documentation/virt/kvm/
 * x86/msr.rst, MSR_KVM_SYSTEM_TIME_NEW): ns = ((tsc << shift) * mul) >> 32,
 * with a negative shift shifting right. So ticks a second are
 * (10^9 << 32) / mul, shifted the other way.
 */
struct pvclock_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad[2];
} __attribute__((aligned(32)));

static uint64_t from_kvm_clock(void)
{
    static volatile struct pvclock_info info;
    uint64_t hz;
    uint32_t mul;
    int8_t shift;

    wrmsr(MSR_KVM_SYSTEM_TIME, (uint64_t)(uintptr_t)&info | 1);
    for (int i = 0; i < 1000 && (info.version == 0 || (info.version & 1)); i++)
        __asm__ volatile("pause");
    mul = info.tsc_to_system_mul;
    shift = info.tsc_shift;
    wrmsr(MSR_KVM_SYSTEM_TIME, 0); /* off: KVM stops writing the page */
    if (mul == 0)
        return 0;
    hz = (1000000000ull << 32) / mul;
    return shift >= 0 ? hz >> shift : hz << -shift;
}

static uint16_t pit_count(void)
{
    uint8_t lo, hi;

    outb(PIT_PORT_CMD, 0x00); /* latch channel 0 */
    lo = inb(PIT_PORT_CH0);
    hi = inb(PIT_PORT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

/* Channel 0, mode 2 with the largest reload (a 55 ms period), counted
 * down over 2 ms while the TSC runs; its gate is always on. */
static uint64_t from_pit(void)
{
    uint32_t elapsed = 0, reads = 0;
    uint16_t prev;
    uint64_t t0, t1;

    outb(PIT_PORT_CMD, 0x34); /* channel 0, lobyte/hibyte, mode 2 */
    outb(PIT_PORT_CH0, 0xff);
    outb(PIT_PORT_CH0, 0xff);
    prev = pit_count();
    t0 = tsc_read();
    while (elapsed < PIT_CALIB_TICKS) {
        uint16_t now = pit_count();

        elapsed += (uint16_t)(prev - now); /* counts down, wraps */
        prev = now;
        if (++reads == PIT_MAX_READS)
            return 0;
    }
    t1 = tsc_read();
    return (t1 - t0) * PIT_HZ / elapsed;
}

uint64_t tsc_freq_hz(const char **source)
{
    const char *src = "none";
    char sig[13];
    uint32_t max_hv, r[4];
    uint64_t hz = from_cpuid();

    if (hz) {
        src = "cpuid";
        goto out;
    }
    max_hv = hv_leaf(sig);
    if (max_hv >= HV_LEAF_TIMING) {
        cpuid(HV_LEAF_TIMING, r);
        if (r[0]) {
            hz = (uint64_t)r[0] * 1000;
            src = "cpuid-hypervisor";
            goto out;
        }
    }
    if (max_hv >= HV_LEAF_BASE + 1 && same(sig, "KVMKVMKVM")) {
        cpuid(HV_LEAF_BASE + 1, r);
        if (r[0] & KVM_FEATURE_CLOCK2) {
            hz = from_kvm_clock();
            if (hz) {
                src = "kvmclock";
                goto out;
            }
        }
    }
    hz = from_pit();
    if (hz)
        src = "pit";
out:
    if (source)
        *source = src;
    return hz;
}
