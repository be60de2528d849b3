/* SPDX-License-Identifier: ISC */
/* seccomp.c: the spt tender's system-call allowlist, as a BPF program. */
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>

#include "../common/bpf.h"
#include "seccomp.h"

size_t spt_seccomp_build(const struct spt_seccomp_fds *fds,
                         struct sock_filter *prog)
{
    struct tender_bpf a = {prog, 0, SPT_SECCOMP_MAX};
    int out[2 + MIRAGE_TENDER_MANIFEST_MAX];
    unsigned nout = 0;
    static const int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
    static const int zero[] = {0};
    const struct tender_bpf_arg to_net = {0, fds->net, fds->nnet},
                                to_block = {0, fds->block, fds->nblock},
                                clock = {0, clocks, 2}, flags0 = {2, zero, 1};
    struct tender_bpf_arg write_to = {0, out, 0};

    out[nout++] = 1;
    out[nout++] = 2;
    for (unsigned i = 0; i < fds->nnet && i < MIRAGE_TENDER_MANIFEST_MAX; i++)
        out[nout++] = fds->net[i];
    write_to.nvals = nout;

    tender_bpf_prologue(&a);
    tender_bpf_syscall(&a, __NR_write, &write_to, 1);
    tender_bpf_syscall(&a, __NR_read, &to_net, 1);
    tender_bpf_syscall(&a, __NR_pread64, &to_block, 1);
    tender_bpf_syscall(&a, __NR_pwrite64, &to_block, 1);
    tender_bpf_syscall(&a, __NR_fdatasync, &to_block, 1);
    tender_bpf_syscall(&a, __NR_clock_gettime, &clock, 1);
    tender_bpf_syscall(&a, __NR_getrandom, &flags0, 1);
    tender_bpf_syscall(&a, __NR_ppoll, NULL, 0);
    tender_bpf_syscall(&a, __NR_exit_group, NULL, 0);
    tender_bpf_epilogue(&a);
    return a.n;
}

int spt_seccomp_install(const struct spt_seccomp_fds *fds)
{
    struct sock_filter insns[SPT_SECCOMP_MAX];
    size_t n = spt_seccomp_build(fds, insns);

    if (n > SPT_SECCOMP_MAX)
        return -E2BIG;
    return tender_seccomp_load(insns, n);
}
