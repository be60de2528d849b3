/* SPDX-License-Identifier: ISC */
/* asan_allow.c: what ASan check builds of the tenders add to their filter. */
/*
 * Linked only into tests/hostile/mirage-hvt-asan and mirage-spt-asan,
 * which are built with -fsanitize=address -DTENDER_ASAN; the installed
 * tenders neither compile nor call this. The list was found by running
 * those builds under strace on guests that make the old tenders fail,
 * with ASAN_OPTIONS=detect_leaks=0:color=never:symbolize=0 (color=auto
 * asks isatty(2), an ioctl the filters kill; symbolize=1 reads the
 * program's debug information):
 *   - an ASan report: its allocator (mmap read-write, munmap), getpid, a
 *     lock (futex); it opens /proc/self/maps with open(2), refused here
 *     with EACCES, and then uses the memory map that
 *     __sanitizer_sandbox_on_notify cached, so that each frame still
 *     names its module and offset (symbolize them with addr2line);
 *   - a noreturn call (the tender's _exit) in a handler on the signal
 *     stack (spt's fault handler): ASan asks for the thread's stack,
 *     pthread_getattr_np: openat of /proc/self/maps read-only, newfstatat,
 *     read, close, prlimit64, sched_getaffinity, then madvise;
 *   - at exit, sigaltstack.
 * None of this applies to a call made from below 2^40: an spt guest's
 * code is there (1 MiB up to 1 MiB + --mem, at most 64 GiB), the tender
 * (PIE) and its libraries far above; so the guest's own system calls meet
 * the same policy as in the installed tender.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sanitizer/common_interface_defs.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "bpf.h"

/* The high word of the lowest address of tender code: 2^40. */
#define TENDER_CODE_HI 0x100u

static void put(struct tender_bpf *a, unsigned short code, unsigned char jt,
                unsigned char jf, unsigned k)
{
    if (a->n < a->max)
        a->p[a->n] = (struct sock_filter){code, jt, jf, k};
    a->n++;
}

void tender_bpf_asan_allow(struct tender_bpf *a)
{
    static const int rw = PROT_READ | PROT_WRITE, ro = O_RDONLY | O_CLOEXEC;
    static const unsigned plain[] = {
        __NR_munmap,     __NR_getpid,    __NR_futex,
        __NR_read,       __NR_close,     __NR_newfstatat,
        __NR_madvise,    __NR_prlimit64, __NR_sched_getaffinity,
        __NR_sigaltstack};
    const struct tender_bpf_arg prot_rw = {2, &rw, 1}, flags_ro = {2, &ro, 1};
    size_t skip;

    /* the filter is built just before it is installed */
    __sanitizer_sandbox_on_notify(NULL);
    put(a, BPF_LD | BPF_W | BPF_ABS, 0, 0,
        (unsigned)offsetof(struct seccomp_data, instruction_pointer) + 4);
    skip = a->n;
    put(a, BPF_JMP | BPF_JGE | BPF_K, 0, 0, TENDER_CODE_HI);
    tender_bpf_syscall(a, __NR_mmap, &prot_rw, 1);
    tender_bpf_syscall(a, __NR_openat, &flags_ro, 1);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        tender_bpf_syscall(a, plain[i], NULL, 0);
    put(a, BPF_LD | BPF_W | BPF_ABS, 0, 0,
        (unsigned)offsetof(struct seccomp_data, nr));
    put(a, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, __NR_open);
    put(a, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EACCES);
    /* from below 2^40, the jump lands here (jf + 1 on), past all that;
       the block is some 50 instructions, well within a jump's 255 */
    if (skip < a->max)
        a->p[skip].jf = (unsigned char)(a->n - skip - 1);
}
