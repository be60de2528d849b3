/* SPDX-License-Identifier: ISC */
/* seccomp.c: the hvt tender's system-call allowlist, once the VM is set up. */
#include <errno.h>
#include <linux/kvm.h>
#include <sys/syscall.h>
#include <time.h>

#include "../common/bpf.h"
#include "seccomp.h"

/*
 * pread64(fd, buf, count, offset) or pwrite64 (nr, write): on a disk's fd
 * (not a read-only one for a write), offset + count within its capacity;
 * anything else is killed.
 */
static void transfers(struct tender_bpf *a, const struct hvt_seccomp_fds *fds,
                      unsigned nblock, unsigned nr, int write)
{
    size_t at = tender_bpf_if_nr(a, nr);

    for (unsigned i = 0; i < nblock; i++) {
        size_t disk;

        if (write && fds->block_read_only[i])
            continue;
        disk = tender_bpf_if_arg32(a, 0, (uint32_t)fds->block[i]);
        tender_bpf_arg_sum_le(a, 3, 2, fds->block_capacity[i]);
        tender_bpf_allow(a);
        tender_bpf_endif(a, disk);
    }
    tender_bpf_kill(a);
    tender_bpf_endif(a, at);
}

size_t hvt_seccomp_build(const struct hvt_seccomp_fds *fds,
                         struct sock_filter *prog)
{
    struct tender_bpf a = {prog, 0, HVT_SECCOMP_MAX};
    int out[2 + MIRAGE_TENDER_MANIFEST_MAX];
    unsigned nout = 0;
    static const int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
    static const int requests[] = {(int)KVM_RUN, (int)KVM_GET_REGS,
                                   (int)KVM_GET_SREGS};
    const struct tender_bpf_arg ioctl_on[2] = {{0, &fds->vcpu, 1},
                                               {1, requests, 3}},
                                to_net = {0, fds->net, fds->nnet},
                                to_block = {0, fds->block, fds->nblock},
                                clock = {0, clocks, 2};
    struct tender_bpf_arg write_to = {0, out, 0};
    unsigned nblock = fds->nblock < MIRAGE_TENDER_MANIFEST_MAX
                          ? fds->nblock
                          : MIRAGE_TENDER_MANIFEST_MAX;
    size_t at;

    out[nout++] = 1;
    out[nout++] = 2;
    for (unsigned i = 0; i < fds->nnet && i < MIRAGE_TENDER_MANIFEST_MAX; i++)
        out[nout++] = fds->net[i];
    write_to.nvals = nout;

    tender_bpf_prologue(&a);
    /* the run loop's calls first: KVM_RUN is by far the most frequent */
    tender_bpf_syscall(&a, __NR_ioctl, ioctl_on, 2);
    tender_bpf_syscall(&a, __NR_write, &write_to, 1);
    tender_bpf_syscall(&a, __NR_read, &to_net, 1);
    transfers(&a, fds, nblock, __NR_pread64, 0);
    transfers(&a, fds, nblock, __NR_pwrite64, 1);
    tender_bpf_syscall(&a, __NR_fdatasync, &to_block, 1);
    tender_bpf_syscall(&a, __NR_clock_gettime, &clock, 1);
    /* POLL: the NICs the guest waits on, never a signal mask */
    at = tender_bpf_if_nr(&a, __NR_ppoll);
    tender_bpf_arg_range(&a, 1, 0, fds->nnet);
    tender_bpf_arg_range(&a, 3, 0, 0);
    tender_bpf_allow(&a);
    tender_bpf_endif(&a, at);
    tender_bpf_syscall(&a, __NR_exit_group, NULL, 0);
    tender_bpf_epilogue(&a);
    return a.n;
}

int hvt_seccomp_install(const struct hvt_seccomp_fds *fds)
{
    struct sock_filter insns[HVT_SECCOMP_MAX];
    size_t n = hvt_seccomp_build(fds, insns);

    if (n > HVT_SECCOMP_MAX)
        return -E2BIG;
    return tender_seccomp_load(insns, n);
}
