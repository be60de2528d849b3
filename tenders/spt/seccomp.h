/* SPDX-License-Identifier: ISC */
/* seccomp.h: the spt tender's system-call allowlist, as a BPF program. */
#ifndef MIRAGE_TENDER_SPT_SECCOMP_H
#define MIRAGE_TENDER_SPT_SECCOMP_H

#include <linux/filter.h>
#include <stddef.h>

#include "mirage/tender_abi.h"

/* The longest program spt_seccomp_build makes. */
#define SPT_SECCOMP_MAX 256

/* The descriptors the guest may use, by kind. */
struct spt_seccomp_fds {
    int block[MIRAGE_TENDER_MANIFEST_MAX]; /* pread64, pwrite64, fdatasync */
    unsigned nblock;
    int net[MIRAGE_TENDER_MANIFEST_MAX]; /* read, write, ppoll */
    unsigned nnet;
};

/*
 * Writes into (prog) (room for SPT_SECCOMP_MAX instructions) the filter
 * that allows, on x86-64 only: write on fds 1, 2 and the net fds; read on
 * the net fds; pread64, pwrite64 and fdatasync on the block fds;
 * clock_gettime of CLOCK_REALTIME and CLOCK_MONOTONIC; ppoll; getrandom
 * with flags 0; exit_group. Anything else kills the process
 * (SECCOMP_RET_KILL_PROCESS: SIGSYS). Returns the number of instructions.
 */
size_t spt_seccomp_build(const struct spt_seccomp_fds *fds,
                         struct sock_filter *prog);

/*
 * Sets no_new_privs and installs the filter of (fds) on the calling
 * process (all its threads). Returns 0, or a negative errno value.
 */
int spt_seccomp_install(const struct spt_seccomp_fds *fds);

#endif
