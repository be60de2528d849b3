/* SPDX-License-Identifier: ISC */
/* syscall.h: the few Linux system calls the spt guest makes itself. */
#ifndef MIRAGE_SPT_SYSCALL_H
#define MIRAGE_SPT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The guest runs inside the mirage-spt process, whose seccomp filter lets
 * through only these calls (x86-64 numbers), with the arguments that
 * doc/tenders.md lists ("The spt system-call policy"): anything else kills
 * the process. So nothing in the spt runtime may call the host another
 * way (there is no libc below it).
 */
#define SPT_SYS_READ          0
#define SPT_SYS_WRITE         1
#define SPT_SYS_PREAD64       17
#define SPT_SYS_PWRITE64      18
#define SPT_SYS_FDATASYNC     75
#define SPT_SYS_CLOCK_GETTIME 228
#define SPT_SYS_EXIT_GROUP    231
#define SPT_SYS_PPOLL         271
#define SPT_SYS_GETRANDOM     318

/* The kernel's struct pollfd, and its events. */
struct spt_pollfd {
    int fd;
    short events, revents;
};
#define SPT_POLLIN   0x001
#define SPT_POLLOUT  0x004
#define SPT_POLLERR  0x008
#define SPT_POLLHUP  0x010
#define SPT_POLLNVAL 0x020

#define SPT_CLOCK_REALTIME  0
#define SPT_CLOCK_MONOTONIC 1

/* The kernel's struct timespec on x86-64. */
struct spt_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* A system call with up to five arguments: the result, or -errno. */
static inline long spt_syscall5(long nr, long a1, long a2, long a3, long a4,
                                long a5)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

/* The same with three arguments. */
static inline long spt_syscall3(long nr, long a1, long a2, long a3)
{
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
                     : "rcx", "r11", "memory");
    return ret;
}

#endif
