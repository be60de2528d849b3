/* SPDX-License-Identifier: ISC */
/* vcpu.c: mirage-hvt's KVM virtual machine, its vCPU and its run loop. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "pagetable.h"
#include "vcpu.h"

/* Control registers of long mode. */
#define CR0_LONG  0x80050033ull /* PE MP ET NE WP PG */
#define CR4_LONG  0x620ull      /* PAE OSFXSR OSXMMEXCPT */
#define EFER_LONG 0xd00ull      /* LME LMA NXE */

/* CPUID entries asked of KVM at first; KVM has at most 256 today. */
#define CPUID_FIRST 256u

/* The host's CPUID, as KVM supports it, for the guest. */
static void set_cpuid(int kvm, int vcpu)
{
    struct kvm_cpuid2 *c = NULL;
    unsigned n = CPUID_FIRST;

    for (;;) {
        struct kvm_cpuid2 *bigger =
            realloc(c, sizeof *c + n * sizeof c->entries[0]);
        if (!bigger)
            hvt_fail("out of memory");
        c = bigger;
        c->nent = n;
        if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) == 0)
            break;
        if (errno != E2BIG || n >= 4096)
            hvt_fail("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
        n *= 2;
    }
    if (ioctl(vcpu, KVM_SET_CPUID2, c) != 0)
        hvt_fail("KVM_SET_CPUID2: %s", strerror(errno));
    free(c);
}

void hvt_vm_create(const struct hvt *h, struct hvt_vm *vm)
{
    struct kvm_userspace_memory_region region;
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), fd, runsz;

    if (kvm < 0)
        hvt_fail("/dev/kvm: %s", strerror(errno));
    if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
        hvt_fail("/dev/kvm: KVM API version %d, expected %d",
                 ioctl(kvm, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
    fd = ioctl(kvm, KVM_CREATE_VM, 0);
    if (fd < 0)
        hvt_fail("KVM_CREATE_VM: %s", strerror(errno));
    region = (struct kvm_userspace_memory_region){
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = h->mem_size,
        .userspace_addr = (uint64_t)(uintptr_t)h->mem};
    if (ioctl(fd, KVM_SET_USER_MEMORY_REGION, &region) != 0)
        hvt_fail("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
    vm->vcpu_fd = ioctl(fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        hvt_fail("KVM_CREATE_VCPU: %s", strerror(errno));
    runsz = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (runsz < (int)sizeof *vm->run)
        hvt_fail("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
    vm->run = mmap(NULL, (size_t)runsz, PROT_READ | PROT_WRITE, MAP_SHARED,
                   vm->vcpu_fd, 0);
    if (vm->run == MAP_FAILED)
        hvt_fail("mmap of the vCPU: %s", strerror(errno));
    set_cpuid(kvm, vm->vcpu_fd);
    close(kvm);
}

uint64_t hvt_vm_tsc_hz(const struct hvt_vm *vm)
{
    unsigned a, b, c, d, max = __get_cpuid_max(0, NULL);
    int khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
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

void hvt_vm_set_long_mode(const struct hvt_vm *vm, uint64_t entry, uint64_t rsp,
                          uint64_t rdi)
{
    struct kvm_sregs s;
    struct kvm_regs r;
    struct kvm_segment code = {.base = 0,
                               .limit = 0xffffffff,
                               .selector = HVT_GDT_CODE,
                               .type = 11,
                               .present = 1,
                               .dpl = 0,
                               .db = 0,
                               .s = 1,
                               .l = 1,
                               .g = 1};
    struct kvm_segment data = code;

    data.selector = HVT_GDT_DATA;
    data.type = 3;
    data.db = 1;
    data.l = 0;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) != 0)
        hvt_fail("KVM_GET_SREGS: %s", strerror(errno));
    s.cs = code;
    s.ds = s.es = s.fs = s.gs = s.ss = data;
    s.gdt.base = HVT_GDT_ADDR;
    s.gdt.limit = 3 * 8 - 1;
    /* no IDT: a fault before the guest sets one is a triple fault */
    s.idt.base = 0;
    s.idt.limit = 0;
    s.cr0 = CR0_LONG;
    s.cr3 = HVT_PML4_ADDR;
    s.cr4 = CR4_LONG;
    s.efer = EFER_LONG;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) != 0)
        hvt_fail("KVM_SET_SREGS: %s", strerror(errno));
    memset(&r, 0, sizeof r);
    r.rip = entry;
    r.rsp = rsp;
    r.rdi = rdi;
    r.rflags = 2;
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) != 0)
        hvt_fail("KVM_SET_REGS: %s", strerror(errno));
}

/* An I/O exit: a hypercall (outl to its port), else the tender stops. */
static void io_exit(struct hvt *h, const struct kvm_run *kr)
{
    unsigned port = kr->io.port, nr = port - MIRAGE_HVT_PORT_BASE;
    uint32_t gpa;

    if (kr->io.direction != KVM_EXIT_IO_OUT || kr->io.size != 4 ||
        kr->io.count != 1 || port <= MIRAGE_HVT_PORT_BASE ||
        nr > MIRAGE_HVT_CALL_MAX)
        hvt_fail("the guest used I/O port 0x%x (%s of %u bytes), which is "
                 "not a hypercall",
                 port, kr->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                 (unsigned)kr->io.size);
    memcpy(&gpa, (const uint8_t *)kr + kr->io.data_offset, 4);
    hvt_hypercall(h, nr, gpa);
}

void hvt_vm_run(struct hvt *h, const struct hvt_vm *vm)
{
    struct kvm_run *kr = vm->run;

    for (;;) {
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0) != 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            hvt_fail("KVM_RUN: %s", strerror(errno));
        }
        switch (kr->exit_reason) {
        case KVM_EXIT_IO:
            io_exit(h, kr);
            break;
        case KVM_EXIT_INTR:
            break;
        case KVM_EXIT_HLT:
            hvt_crash("the guest halted (hlt) with nothing to wake it");
        case KVM_EXIT_SHUTDOWN:
            hvt_crash("triple fault (KVM_EXIT_SHUTDOWN)");
        case KVM_EXIT_MMIO:
            hvt_crash("%s of %u bytes at 0x%llx, outside guest memory",
                      kr->mmio.is_write ? "write" : "read", kr->mmio.len,
                      (unsigned long long)kr->mmio.phys_addr);
        case KVM_EXIT_INTERNAL_ERROR:
            hvt_crash("KVM internal error (suberror %u)",
                      kr->internal.suberror);
        case KVM_EXIT_FAIL_ENTRY:
            hvt_crash("KVM could not enter the guest (hardware reason 0x%llx)",
                      (unsigned long long)
                          kr->fail_entry.hardware_entry_failure_reason);
        default:
            hvt_crash("unexpected KVM exit %u", kr->exit_reason);
        }
    }
}
