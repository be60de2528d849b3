/* SPDX-License-Identifier: ISC */
/* bpf.h: a small assembler for the tenders' seccomp filters. */
#ifndef MIRAGE_TENDER_BPF_H
#define MIRAGE_TENDER_BPF_H

#include <linux/filter.h>
#include <stddef.h>

/* A program being written: (n) may pass (max); then nothing more is stored. */
struct tender_bpf {
    struct sock_filter *p;
    size_t n, max;
};

/* One argument check: the low 32 bits of argument (index) is one of (vals). */
struct tender_bpf_arg {
    unsigned index;
    const int *vals;
    unsigned nvals;
};

/*
 * Starts a filter in (a): a process on another architecture than x86-64,
 * or making an x32 system call, is killed (SECCOMP_RET_KILL_PROCESS).
 */
void tender_bpf_prologue(struct tender_bpf *a);

#ifdef TENDER_ASAN
/*
 * ASan check builds only (tests/hostile): the prologue ends with what the
 * tender's own code needs under ASan (tenders/common/asan_allow.c).
 */
void tender_bpf_asan_allow(struct tender_bpf *a);
#endif

/*
 * One system call: if its number is (nr), it is allowed when every check
 * of (args) (nargs of them; none: always) holds, else the process is
 * killed; any other call falls through to what comes next.
 */
void tender_bpf_syscall(struct tender_bpf *a, unsigned nr,
                        const struct tender_bpf_arg *args, unsigned nargs);

/* Ends the filter: anything not allowed so far kills the process. */
void tender_bpf_epilogue(struct tender_bpf *a);

/*
 * Sets no_new_privs and installs the (n) instructions (prog) on the
 * calling process (all its threads). Returns 0, or a negative errno value
 * (-E2BIG when n is too large for a filter).
 */
int tender_seccomp_load(const struct sock_filter *prog, size_t n);

#endif
