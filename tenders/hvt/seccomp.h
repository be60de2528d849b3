/* SPDX-License-Identifier: ISC */
/* seccomp.h: the hvt tender's system-call allowlist, once the VM is set up. */
#ifndef MIRAGE_TENDER_HVT_SECCOMP_H
#define MIRAGE_TENDER_HVT_SECCOMP_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "mirage/tender_abi.h"

/* The longest program hvt_seccomp_build makes (16 disks, 16 NICs). */
#define HVT_SECCOMP_MAX 2048

/* The descriptors the run loop uses, by kind. */
struct hvt_seccomp_fds {
    int vcpu;                              /* ioctl: KVM_RUN, KVM_GET_*REGS */
    int block[MIRAGE_TENDER_MANIFEST_MAX]; /* pread64, pwrite64, fdatasync */
    uint64_t block_capacity[MIRAGE_TENDER_MANIFEST_MAX]; /* bytes */
    uint8_t block_read_only[MIRAGE_TENDER_MANIFEST_MAX]; /* no pwrite64 */
    unsigned nblock;
    int net[MIRAGE_TENDER_MANIFEST_MAX]; /* read, write */
    unsigned nnet;
};

/*
 * Writes into (prog) (room for HVT_SECCOMP_MAX instructions) the filter
 * that allows, on x86-64 only: ioctl on the vCPU descriptor with KVM_RUN,
 * KVM_GET_REGS or KVM_GET_SREGS; write on fds 1, 2 and the net fds; read
 * on the net fds; pread64 and pwrite64 on a block fd with offset + count
 * within that disk's capacity (64-bit, exact), pwrite64 never on a
 * read-only disk (a second line behind the hypercall checks of block.c);
 * fdatasync on the block fds; ppoll of at most one fd per NIC, with no
 * signal mask; clock_gettime of CLOCK_REALTIME and CLOCK_MONOTONIC;
 * exit_group.
 * Anything else kills the process (SIGSYS). Returns the number of
 * instructions.
 */
size_t hvt_seccomp_build(const struct hvt_seccomp_fds *fds,
                         struct sock_filter *prog);

/*
 * Sets no_new_privs and installs the filter of (fds) on the calling
 * process. Returns 0, or a negative errno value.
 */
int hvt_seccomp_install(const struct hvt_seccomp_fds *fds);

#endif
