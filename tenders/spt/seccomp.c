/* SPDX-License-Identifier: ISC */
/* seccomp.c: the spt tender's system-call allowlist, as a BPF program. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "seccomp.h"

#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
/* x32 system calls have this bit set in their number */
#define X32_BIT 0x40000000u

struct asm_ {
    struct sock_filter *p;
    size_t n;
};

static void emit(struct asm_ *a, unsigned short code, unsigned char jt,
                 unsigned char jf, unsigned k)
{
    if (a->n < SPT_SECCOMP_MAX)
        a->p[a->n] = (struct sock_filter){code, jt, jf, k};
    a->n++;
}

static void load(struct asm_ *a, size_t off)
{
    emit(a, BPF_LD | BPF_W | BPF_ABS, 0, 0, (unsigned)off);
}

static void ret(struct asm_ *a, unsigned v)
{
    emit(a, BPF_RET | BPF_K, 0, 0, v);
}

/* if A == k: allow; else go on */
static void allow_if(struct asm_ *a, unsigned k)
{
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, k);
    ret(a, SECCOMP_RET_ALLOW);
}

/*
 * One system call: if the number is (nr), the body checks argument (arg)
 * (its low 32 bits: the kernel reads an int there) against (vals) and
 * allows or kills; else falls through to the next block. (arg) < 0: no
 * check.
 */
static void syscall_block(struct asm_ *a, unsigned nr, int arg, const int *vals,
                          unsigned nvals)
{
    /* the body: load + 2 per value + kill, or one allow */
    unsigned body = arg < 0 ? 1 : 1 + 2 * nvals + 1;

    load(a, offsetof(struct seccomp_data, nr));
    emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, (unsigned char)body, nr);
    if (arg < 0) {
        ret(a, SECCOMP_RET_ALLOW);
        return;
    }
    load(a, ARG_LO(arg));
    for (unsigned i = 0; i < nvals; i++)
        allow_if(a, (unsigned)vals[i]);
    ret(a, SECCOMP_RET_KILL_PROCESS);
}

size_t spt_seccomp_build(const struct spt_seccomp_fds *fds,
                         struct sock_filter *prog)
{
    struct asm_ a = {prog, 0};
    int out[2 + MIRAGE_TENDER_MANIFEST_MAX];
    unsigned nout = 0;
    static const int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
    static const int zero[] = {0};

    out[nout++] = 1;
    out[nout++] = 2;
    for (unsigned i = 0; i < fds->nnet && i < MIRAGE_TENDER_MANIFEST_MAX; i++)
        out[nout++] = fds->net[i];

    load(&a, offsetof(struct seccomp_data, arch));
    emit(&a, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
    ret(&a, SECCOMP_RET_KILL_PROCESS);
    load(&a, offsetof(struct seccomp_data, nr));
    emit(&a, BPF_JMP | BPF_JGE | BPF_K, 0, 1, X32_BIT);
    ret(&a, SECCOMP_RET_KILL_PROCESS);

    syscall_block(&a, __NR_write, 0, out, nout);
    syscall_block(&a, __NR_read, 0, fds->net, fds->nnet);
    syscall_block(&a, __NR_pread64, 0, fds->block, fds->nblock);
    syscall_block(&a, __NR_pwrite64, 0, fds->block, fds->nblock);
    syscall_block(&a, __NR_fdatasync, 0, fds->block, fds->nblock);
    syscall_block(&a, __NR_clock_gettime, 0, clocks, 2);
    syscall_block(&a, __NR_getrandom, 2, zero, 1);
    syscall_block(&a, __NR_ppoll, -1, NULL, 0);
    syscall_block(&a, __NR_exit_group, -1, NULL, 0);
    ret(&a, SECCOMP_RET_KILL_PROCESS);
    return a.n;
}

int spt_seccomp_install(const struct spt_seccomp_fds *fds)
{
    struct sock_filter insns[SPT_SECCOMP_MAX];
    struct sock_fprog prog;
    size_t n = spt_seccomp_build(fds, insns);

    if (n > SPT_SECCOMP_MAX)
        return -E2BIG;
    prog.len = (unsigned short)n;
    prog.filter = insns;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -errno;
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        return -errno;
    return 0;
}
