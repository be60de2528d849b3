/* SPDX-License-Identifier: ISC */
/* test_xen_hypercall.c: Xen detection and hypercall encodings, on the host. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "xen/hypercall.h"

/*
 * The numbers below are written out, not taken from xen_public.h, so that
 * a wrong definition there fails here. They are those of Xen's public
 * headers: xen.h, sched.h, event_channel.h, hvm/hvm_op.h, hvm/params.h,
 * vcpu.h, memory.h.
 */

/* A fake CPUID: a table of leaves; absent leaves read as zeros. */
struct leaf {
    uint32_t leaf, r[4];
};
static const struct leaf *leaves;
static size_t nleaves;
static uint32_t leaf_log[512];
static size_t nlog;

static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    (void)sub;
    if (nlog < sizeof(leaf_log) / sizeof(leaf_log[0]))
        leaf_log[nlog++] = leaf;
    memset(out, 0, 4 * sizeof(out[0]));
    for (size_t i = 0; i < nleaves; i++)
        if (leaves[i].leaf == leaf)
            memcpy(out, leaves[i].r, 4 * sizeof(out[0]));
}

static int detect(const struct leaf *table, size_t n, struct xen_hv *hv)
{
    leaves = table;
    nleaves = n;
    nlog = 0;
    return xen_hv_detect_with(hv, fake_cpuid);
}

static int logged(uint32_t leaf)
{
    for (size_t i = 0; i < nlog; i++)
        if (leaf_log[i] == leaf)
            return 1;
    return 0;
}

#define HV_BIT  (1u << 31)
#define XEN_SIG 0x566e6558u, 0x65584d4du, 0x4d4d566eu

static void test_signature(void)
{
    uint32_t sig[3] = {XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                       XEN_CPUID_SIGNATURE_EDX};
    char text[13] = {0};

    memcpy(text, sig, 12);
    TAP_STREQ(text, "XenVMMXenVMM", "EBX, ECX, EDX spell XenVMMXenVMM");
}

static void test_detect(void)
{
    struct xen_hv hv;

    /* Xen at the first base, version 4.17, one page, MSR 0x40000000. */
    static const struct leaf xen0[] = {
        {1, {0, 0, HV_BIT, 0}},
        {0x40000000, {0x40000005, XEN_SIG}},
        {0x40000001, {0x00040011, 0, 0, 0}},
        {0x40000002, {1, 0x40000000, 0, 0}},
    };
    TAP_OK(detect(xen0, 4, &hv) == 0, "Xen at 0x40000000 detected");
    TAP_OK(hv.base == 0x40000000 && hv.max_leaf == 0x40000005,
           "base 0x%x, max leaf 0x%x", hv.base, hv.max_leaf);
    TAP_OK(hv.major == 4 && hv.minor == 17, "version %u.%u from base+1",
           hv.major, hv.minor);
    TAP_OK(hv.pages == 1 && hv.msr == 0x40000000,
           "pages %u, MSR 0x%x from base+2", hv.pages, hv.msr);

    /* Hyper-V ("Microsoft Hv") at 0x40000000, Xen behind it at 0x100. */
    static const struct leaf viridian[] = {
        {1, {0, 0, HV_BIT, 0}},
        {0x40000000, {0x40000006, 0x7263694d, 0x666f736f, 0x76482074}},
        {0x40000001, {0x31237648, 0, 0, 0}},
        {0x40000002, {0, 0x55, 0, 0}},
        {0x40000100, {0x40000105, XEN_SIG}},
        {0x40000101, {0x0004000d, 0, 0, 0}},
        {0x40000102, {1, 0x40000200, 0, 0}},
    };
    TAP_OK(detect(viridian, 7, &hv) == 0, "Xen behind Hyper-V detected");
    TAP_OK(hv.base == 0x40000100, "base 0x%x is 0x40000100", hv.base);
    TAP_OK(hv.major == 4 && hv.minor == 13 && hv.pages == 1 &&
               hv.msr == 0x40000200,
           "version, pages and MSR read from 0x40000101/0x40000102");

    /* KVM's signature only: no Xen, every base scanned. */
    static const struct leaf kvm[] = {
        {1, {0, 0, HV_BIT, 0}},
        {0x40000000, {0x40000001, 0x4b4d564b, 0x564b4d56, 0x0000004d}},
    };
    TAP_OK(detect(kvm, 2, &hv) == -ENODEV, "KVM alone: -ENODEV");
    TAP_OK(logged(0x4000ff00) && !logged(0x40010000),
           "scan stops at 0x4000ff00 (%zu leaves read)", nlog);
    TAP_OK(hv.base == 0 && hv.msr == 0, "hv cleared when not found");

    /* Xen at the last base still counts. */
    static const struct leaf last[] = {
        {1, {0, 0, HV_BIT, 0}},
        {0x4000ff00, {0x4000ff02, XEN_SIG}},
        {0x4000ff01, {0x00030004, 0, 0, 0}},
        {0x4000ff02, {2, 0x4000ff00, 0, 0}},
    };
    TAP_OK(detect(last, 4, &hv) == 0 && hv.base == 0x4000ff00 && hv.pages == 2,
           "Xen at 0x4000ff00 detected");

    /* The signature without the hypervisor bit: bare metal noise. */
    static const struct leaf nobit[] = {
        {1, {0, 0, 0, 0}},
        {0x40000000, {0x40000005, XEN_SIG}},
    };
    TAP_OK(detect(nobit, 2, &hv) == -ENODEV && nlog == 1,
           "no hypervisor bit: -ENODEV, leaf 1 only");

    /* Xen that does not reach leaf base+2. */
    static const struct leaf short_xen[] = {
        {1, {0, 0, HV_BIT, 0}},
        {0x40000000, {0x40000001, XEN_SIG}},
    };
    TAP_OK(detect(short_xen, 2, &hv) == -ENODEV,
           "max leaf below base+2: -ENODEV");

    /* Nothing at all. */
    TAP_OK(detect(NULL, 0, &hv) == -ENODEV, "no leaves: -ENODEV");
}

static uint32_t msr_seen;
static uint64_t msr_val;
static int msr_writes;

static void fake_wrmsr(uint32_t msr, uint64_t val)
{
    msr_seen = msr;
    msr_val = val;
    msr_writes++;
}

static void test_hypercall_page(void)
{
    struct xen_hv hv = {.base = 0x40000000, .pages = 1, .msr = 0x40000000};

    TAP_OK(xen_hv_setup_hypercall_page(&hv, 0x123000, fake_wrmsr) == 0 &&
               msr_writes == 1 && msr_seen == 0x40000000 && msr_val == 0x123000,
           "page 0x123000 written to MSR 0x%x as 0x%llx", msr_seen,
           (unsigned long long)msr_val);
    TAP_OK(xen_hv_setup_hypercall_page(&hv, 0x123800, fake_wrmsr) == -EINVAL &&
               msr_writes == 1,
           "unaligned page: -EINVAL, no write");
    TAP_OK(xen_hv_setup_hypercall_page(&hv, 0, fake_wrmsr) == -EINVAL,
           "page 0: -EINVAL");
    hv.pages = 0;
    TAP_OK(xen_hv_setup_hypercall_page(&hv, 0x123000, fake_wrmsr) == -EINVAL &&
               msr_writes == 1,
           "no hypercall page offered: -EINVAL");
}

/* The fake hypercall page: records the call and a copy of its argument
 * structure, fills in outputs, returns fake_rc. */
static struct {
    unsigned nr;
    unsigned long a[5];
    unsigned char arg[32];
    size_t arg_len;
    int calls;
} hc;
static long fake_rc;
static uint64_t fake_value = 0xfefffu;

static size_t arg_size(unsigned nr, unsigned long cmd)
{
    switch (nr * 100 + cmd) {
    case 29 * 100 + 2: /* sched_op, SCHEDOP_shutdown */
        return 4;
    case 29 * 100 + 3: /* sched_op, SCHEDOP_poll */
        return 24;
    case 32 * 100 + 4: /* event_channel_op, EVTCHNOP_send */
        return 4;
    case 34 * 100 + 1: /* hvm_op, HVMOP_get_param */
        return 16;
    case 12 * 100 + 7: /* memory_op, XENMEM_add_to_physmap */
        return 24;
    }
    return 0;
}

long xen_hypercall5(unsigned nr, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    unsigned long ptr = a2; /* (cmd, arg) */

    memset(&hc, 0, sizeof(hc));
    hc.nr = nr;
    hc.a[0] = a1, hc.a[1] = a2, hc.a[2] = a3, hc.a[3] = a4, hc.a[4] = a5;
    hc.arg_len = arg_size(nr, a1);
    hc.calls++;
    if (hc.arg_len && ptr)
        memcpy(hc.arg, (const void *)ptr, hc.arg_len);
    if (fake_rc == 0 && nr == 34 && a1 == 1)
        memcpy((char *)ptr + 8, &fake_value, 8);
    return fake_rc;
}

static uint32_t arg32(size_t off)
{
    uint32_t v;

    memcpy(&v, hc.arg + off, 4);
    return v;
}

static uint64_t arg64(size_t off)
{
    uint64_t v;

    memcpy(&v, hc.arg + off, 8);
    return v;
}

static int rest_zero(int from)
{
    for (int i = from; i < 5; i++)
        if (hc.a[i] != 0)
            return 0;
    return 1;
}

static void test_encodings(void)
{
    uint64_t value = 0;

    TAP_OK(xen_shutdown(SHUTDOWN_crash) == 0 && hc.nr == 29 && hc.a[0] == 2 &&
               hc.arg_len == 4 && arg32(0) == 3 && rest_zero(2),
           "xen_shutdown(SHUTDOWN_crash): sched_op(29), SCHEDOP_shutdown(2), "
           "reason 3");
    TAP_OK(xen_shutdown(SHUTDOWN_poweroff) == 0 && arg32(0) == 0,
           "SHUTDOWN_poweroff is reason 0");
    TAP_OK(SHUTDOWN_reboot == 1 && SHUTDOWN_suspend == 2,
           "SHUTDOWN_reboot 1, SHUTDOWN_suspend 2");

    TAP_OK(xen_evtchn_send(7) == 0 && hc.nr == 32 && hc.a[0] == 4 &&
               arg32(0) == 7 && rest_zero(2),
           "xen_evtchn_send(7): event_channel_op(32), EVTCHNOP_send(4), "
           "port 7");

    TAP_OK(xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &value) == 0 &&
               hc.nr == 34 && hc.a[0] == 1 && (arg32(0) & 0xffff) == 0x7FF0 &&
               arg32(4) == 17 && value == 0xfefff,
           "console PFN: hvm_op(34), HVMOP_get_param(1), DOMID_SELF "
           "0x7FF0, index 17, value returned");
    TAP_OK(xen_hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &value) == 0 &&
               arg32(4) == 18,
           "console event channel: index 18");
    fake_rc = -22;
    value = 99;
    TAP_OK(xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &value) == -22 &&
               value == 99,
           "an error is returned and the value left alone");
    fake_rc = 0;

    static const evtchn_port_t ports[2] = {3, 5};
    void *ptr;

    TAP_OK(xen_poll(ports, 2, 5000000000ull) == 0 && hc.nr == 29 &&
               hc.a[0] == 3 && hc.arg_len == 24,
           "xen_poll: sched_op(29), SCHEDOP_poll(3)");
    memcpy(&ptr, hc.arg, sizeof(ptr));
    TAP_OK(ptr == (const void *)ports && arg32(8) == 2 &&
               arg64(16) == 5000000000ull,
           "sched_poll: ports, nr_ports 2, timeout");

    TAP_OK(xen_map_shared_info(0x1234) == 0 && hc.nr == 12 && hc.a[0] == 7 &&
               (arg32(0) & 0xffff) == 0x7FF0 && arg32(4) == 0 &&
               arg64(8) == 0 && arg64(16) == 0x1234,
           "shared info: memory_op(12), XENMEM_add_to_physmap(7), "
           "DOMID_SELF, XENMAPSPACE_shared_info(0), gpfn");
}

static void test_shutdown_reason(void)
{
    TAP_OK(xen_shutdown_reason(255) == 3, "status 255 (crash): SHUTDOWN_crash");
    TAP_OK(xen_shutdown_reason(0) == 0 && xen_shutdown_reason(1) == 0 &&
               xen_shutdown_reason(63) == 0 && xen_shutdown_reason(64) == 0 &&
               xen_shutdown_reason(125) == 0 && xen_shutdown_reason(254) == 0,
           "statuses 0, 1, 63, 64, 125, 254: SHUTDOWN_poweroff");
}

static void test_exit_message(void)
{
    char buf[64], small[10];
    int n;

    n = xen_exit_message(buf, sizeof(buf), 0);
    TAP_STREQ(buf, "mirage: exit status 0\n", "status 0: the line");
    TAP_OK(n == 22, "its length, 22: %d", n);
    xen_exit_message(buf, sizeof(buf), 255);
    TAP_STREQ(buf, "mirage: exit status 255\n", "status 255 (a crash)");
    xen_exit_message(buf, sizeof(buf), -1);
    TAP_STREQ(buf, "mirage: exit status -1\n", "a negative status as is");
    n = xen_exit_message(small, sizeof(small), 64);
    TAP_OK(n == 23 && strcmp(small, "mirage: e") == 0,
           "a small buffer: cut and NUL-terminated, the whole length told");
    TAP_OK(xen_exit_message(small, 0, 1) == -EINVAL, "size 0: -EINVAL");
}

static void test_poll_timeout(void)
{
    TAP_OK(xen_poll_timeout(5000000000ull, 123456789ull) == 5123456789ull,
           "deadline 5 s after an origin of 123456789 ns: system time sum");
    TAP_OK(xen_poll_timeout(0, 0) == 1,
           "deadline 0 at origin 0: 1 (past), never 0 (no timeout)");
    TAP_OK(xen_poll_timeout(0, 77) == 77, "deadline 0: the origin");
    TAP_OK(xen_poll_timeout((uint64_t)INT64_MAX - 10, 10) ==
               (uint64_t)INT64_MAX,
           "the sum INT64_MAX still representable");
    TAP_OK(xen_poll_timeout((uint64_t)INT64_MAX - 10, 11) == 0,
           "past INT64_MAX: 0 (no timeout), not a negative s_time_t");
    TAP_OK(xen_poll_timeout(UINT64_MAX, 0) == 0 &&
               xen_poll_timeout(UINT64_MAX, UINT64_MAX) == 0 &&
               xen_poll_timeout(1, UINT64_MAX) == 0,
           "no wrap around 2^64: 0 (no timeout)");
}

static void test_evtchn_pending(void)
{
    static struct xen_shared_info s;
    const unsigned bits = sizeof(unsigned long) * 8;

    s.evtchn_pending[70 / bits] = (1ul << (70 % bits)) | 1ul;
    TAP_OK(xen_evtchn_pending(&s, 70) == 1 && xen_evtchn_pending(&s, 70) == 1,
           "port 70 is pending, and looking does not clear it");
    TAP_OK(xen_evtchn_pending(&s, 71) == 0, "port 71 is not");
    TAP_OK(xen_evtchn_pending(&s, 4096) == 0 &&
               xen_evtchn_pending(NULL, 70) == 0,
           "a port out of range or no shared info: not pending");
    TAP_OK(xen_evtchn_test_and_clear(&s, 70) == 1, "port 70 was pending");
    TAP_OK(xen_evtchn_test_and_clear(&s, 70) == 0, "and is no more");
    TAP_OK(s.evtchn_pending[70 / bits] == 1ul, "other bits of the word kept");
    TAP_OK(xen_evtchn_test_and_clear(&s, 4096) == -EINVAL &&
               XEN_EVTCHN_PORTS == 4096,
           "4096 ports (2-level ABI); port 4096 is -EINVAL");
}

int main(void)
{
    test_signature();
    test_detect();
    test_hypercall_page();
    test_encodings();
    test_shutdown_reason();
    test_exit_message();
    test_poll_timeout();
    test_evtchn_pending();
    return tap_done();
}
