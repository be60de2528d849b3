/* SPDX-License-Identifier: ISC */
/* bpf.h: a small assembler for the tenders' seccomp filters. */
#ifndef MIRAGE_TENDER_BPF_H
#define MIRAGE_TENDER_BPF_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * Blocks: tender_bpf_if_nr and tender_bpf_if_arg32 emit a test and return
 * where it is; what is emitted until tender_bpf_endif(a, at) runs only when
 * the test holds, else the program goes on after it. Blocks nest, and may
 * be of any length (the skip is a BPF_JA, whose offset is 32 bits).
 */
size_t tender_bpf_if_nr(struct tender_bpf *a, unsigned nr);

/* A block taken when the low 32 bits of argument (index) are (v). */
size_t tender_bpf_if_arg32(struct tender_bpf *a, unsigned index, uint32_t v);

/* Ends the block whose test tender_bpf_if_* emitted at (at). */
void tender_bpf_endif(struct tender_bpf *a, size_t at);

/*
 * Checks of whole 64-bit arguments (seccomp gives each as two 32-bit
 * words, compared apart): each kills the process unless it holds, and
 * else goes on. tender_bpf_arg_range: min <= argument (index) <= max,
 * unsigned.
 */
void tender_bpf_arg_range(struct tender_bpf *a, unsigned index, uint64_t min,
                          uint64_t max);

/* (argument (index) & mask) == 0, e.g. a multiple of a power of two. */
void tender_bpf_arg_clear(struct tender_bpf *a, unsigned index, uint64_t mask);

/*
 * argument (i) + argument (j) <= max, unsigned and exact: a sum that
 * passes 2^64 fails too. Uses the scratch words M[0] and M[1].
 */
void tender_bpf_arg_sum_le(struct tender_bpf *a, unsigned i, unsigned j,
                           uint64_t max);

/* Allows the call; ends a block's checks. */
void tender_bpf_allow(struct tender_bpf *a);

/* Kills the process (SECCOMP_RET_KILL_PROCESS). */
void tender_bpf_kill(struct tender_bpf *a);

/* Ends the filter: anything not allowed so far kills the process. */
void tender_bpf_epilogue(struct tender_bpf *a);

/*
 * Sets no_new_privs and installs the (n) instructions (prog) on the
 * calling process (all its threads). Returns 0, or a negative errno value
 * (-E2BIG when n is too large for a filter).
 */
int tender_seccomp_load(const struct sock_filter *prog, size_t n);

#endif
