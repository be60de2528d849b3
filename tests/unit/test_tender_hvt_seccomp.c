/* SPDX-License-Identifier: ISC */
/* test_tender_hvt_seccomp.c: mirage-hvt's allowlist, installed in children. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp.h"
#include "seccomp_child.h"
#include "tap.h"

/* A pipe end stands for the vCPU: the filter only looks at numbers. */
static int vcpu_fd, net_fd, block_fd, ro_fd, other_fd;

enum op {
    OP_KVM_RUN,
    OP_KVM_GET_REGS,
    OP_KVM_GET_SREGS,
    OP_KVM_SET_REGS,
    OP_IOCTL_OTHER_FD,
    OP_WRITE_STDOUT,
    OP_WRITE_NET,
    OP_WRITE_OTHER,
    OP_READ_NET,
    OP_READ_STDIN,
    OP_PREAD_BLOCK,
    OP_PWRITE_BLOCK,
    OP_FDATASYNC_BLOCK,
    OP_PREAD_NET,
    OP_PREAD_PAST_END,
    OP_PREAD_WRAP,
    OP_PWRITE_READ_ONLY,
    OP_PPOLL_SIGMASK,
    OP_PPOLL_TOO_MANY,
    OP_CLOCK_REAL,
    OP_CLOCK_CPU,
    OP_PPOLL,
    OP_GETRANDOM,
    OP_OPENAT,
    OP_MMAP,
    OP_X32_WRITE,
};

/* Raw system calls (never the vDSO); their results do not matter. */
static void run_op(enum op op)
{
    char b[512] = {0};
    struct timespec ts, zero = {0, 0};
    struct pollfd pfd = {net_fd, POLLOUT, 0};

    switch (op) {
    case OP_KVM_RUN:
        syscall(SYS_ioctl, vcpu_fd, KVM_RUN, 0);
        break;
    case OP_KVM_GET_REGS:
        syscall(SYS_ioctl, vcpu_fd, KVM_GET_REGS, b);
        break;
    case OP_KVM_GET_SREGS:
        syscall(SYS_ioctl, vcpu_fd, KVM_GET_SREGS, b);
        break;
    case OP_KVM_SET_REGS:
        syscall(SYS_ioctl, vcpu_fd, KVM_SET_REGS, b);
        break;
    case OP_IOCTL_OTHER_FD:
        syscall(SYS_ioctl, other_fd, KVM_RUN, 0);
        break;
    case OP_WRITE_STDOUT:
        syscall(SYS_write, 1, "", 0);
        break;
    case OP_WRITE_NET:
        syscall(SYS_write, net_fd, "x", 1);
        break;
    case OP_WRITE_OTHER:
        syscall(SYS_write, other_fd, "x", 1);
        break;
    case OP_READ_NET:
        syscall(SYS_read, net_fd, b, 0);
        break;
    case OP_READ_STDIN:
        syscall(SYS_read, 0, b, 0);
        break;
    case OP_PREAD_BLOCK:
        syscall(SYS_pread64, block_fd, b, 512, 0);
        break;
    case OP_PWRITE_BLOCK:
        syscall(SYS_pwrite64, block_fd, b, 512, 512);
        break;
    case OP_FDATASYNC_BLOCK:
        syscall(SYS_fdatasync, block_fd);
        break;
    case OP_PREAD_NET:
        syscall(SYS_pread64, net_fd, b, 1, 0);
        break;
    case OP_PREAD_PAST_END:
        syscall(SYS_pread64, block_fd, b, 512, 4096 - 511);
        break;
    case OP_PREAD_WRAP:
        syscall(SYS_pread64, block_fd, b, 512, (long)(UINT64_MAX - 100));
        break;
    case OP_PWRITE_READ_ONLY:
        syscall(SYS_pwrite64, ro_fd, b, 512, 0);
        break;
    case OP_PPOLL_SIGMASK: {
        sigset_t none;
        sigemptyset(&none);
        syscall(SYS_ppoll, &pfd, 1, &zero, &none, 8);
        break;
    }
    case OP_PPOLL_TOO_MANY: {
        struct pollfd two[2] = {pfd, pfd};
        syscall(SYS_ppoll, two, 2, &zero, NULL, 8);
        break;
    }
    case OP_CLOCK_REAL:
        syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
        break;
    case OP_CLOCK_CPU:
        syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
        break;
    case OP_PPOLL:
        syscall(SYS_ppoll, &pfd, 1, &zero, NULL, 8);
        break;
    case OP_GETRANDOM:
        syscall(SYS_getrandom, b, 16, 0);
        break;
    case OP_OPENAT:
        syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
        break;
    case OP_MMAP:
        syscall(SYS_mmap, 0, 4096, 3, 0x22, -1, 0);
        break;
    case OP_X32_WRITE:
        syscall(0x40000000 | SYS_write, 2, "", 0);
        break;
    }
}

/* Runs (op) in a filtered child: 1 if it lived, 0 if SIGSYS killed it. */
static int allowed(enum op op)
{
    struct hvt_seccomp_fds fds = {.vcpu = vcpu_fd,
                                  .block = {block_fd, ro_fd},
                                  .block_capacity = {4096, 4096},
                                  .block_read_only = {0, 1},
                                  .nblock = 2,
                                  .net = {net_fd},
                                  .nnet = 1};
    pid_t pid = fork();

    if (pid == 0) {
        if (hvt_seccomp_install(&fds) != 0)
            syscall(SYS_exit_group, 99);
        run_op(op);
        syscall(SYS_exit_group, SECCOMP_CHILD_LIVED);
    }
    return seccomp_child_verdict(pid);
}

int main(void)
{
    static const struct {
        enum op op;
        int allow;
        const char *what;
    } cases[] = {
        {OP_KVM_RUN, 1, "KVM_RUN on the vCPU"},
        {OP_KVM_GET_REGS, 1, "KVM_GET_REGS on the vCPU"},
        {OP_KVM_GET_SREGS, 1, "KVM_GET_SREGS on the vCPU"},
        {OP_KVM_SET_REGS, 0, "KVM_SET_REGS on the vCPU"},
        {OP_IOCTL_OTHER_FD, 0, "KVM_RUN on another fd"},
        {OP_WRITE_STDOUT, 1, "write on fd 1"},
        {OP_WRITE_NET, 1, "write on a net fd"},
        {OP_WRITE_OTHER, 0, "write on another fd"},
        {OP_READ_NET, 1, "read on a net fd"},
        {OP_READ_STDIN, 0, "read on fd 0"},
        {OP_PREAD_BLOCK, 1, "pread64 on a block fd"},
        {OP_PWRITE_BLOCK, 1, "pwrite64 on a block fd"},
        {OP_FDATASYNC_BLOCK, 1, "fdatasync on a block fd"},
        {OP_PREAD_NET, 0, "pread64 on a net fd"},
        {OP_PREAD_PAST_END, 0, "pread64 past the disk's capacity"},
        {OP_PREAD_WRAP, 0, "pread64 whose offset + count passes 2^64"},
        {OP_PWRITE_READ_ONLY, 0, "pwrite64 on a read-only disk"},
        {OP_PPOLL_SIGMASK, 0, "ppoll with a signal mask"},
        {OP_PPOLL_TOO_MANY, 0, "ppoll of more fds than NICs"},
        {OP_CLOCK_REAL, 1, "clock_gettime(CLOCK_REALTIME)"},
        {OP_CLOCK_CPU, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)"},
        {OP_PPOLL, 1, "ppoll"},
        {OP_GETRANDOM, 0, "getrandom (the guest has RDRAND)"},
        {OP_OPENAT, 0, "openat"},
        {OP_MMAP, 0, "mmap"},
        {OP_X32_WRITE, 0, "an x32 write"},
    };
    int p1[2], p2[2];
    char path[] = "/tmp/test_tender_hvt_seccomp.XXXXXX";
    struct sock_filter prog[HVT_SECCOMP_MAX];
    struct hvt_seccomp_fds many = {.vcpu = 3, .nblock = 16, .nnet = 16};
    size_t n;

    if (pipe(p1) != 0 || pipe(p2) != 0)
        return 99;
    net_fd = p1[1];
    other_fd = dup(p1[1]);
    vcpu_fd = p2[0];
    block_fd = mkstemp(path);
    if (block_fd < 0 || ftruncate(block_fd, 4096) != 0)
        return 99;
    ro_fd = open(path, O_RDONLY);
    if (ro_fd < 0)
        return 99;
    unlink(path);

    if (prctl(PR_GET_SECCOMP) != 0 || allowed(OP_WRITE_STDOUT) < 0)
        return tap_skip_all("seccomp filters cannot be installed here");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = allowed(cases[i].op);
        TAP_OK(got == cases[i].allow, "%s is %s", cases[i].what,
               cases[i].allow ? "allowed" : "killed by SIGSYS");
    }
    for (unsigned i = 0; i < 16; i++) {
        many.block[i] = 100 + (int)i;
        many.block_capacity[i] = 1ull << 40;
        many.net[i] = 200 + (int)i;
    }
    n = hvt_seccomp_build(&many, prog);
    TAP_OK(n <= HVT_SECCOMP_MAX && n > 100,
           "16 block and 16 net fds fit in the program (%zu instructions)", n);
    return tap_done();
}
