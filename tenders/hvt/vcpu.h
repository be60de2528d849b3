/* SPDX-License-Identifier: ISC */
/* vcpu.h: mirage-hvt's KVM virtual machine, its vCPU and its run loop. */
#ifndef MIRAGE_TENDER_HVT_VCPU_H
#define MIRAGE_TENDER_HVT_VCPU_H

#include <linux/kvm.h>

#include "hvt.h"

/* The VM of a guest: its vCPU's descriptor and shared run area. */
struct hvt_vm {
    int vcpu_fd;
    struct kvm_run *run;
};

/*
 * Creates the VM with the guest's memory at guest-physical 0 and its one
 * vCPU, with the host's CPUID as KVM supports it. Fails (hvt_fail) with
 * a message naming the KVM call that went wrong.
 */
void hvt_vm_create(const struct hvt *h, struct hvt_vm *vm);

/* The TSC's rate in Hz: from KVM, else from CPUID, else measured. */
uint64_t hvt_vm_tsc_hz(const struct hvt_vm *vm);

/*
 * Puts the vCPU in 64-bit mode on the tables of pagetable.h, at (entry)
 * with %rsp = (rsp) and %rdi = (rdi). Fails (hvt_fail) on a KVM error.
 */
void hvt_vm_set_long_mode(const struct hvt_vm *vm, uint64_t entry, uint64_t rsp,
                          uint64_t rdi);

/*
 * Runs the guest, servicing its hypercalls, until it halts (the tender
 * exits with its status) or crashes (exit 255). Never returns.
 */
void hvt_vm_run(struct hvt *h, const struct hvt_vm *vm)
    __attribute__((noreturn));

#endif
