/* SPDX-License-Identifier: ISC */
/* test_xen_time.c: Xen's PV clock scaling and wall clock, on the host. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "xen/hypercall.h"
#include "xen/ring.h"

/* The hypercall layer is linked in; no test here makes a hypercall. */
long xen_hypercall5(unsigned nr, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)nr, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return -38;
}

/*
 * Expected values, by hand: ns = ((delta << shift) * mul) >> 32.
 * A 3 GHz TSC: shift -1, mul = 2^33 / 3 = 2863311530 (Xen keeps mul in
 * [2^31, 2^32)); 3e9 ticks -> 1.5e9 * 2863311530 / 2^32 = 999999999.77.
 */
static void test_scale(void)
{
    TAP_OK(xen_pvclock_scale(1000, 1u << 31, 0) == 500,
           "mul 2^31 (x0.5), shift 0: 1000 -> 500");
    TAP_OK(xen_pvclock_scale(3000000000u, 2863311530u, -1) == 999999999,
           "3 GHz (shift -1): 3e9 ticks -> 999999999 ns");
    TAP_OK(xen_pvclock_scale((1ull << 40) + 12345, 2863311530u, -1) ==
               366503879954ull,
           "3 GHz: 2^40+12345 ticks -> 366503879954 ns");
    TAP_OK(xen_pvclock_scale(12345, 1u << 31, 2) == 24690,
           "500 MHz (shift 2, mul 2^31): 12345 ticks -> 24690 ns");
    TAP_OK(xen_pvclock_scale((1ull << 45) + 7, 0xffffffffu, 0) ==
               35184372080646ull,
           "product beyond 64 bits (2^45+7 x 0xffffffff) kept exact");
    TAP_OK(xen_pvclock_scale(0xffffffffffull, 0x9abcdef1u, -3) ==
               83074211359ull,
           "shift -3: 0xffffffffff x 0x9abcdef1 -> 83074211359");
    TAP_OK(xen_pvclock_scale(0, 0xffffffffu, 3) == 0, "0 ticks -> 0");
}

static void test_pvclock(void)
{
    static struct vcpu_time_info t = {.version = 2,
                                      .tsc_timestamp = 1000000,
                                      .system_time = 5000000000ull,
                                      .tsc_to_system_mul = 1u << 31,
                                      .tsc_shift = 0};

    TAP_OK(xen_pvclock_ns(&t, 1000000 + 4000) == 5000002000ull,
           "system_time + (tsc - tsc_timestamp) scaled");
    TAP_OK(xen_pvclock_ns(&t, 1000000) == 5000000000ull,
           "at tsc_timestamp: system_time");
    TAP_OK(xen_pvclock_ns(&t, 1000000 - 4000) == 4999998000ull,
           "a TSC before tsc_timestamp counts back");
    t.tsc_shift = -1;
    t.tsc_to_system_mul = 2863311530u;
    TAP_OK(xen_pvclock_ns(&t, 1000000 + 3000000000ull) == 5999999999ull,
           "negative tsc_shift: +3e9 ticks at 3 GHz is +999999999 ns");

    static struct xen_shared_info s;
    s.vcpu_info[0].time = t;
    TAP_OK(xen_pvclock_ns(&s.vcpu_info[0].time, 1000000) == 5000000000ull,
           "through shared_info.vcpu_info[0].time");
}

/*
 * A writer that keeps updating a vcpu_time_info as Xen does (version odd
 * during the update) while the reader reads it; the reader must only ever
 * see whole states. They run until the reader has made READS reads and
 * the writer UPDATES updates, whichever thread is faster.
 */
#define READS   200000
#define UPDATES 20000
#define TSC     4000000000ull
static volatile struct vcpu_time_info shared;
static volatile int reader_ready, reader_done;
static volatile uint64_t updates;

static void *writer(void *arg)
{
    (void)arg;
    while (!reader_ready)
        ;
    for (uint64_t i = 1; !reader_done && i < 100000000; i++) {
        shared.version++;
        xen_wmb();
        shared.tsc_timestamp = i * 10;
        shared.system_time = i * 1000000;
        xen_wmb();
        shared.version++;
        updates = i;
    }
    return NULL;
}

/* The value that state k gives at TSC: k*1e6 + (TSC - 10k) / 2. */
static int whole_state(uint64_t ns)
{
    uint64_t k = (ns - TSC / 2) / (1000000 - 5);

    return ns >= TSC / 2 && ns == k * 1000000 + (TSC - 10 * k) / 2;
}

static void test_seqlock(void)
{
    pthread_t th;
    long reads = 0, torn = 0;
    uint64_t ns;

    shared.version = 0;
    shared.tsc_to_system_mul = 1u << 31;
    shared.tsc_shift = 0;
    shared.tsc_timestamp = 0;
    shared.system_time = 0;
    if (pthread_create(&th, NULL, writer, NULL) != 0) {
        tap_skip_plain("no threads");
        return;
    }
    reader_ready = 1;
    while (reads < READS || updates < UPDATES) {
        reads++;
        if (!whole_state(xen_pvclock_ns(&shared, TSC)))
            torn++;
    }
    reader_done = 1;
    pthread_join(th, NULL);
    TAP_OK(torn == 0, "%ld reads during %llu updates, %ld torn", reads,
           (unsigned long long)updates, torn);
    ns = xen_pvclock_ns(&shared, TSC);
    TAP_OK(ns == updates * 1000000 + (TSC - 10 * updates) / 2,
           "the last state read after the writer ends");
}

static void test_wallclock(void)
{
    static struct xen_shared_info s;

    s.wc_version = 4;
    s.wc_sec = 1700000000;
    s.wc_nsec = 123456789;
    TAP_OK(xen_wallclock_ns(&s, 5000000000ull) == 1700000005123456789ll,
           "wc_sec 1700000000 + wc_nsec + 5 s of system time");
    TAP_OK(xen_wallclock_ns(&s, 0) == 1700000000123456789ll,
           "at system time 0");
    s.wc_sec_hi = 1;
    s.wc_sec = 16;
    s.wc_nsec = 999999999;
    TAP_OK(xen_wallclock_ns(&s, 7) == 4294967313000000006ll,
           "wc_sec_hi 1: (2^32 + 16) s + 999999999 ns + 7 ns, past 2106");
}

int main(void)
{
    test_scale();
    test_pvclock();
    test_seqlock();
    test_wallclock();
    return tap_done();
}
