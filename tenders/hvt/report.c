/* SPDX-License-Identifier: ISC */
/* report.c: mirage-hvt's messages and exits; a crashed guest's registers. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../common/cli.h"
#include "../common/elf_load.h"
#include "hvt.h"
#include "report.h"

/* The most backtrace frames printed. */
#define BT_MAX 32

static int vcpu_fd = -1;
static const char *image_name = "the image";
static const struct hvt *guest;

void hvt_report_init(int vcpu, const char *image, const struct hvt *h)
{
    vcpu_fd = vcpu;
    image_name = image;
    guest = h;
}

void hvt_say(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n = snprintf(line, sizeof line, HVT_PROG ": ");

    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    if (write(2, line, (size_t)n) < 0)
        return;
}

void hvt_fail(const char *fmt, ...)
{
    char msg[TENDER_ERR_MAX * 2];
    va_list ap;

    hvt_console_flush();
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hvt_say("%s", msg);
    _exit(TENDER_EXIT_FAILURE);
}

void hvt_exit(int status)
{
    hvt_console_flush();
    _exit(status);
}

/* The frame-pointer chain from (rip, rbp), read as identity-mapped. */
static size_t backtrace(uint64_t rip, uint64_t fp, uint64_t *pcs)
{
    size_t npcs = 0;

    pcs[npcs++] = rip;
    while (guest && npcs < BT_MAX) {
        uint64_t next, ret;
        if (fp == 0 || (fp & 7) || !hvt_in_guest(guest, fp, 16))
            break;
        memcpy(&next, guest->mem + fp, 8);
        memcpy(&ret, guest->mem + fp + 8, 8);
        if (ret == 0)
            break;
        pcs[npcs++] = ret;
        if (next <= fp)
            break;
        fp = next;
    }
    return npcs;
}

/* Prints the registers and a frame-pointer backtrace of the vCPU. */
static void dump_vcpu(void)
{
    static const char *const names[] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8",
        "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags"};
    struct kvm_regs r;
    struct kvm_sregs s;
    uint64_t v[18], pcs[BT_MAX];
    size_t npcs;
    char line[256];
    int n;

    if (vcpu_fd < 0 || ioctl(vcpu_fd, KVM_GET_REGS, &r) != 0 ||
        ioctl(vcpu_fd, KVM_GET_SREGS, &s) != 0) {
        hvt_say("cannot read the guest's registers: %s", strerror(errno));
        return;
    }
    v[0] = r.rax, v[1] = r.rbx, v[2] = r.rcx, v[3] = r.rdx, v[4] = r.rsi;
    v[5] = r.rdi, v[6] = r.rbp, v[7] = r.rsp, v[8] = r.r8, v[9] = r.r9;
    v[10] = r.r10, v[11] = r.r11, v[12] = r.r12, v[13] = r.r13;
    v[14] = r.r14, v[15] = r.r15, v[16] = r.rip, v[17] = r.rflags;
    hvt_say("registers:");
    for (int i = 0; i < 18; i += 3) {
        n = 0;
        for (int k = i; k < i + 3 && k < 18; k++)
            n += snprintf(line + n, sizeof line - (size_t)n, "    %s=0x%016llx",
                          names[k], (unsigned long long)v[k]);
        hvt_say("%s", line);
    }
    hvt_say("    cr0=0x%016llx    cr2=0x%016llx    cr3=0x%016llx",
            (unsigned long long)s.cr0, (unsigned long long)s.cr2,
            (unsigned long long)s.cr3);
    hvt_say("    cr4=0x%016llx    efer=0x%016llx", (unsigned long long)s.cr4,
            (unsigned long long)s.efer);

    npcs = backtrace(r.rip, r.rbp, pcs);
    hvt_say("backtrace, innermost first:");
    for (size_t i = 0; i < npcs; i++)
        hvt_say("  #%-2zu 0x%016llx %s+0x%llx", i, (unsigned long long)pcs[i],
                image_name, (unsigned long long)pcs[i]);
    n = snprintf(line, sizeof line, "addr2line -f -e %s", image_name);
    /* a return address's call is the byte before it */
    for (size_t i = 0; i < npcs && n < (int)sizeof line - 20; i++)
        n += snprintf(line + n, sizeof line - (size_t)n, " 0x%llx",
                      (unsigned long long)(i ? pcs[i] - 1 : pcs[i]));
    hvt_say("symbolize with: %s", line);
}

void hvt_crash(const char *fmt, ...)
{
    char msg[TENDER_ERR_MAX];
    va_list ap;

    hvt_console_flush();
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hvt_say("crash: %s", msg);
    dump_vcpu();
    _exit(TENDER_EXIT_CRASH);
}
