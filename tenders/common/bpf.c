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

#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
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
