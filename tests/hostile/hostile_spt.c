/* SPDX-License-Identifier: ISC */
/* hostile_spt.c: a hand-made spt image that attacks mirage-spt's sandbox. */
/*
 * Built freestanding like tests/unit/tender_spt_image.c and linked with
 * tests/unit/tender_spt.lds (tests/hostile/spt-hostile.sh builds it). It
 * declares the block devices "disk" and "rodisk" (the test attaches a
 * read-only file to the second) and the net device "net0".
 *
 * Its first boot argument names what to do:
 *   list    prints the name of every attack, one a line
 *   good    the positive control: every allowed call with good arguments
 *           (read sector 0, write the last sector, the most bytes at once,
 *           ppoll, clocks, getrandom, the net fd); it checks each result,
 *           prints what the host checks, and exits 0 ("good done"), or
 *           exits 1 at the first failure ("FAIL what")
 *   NAME    one attack of attacks[] below: prints "attacking NAME", makes
 *           one raw system call that the tender's filter must refuse, then
 *           prints "survived" and exits 1 (the filter should have killed
 *           the process with SIGSYS before)
 */
#include <stdint.h>

#include "mirage/tender_abi.h"
#include "../unit/tender_image.h"

#define BLOCK_MAX MIRAGE_TENDER_SPT_BLOCK_MAX

TENDER_IMAGE_ABI_NOTE(MIRAGE_TENDER_ABI_VERSION, MIRAGE_TENDER_TARGET_SPT);

__attribute__((section(".note.mirage"), aligned(4),
               used)) static const struct manifest_note manifest_note = {
    8,
    sizeof(struct mirage_tender_manifest),
    MIRAGE_TENDER_NOTE_MANIFEST,
    "MirageC",
    {MIRAGE_TENDER_ABI_VERSION,
     3,
     {{"disk", MIRAGE_TENDER_DEV_BLOCK, 0},
      {"rodisk", MIRAGE_TENDER_DEV_BLOCK, 0},
      {"net0", MIRAGE_TENDER_DEV_NET, 0}}}};

/* x86-64 system call numbers */
enum {
    NR_read = 0,
    NR_write = 1,
    NR_open = 2,
    NR_mmap = 9,
    NR_mprotect = 10,
    NR_pread64 = 17,
    NR_pwrite64 = 18,
    NR_pwritev = 20,
    NR_dup2 = 33,
    NR_getpid = 39,
    NR_sendfile = 40,
    NR_socket = 41,
    NR_fork = 57,
    NR_execve = 59,
    NR_kill = 62,
    NR_fdatasync = 75,
    NR_ftruncate = 77,
    NR_ptrace = 101,
    NR_prctl = 157,
    NR_clock_gettime = 228,
    NR_exit_group = 231,
    NR_openat = 257,
    NR_ppoll = 271,
    NR_fallocate = 285,
    NR_getrandom = 318,
    NR_seccomp = 317,
    NR_copy_file_range = 326,
    NR_pwritev2 = 328,
    NR_io_uring_setup = 425,
};

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                       "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define sys(nr, a, b, c, d, e)                                                 \
    sys6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static __attribute__((noreturn)) void exit_group(long status)
{
    for (;;)
        sys(NR_exit_group, status, 0, 0, 0, 0);
}

static void puts_(const char *s)
{
    sys(NR_write, 1, s, tender_image_len(s), 0, 0);
}

static void put_num(uint64_t v)
{
    char b[24];
    int i = 23;

    b[i] = '\0';
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(b + i);
}

/* The compiler may call these for loops and copies, even freestanding. */
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* (volatile, so that these loops are not made calls to themselves) */
void *memset(void *d, int c, unsigned long n)
{
    volatile unsigned char *p = d;

    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
    volatile unsigned char *p = d;
    const unsigned char *q = s;

    while (n--)
        *p++ = *q++;
    return d;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int memeq(const void *a, const void *b, unsigned long n)
{
    const unsigned char *x = a, *y = b;

    for (unsigned long i = 0; i < n; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

/* The devices, found by name in the boot info. */
static long disk, rodisk, net;
static uint64_t capacity, ro_capacity;
static uint8_t ro_flag, disk_ro_flag;
static unsigned char buf[2 * BLOCK_MAX + 4096];

struct pollfd_ {
    int fd;
    short events, revents;
};

struct timespec_ {
    int64_t sec, nsec;
};

static struct timespec_ zero_ts;
static uint64_t sigset = ~0ull;

#define HI (1ll << 32)

/* One attack: its name and the call the filter must refuse. */
struct attack {
    const char *name;
    long nr, a, b, c, d, e;
};

/*
 * Placeholders for what is known at run time: D the disk's fd, R the
 * read-only disk's, N the net device's; CAP the disk's capacity, END its
 * last sector's offset; BUF a buffer (the ppoll attacks put two pollfds
 * on the net device there, the others "/bin/sh"); TS a zero timeout; MASK
 * a signal mask with every signal.
 */
enum {
    D = -1000,
    R = -1001,
    N = -1002,
    CAP = -1003,
    END = -1004,
    BUF = -1005,
    TS = -1006,
    MASK = -1007
};

static const struct attack attacks[] = {
    /* disks: outside, too much, not whole sectors */
    {"pwrite-past-end", NR_pwrite64, D, BUF, 512, CAP, 0},
    {"pread-past-end", NR_pread64, D, BUF, 512, CAP, 0},
    {"pwrite-across-end", NR_pwrite64, D, BUF, 1024, END, 0},
    {"pwrite-at-1T", NR_pwrite64, D, BUF, 512, 1ll << 40, 0},
    {"pread-at-1T", NR_pread64, D, BUF, 512, 1ll << 40, 0},
    {"pwrite-at-4G", NR_pwrite64, D, BUF, 512, HI, 0},
    {"pwrite-count-max+1", NR_pwrite64, D, BUF, BLOCK_MAX + 512, 0, 0},
    {"pwrite-count-4G+512", NR_pwrite64, D, BUF, HI + 512, 0, 0},
    {"pread-count-huge", NR_pread64, D, BUF, -512, 0, 0},
    {"pwrite-offset-unaligned", NR_pwrite64, D, BUF, 512, 100, 0},
    {"pwrite-count-unaligned", NR_pwrite64, D, BUF, 100, 0, 0},
    {"pread-count-unaligned", NR_pread64, D, BUF, 513, 0, 0},
    {"pwrite-count-0", NR_pwrite64, D, BUF, 0, 0, 0},
    {"pwrite-offset-negative", NR_pwrite64, D, BUF, 1024, -512, 0},
    {"pwrite-offset-high-bit", NR_pwrite64, D, BUF, 512, 1ull << 63, 0},
    {"pwrite-readonly", NR_pwrite64, R, BUF, 512, 0, 0},
    {"pread-readonly-past-end", NR_pread64, R, BUF, 512, 1ll << 20, 0},
    {"pwrite-net", NR_pwrite64, N, BUF, 512, 0, 0},
    {"pread-net", NR_pread64, N, BUF, 512, 0, 0},
    {"pwrite-fd0", NR_pwrite64, 0, BUF, 512, 0, 0},
    {"pwrite-fd3", NR_pwrite64, 3, BUF, 512, 0, 0},
    {"pwrite-fd99", NR_pwrite64, 99, BUF, 512, 0, 0},
    {"pread-fd0", NR_pread64, 0, BUF, 512, 0, 0},
    {"pread-fd3", NR_pread64, 3, BUF, 512, 0, 0},
    {"pread-fd99", NR_pread64, 99, BUF, 512, 0, 0},
    /* other allowed calls with bad arguments */
    {"write-block", NR_write, D, BUF, 512, 0, 0},
    {"write-readonly", NR_write, R, BUF, 512, 0, 0},
    {"write-fd3", NR_write, 3, BUF, 1, 0, 0},
    {"read-fd0", NR_read, 0, BUF, 1, 0, 0},
    {"read-block", NR_read, D, BUF, 512, 0, 0},
    {"read-fd3", NR_read, 3, BUF, 1, 0, 0},
    {"fdatasync-net", NR_fdatasync, N, 0, 0, 0, 0},
    {"ppoll-sigmask", NR_ppoll, BUF, 1, TS, MASK, 8},
    {"ppoll-too-many", NR_ppoll, BUF, 2, TS, 0, 0},
    {"ppoll-4G+1", NR_ppoll, BUF, HI + 1, TS, 0, 0},
    {"clock-cputime", NR_clock_gettime, 2, BUF, 0, 0, 0},
    {"getrandom-nonblock", NR_getrandom, BUF, 16, 1, 0, 0},
    {"getrandom-huge", NR_getrandom, BUF, 1 << 20, 0, 0, 0},
    /* calls outside the policy */
    {"open", NR_open, BUF, 0, 0, 0, 0},
    {"openat", NR_openat, -100, BUF, 0, 0, 0},
    {"mmap", NR_mmap, 0, 4096, 7, 0x22, -1},
    {"mprotect", NR_mprotect, 0x100000, 4096, 7, 0, 0},
    {"socket", NR_socket, 2, 1, 0, 0, 0},
    {"execve", NR_execve, BUF, 0, 0, 0, 0},
    {"kill", NR_kill, 0, 0, 0, 0, 0},
    {"ptrace", NR_ptrace, 0, 0, 0, 0, 0},
    {"fork", NR_fork, 0, 0, 0, 0, 0},
    {"getpid", NR_getpid, 0, 0, 0, 0, 0},
    {"dup2", NR_dup2, D, 1, 0, 0, 0},
    {"ftruncate", NR_ftruncate, D, 1ll << 40, 0, 0, 0},
    {"fallocate", NR_fallocate, D, 0, 0, 1ll << 30, 0},
    {"pwritev", NR_pwritev, D, BUF, 1, 0, 0},
    {"pwritev2", NR_pwritev2, D, BUF, 1, 0, 0},
    {"sendfile", NR_sendfile, D, R, 0, 512, 0},
    {"copy_file_range", NR_copy_file_range, R, 0, D, 0, 512},
    {"prctl", NR_prctl, 38, 1, 0, 0, 0},
    {"seccomp", NR_seccomp, 0, 0, 0, 0, 0},
    {"io_uring_setup", NR_io_uring_setup, 8, BUF, 0, 0, 0},
    {"x32-pwrite64", 0x40000000 | NR_pwrite64, D, BUF, 512, 0, 0},
};

/* An attack's argument, the placeholders replaced. */
static long arg(long v)
{
    switch (v) {
    case D:
        return disk;
    case R:
        return rodisk;
    case N:
        return net;
    case CAP:
        return (long)capacity;
    case END:
        return (long)capacity - 512;
    case BUF:
        return (long)buf;
    case TS:
        return (long)&zero_ts;
    case MASK:
        return (long)&sigset;
    default:
        return v;
    }
}

static void attack(const struct attack *t)
{
    static const char path[] = "/bin/sh";
    struct pollfd_ *p = (struct pollfd_ *)buf;

    puts_("attacking ");
    puts_(t->name);
    puts_("\n");
    if (t->nr == NR_ppoll) {
        p[0] = (struct pollfd_){(int)net, 1 /* POLLIN */, 0};
        p[1] = p[0];
    } else {
        for (unsigned i = 0; i < sizeof path; i++)
            buf[i] = (unsigned char)path[i];
    }
    sys6(t->nr, arg(t->a), arg(t->b), arg(t->c), arg(t->d), arg(t->e), 0);
    puts_("survived\n");
    exit_group(1);
}

/* The 32-bit system call ABI: a write through int $0x80. */
static void int80_write(void)
{
    long ret;

    puts_("attacking int80-write\n");
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(4), "b"(1), "c"(0), "d"(0)
                     : "memory");
    puts_("survived\n");
    exit_group(1);
}

static void fail(const char *what, long got)
{
    puts_("FAIL ");
    puts_(what);
    puts_(": ");
    if (got < 0) {
        puts_("-");
        got = -got;
    }
    put_num((uint64_t)got);
    puts_("\n");
    exit_group(1);
}

static void expect(const char *what, long got, long want)
{
    if (got != want)
        fail(what, got);
}

/* The positive control: every allowed call, with good arguments. */
static void good(void)
{
    static const char last[] = "the last sector, written by the guest";
    struct pollfd_ p = {(int)net, 4 /* POLLOUT */, 0};
    struct timespec_ ts = {0, 1000000};
    unsigned char *b = buf;
    long n;

    if (disk_ro_flag || !ro_flag)
        fail("the read-only flags (disk, rodisk)", disk_ro_flag * 10 + ro_flag);
    if (capacity < BLOCK_MAX + 512)
        fail("the disk is too small for this test", (long)capacity);
    expect("pread64 of sector 0", sys(NR_pread64, disk, b, 512, 0, 0), 512);
    puts_("sector 0: ");
    sys(NR_write, 1, b, 16, 0, 0);
    puts_("\n");
    for (unsigned i = 0; i < 512; i++)
        b[i] = i < sizeof last ? (unsigned char)last[i] : 0;
    expect("pwrite64 of the last sector",
           sys(NR_pwrite64, disk, b, 512, capacity - 512, 0), 512);
    expect("pread64 of the most bytes at once, to the end",
           sys(NR_pread64, disk, b, BLOCK_MAX, capacity - BLOCK_MAX, 0),
           BLOCK_MAX);
    if (!memeq(b + BLOCK_MAX - 512, last, sizeof last))
        fail("the last sector reads back", 0);
    expect("pwrite64 of the most bytes at once, of what was there",
           sys(NR_pwrite64, disk, b, BLOCK_MAX, capacity - BLOCK_MAX, 0),
           BLOCK_MAX);
    expect("pread64 of the read-only disk's last sector",
           sys(NR_pread64, rodisk, b, 512, ro_capacity - 512, 0), 512);
    expect("fdatasync of the disk", sys(NR_fdatasync, disk, 0, 0, 0, 0), 0);
    expect("fdatasync of the read-only disk",
           sys(NR_fdatasync, rodisk, 0, 0, 0, 0), 0);
    expect("clock_gettime(CLOCK_MONOTONIC)",
           sys(NR_clock_gettime, 1, &ts, 0, 0, 0), 0);
    expect("clock_gettime(CLOCK_REALTIME)",
           sys(NR_clock_gettime, 0, &ts, 0, 0, 0), 0);
    expect("getrandom of 256 bytes", sys(NR_getrandom, b, 256, 0, 0, 0), 256);
    ts = (struct timespec_){0, 1000000};
    expect("ppoll of nothing for 1 ms", sys(NR_ppoll, 0, 0, &ts, 0, 0), 0);
    n = sys(NR_ppoll, &p, 1, &zero_ts, 0, 8);
    expect("ppoll of the net fd", n, 1);
    expect("write of a frame to the net fd",
           sys(NR_write, net, "a frame from the guest\n", 23, 0, 0), 23);
    n = sys(NR_read, net, b, 1514, 0, 0);
    if (n < 0 && n != -11 /* EAGAIN */)
        fail("read of the net fd", n);
    puts_("good done\n");
    exit_group(0);
}

static void find_devices(const struct mirage_tender_boot_info *bi)
{
    disk = rodisk = net = -1;
    for (uint32_t i = 0; i < bi->ndevices && i < MIRAGE_TENDER_MANIFEST_MAX;
         i++) {
        const struct mirage_tender_device *d = &bi->devices[i];

        if (streq(d->name, "disk")) {
            disk = d->fd;
            capacity = d->capacity;
            disk_ro_flag = d->read_only;
        } else if (streq(d->name, "rodisk")) {
            rodisk = d->fd;
            ro_capacity = d->capacity;
            ro_flag = d->read_only;
        } else if (streq(d->name, "net0")) {
            net = d->fd;
        }
    }
    if (disk < 0 || rodisk < 0 || net < 0) {
        puts_("FAIL the devices are not all there\n");
        exit_group(1);
    }
}

/* The first word of (s) into (w). */
static void word(const char *s, char *w, int max)
{
    int n = 0;

    while (*s == ' ')
        s++;
    while (*s && *s != ' ' && n < max - 1)
        w[n++] = *s++;
    w[n] = '\0';
}

void image_main(struct mirage_tender_boot_info *bi);

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    jmp image_main\n");

void image_main(struct mirage_tender_boot_info *bi)
{
    char cmd[64];

    word((const char *)bi->cmdline, cmd, sizeof cmd);
    find_devices(bi);
    if (streq(cmd, "list")) {
        for (unsigned i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
            puts_(attacks[i].name);
            puts_("\n");
        }
        puts_("int80-write\n");
        exit_group(0);
    }
    if (streq(cmd, "good"))
        good();
    if (streq(cmd, "int80-write"))
        int80_write();
    for (unsigned i = 0; i < sizeof attacks / sizeof attacks[0]; i++)
        if (streq(cmd, attacks[i].name))
            attack(&attacks[i]);
    puts_("unknown command\n");
    exit_group(2);
}
