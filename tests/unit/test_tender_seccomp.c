/* SPDX-License-Identifier: ISC */
/* test_tender_seccomp.c: mirage-spt's allowlist, installed in children. */
/*
 * Each case installs the filter in a forked child, makes one raw system
 * call (never the vDSO) and exits 7: the child either lives or dies by
 * SIGSYS. The disks are sparse files: a 4 MiB one with 512-byte sectors,
 * a read-only one, one with 4096-byte sectors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp.h"
#include "seccomp_child.h"
#include "tap.h"

#define CAP   (4ull << 20)
#define MAXIO MIRAGE_TENDER_SPT_BLOCK_MAX
#define HI    (1ull << 32)

static int net_fd, other_fd;
static struct spt_seccomp_fds fds;
static char buf[2 << 20];

/* Runs (nr)(args) in a filtered child: 1 if it lived, 0 if SIGSYS killed. */
static int allowed(const struct spt_seccomp_fds *f, long nr, uint64_t a0,
                   uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    pid_t pid = fork();

    if (pid == 0) {
        if (spt_seccomp_install(f) != 0)
            syscall(SYS_exit_group, 99);
        syscall(nr, a0, a1, a2, a3, a4, 0);
        syscall(SYS_exit_group, SECCOMP_CHILD_LIVED);
    }
    return seccomp_child_verdict(pid);
}

#define ALLOW(what, ...)                                                       \
    TAP_OK(allowed(&fds, __VA_ARGS__) == 1, "%s is allowed", what)
#define KILL(what, ...)                                                        \
    TAP_OK(allowed(&fds, __VA_ARGS__) == 0, "%s is killed by SIGSYS", what)

static int disk(const char *name, uint64_t size, int flags)
{
    char path[64];
    int fd;

    snprintf(path, sizeof path, "/tmp/test_tender_seccomp.%s.XXXXXX", name);
    fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
        exit(99);
    if (flags == O_RDONLY) {
        int ro = open(path, O_RDONLY);

        close(fd);
        fd = ro;
    }
    unlink(path);
    return fd;
}

static void transfers(int rw, uint64_t b)
{
    long nr = rw ? SYS_pwrite64 : SYS_pread64;
    const char *n = rw ? "pwrite64" : "pread64";
    int fd = fds.block[0].fd;
    char what[128];

#define T(ok, desc, count, off)                                                \
    do {                                                                       \
        snprintf(what, sizeof what, "%s %s", n, desc);                         \
        if (ok)                                                                \
            ALLOW(what, nr, (uint64_t)fd, b, count, off, 0);                   \
        else                                                                   \
            KILL(what, nr, (uint64_t)fd, b, count, off, 0);                    \
    } while (0)
    T(1, "of sector 0", 512, 0);
    T(1, "of the last sector", 512, CAP - 512);
    T(1, "of the most bytes at once", MAXIO, CAP - MAXIO);
    T(0, "of one sector more than that", MAXIO + 512, 0);
    T(0, "of one sector past the end", 512, CAP);
    T(0, "across the end", 1024, CAP - 512);
    T(0, "at 1<<40", 512, 1ull << 40);
    T(0, "at 1<<32 (only the high half is out)", 512, HI);
    T(0, "of (1<<32) + 512 bytes (only the high half is out)", HI + 512, 0);
    T(0, "of 2^64 - 512 bytes", (uint64_t)-512, 0);
    T(0, "at -512 (a wrapping sum)", 1024, (uint64_t)-512);
    T(0, "at 2^63", 512, 1ull << 63);
    T(0, "of 0 bytes", 0, 0);
    T(0, "of 511 bytes", 511, 0);
    T(0, "of 513 bytes", 513, 0);
    T(0, "at offset 1", 512, 1);
    T(0, "at offset 256", 512, 256);
#undef T
}

int main(void)
{
    struct timespec ts, zero = {0, 0};
    struct pollfd pfd[3] = {{0, POLLOUT, 0}, {0, POLLOUT, 0}, {0, 0, 0}};
    uint64_t b = (uint64_t)(uintptr_t)buf, t = (uint64_t)(uintptr_t)&ts;
    uint64_t set = (uint64_t)(uintptr_t)&zero; /* any readable address */
    struct sock_filter prog[SPT_SECCOMP_MAX];
    struct spt_seccomp_fds many = {.nnet = 16}, saved;
    int pipefd[2], big, ro, blk4k;
    size_t n;

    if (pipe(pipefd) != 0)
        return 99;
    net_fd = pipefd[1];
    other_fd = dup(pipefd[1]);
    big = disk("big", CAP, O_RDWR);
    ro = disk("ro", 4096, O_RDONLY);
    blk4k = disk("4k", 64 << 10, O_RDWR);
    fds = (struct spt_seccomp_fds){.block = {{big, 512, CAP, 0},
                                             {ro, 512, 4096, 1},
                                             {blk4k, 4096, 64 << 10, 0}},
                                   .nblock = 3,
                                   .net = {net_fd},
                                   .nnet = 1};
    pfd[0].fd = pfd[1].fd = net_fd;

    if (prctl(PR_GET_SECCOMP) != 0 ||
        allowed(&fds, SYS_write, 2, b, 0, 0, 0) != 1)
        return tap_skip_all("seccomp filters cannot be installed here");
    ALLOW("write on fd 2", SYS_write, 2, b, 0, 0, 0);
    ALLOW("write on fd 1", SYS_write, 1, b, 0, 0, 0);
    ALLOW("write on a net fd", SYS_write, net_fd, b, 1, 0, 0);
    KILL("write on another fd", SYS_write, other_fd, b, 1, 0, 0);
    KILL("write on a block fd", SYS_write, big, b, 512, 0, 0);
    KILL("write on fd 0", SYS_write, 0, b, 1, 0, 0);
    ALLOW("read on a net fd", SYS_read, net_fd, b, 0, 0, 0);
    KILL("read on fd 0", SYS_read, 0, b, 0, 0, 0);
    KILL("read on a block fd", SYS_read, big, b, 512, 0, 0);

    transfers(0, b);
    transfers(1, b);
    ALLOW("pread64 of a read-only disk", SYS_pread64, ro, b, 512, 3584, 0);
    KILL("pwrite64 of a read-only disk", SYS_pwrite64, ro, b, 512, 0, 0);
    KILL("pread64 past a small disk's end", SYS_pread64, ro, b, 512, 4096, 0);
    ALLOW("pread64 of a 4096-byte sector", SYS_pread64, blk4k, b, 4096, 8192,
          0);
    KILL("pread64 of 512 bytes with 4096-byte sectors", SYS_pread64, blk4k, b,
         512, 0, 0);
    KILL("pread64 at 512 with 4096-byte sectors", SYS_pread64, blk4k, b, 4096,
         512, 0);
    KILL("pread64 on a net fd", SYS_pread64, net_fd, b, 512, 0, 0);
    KILL("pwrite64 on a net fd", SYS_pwrite64, net_fd, b, 512, 0, 0);
    KILL("pread64 on fd 0", SYS_pread64, 0, b, 512, 0, 0);
    KILL("pread64 on fd 99", SYS_pread64, 99, b, 512, 0, 0);
    ALLOW("fdatasync of a disk", SYS_fdatasync, big, 0, 0, 0, 0);
    ALLOW("fdatasync of a read-only disk", SYS_fdatasync, ro, 0, 0, 0, 0);
    KILL("fdatasync of a net fd", SYS_fdatasync, net_fd, 0, 0, 0, 0);

    ALLOW("clock_gettime(CLOCK_MONOTONIC)", SYS_clock_gettime, CLOCK_MONOTONIC,
          t, 0, 0, 0);
    ALLOW("clock_gettime(CLOCK_REALTIME)", SYS_clock_gettime, CLOCK_REALTIME, t,
          0, 0, 0);
    KILL("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", SYS_clock_gettime,
         CLOCK_PROCESS_CPUTIME_ID, t, 0, 0, 0);
    ALLOW("getrandom of 16 bytes, flags 0", SYS_getrandom, b, 16, 0, 0, 0);
    ALLOW("getrandom of 256 bytes", SYS_getrandom, b, 256, 0, 0, 0);
    KILL("getrandom of 257 bytes", SYS_getrandom, b, 257, 0, 0, 0);
    KILL("getrandom of 2^32 + 16 bytes", SYS_getrandom, b, HI + 16, 0, 0, 0);
    KILL("getrandom with GRND_NONBLOCK", SYS_getrandom, b, 16, 1, 0, 0);

    ALLOW("ppoll of the net fd", SYS_ppoll, (uint64_t)(uintptr_t)pfd, 1,
          (uint64_t)(uintptr_t)&zero, 0, 8);
    ALLOW("ppoll of nothing (a sleep)", SYS_ppoll, 0, 0,
          (uint64_t)(uintptr_t)&zero, 0, 0);
    KILL("ppoll of 2 fds with 1 net device", SYS_ppoll,
         (uint64_t)(uintptr_t)pfd, 2, (uint64_t)(uintptr_t)&zero, 0, 8);
    KILL("ppoll of 2^32 + 1 fds", SYS_ppoll, (uint64_t)(uintptr_t)pfd, HI + 1,
         (uint64_t)(uintptr_t)&zero, 0, 8);
    KILL("ppoll with a signal mask", SYS_ppoll, (uint64_t)(uintptr_t)pfd, 1,
         (uint64_t)(uintptr_t)&zero, set, 8);
    KILL("ppoll with a mask at 2^32 (low half 0)", SYS_ppoll,
         (uint64_t)(uintptr_t)pfd, 1, (uint64_t)(uintptr_t)&zero, HI, 8);
    ALLOW("exit_group", SYS_exit_group, SECCOMP_CHILD_LIVED, 0, 0, 0, 0);
    KILL("getpid", SYS_getpid, 0, 0, 0, 0, 0);
    KILL("openat", SYS_openat, (uint64_t)AT_FDCWD, (uint64_t)(uintptr_t) "/",
         O_RDONLY, 0, 0);
    KILL("mmap", SYS_mmap, 0, 4096, 3, 0x22, (uint64_t)-1);
    KILL("an x32 write", 0x40000000 | SYS_write, 2, b, 0, 0, 0);

    /* no net device: ppoll may watch nothing */
    saved = fds;
    fds.nnet = 0;
    ALLOW("with no net device, ppoll of nothing", SYS_ppoll, 0, 0,
          (uint64_t)(uintptr_t)&zero, 0, 0);
    KILL("with no net device, ppoll of 1 fd", SYS_ppoll,
         (uint64_t)(uintptr_t)pfd, 1, (uint64_t)(uintptr_t)&zero, 0, 8);
    fds = saved;

    /* the largest manifest: 16 disks (one read-only) and 16 net fds */
    for (unsigned i = 0; i < 16; i++) {
        many.block[i] = (struct spt_seccomp_disk){100 + (int)i, 512,
                                                  (i + 1) * 4096ull, i == 3};
        many.net[i] = 200 + (int)i;
    }
    many.nblock = 16;
    n = spt_seccomp_build(&many, prog);
    TAP_OK(n <= SPT_SECCOMP_MAX && n > 100,
           "16 disks and 16 net fds fit in the program (%zu instructions)", n);
    TAP_OK(allowed(&many, SYS_pread64, 115, b, 512, 16 * 4096 - 512, 0) == 1,
           "the 16th disk's last sector is allowed (a closed fd: EBADF)");
    TAP_OK(allowed(&many, SYS_pread64, 115, b, 512, 16 * 4096, 0) == 0,
           "one sector further is killed");
    TAP_OK(allowed(&many, SYS_pread64, 100, b, 512, 4096, 0) == 0,
           "the first disk's own capacity bounds it");
    TAP_OK(allowed(&many, SYS_pwrite64, 103, b, 512, 0, 0) == 0 &&
               allowed(&many, SYS_pwrite64, 104, b, 512, 0, 0) == 1,
           "pwrite64 is killed on the read-only disk only");

    many.block[5].sector_size = 1000;
    TAP_OK(spt_seccomp_build(&many, prog) == 0 &&
               spt_seccomp_install(&many) == -EINVAL,
           "a sector size that is not a power of two builds no filter");

    /* spt_seccomp_add_device, as mirage-spt fills the table */
    {
        struct spt_seccomp_fds f = {0};
        struct mirage_tender_device d = {.type = MIRAGE_TENDER_DEV_BLOCK,
                                         .fd = 5,
                                         .capacity = 8192,
                                         .sector_size = 4096,
                                         .read_only = 1};
        int rc = spt_seccomp_add_device(&f, &d);

        TAP_OK(rc == 0 && f.nblock == 1 && f.block[0].fd == 5 &&
                   f.block[0].capacity == 8192 &&
                   f.block[0].sector_size == 4096 && f.block[0].read_only,
               "a disk's fd, capacity, sector size and read-only flag");
        d.sector_size = 0;
        TAP_OK(spt_seccomp_add_device(&f, &d) == -EINVAL,
               "a sector size of 0 is refused");
        d = (struct mirage_tender_device){.type = MIRAGE_TENDER_DEV_NET,
                                          .fd = 6};
        for (int i = 0; i < 16; i++)
            rc = spt_seccomp_add_device(&f, &d);
        TAP_OK(rc == 0 && f.nnet == 16 && f.net[15] == 6 &&
                   spt_seccomp_add_device(&f, &d) == -ENOSPC,
               "16 net devices, not 17");
        d.type = 7;
        TAP_OK(spt_seccomp_add_device(&f, &d) == -EINVAL,
               "an unknown device type is refused");
    }
    return tap_done();
}
