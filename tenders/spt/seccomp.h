/* SPDX-License-Identifier: ISC */
/* seccomp.h: the spt tender's system-call allowlist, as a BPF program. */
#ifndef MIRAGE_TENDER_SPT_SECCOMP_H
#define MIRAGE_TENDER_SPT_SECCOMP_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "mirage/tender_abi.h"

/* Room for the longest program (16 disks and 16 net fds: 1,638). */
#define SPT_SECCOMP_MAX 2048

/* What the filter bounds a disk's transfers by. */
struct spt_seccomp_disk {
    int fd;
    uint32_t sector_size; /* a power of two */
    uint64_t capacity;    /* bytes */
    int read_only;        /* pwrite64 is refused */
};

/* The descriptors the guest may use, by kind. */
struct spt_seccomp_fds {
    struct spt_seccomp_disk block[MIRAGE_TENDER_MANIFEST_MAX];
    unsigned nblock;
    int net[MIRAGE_TENDER_MANIFEST_MAX]; /* read, write, ppoll */
    unsigned nnet;
};

/*
 * Adds the device (d) of the boot info (block or net) to (fds). Returns
 * 0, -ENOSPC when (fds) is full, or -EINVAL for another type or a sector
 * size that is not a power of two.
 */
int spt_seccomp_add_device(struct spt_seccomp_fds *fds,
                           const struct mirage_tender_device *d);

/*
 * Writes into (prog) (room for SPT_SECCOMP_MAX instructions) the filter
 * that allows, on x86-64 only, what doc/tenders.md lists ("The spt
 * system-call policy"): write on fds 1, 2 and the net fds; read on the
 * net fds; pread64 (pwrite64 when not read-only) of a disk, in whole
 * sectors, at most MIRAGE_TENDER_SPT_BLOCK_MAX bytes, inside its
 * capacity; fdatasync of a disk; clock_gettime of CLOCK_REALTIME and
 * CLOCK_MONOTONIC; ppoll of at most (nnet) descriptors without a signal
 * mask; getrandom of at most MIRAGE_TENDER_SPT_GETRANDOM_MAX bytes with
 * flags 0; exit_group. Anything else kills the process
 * (SECCOMP_RET_KILL_PROCESS: SIGSYS). Returns the number of instructions
 * (more than SPT_SECCOMP_MAX: the program did not fit), or 0 when a
 * disk's sector size is not a power of two.
 */
size_t spt_seccomp_build(const struct spt_seccomp_fds *fds,
                         struct sock_filter *prog);

/*
 * Sets no_new_privs and installs the filter of (fds) on the calling
 * process (all its threads). Returns 0, or a negative errno value
 * (-EINVAL: a sector size that is not a power of two).
 */
int spt_seccomp_install(const struct spt_seccomp_fds *fds);

#endif
