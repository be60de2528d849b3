/* SPDX-License-Identifier: ISC */
/* seccomp.c: the spt tender's system-call allowlist, as a BPF program. */
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>

#include "../common/bpf.h"
#include "seccomp.h"

int spt_seccomp_add_device(struct spt_seccomp_fds *fds,
                           const struct mirage_tender_device *d)
{
    if (d->type == MIRAGE_TENDER_DEV_NET) {
        if (fds->nnet >= MIRAGE_TENDER_MANIFEST_MAX)
            return -ENOSPC;
        fds->net[fds->nnet++] = d->fd;
        return 0;
    }
    if (d->type != MIRAGE_TENDER_DEV_BLOCK || d->sector_size == 0 ||
        (d->sector_size & (d->sector_size - 1)) != 0)
        return -EINVAL;
    if (fds->nblock >= MIRAGE_TENDER_MANIFEST_MAX)
        return -ENOSPC;
    fds->block[fds->nblock++] = (struct spt_seccomp_disk){
        d->fd, d->sector_size, d->capacity, d->read_only != 0};
    return 0;
}

/*
 * pread64(fd, buf, count, offset) or pwrite64 on disk (d): count is whole
 * sectors, 1 to MIRAGE_TENDER_SPT_BLOCK_MAX bytes; offset a whole number
 * of sectors; offset + count within the capacity. Any other call on fd
 * is killed; another fd goes on to the next disk.
 */
static void disk_transfer(struct tender_bpf *a,
                          const struct spt_seccomp_disk *d)
{
    size_t at = tender_bpf_if_arg32(a, 0, (uint32_t)d->fd);

    tender_bpf_arg_range(a, 2, d->sector_size, MIRAGE_TENDER_SPT_BLOCK_MAX);
    tender_bpf_arg_clear(a, 2, d->sector_size - 1u);
    tender_bpf_arg_clear(a, 3, d->sector_size - 1u);
    tender_bpf_arg_sum_le(a, 3, 2, d->capacity);
    tender_bpf_allow(a);
    tender_bpf_endif(a, at);
}

/* pread64 or pwrite64 (nr): on the disks (not the read-only ones: write). */
static void transfers(struct tender_bpf *a, const struct spt_seccomp_disk *d,
                      unsigned n, unsigned nr, int write)
{
    size_t at = tender_bpf_if_nr(a, nr);

    for (unsigned i = 0; i < n; i++)
        if (!write || !d[i].read_only)
            disk_transfer(a, &d[i]);
    tender_bpf_kill(a);
    tender_bpf_endif(a, at);
}

size_t spt_seccomp_build(const struct spt_seccomp_fds *fds,
                         struct sock_filter *prog)
{
    struct tender_bpf a = {prog, 0, SPT_SECCOMP_MAX};
    int out[2 + MIRAGE_TENDER_MANIFEST_MAX], disks[MIRAGE_TENDER_MANIFEST_MAX];
    unsigned nout = 0, nnet = fds->nnet, nblock = fds->nblock;
    static const int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
    const struct tender_bpf_arg clock = {0, clocks, 2};
    struct tender_bpf_arg write_to = {0, out, 0}, to_net = {0, fds->net, 0},
                          to_disk = {0, disks, 0};
    size_t at;

    if (nnet > MIRAGE_TENDER_MANIFEST_MAX)
        nnet = MIRAGE_TENDER_MANIFEST_MAX;
    if (nblock > MIRAGE_TENDER_MANIFEST_MAX)
        nblock = MIRAGE_TENDER_MANIFEST_MAX;
    out[nout++] = 1;
    out[nout++] = 2;
    for (unsigned i = 0; i < nnet; i++)
        out[nout++] = fds->net[i];
    write_to.nvals = nout;
    for (unsigned i = 0; i < nblock; i++) {
        uint32_t s = fds->block[i].sector_size;

        if (s == 0 || (s & (s - 1)) != 0)
            return 0;
        disks[i] = fds->block[i].fd;
    }
    to_disk.nvals = nblock;
    to_net.nvals = nnet;

    tender_bpf_prologue(&a);
    /* ppoll(fds, nfds, timeout, sigmask, sigsetsize): the event loop's */
    at = tender_bpf_if_nr(&a, __NR_ppoll);
    tender_bpf_arg_range(&a, 1, 0, nnet);
    tender_bpf_arg_range(&a, 3, 0, 0);
    tender_bpf_allow(&a);
    tender_bpf_endif(&a, at);
    tender_bpf_syscall(&a, __NR_clock_gettime, &clock, 1);
    tender_bpf_syscall(&a, __NR_read, &to_net, 1);
    tender_bpf_syscall(&a, __NR_write, &write_to, 1);
    transfers(&a, fds->block, nblock, __NR_pread64, 0);
    transfers(&a, fds->block, nblock, __NR_pwrite64, 1);
    tender_bpf_syscall(&a, __NR_fdatasync, &to_disk, 1);
    /* getrandom(buf, count, flags): the kernel reads flags as 32 bits */
    at = tender_bpf_if_nr(&a, __NR_getrandom);
    tender_bpf_arg_range(&a, 1, 0, MIRAGE_TENDER_SPT_GETRANDOM_MAX);
    tender_bpf_arg_clear(&a, 2, 0xffffffffu);
    tender_bpf_allow(&a);
    tender_bpf_endif(&a, at);
    tender_bpf_syscall(&a, __NR_exit_group, NULL, 0);
    tender_bpf_epilogue(&a);
    return a.n;
}

int spt_seccomp_install(const struct spt_seccomp_fds *fds)
{
    struct sock_filter insns[SPT_SECCOMP_MAX];
    size_t n = spt_seccomp_build(fds, insns);

    if (n == 0)
        return -EINVAL;
    if (n > SPT_SECCOMP_MAX)
        return -E2BIG;
    return tender_seccomp_load(insns, n);
}
