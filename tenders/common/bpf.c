/* SPDX-License-Identifier: ISC */
/* bpf.c: a small assembler for the tenders' seccomp filters. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"

/* x86-64 is little-endian: an argument's low word comes first */
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (ARG_LO(i) + 4)
/* x32 system calls have this bit set in their number */
#define X32_BIT 0x40000000u

static void emit(struct tender_bpf *a, unsigned short code, unsigned char jt,
                 unsigned char jf, unsigned k)
{
    if (a->n < a->max)
        a->p[a->n] = (struct sock_filter){code, jt, jf, k};
    a->n++;
}

static void load(struct tender_bpf *a, size_t off)
{
    emit(a, BPF_LD | BPF_W | BPF_ABS, 0, 0, (unsigned)off);
}

static void ret(struct tender_bpf *a, unsigned v)
{
    emit(a, BPF_RET | BPF_K, 0, 0, v);
}

/* A 32-bit word to load into A: of seccomp_data, or a scratch slot. */
struct word {
    unsigned short code;
    unsigned k;
};

static struct word arg_word(size_t off)
{
    return (struct word){BPF_LD | BPF_W | BPF_ABS, (unsigned)off};
}

static struct word scratch(unsigned slot)
{
    return (struct word){BPF_LD | BPF_MEM, slot};
}

static void load_word(struct tender_bpf *a, struct word w)
{
    emit(a, w.code, 0, 0, w.k);
}

/* Kills unless the 64-bit value (hi:lo) <= k, unsigned. */
static void le64(struct tender_bpf *a, struct word hi, struct word lo,
                 uint64_t k)
{
    load_word(a, hi);
    emit(a, BPF_JMP | BPF_JGT | BPF_K, 3, 0, (unsigned)(k >> 32));
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, (unsigned)(k >> 32));
    load_word(a, lo);
    emit(a, BPF_JMP | BPF_JGT | BPF_K, 0, 1, (unsigned)k);
    ret(a, SECCOMP_RET_KILL_PROCESS);
}

/* Kills unless the 64-bit value (hi:lo) >= k, unsigned. */
static void ge64(struct tender_bpf *a, struct word hi, struct word lo,
                 uint64_t k)
{
    load_word(a, hi);
    emit(a, BPF_JMP | BPF_JGT | BPF_K, 4, 0, (unsigned)(k >> 32));
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, 2, (unsigned)(k >> 32));
    load_word(a, lo);
    emit(a, BPF_JMP | BPF_JGE | BPF_K, 1, 0, (unsigned)k);
    ret(a, SECCOMP_RET_KILL_PROCESS);
}

void tender_bpf_prologue(struct tender_bpf *a)
{
    load(a, offsetof(struct seccomp_data, arch));
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
    ret(a, SECCOMP_RET_KILL_PROCESS);
    load(a, offsetof(struct seccomp_data, nr));
    emit(a, BPF_JMP | BPF_JGE | BPF_K, 0, 1, X32_BIT);
    ret(a, SECCOMP_RET_KILL_PROCESS);
#ifdef TENDER_ASAN
    tender_bpf_asan_allow(a);
#endif
}

void tender_bpf_syscall(struct tender_bpf *a, unsigned nr,
                        const struct tender_bpf_arg *args, unsigned nargs)
{
    /* the body: per check, a load, a test per value and a kill; an allow */
    unsigned body = 1;

    for (unsigned k = 0; k < nargs; k++)
        body += 2 + args[k].nvals;
    load(a, offsetof(struct seccomp_data, nr));
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, (unsigned char)body, nr);
    for (unsigned k = 0; k < nargs; k++) {
        const struct tender_bpf_arg *c = &args[k];

        load(a, ARG_LO(c->index));
        /* a match jumps over the other tests and the kill */
        for (unsigned i = 0; i < c->nvals; i++)
            emit(a, BPF_JMP | BPF_JEQ | BPF_K, (unsigned char)(c->nvals - i), 0,
                 (unsigned)c->vals[i]);
        ret(a, SECCOMP_RET_KILL_PROCESS);
    }
    ret(a, SECCOMP_RET_ALLOW);
}

/* Emits "if A == v go on, else skip what follows", the skip to patch. */
static size_t if_a_is(struct tender_bpf *a, unsigned v)
{
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, v);
    emit(a, BPF_JMP | BPF_JA, 0, 0, 0);
    return a->n - 1;
}

size_t tender_bpf_if_nr(struct tender_bpf *a, unsigned nr)
{
    load(a, offsetof(struct seccomp_data, nr));
    return if_a_is(a, nr);
}

size_t tender_bpf_if_arg32(struct tender_bpf *a, unsigned index, uint32_t v)
{
    load(a, ARG_LO(index));
    return if_a_is(a, v);
}

void tender_bpf_endif(struct tender_bpf *a, size_t at)
{
    /* a jump lands after the next instruction plus k */
    if (at < a->max && at < a->n)
        a->p[at].k = (unsigned)(a->n - at - 1);
}

void tender_bpf_arg_range(struct tender_bpf *a, unsigned index, uint64_t min,
                          uint64_t max)
{
    struct word hi = arg_word(ARG_HI(index)), lo = arg_word(ARG_LO(index));

    if (min > 0)
        ge64(a, hi, lo, min);
    if (max < UINT64_MAX)
        le64(a, hi, lo, max);
}

void tender_bpf_arg_clear(struct tender_bpf *a, unsigned index, uint64_t mask)
{
    for (int half = 0; half < 2; half++) {
        unsigned m = (unsigned)(half ? mask >> 32 : mask);

        if (m == 0)
            continue;
        load(a, half ? ARG_HI(index) : ARG_LO(index));
        emit(a, BPF_JMP | BPF_JSET | BPF_K, 0, 1, m);
        ret(a, SECCOMP_RET_KILL_PROCESS);
    }
}

void tender_bpf_arg_sum_le(struct tender_bpf *a, unsigned i, unsigned j,
                           uint64_t max)
{
    /* the low words: M[0] = the sum's, M[1] = its carry (0 or 1) */
    load(a, ARG_LO(j));
    emit(a, BPF_MISC | BPF_TAX, 0, 0, 0);
    load(a, ARG_LO(i));
    emit(a, BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0);
    emit(a, BPF_ST, 0, 0, 0);
    /* the sum wrapped exactly when it is below one of its terms */
    emit(a, BPF_JMP | BPF_JGE | BPF_X, 2, 0, 0);
    emit(a, BPF_LD | BPF_IMM, 0, 0, 1);
    emit(a, BPF_JMP | BPF_JA, 0, 0, 1);
    emit(a, BPF_LD | BPF_IMM, 0, 0, 0);
    emit(a, BPF_ST, 0, 0, 1);
    /* the high words plus the carry: any wrap is a sum past 2^64 */
    load(a, ARG_HI(j));
    emit(a, BPF_MISC | BPF_TAX, 0, 0, 0);
    load(a, ARG_HI(i));
    emit(a, BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0);
    emit(a, BPF_JMP | BPF_JGE | BPF_X, 1, 0, 0);
    ret(a, SECCOMP_RET_KILL_PROCESS);
    emit(a, BPF_LDX | BPF_MEM, 0, 0, 1);
    emit(a, BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0);
    emit(a, BPF_JMP | BPF_JGE | BPF_X, 1, 0, 0);
    ret(a, SECCOMP_RET_KILL_PROCESS);
    emit(a, BPF_ST, 0, 0, 1);
    le64(a, scratch(1), scratch(0), max);
}

void tender_bpf_allow(struct tender_bpf *a)
{
    ret(a, SECCOMP_RET_ALLOW);
}

void tender_bpf_kill(struct tender_bpf *a)
{
    ret(a, SECCOMP_RET_KILL_PROCESS);
}

void tender_bpf_epilogue(struct tender_bpf *a)
{
    ret(a, SECCOMP_RET_KILL_PROCESS);
}

int tender_seccomp_load(const struct sock_filter *prog, size_t n)
{
    struct sock_fprog fp;

    if (n > BPF_MAXINSNS)
        return -E2BIG;
    fp.len = (unsigned short)n;
    fp.filter = (struct sock_filter *)prog;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -errno;
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0)
        return -errno;
    return 0;
}
