/* SPDX-License-Identifier: ISC */
/* test_tender_bpf.c: the filter assembler's 64-bit checks, run two ways. */
/*
 * Each check of tenders/common/bpf.c is assembled into a small program and
 * run (1) by the interpreter below on many values around its bounds,
 * against the same test in C, and (2) by the kernel, installed in a forked
 * child that makes a real system call with those values as arguments.
 */
#define _GNU_SOURCE
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf.h"
#include "seccomp_child.h"
#include "tap.h"

#define MAXP 4096

/*
 * Runs (p) (n instructions) on (d) as seccomp would: returns the RET value,
 * or -1 for a program seccomp would refuse or that leaves its bounds.
 */
static int64_t interpret(const struct sock_filter *p, size_t n,
                         const struct seccomp_data *d)
{
    uint32_t A = 0, X = 0, M[BPF_MEMWORDS];
    unsigned written = 0;

    for (size_t pc = 0; pc < n; pc++) {
        const struct sock_filter *f = &p[pc];
        uint32_t src = BPF_SRC(f->code) == BPF_X ? X : f->k;
        int jump = -1;

        switch (f->code) {
        case BPF_LD | BPF_W | BPF_ABS:
            if (f->k % 4 != 0 || f->k + 4 > sizeof *d)
                return -1;
            memcpy(&A, (const char *)d + f->k, 4);
            break;
        case BPF_LD | BPF_MEM:
        case BPF_LDX | BPF_MEM:
            if (f->k >= BPF_MEMWORDS || !(written & (1u << f->k)))
                return -1;
            *(f->code == (BPF_LD | BPF_MEM) ? &A : &X) = M[f->k];
            break;
        case BPF_LD | BPF_IMM:
            A = f->k;
            break;
        case BPF_LDX | BPF_IMM:
            X = f->k;
            break;
        case BPF_ST:
        case BPF_STX:
            if (f->k >= BPF_MEMWORDS)
                return -1;
            M[f->k] = f->code == BPF_ST ? A : X;
            written |= 1u << f->k;
            break;
        case BPF_MISC | BPF_TAX:
            X = A;
            break;
        case BPF_MISC | BPF_TXA:
            A = X;
            break;
        case BPF_ALU | BPF_ADD | BPF_X:
        case BPF_ALU | BPF_ADD | BPF_K:
            A += src;
            break;
        case BPF_ALU | BPF_AND | BPF_K:
            A &= src;
            break;
        case BPF_JMP | BPF_JA:
            if (f->k >= n - pc - 1)
                return -1;
            pc += f->k;
            break;
        case BPF_JMP | BPF_JEQ | BPF_K:
        case BPF_JMP | BPF_JEQ | BPF_X:
            jump = A == src;
            break;
        case BPF_JMP | BPF_JGT | BPF_K:
        case BPF_JMP | BPF_JGT | BPF_X:
            jump = A > src;
            break;
        case BPF_JMP | BPF_JGE | BPF_K:
        case BPF_JMP | BPF_JGE | BPF_X:
            jump = A >= src;
            break;
        case BPF_JMP | BPF_JSET | BPF_K:
            jump = (A & src) != 0;
            break;
        case BPF_RET | BPF_K:
            return f->k;
        default:
            return -1;
        }
        if (jump >= 0) {
            unsigned off = jump ? f->jt : f->jf;

            if (off >= n - pc - 1)
                return -1;
            pc += off;
        }
    }
    return -1; /* ran off the end */
}

/* The checks under test, and the same in C. */
enum kind { RANGE, CLEAR, SUM };

struct check {
    enum kind kind;
    uint64_t k1, k2; /* RANGE: min, max; CLEAR: mask; SUM: max */
};

static int reference(const struct check *c, uint64_t x, uint64_t y)
{
    switch (c->kind) {
    case RANGE:
        return c->k1 <= x && x <= c->k2;
    case CLEAR:
        return (x & c->k1) == 0;
    case SUM:
        return (unsigned __int128)x + y <= c->k1;
    }
    return -1;
}

/* if nr == getppid: (check on arguments 2 and 3); allow; else allow. */
static size_t assemble(const struct check *c, struct sock_filter *p)
{
    struct tender_bpf a = {p, 0, MAXP};
    size_t at;

    tender_bpf_prologue(&a);
    at = tender_bpf_if_nr(&a, __NR_getppid);
    if (c->kind == RANGE)
        tender_bpf_arg_range(&a, 2, c->k1, c->k2);
    else if (c->kind == CLEAR)
        tender_bpf_arg_clear(&a, 2, c->k1);
    else
        tender_bpf_arg_sum_le(&a, 3, 2, c->k1);
    tender_bpf_allow(&a);
    tender_bpf_endif(&a, at);
    tender_bpf_allow(&a);
    return a.n;
}

static int interpreted(const struct sock_filter *p, size_t n, uint64_t x,
                       uint64_t y)
{
    struct seccomp_data d = {.nr = __NR_getppid,
                             .arch = 0xc000003e, /* AUDIT_ARCH_X86_64 */
                             .args = {0, 0, x, y, 0, 0}};
    int64_t r = interpret(p, n, &d);

    if (r == SECCOMP_RET_ALLOW)
        return 1;
    return r == SECCOMP_RET_KILL_PROCESS ? 0 : -1;
}

/* The same, by the kernel: 1 allowed, 0 killed by SIGSYS, -1 else. */
static int by_kernel(const struct sock_filter *p, size_t n, uint64_t x,
                     uint64_t y)
{
    pid_t pid = fork();

    if (pid == 0) {
        if (tender_seccomp_load(p, n) != 0)
            syscall(SYS_exit_group, 99);
        syscall(SYS_getppid, 0, 0, x, y, 0, 0);
        syscall(SYS_exit_group, SECCOMP_CHILD_LIVED);
    }
    return seccomp_child_verdict(pid);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Values around (k): each half at, one below, one above, and extremes. */
static size_t around(uint64_t k, uint64_t *v)
{
    static const int64_t d[] = {-1, 0, 1};
    uint32_t hi = (uint32_t)(k >> 32), lo = (uint32_t)k;
    size_t n = 0;

    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            v[n++] =
                (uint64_t)(uint32_t)(hi + d[i]) << 32 | (uint32_t)(lo + d[j]);
    v[n++] = 0;
    v[n++] = UINT64_MAX;
    v[n++] = 1ull << 63;
    v[n++] = 0xffffffffull;
    v[n++] = 1ull << 32;
    return n;
}

int main(void)
{
    static const uint64_t bounds[] = {0,
                                      1,
                                      512,
                                      0xffffffffull,
                                      1ull << 32,
                                      (1ull << 32) + 4096,
                                      0x123456789abcull,
                                      (1ull << 63) - 1,
                                      UINT64_MAX - 1,
                                      UINT64_MAX};
    const size_t nb = sizeof bounds / sizeof bounds[0];
    static struct sock_filter prog[MAXP];
    struct check checks[64];
    size_t nchecks = 0;
    int kernel = prctl(PR_GET_SECCOMP) == 0;

    for (size_t i = 0; i < nb; i++) {
        checks[nchecks++] = (struct check){RANGE, 0, bounds[i]};
        checks[nchecks++] = (struct check){RANGE, bounds[i], UINT64_MAX};
        checks[nchecks++] = (struct check){SUM, bounds[i], 0};
    }
    checks[nchecks++] = (struct check){RANGE, 512, 1u << 20};
    checks[nchecks++] = (struct check){RANGE, 1ull << 32, (1ull << 33) + 7};
    checks[nchecks++] = (struct check){CLEAR, 511, 0};
    checks[nchecks++] = (struct check){CLEAR, 0xffffffffull, 0};
    checks[nchecks++] = (struct check){CLEAR, 0xf00000000000000full, 0};
    checks[nchecks++] = (struct check){CLEAR, 1ull << 63, 0};

    if (kernel) {
        struct check c = {RANGE, 0, 0};
        size_t n = assemble(&c, prog);

        kernel = by_kernel(prog, n, 0, 0) == 1;
    }
    for (size_t i = 0; i < nchecks; i++) {
        const struct check *c = &checks[i];
        size_t n = assemble(c, prog), nx, ny, bad = 0, runs = 0, kbad = 0,
               kruns = 0;
        uint64_t xs[64], ys[64];

        /* values around every bound, the check's own, and random ones */
        nx = around(c->k1, xs);
        nx += around(c->k2, xs + nx);
        for (size_t j = 0; j < nb && nx < 60; j++)
            xs[nx++] = bounds[j] + 1;
        ny = 0;
        for (size_t j = 0; j < nb; j++)
            ys[ny++] = bounds[j];
        ny += around(c->k1 - c->k1 / 2, ys + ny);
        for (int r = 0; r < 4000; r++) {
            uint64_t x = r % 2 ? next_random() : xs[r % nx] + r % 3 - 1,
                     y = c->kind == SUM ? (r % 3 ? ys[r % ny] : next_random())
                                        : 0;

            if (c->kind == SUM && r % 5 == 0)
                y = c->k1 - x + (uint64_t)(r % 3) - 1; /* sums at the bound */
            runs++;
            if (interpreted(prog, n, x, y) != reference(c, x, y)) {
                if (bad++ == 0)
                    printf("# kind %d k1 %#llx k2 %#llx: x %#llx y %#llx\n",
                           c->kind, (unsigned long long)c->k1,
                           (unsigned long long)c->k2, (unsigned long long)x,
                           (unsigned long long)y);
            }
            /* the kernel on the first values around the bounds */
            if (kernel && r < 24 && r % 2 == 0) {
                kruns++;
                if (by_kernel(prog, n, x, y) != reference(c, x, y))
                    kbad++;
            }
        }
        TAP_OK(bad == 0 && n < MAXP,
               "%s %#llx %#llx: the interpreted program agrees with C on "
               "%zu values (%zu instructions)",
               c->kind == RANGE   ? "range"
               : c->kind == CLEAR ? "clear"
                                  : "sum <=",
               (unsigned long long)c->k1, (unsigned long long)c->k2, runs, n);
        if (kernel)
            TAP_OK(kbad == 0, "and so does the kernel, on %zu of them", kruns);
    }

    /* a block longer than a conditional jump reaches (255) */
    {
        struct tender_bpf a = {prog, 0, MAXP};
        size_t at, n;

        tender_bpf_prologue(&a);
        at = tender_bpf_if_nr(&a, __NR_getppid);
        for (int i = 0; i < 100; i++)
            tender_bpf_arg_range(&a, 4, 0, UINT64_MAX - 1); /* 6 each */
        tender_bpf_arg_range(&a, 2, 0, 10);
        tender_bpf_allow(&a);
        tender_bpf_endif(&a, at);
        tender_bpf_allow(&a);
        n = a.n;
        {
            struct seccomp_data in = {__NR_getppid, 0xc000003e, 0, {0, 0, 5}},
                                out = {__NR_getppid, 0xc000003e, 0, {0, 0, 11}},
                                other = {
                                    __NR_getpid, 0xc000003e, 0, {0, 0, 11}};

            /* getpid with 11 is allowed: it skipped the block */
            TAP_OK(n > 600 && interpret(prog, n, &in) == SECCOMP_RET_ALLOW &&
                       interpret(prog, n, &out) == SECCOMP_RET_KILL_PROCESS &&
                       interpret(prog, n, &other) == SECCOMP_RET_ALLOW,
                   "a block of %zu instructions is taken or skipped whole", n);
        }
        if (kernel)
            TAP_OK(by_kernel(prog, n, 5, 0) == 1 &&
                       by_kernel(prog, n, 11, 0) == 0,
                   "the kernel accepts it and agrees");
    }
    if (!kernel)
        printf("# the kernel's side skipped: seccomp filters cannot be "
               "installed here\n");
    return tap_done();
}
