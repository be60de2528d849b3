/* SPDX-License-Identifier: ISC */
/* kvmclock.c: what KVM's paravirtual clock tells: TSC rate, wall time. */
#include "kvmclock.h"

#include "tsc.h"

/*
 * The interface of Linux's Documentation/virt/kvm/x86/msr.rst: writing a
 * guest physical address (| 1, enable) to MSR_KVM_SYSTEM_TIME_NEW makes
 * KVM keep a struct pvclock_vcpu_time_info there; writing one to
 * MSR_KVM_WALL_CLOCK_NEW makes it write a struct pvclock_wall_clock, the
 * wall time at system time 0. System time in ns is
 *   system_time + (((tsc - tsc_timestamp) << shift) * mul >> 32)
 * with a negative shift shifting right. Both are read once, at boot; the
 * system-time page is then switched off again.
 */
#define HV_LEAF_BASE        0x40000000u
#define KVM_FEATURE_CLOCK2  (1u << 3)
#define MSR_KVM_WALL_CLOCK  0x4b564d00u
#define MSR_KVM_SYSTEM_TIME 0x4b564d01u
#define VERSION_WAIT_SPINS  1000

struct pvclock_time {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad[2];
} __attribute__((aligned(32)));

struct pvclock_wall {
    uint32_t version;
    uint32_t sec;
    uint32_t nsec;
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct pvclock_time) == 32, "pvclock_vcpu_time_info");

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

/* Whether this is KVM ("KVMKVMKVM\0\0\0") with clocksource2. */
static int is_kvm(void)
{
    uint32_t r[4];

    cpuid(1, r);
    if (!(r[2] & (1u << 31)))
        return 0;
    cpuid(HV_LEAF_BASE, r);
    if (r[0] < HV_LEAF_BASE + 1 || r[1] != 0x4b4d564bu || r[2] != 0x564b4d56u ||
        r[3] != 0x0000004du)
        return 0;
    cpuid(HV_LEAF_BASE + 1, r);
    return (r[0] & KVM_FEATURE_CLOCK2) != 0;
}

/* A consistent copy of (*src): an even version, unchanged over the copy. */
static int read_time(const volatile struct pvclock_time *src,
                     struct pvclock_time *out)
{
    for (int i = 0; i < VERSION_WAIT_SPINS; i++) {
        uint32_t v = src->version;

        __asm__ volatile("" : : : "memory");
        out->tsc_timestamp = src->tsc_timestamp;
        out->system_time = src->system_time;
        out->tsc_to_system_mul = src->tsc_to_system_mul;
        out->tsc_shift = src->tsc_shift;
        __asm__ volatile("" : : : "memory");
        if (v != 0 && !(v & 1) && v == src->version)
            return out->tsc_to_system_mul != 0;
        __asm__ volatile("pause");
    }
    return 0;
}

static volatile struct pvclock_time time_page;
static volatile struct pvclock_wall wall_page;

uint64_t kvmclock_tsc_hz(void)
{
    struct pvclock_time t;
    uint64_t hz;
    int ok;

    if (!is_kvm())
        return 0;
    wrmsr(MSR_KVM_SYSTEM_TIME, (uint64_t)(uintptr_t)&time_page | 1);
    ok = read_time(&time_page, &t);
    wrmsr(MSR_KVM_SYSTEM_TIME, 0);
    if (!ok)
        return 0;
    hz = (1000000000ull << 32) / t.tsc_to_system_mul;
    return t.tsc_shift >= 0 ? hz >> t.tsc_shift : hz << -t.tsc_shift;
}

int64_t kvmclock_wall_ns(void)
{
    struct pvclock_time t;
    uint64_t delta, sys;
    uint32_t v;
    int ok;

    if (!is_kvm())
        return -1;
    wrmsr(MSR_KVM_SYSTEM_TIME, (uint64_t)(uintptr_t)&time_page | 1);
    wrmsr(MSR_KVM_WALL_CLOCK, (uint64_t)(uintptr_t)&wall_page);
    ok = read_time(&time_page, &t);
    delta = tsc_read() - t.tsc_timestamp;
    wrmsr(MSR_KVM_SYSTEM_TIME, 0);
    v = wall_page.version;
    if (!ok || (v & 1) || wall_page.sec == 0)
        return -1;
    delta = t.tsc_shift >= 0 ? delta << t.tsc_shift : delta >> -t.tsc_shift;
    sys = t.system_time +
          (uint64_t)(((unsigned __int128)delta * t.tsc_to_system_mul) >> 32);
    return (int64_t)wall_page.sec * 1000000000 + wall_page.nsec + (int64_t)sys;
}
