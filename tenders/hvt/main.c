/* SPDX-License-Identifier: ISC */
/* main.c: mirage-hvt, the tender that runs an hvt image in a KVM guest. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "../common/cli.h"
#include "../common/cmdline_quote.h"
#include "../common/devices.h"
#include "../common/elf_load.h"
#include "seccomp.h"

#define PROG "mirage-hvt"
#define PAGE 4096ull
#define MIB  (1ull << 20)

/*
 * Guest-physical layout below the image (1 MiB): the GDT, the page tables
 * (a PML4, a PDPT, one page directory per GiB, 2 MiB pages), then the
 * boot info and the command line. The boot stack is the top of memory.
 */
#define GDT_ADDR   0x1000ull
#define PML4_ADDR  0x2000ull
#define PDPT_ADDR  0x3000ull
#define PD_ADDR    0x4000ull /* up to 64 pages: 64 GiB */
#define BOOT_ADDR  0x50000ull
#define STACK_SIZE (256ull * 1024)
#define HEAP_MIN   MIB /* the least heap we agree to */

/* Page-table entry bits. */
#define PTE_P  0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

/* Control registers of long mode. */
#define CR0_LONG  0x80050033ull /* PE MP ET NE WP PG */
#define CR4_LONG  0x620ull      /* PAE OSFXSR OSXMMEXCPT */
#define EFER_LONG 0xd00ull      /* LME LMA NXE */

/* The most backtrace frames printed. */
#define BT_MAX 32

static uint8_t *guest; /* guest memory, guest-physical 0 */
static uint64_t mem;   /* its size */
static int vcpu_fd = -1;
static const char *image_name;
static struct mirage_tender_boot_info *boot;
static int dev_fd[MIRAGE_TENDER_MANIFEST_MAX];

/* The console: guest output is buffered, flushed on newline, POLL, exit. */
static char con[8192];
static size_t con_len;

/* One line on stderr, with no allocation (safe under the filter). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n = snprintf(line, sizeof line, PROG ": ");

    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    if (write(2, line, (size_t)n) < 0)
        return;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

static void fail(const char *fmt, ...)
{
    char msg[TENDER_ERR_MAX * 2];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    say("%s", msg);
    _exit(TENDER_EXIT_FAILURE);
}

static void con_flush(void)
{
    size_t off = 0;

    while (off < con_len) {
        ssize_t w = write(1, con + off, con_len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    con_len = 0;
}

static void con_put(const uint8_t *s, uint64_t n)
{
    if (n > sizeof con - con_len)
        con_flush();
    if (n >= sizeof con) {
        while (n > 0) {
            ssize_t w = write(1, s, n);
            if (w <= 0)
                return;
            s += w;
            n -= (uint64_t)w;
        }
        return;
    }
    memcpy(con + con_len, s, n);
    con_len += n;
    if (memchr(s, '\n', n))
        con_flush();
}

/* 1 when [gpa, gpa + len) is inside guest memory. */
static int in_guest(uint64_t gpa, uint64_t len)
{
    return len <= mem && gpa <= mem - len;
}

static uint64_t page_up(uint64_t a)
{
    return (a + PAGE - 1) & ~(PAGE - 1);
}

static void put64(uint64_t gpa, uint64_t v)
{
    memcpy(guest + gpa, &v, 8);
}

/* Prints the registers and a frame-pointer backtrace of the vCPU. */
static void dump_vcpu(void)
{
    static const char *const names[] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8",
        "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags"};
    struct kvm_regs r;
    struct kvm_sregs s;
    uint64_t v[18], pcs[BT_MAX], fp;
    size_t npcs = 0;
    char line[256];

    if (ioctl(vcpu_fd, KVM_GET_REGS, &r) != 0 ||
        ioctl(vcpu_fd, KVM_GET_SREGS, &s) != 0) {
        say("cannot read the guest's registers: %s", strerror(errno));
        return;
    }
    v[0] = r.rax, v[1] = r.rbx, v[2] = r.rcx, v[3] = r.rdx, v[4] = r.rsi;
    v[5] = r.rdi, v[6] = r.rbp, v[7] = r.rsp, v[8] = r.r8, v[9] = r.r9;
    v[10] = r.r10, v[11] = r.r11, v[12] = r.r12, v[13] = r.r13;
    v[14] = r.r14, v[15] = r.r15, v[16] = r.rip, v[17] = r.rflags;
    say("registers:");
    for (int i = 0; i < 18; i += 3) {
        int n = 0;
        for (int k = i; k < i + 3 && k < 18; k++)
            n += snprintf(line + n, sizeof line - (size_t)n, "    %s=0x%016llx",
                          names[k], (unsigned long long)v[k]);
        say("%s", line);
    }
    say("    cr0=0x%016llx    cr2=0x%016llx    cr3=0x%016llx",
        (unsigned long long)s.cr0, (unsigned long long)s.cr2,
        (unsigned long long)s.cr3);
    say("    cr4=0x%016llx    efer=0x%016llx", (unsigned long long)s.cr4,
        (unsigned long long)s.efer);

    /* Frames from guest memory, read as identity-mapped. */
    pcs[npcs++] = r.rip;
    for (fp = r.rbp; npcs < BT_MAX;) {
        uint64_t next, ret;
        if (fp == 0 || (fp & 7) || !in_guest(fp, 16))
            break;
        memcpy(&next, guest + fp, 8);
        memcpy(&ret, guest + fp + 8, 8);
        if (ret == 0)
            break;
        pcs[npcs++] = ret;
        if (next <= fp)
            break;
        fp = next;
    }
    say("backtrace, innermost first:");
    for (size_t i = 0; i < npcs; i++)
        say("  #%-2zu 0x%016llx %s+0x%llx", i, (unsigned long long)pcs[i],
            image_name, (unsigned long long)pcs[i]);
    {
        int n = snprintf(line, sizeof line, "addr2line -f -e %s", image_name);
        /* a return address's call is the byte before it */
        for (size_t i = 0; i < npcs && n < (int)sizeof line - 20; i++)
            n += snprintf(line + n, sizeof line - (size_t)n, " 0x%llx",
                          (unsigned long long)(i ? pcs[i] - 1 : pcs[i]));
        say("symbolize with: %s", line);
    }
}

/* The guest crashed: (reason), its registers, exit 255. */
static void crash(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

static void crash(const char *fmt, ...)
{
    char msg[TENDER_ERR_MAX];
    va_list ap;

    con_flush();
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    say("crash: %s", msg);
    dump_vcpu();
    _exit(TENDER_EXIT_CRASH);
}

static const char *const call_names[] = {
    [MIRAGE_HVT_WALLTIME] = "WALLTIME",
    [MIRAGE_HVT_PUTS] = "PUTS",
    [MIRAGE_HVT_POLL] = "POLL",
    [MIRAGE_HVT_BLOCK_WRITE] = "BLOCK_WRITE",
    [MIRAGE_HVT_BLOCK_READ] = "BLOCK_READ",
    [MIRAGE_HVT_NET_WRITE] = "NET_WRITE",
    [MIRAGE_HVT_NET_READ] = "NET_READ",
    [MIRAGE_HVT_HALT] = "HALT",
    [MIRAGE_HVT_BLOCK_FLUSH] = "BLOCK_FLUSH",
};

/*
 * Copies the argument struct of call (nr) at (gpa) into (arg); an
 * argument outside guest memory is a guest crash (no place to say so).
 */
static void get_arg(unsigned nr, uint64_t gpa, void *arg, size_t size)
{
    if (!in_guest(gpa, size))
        crash("hypercall %s: its argument at 0x%llx (%zu bytes) is outside "
              "guest memory (%llu bytes)",
              call_names[nr], (unsigned long long)gpa, size,
              (unsigned long long)mem);
    memcpy(arg, guest + gpa, size);
}

static void set_arg(uint64_t gpa, const void *arg, size_t size)
{
    memcpy(guest + gpa, arg, size);
}

static int64_t do_poll(struct mirage_hvt_poll *p)
{
    struct pollfd fds[MIRAGE_TENDER_MANIFEST_MAX];
    unsigned idx[MIRAGE_TENDER_MANIFEST_MAX], n = 0;
    struct timespec ts;
    int rc;

    con_flush();
    for (unsigned i = 0; i < boot->ndevices; i++)
        if (boot->devices[i].type == MIRAGE_TENDER_DEV_NET &&
            (p->ready & (1ull << i))) {
            fds[n] = (struct pollfd){dev_fd[i], POLLIN, 0};
            idx[n++] = i;
        }
    ts.tv_sec = (time_t)(p->timeout_ns / 1000000000u);
    ts.tv_nsec = (long)(p->timeout_ns % 1000000000u);
    p->ready = 0;
    rc = ppoll(fds, n, &ts, NULL);
    if (rc < 0)
        return errno == EINTR ? 0 : -errno;
    for (unsigned k = 0; k < n; k++)
        if (fds[k].revents & POLLIN)
            p->ready |= 1ull << idx[k];
    return 0;
}

static int64_t do_block(unsigned nr, const struct mirage_hvt_block *b)
{
    const struct mirage_tender_device *d;
    uint64_t done = 0;

    if (b->handle >= boot->ndevices ||
        boot->devices[b->handle].type != MIRAGE_TENDER_DEV_BLOCK)
        return -EINVAL;
    d = &boot->devices[b->handle];
    if (b->offset % d->sector_size || b->len % d->sector_size ||
        b->offset > d->capacity || b->len > d->capacity - b->offset)
        return -EINVAL;
    if (!in_guest(b->data, b->len))
        return -EFAULT;
    if (nr == MIRAGE_HVT_BLOCK_WRITE && d->read_only)
        return -EROFS;
    while (done < b->len) {
        ssize_t n;
        if (nr == MIRAGE_HVT_BLOCK_READ)
            n = pread(dev_fd[b->handle], guest + b->data + done, b->len - done,
                      (off_t)(b->offset + done));
        else
            n = pwrite(dev_fd[b->handle], guest + b->data + done, b->len - done,
                       (off_t)(b->offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO;
        done += (uint64_t)n;
    }
    return 0;
}

static int64_t do_block_flush(const struct mirage_hvt_block *b)
{
    if (b->handle >= boot->ndevices ||
        boot->devices[b->handle].type != MIRAGE_TENDER_DEV_BLOCK)
        return -EINVAL;
    if (boot->devices[b->handle].read_only)
        return 0; /* nothing was written */
    while (fdatasync(dev_fd[b->handle]) != 0)
        if (errno != EINTR)
            return -errno;
    return 0;
}

static int64_t do_net(unsigned nr, struct mirage_hvt_net *p)
{
    const struct mirage_tender_device *d;
    ssize_t n;

    if (p->handle >= boot->ndevices ||
        boot->devices[p->handle].type != MIRAGE_TENDER_DEV_NET)
        return -EINVAL;
    d = &boot->devices[p->handle];
    if (!in_guest(p->data, p->len))
        return -EFAULT;
    if (nr == MIRAGE_HVT_NET_WRITE) {
        /* a frame: the payload and an Ethernet header */
        if (p->len > d->mtu + 14u)
            return -EINVAL;
        n = write(dev_fd[p->handle], guest + p->data, p->len);
        if (n < 0)
            return -errno;
        return (uint64_t)n == p->len ? 0 : -EIO;
    }
    n = read(dev_fd[p->handle], guest + p->data, p->len);
    if (n < 0)
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    p->got = (uint64_t)n;
    return 0;
}

/* Services the hypercall (nr) with its argument at (gpa). */
static void hypercall(unsigned nr, uint64_t gpa)
{
    switch (nr) {
    case MIRAGE_HVT_WALLTIME: {
        struct mirage_hvt_walltime w;
        struct timespec ts;
        get_arg(nr, gpa, &w, sizeof w);
        clock_gettime(CLOCK_REALTIME, &ts);
        w.ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
        set_arg(gpa, &w, sizeof w);
        break;
    }
    case MIRAGE_HVT_PUTS: {
        struct mirage_hvt_puts p;
        get_arg(nr, gpa, &p, sizeof p);
        if (!in_guest(p.data, p.len))
            crash("hypercall PUTS: its data at 0x%llx (%llu bytes) is outside "
                  "guest memory (%llu bytes)",
                  (unsigned long long)p.data, (unsigned long long)p.len,
                  (unsigned long long)mem);
        con_put(guest + p.data, p.len);
        break;
    }
    case MIRAGE_HVT_POLL: {
        struct mirage_hvt_poll p;
        get_arg(nr, gpa, &p, sizeof p);
        p.ret = do_poll(&p);
        set_arg(gpa, &p, sizeof p);
        break;
    }
    case MIRAGE_HVT_BLOCK_WRITE:
    case MIRAGE_HVT_BLOCK_READ: {
        struct mirage_hvt_block b;
        get_arg(nr, gpa, &b, sizeof b);
        b.ret = do_block(nr, &b);
        set_arg(gpa, &b, sizeof b);
        break;
    }
    case MIRAGE_HVT_BLOCK_FLUSH: {
        struct mirage_hvt_block b;
        get_arg(nr, gpa, &b, sizeof b);
        b.ret = do_block_flush(&b);
        set_arg(gpa, &b, sizeof b);
        break;
    }
    case MIRAGE_HVT_NET_WRITE:
    case MIRAGE_HVT_NET_READ: {
        struct mirage_hvt_net p;
        get_arg(nr, gpa, &p, sizeof p);
        p.ret = do_net(nr, &p);
        set_arg(gpa, &p, sizeof p);
        break;
    }
    case MIRAGE_HVT_HALT: {
        struct mirage_hvt_halt h;
        get_arg(nr, gpa, &h, sizeof h);
        con_flush();
        _exit((int)(uint8_t)h.status);
    }
    }
}

/* The run loop: never returns. */
static void run(struct kvm_run *kr) __attribute__((noreturn));

static void run(struct kvm_run *kr)
{
    for (;;) {
        if (ioctl(vcpu_fd, KVM_RUN, 0) != 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            con_flush();
            fail("KVM_RUN: %s", strerror(errno));
        }
        switch (kr->exit_reason) {
        case KVM_EXIT_IO: {
            unsigned port = kr->io.port, nr = port - MIRAGE_HVT_PORT_BASE;
            uint32_t gpa;
            if (kr->io.direction != KVM_EXIT_IO_OUT || kr->io.size != 4 ||
                kr->io.count != 1 || port <= MIRAGE_HVT_PORT_BASE ||
                nr > MIRAGE_HVT_CALL_MAX) {
                con_flush();
                fail("the guest used I/O port 0x%x (%s of %u bytes), which is "
                     "not a hypercall",
                     port, kr->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                     (unsigned)kr->io.size);
            }
            memcpy(&gpa, (uint8_t *)kr + kr->io.data_offset, 4);
            hypercall(nr, gpa);
            break;
        }
        case KVM_EXIT_INTR:
            break;
        case KVM_EXIT_HLT:
            crash("the guest halted (hlt) with nothing to wake it");
        case KVM_EXIT_SHUTDOWN:
            crash("triple fault (KVM_EXIT_SHUTDOWN)");
        case KVM_EXIT_MMIO:
            crash("%s of %u bytes at 0x%llx, outside guest memory",
                  kr->mmio.is_write ? "write" : "read", kr->mmio.len,
                  (unsigned long long)kr->mmio.phys_addr);
        case KVM_EXIT_INTERNAL_ERROR:
            crash("KVM internal error (suberror %u)", kr->internal.suberror);
        case KVM_EXIT_FAIL_ENTRY:
            crash("KVM could not enter the guest (hardware reason 0x%llx)",
                  (unsigned long long)
                      kr->fail_entry.hardware_entry_failure_reason);
        default:
            crash("unexpected KVM exit %u", kr->exit_reason);
        }
    }
}

/* The TSC's rate: from KVM, else from CPUID, else measured. */
static uint64_t tsc_hz(void)
{
    unsigned a, b, c, d, max = __get_cpuid_max(0, NULL);
    int khz = ioctl(vcpu_fd, KVM_GET_TSC_KHZ, 0);
    struct timespec t0, t1, pause = {0, 20000000};
    uint64_t c0, c1, ns;

    if (khz > 0)
        return (uint64_t)khz * 1000;
    if (max >= 0x15) {
        __cpuid_count(0x15, 0, a, b, c, d);
        if (a && b && c)
            return (uint64_t)c * b / a;
    }
    if (max >= 0x16) {
        __cpuid_count(0x16, 0, a, b, c, d);
        if (a & 0xffff)
            return (uint64_t)(a & 0xffff) * 1000000;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    c0 = __rdtsc();
    nanosleep(&pause, NULL);
    c1 = __rdtsc();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u +
         (uint64_t)(t1.tv_nsec - t0.tv_nsec);
    return ns ? (c1 - c0) * 1000000000u / ns : 0;
}

/* The GDT and the identity map of guest memory (2 MiB pages). */
static void build_tables(void)
{
    uint64_t npd = (mem + (1ull << 30) - 1) >> 30;

    put64(GDT_ADDR, 0);
    put64(GDT_ADDR + 8, 0x00af9a000000ffffull);  /* 0x08: 64-bit code */
    put64(GDT_ADDR + 16, 0x00cf92000000ffffull); /* 0x10: data */
    put64(PML4_ADDR, PDPT_ADDR | PTE_P | PTE_RW);
    for (uint64_t g = 0; g < npd; g++) {
        put64(PDPT_ADDR + 8 * g, (PD_ADDR + PAGE * g) | PTE_P | PTE_RW);
        for (uint64_t k = 0; k < 512; k++) {
            uint64_t pa = (g << 30) + (k << 21);
            if (pa < mem)
                put64(PD_ADDR + PAGE * g + 8 * k, pa | PTE_P | PTE_RW | PTE_PS);
        }
    }
}

static void set_long_mode(uint64_t entry)
{
    struct kvm_sregs s;
    struct kvm_regs r;
    struct kvm_segment code = {.base = 0,
                               .limit = 0xffffffff,
                               .selector = 0x08,
                               .type = 11,
                               .present = 1,
                               .dpl = 0,
                               .db = 0,
                               .s = 1,
                               .l = 1,
                               .g = 1};
    struct kvm_segment data = code;

    data.selector = 0x10;
    data.type = 3;
    data.db = 1;
    data.l = 0;
    if (ioctl(vcpu_fd, KVM_GET_SREGS, &s) != 0)
        fail("KVM_GET_SREGS: %s", strerror(errno));
    s.cs = code;
    s.ds = s.es = s.fs = s.gs = s.ss = data;
    s.gdt.base = GDT_ADDR;
    s.gdt.limit = 3 * 8 - 1;
    /* no IDT: a fault before the guest sets one is a triple fault */
    s.idt.base = 0;
    s.idt.limit = 0;
    s.cr0 = CR0_LONG;
    s.cr3 = PML4_ADDR;
    s.cr4 = CR4_LONG;
    s.efer = EFER_LONG;
    if (ioctl(vcpu_fd, KVM_SET_SREGS, &s) != 0)
        fail("KVM_SET_SREGS: %s", strerror(errno));
    memset(&r, 0, sizeof r);
    r.rip = entry;
    r.rsp = mem - 8;
    r.rdi = BOOT_ADDR;
    r.rflags = 2;
    if (ioctl(vcpu_fd, KVM_SET_REGS, &r) != 0)
        fail("KVM_SET_REGS: %s", strerror(errno));
}

/* The host's CPUID, as KVM supports it, for the guest. */
static void set_cpuid(int kvm)
{
    struct kvm_cpuid2 *c = NULL;
    unsigned n = 64;

    for (;;) {
        c = realloc(c, sizeof *c + n * sizeof c->entries[0]);
        if (!c)
            fail("out of memory");
        c->nent = n;
        if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) == 0)
            break;
        if (errno != E2BIG || n >= 4096)
            fail("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
        n *= 2;
    }
    if (ioctl(vcpu_fd, KVM_SET_CPUID2, c) != 0)
        fail("KVM_SET_CPUID2: %s", strerror(errno));
    free(c);
}

/* Creates the VM with (mem) bytes at guest-physical 0, and its vCPU. */
static struct kvm_run *create_vm(void)
{
    struct kvm_userspace_memory_region region;
    struct kvm_run *kr;
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, runsz;

    if (kvm < 0)
        fail("/dev/kvm: %s", strerror(errno));
    if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
        fail("/dev/kvm: KVM API version %d, expected %d",
             ioctl(kvm, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        fail("KVM_CREATE_VM: %s", strerror(errno));
    region = (struct kvm_userspace_memory_region){
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = mem,
        .userspace_addr = (uint64_t)(uintptr_t)guest};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) != 0)
        fail("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
    vcpu_fd = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu_fd < 0)
        fail("KVM_CREATE_VCPU: %s", strerror(errno));
    runsz = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (runsz < (int)sizeof *kr)
        fail("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
    kr = mmap(NULL, (size_t)runsz, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd,
              0);
    if (kr == MAP_FAILED)
        fail("mmap of the vCPU: %s", strerror(errno));
    set_cpuid(kvm);
    close(kvm);
    return kr;
}

int main(int argc, char **argv)
{
    struct tender_options opt;
    struct tender_image img;
    struct tender_prot_range ranges[TENDER_MAX_SEGMENTS];
    struct hvt_seccomp_fds fds = {0};
    unsigned map[MIRAGE_TENDER_MANIFEST_MAX], nranges;
    char err[TENDER_ERR_MAX];
    uint8_t *data;
    size_t size, cmdlen;
    struct kvm_run *kr;
    int rc;

    switch (tender_cli_parse(argc, argv, &opt, err)) {
    case TENDER_CLI_HELP:
        tender_cli_help(stdout, PROG, MIRAGE_TENDER_TARGET_HVT);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_VERSION:
        tender_cli_version(stdout, PROG);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_ERROR:
        fprintf(stderr,
                PROG ": %s\nTry '" PROG " --help' for more information.\n",
                err);
        return TENDER_EXIT_USAGE;
    case TENDER_CLI_RUN:
        break;
    }
    mem = opt.mem_mb << 20;
    image_name = opt.image;
    /*
     * The image is checked for [1 MiB, mem): all guest memory above it
     * (for a --mem too small for any image, 1 GiB, so that the message
     * below can say how much this one needs).
     */
    if (tender_read_file(opt.image, &data, &size, err) != 0 ||
        tender_elf_validate(data, size, opt.image, MIRAGE_TENDER_TARGET_HVT,
                            mem > 2 * MIB ? mem - MIRAGE_TENDER_IMAGE_BASE
                                          : 1024 * MIB,
                            &img, err) != 0 ||
        tender_match_manifest(&img, &opt, map, err) != 0)
        fail("%s", err);
    if (img.end + HEAP_MIN + STACK_SIZE > mem)
        fail("--mem=%llu is too small for %s: it needs at least %llu MiB",
             (unsigned long long)opt.mem_mb, opt.image,
             (unsigned long long)((img.end + HEAP_MIN + STACK_SIZE + MIB - 1) >>
                                  20));
    cmdlen = tender_cmdline_quote(opt.args, (size_t)opt.nargs, NULL, 0);
    if (BOOT_ADDR + sizeof *boot + cmdlen + 1 > MIRAGE_TENDER_IMAGE_BASE)
        fail("the arguments are too long (%zu bytes quoted; at most %llu)",
             cmdlen,
             (unsigned long long)(MIRAGE_TENDER_IMAGE_BASE - BOOT_ADDR -
                                  sizeof *boot - 1));

    guest = mmap(NULL, mem, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (guest == MAP_FAILED)
        fail("cannot map guest memory (%llu MiB): %s",
             (unsigned long long)opt.mem_mb, strerror(errno));
    /* The guest's page tables map everything RW+X; (ranges) are unused. */
    if (tender_elf_load(&img, data, size, guest, 0, mem, ranges, &nranges,
                        err) != 0)
        fail("%s: %s", opt.image, err);
    free(data);
    build_tables();

    boot = (struct mirage_tender_boot_info *)(guest + BOOT_ADDR);
    boot->abi_version = MIRAGE_TENDER_ABI_VERSION;
    boot->target = MIRAGE_TENDER_TARGET_HVT;
    boot->mem_start = page_up(img.end);
    boot->mem_end = mem - STACK_SIZE;
    boot->cmdline = BOOT_ADDR + sizeof *boot;
    tender_cmdline_quote(opt.args, (size_t)opt.nargs,
                         (char *)(guest + boot->cmdline), cmdlen + 1);
    boot->fault_entry = 0;
    if (tender_open_devices(&img, &opt, map, boot, err) != 0)
        fail("%s", err);
    fds.vcpu = -1;
    for (uint32_t i = 0; i < boot->ndevices; i++) {
        dev_fd[i] = boot->devices[i].fd;
        boot->devices[i].fd = -1;
        if (boot->devices[i].type == MIRAGE_TENDER_DEV_BLOCK)
            fds.block[fds.nblock++] = dev_fd[i];
        else
            fds.net[fds.nnet++] = dev_fd[i];
    }

    kr = create_vm();
    boot->tsc_hz = tsc_hz();
    set_long_mode(img.entry);
    fds.vcpu = vcpu_fd;
    signal(SIGPIPE, SIG_IGN);
    fflush(stdout);
    fflush(stderr);
    rc = hvt_seccomp_install(&fds);
    if (rc != 0)
        fail("cannot install the seccomp filter: %s", strerror(-rc));
    run(kr);
}
