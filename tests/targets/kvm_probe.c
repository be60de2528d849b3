/* SPDX-License-Identifier: ISC */
/* kvm_probe.c: whether this user can run a KVM guest, for the test suite. */
/*
 * Usage: kvm_probe [sse]. Creates a VM with 2 MiB of memory and one vCPU
 * in 64-bit mode (page tables, a GDT), as mirage-hvt does, and runs a
 * guest that (with `sse': the images that use SSE, such as BearSSL's)
 * first saves and reloads MXCSR (stmxcsr, ldmxcsr), then does an `out' of
 * a 32-bit word to port 0x500, then `hlt'. Status 0 when the vCPU exits with
 * that word on that port; 77 (the TAP suite's "skip") with one line saying what
 * KVM refused or did instead; 99 when the probe itself cannot run (no memory).
 * A test that runs it knows that a later failure of the tender is the tender's.
 * A guest that never exits hangs the probe: its caller bounds it in time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE  0x200000ul
#define GDT_ADDR  0x1000ul
#define PML4_ADDR 0x2000ul
#define PDPT_ADDR 0x3000ul
#define PD_ADDR   0x4000ul
#define CODE_ADDR 0x10000ul
#define SSE_ADDR  0x20000u /* where the guest keeps MXCSR */
#define PORT      0x500u
#define WORD      0x4d4b564du /* "MVKM" little-endian */

/* Says why KVM is not usable and ends with 77. */
static void unusable(const char *fmt, ...)
{
    va_list ap;

    fputs("kvm_probe: ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    exit(77);
}

/* The guest: stmxcsr [SSE_ADDR]; ldmxcsr [SSE_ADDR]; mov eax, WORD;
 * mov dx, PORT; out dx, eax; hlt. */
static void write_guest(uint8_t *mem)
{
    static const uint8_t code[] = {0x0f,
                                   0xae,
                                   0x1c,
                                   0x25,
                                   SSE_ADDR & 0xff,
                                   (SSE_ADDR >> 8) & 0xff,
                                   (SSE_ADDR >> 16) & 0xff,
                                   SSE_ADDR >> 24,
                                   0x0f,
                                   0xae,
                                   0x14,
                                   0x25,
                                   SSE_ADDR & 0xff,
                                   (SSE_ADDR >> 8) & 0xff,
                                   (SSE_ADDR >> 16) & 0xff,
                                   SSE_ADDR >> 24,
                                   0xb8,
                                   WORD & 0xff,
                                   (WORD >> 8) & 0xff,
                                   (WORD >> 16) & 0xff,
                                   WORD >> 24,
                                   0x66,
                                   0xba,
                                   PORT & 0xff,
                                   PORT >> 8,
                                   0xef,
                                   0xf4};
    uint64_t *gdt = (uint64_t *)(mem + GDT_ADDR);

    memcpy(mem + CODE_ADDR, code, sizeof code);
    gdt[1] = 0x00af9a000000ffffull; /* 0x08: 64-bit code */
    gdt[2] = 0x00cf92000000ffffull; /* 0x10: data */
    /* one 2 MiB page, identity-mapped, present and writable */
    *(uint64_t *)(mem + PML4_ADDR) = PDPT_ADDR | 3;
    *(uint64_t *)(mem + PDPT_ADDR) = PD_ADDR | 3;
    *(uint64_t *)(mem + PD_ADDR) = 0x83;
}

/* The guest runs its SSE instructions (argument `sse'). */
static int probe_sse;

/* Puts the vCPU in 64-bit mode at CODE_ADDR (past the SSE instructions,
 * 16 bytes, without probe_sse). */
static void set_long_mode(int vcpu)
{
    struct kvm_segment code = {.limit = 0xffffffff,
                               .selector = 0x08,
                               .type = 11,
                               .present = 1,
                               .s = 1,
                               .l = 1,
                               .g = 1};
    struct kvm_segment data = code;
    struct kvm_sregs s;
    struct kvm_regs r;

    data.selector = 0x10;
    data.type = 3;
    data.db = 1;
    data.l = 0;
    if (ioctl(vcpu, KVM_GET_SREGS, &s) != 0)
        unusable("KVM_GET_SREGS: %s", strerror(errno));
    s.cs = code;
    s.ds = s.es = s.fs = s.gs = s.ss = data;
    s.gdt.base = GDT_ADDR;
    s.gdt.limit = 3 * 8 - 1;
    s.cr0 = 0x80050033ull; /* PE MP ET NE WP PG */
    s.cr3 = PML4_ADDR;
    s.cr4 = 0x620ull;  /* PAE OSFXSR OSXMMEXCPT */
    s.efer = 0xd00ull; /* LME LMA NXE */
    if (ioctl(vcpu, KVM_SET_SREGS, &s) != 0)
        unusable("KVM_SET_SREGS (64-bit mode): %s", strerror(errno));
    memset(&r, 0, sizeof r);
    r.rip = CODE_ADDR + (probe_sse ? 0 : 16);
    r.rsp = CODE_ADDR;
    r.rflags = 2;
    if (ioctl(vcpu, KVM_SET_REGS, &r) != 0)
        unusable("KVM_SET_REGS: %s", strerror(errno));
}

int main(int argc, char **argv)
{
    struct kvm_userspace_memory_region region;
    struct kvm_run *run;
    uint32_t word;
    int kvm, vm, vcpu, size;
    uint8_t *mem;

    probe_sse = argc > 1 && strcmp(argv[1], "sse") == 0;
    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        unusable("/dev/kvm: %s", strerror(errno));
    if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
        unusable("KVM API version %d, not %d",
                 ioctl(kvm, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        unusable("KVM_CREATE_VM: %s", strerror(errno));
    mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        perror("kvm_probe: mmap");
        return 99;
    }
    write_guest(mem);
    region = (struct kvm_userspace_memory_region){
        .memory_size = MEM_SIZE, .userspace_addr = (uint64_t)(uintptr_t)mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) != 0)
        unusable("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        unusable("KVM_CREATE_VCPU: %s", strerror(errno));
    size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < (int)sizeof *run)
        unusable("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
    run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED)
        unusable("mmap of the vCPU: %s", strerror(errno));
    set_long_mode(vcpu);

    /* a guest that never exits: the caller's time limit stops it */
    while (ioctl(vcpu, KVM_RUN, 0) != 0)
        if (errno != EINTR && errno != EAGAIN)
            unusable("KVM_RUN: %s", strerror(errno));
    if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
        unusable("the guest%s stopped KVM with an internal error (suberror "
                 "%u)%s",
                 probe_sse ? "'s stmxcsr/ldmxcsr (SSE)" : "",
                 run->internal.suberror,
                 probe_sse ? ": this KVM cannot run SSE code in a guest (one "
                             "that emulates guest instructions, such as "
                             "kvm_pvm)"
                           : "");
    if (run->exit_reason != KVM_EXIT_IO)
        unusable("the guest's out gave KVM exit %u, not KVM_EXIT_IO (2)",
                 run->exit_reason);
    memcpy(&word, (const uint8_t *)run + run->io.data_offset, sizeof word);
    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != PORT ||
        run->io.size != 4 || word != WORD)
        unusable("the guest's out reached the host as %s of %u bytes to port "
                 "0x%x: 0x%x",
                 run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                 (unsigned)run->io.size, (unsigned)run->io.port,
                 (unsigned)word);
    puts("kvm_probe: a KVM guest ran");
    return 0;
}
