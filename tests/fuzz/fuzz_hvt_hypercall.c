/* SPDX-License-Identifier: ISC */
/* fuzz_hvt_hypercall.c: mirage-hvt's hypercall handlers on hostile memory. */
/*
 * The handlers (tenders/hvt: hypercall.c, console.c, block.c, net.c) run
 * without KVM on a guest memory made of the fuzz input. The input is a
 * list of calls (number, argument address) followed by the guest's
 * memory. The tender's own device table holds two disks (memfds, one
 * read-only) and two NICs (socket pairs whose peers always have a frame
 * waiting). After every call the harness checks the handler against a
 * model of what it must do: a crash exactly when the argument struct (or
 * PUTS's data) is outside guest memory or the call does not exist; the
 * block calls' result (-EINVAL, -EFAULT, -EROFS or 0); disk sizes never
 * change, the read-only disk never changes, the writable one holds what
 * the model says; nothing is written outside guest memory.
 * POLL's waits are cut to nothing (ppoll is wrapped at link time).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hvt.h"

#define MEM      0x10000u /* guest memory */
#define GUARD    4096u    /* checked bytes on each side of it */
#define DISK0    0x10000u /* read-write, 512-byte sectors */
#define DISK1    0x8000u  /* read-only, 4096-byte sectors */
#define MAXCALLS 8
#define CALLSZ   5 /* a call in the input: number, 32-bit address */

static uint8_t region[GUARD + MEM + GUARD];
static struct hvt h;
static uint8_t shadow0[DISK0], image1[DISK1];
static int peer[2]; /* the far ends of the NICs */
static jmp_buf out;
static int ended; /* 1: crash, 2: halt, 3: fail */

void hvt_crash(const char *fmt, ...)
{
    (void)fmt;
    ended = 1;
    longjmp(out, 1);
}

void hvt_exit(int status)
{
    (void)status;
    ended = 2;
    longjmp(out, 1);
}

void hvt_fail(const char *fmt, ...)
{
    (void)fmt;
    ended = 3;
    longjmp(out, 1);
}

void hvt_say(const char *fmt, ...)
{
    (void)fmt;
}

/* POLL never waits here: the timeout the guest asked is dropped. */
int __real_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts,
                 const sigset_t *mask);
int __wrap_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts,
                 const sigset_t *mask);

int __wrap_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts,
                 const sigset_t *mask)
{
    static const struct timespec zero = {0, 0};

    if (!ts || n > MIRAGE_TENDER_MANIFEST_MAX || mask)
        abort(); /* the handler always bounds its wait and its set */
    return __real_ppoll(fds, n, &zero, NULL);
}

/*
 * With _FORTIFY_SOURCE (Debian's build flags), <poll.h> turns the
 * handler's ppoll into __ppoll_chk, which --wrap=ppoll does not see: that
 * one is wrapped too (--wrap=__ppoll_chk), or the handler's real wait of
 * up to the guest's timeout would stall the harness.
 */
int __wrap___ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts,
                       const sigset_t *mask, size_t fds_len);

int __wrap___ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts,
                       const sigset_t *mask, size_t fds_len)
{
    if (fds_len / sizeof *fds < n)
        abort(); /* what __ppoll_chk itself would refuse */
    return __wrap_ppoll(fds, n, ts, mask);
}

static int memfd_of(const char *name, uint32_t size, uint8_t *content)
{
    int fd = memfd_create(name, MFD_CLOEXEC);

    if (fd < 0 || ftruncate(fd, size) != 0 ||
        pwrite(fd, content, size, 0) != (ssize_t)size)
        abort();
    return fd;
}

/* The tender's table, as main.c would have made it. */
static void setup(void)
{
    int sv[2];

    h.mem = region + GUARD;
    h.mem_size = MEM;
    for (uint32_t i = 0; i < DISK0; i++)
        shadow0[i] = (uint8_t)(i * 7);
    for (uint32_t i = 0; i < DISK1; i++)
        image1[i] = (uint8_t)(i * 13 + 1);
    h.devices[0] = (struct hvt_device){MIRAGE_TENDER_DEV_BLOCK,
                                       memfd_of("disk0", DISK0, shadow0),
                                       DISK0,
                                       512,
                                       0,
                                       0};
    h.devices[1] = (struct hvt_device){MIRAGE_TENDER_DEV_BLOCK,
                                       memfd_of("disk1", DISK1, image1),
                                       DISK1,
                                       4096,
                                       0,
                                       1};
    for (int i = 0; i < 2; i++) {
        if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) != 0)
            abort();
        h.devices[2 + i] =
            (struct hvt_device){MIRAGE_TENDER_DEV_NET, sv[0], 0, 0, 1500, 0};
        peer[i] = sv[1];
    }
    h.ndevices = 4;
}

static size_t arg_size(unsigned nr)
{
    switch (nr) {
    case MIRAGE_HVT_WALLTIME:
        return sizeof(struct mirage_hvt_walltime);
    case MIRAGE_HVT_PUTS:
        return sizeof(struct mirage_hvt_puts);
    case MIRAGE_HVT_POLL:
        return sizeof(struct mirage_hvt_poll);
    case MIRAGE_HVT_BLOCK_WRITE:
    case MIRAGE_HVT_BLOCK_READ:
    case MIRAGE_HVT_BLOCK_FLUSH:
        return sizeof(struct mirage_hvt_block);
    case MIRAGE_HVT_NET_WRITE:
    case MIRAGE_HVT_NET_READ:
        return sizeof(struct mirage_hvt_net);
    case MIRAGE_HVT_HALT:
        return sizeof(struct mirage_hvt_halt);
    }
    return 0;
}

static int inside(uint64_t a, uint64_t len)
{
    return len <= MEM && a <= MEM - len;
}

/* What a block call must return, by the model. */
static int64_t block_model(unsigned nr, const struct mirage_hvt_block *b)
{
    const struct hvt_device *d;

    if (b->handle >= 2)
        return -EINVAL;
    d = &h.devices[b->handle];
    if (nr == MIRAGE_HVT_BLOCK_FLUSH)
        return 0;
    if (b->offset % d->sector_size || b->len % d->sector_size ||
        b->offset > d->capacity || b->len > d->capacity - b->offset)
        return -EINVAL;
    if (!inside(b->data, b->len))
        return -EFAULT;
    if (nr == MIRAGE_HVT_BLOCK_WRITE && d->read_only)
        return -EROFS;
    return 0;
}

static void check_disks(void)
{
    static uint8_t now[DISK0];
    struct stat st;

    if (fstat(h.devices[0].fd, &st) != 0 || st.st_size != DISK0 ||
        pread(h.devices[0].fd, now, DISK0, 0) != DISK0 ||
        memcmp(now, shadow0, DISK0) != 0)
        abort();
    if (fstat(h.devices[1].fd, &st) != 0 || st.st_size != DISK1 ||
        pread(h.devices[1].fd, now, DISK1, 0) != DISK1 ||
        memcmp(now, image1, DISK1) != 0)
        abort();
    for (unsigned i = 0; i < GUARD; i++)
        if (region[i] != 0xa5 || region[GUARD + MEM + i] != 0xa5)
            abort();
}

/* The handler of call (nr): 0, or how it ended (crash, halt, fail). */
static int run_call(unsigned nr, uint64_t gpa)
{
    ended = 0;
    if (setjmp(out) == 0)
        hvt_hypercall(&h, nr, gpa);
    return ended;
}

/* One call against the model; returns 0 when the guest may go on. */
static int one_call(unsigned nr, uint64_t gpa)
{
    size_t size = arg_size(nr);
    int crash_expected = size == 0 || !inside(gpa, size);
    struct mirage_hvt_block b;
    struct mirage_hvt_puts p;
    int64_t want = 0;

    if (!crash_expected && nr == MIRAGE_HVT_PUTS) {
        memcpy(&p, h.mem + gpa, sizeof p);
        crash_expected = !inside(p.data, p.len);
    }
    if (!crash_expected && size == sizeof b &&
        (nr == MIRAGE_HVT_BLOCK_READ || nr == MIRAGE_HVT_BLOCK_WRITE ||
         nr == MIRAGE_HVT_BLOCK_FLUSH)) {
        memcpy(&b, h.mem + gpa, sizeof b);
        want = block_model(nr, &b);
        if (want == 0 && nr == MIRAGE_HVT_BLOCK_WRITE && b.handle == 0)
            memcpy(shadow0 + b.offset, h.mem + b.data, b.len);
    }
    if ((run_call(nr, gpa) == 1) != crash_expected || ended == 3)
        abort();
    if (ended == 0 && nr >= MIRAGE_HVT_BLOCK_WRITE &&
        (nr <= MIRAGE_HVT_BLOCK_READ || nr == MIRAGE_HVT_BLOCK_FLUSH)) {
        memcpy(&b, h.mem + gpa, sizeof b);
        if (b.ret != want)
            abort();
    }
    return ended;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static const uint8_t frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    unsigned ncalls;
    size_t head;

    if (!ready) {
        setup();
        ready = 1;
    }
    if (size < 1)
        return 0;
    ncalls = 1 + data[0] % MAXCALLS;
    head = 1 + (size_t)ncalls * CALLSZ;
    if (size < head)
        return 0;
    memset(region, 0xa5, sizeof region);
    memset(h.mem, 0, MEM);
    memcpy(h.mem, data + head, size - head < MEM ? size - head : MEM);
    for (int i = 0; i < 2; i++)
        if (send(peer[i], frame, sizeof frame, MSG_DONTWAIT) < 0 &&
            errno != EAGAIN)
            abort();
    for (unsigned c = 0; c < ncalls; c++) {
        const uint8_t *call = data + 1 + c * CALLSZ;
        uint32_t gpa;

        memcpy(&gpa, call + 1, 4);
        if (one_call(call[0] % (MIRAGE_HVT_CALL_MAX + 3), gpa) != 0)
            break;
    }
    check_disks();
    for (int i = 0; i < 2; i++) {
        uint8_t sink[2048];
        while (recv(peer[i], sink, sizeof sink, MSG_DONTWAIT) > 0)
            ;
    }
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
/*
 * The standalone driver: generates inputs whose argument structs hold
 * edge values (handles, offsets, lengths, addresses at and past the
 * memory's ends), then mutates some bytes, for at most N inputs and S
 * seconds; prints TAP. Usage: fuzz_hvt_hypercall [-n N] [-t S] [-s SEED]
 */
#include "fuzz_driver.h"
#include "tap.h"

static uint64_t edge(void)
{
    static const uint64_t v[] = {0,
                                 1,
                                 511,
                                 512,
                                 4096,
                                 DISK1,
                                 DISK1 - 512,
                                 DISK0 - 512,
                                 DISK0,
                                 MEM - 1,
                                 MEM - 8,
                                 MEM - 40,
                                 MEM,
                                 MEM + 1,
                                 0x7fffffff,
                                 0xffffffff,
                                 1ull << 40,
                                 0x8000000000000000ull,
                                 UINT64_MAX - 511,
                                 UINT64_MAX};
    if (rnd() % 3 == 0)
        return rnd() % MEM;
    if (rnd() % 4 == 0)
        return (rnd() % 64) * 512;
    return v[rnd() % (sizeof v / sizeof v[0])];
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

/* An input: calls with structs of edge values, then some mutations. */
static size_t generate(uint8_t *buf, size_t max)
{
    unsigned ncalls = 1 + (unsigned)(rnd() % MAXCALLS);
    size_t head = 1 + ncalls * CALLSZ, len = head + MEM;
    uint8_t *mem = buf + head;

    if (len > max)
        abort();
    memset(buf, 0, len);
    buf[0] = (uint8_t)(ncalls - 1);
    for (size_t i = 0; i < MEM; i += 8)
        if (rnd() % 16 == 0)
            put64(mem + i, rnd());
    for (unsigned c = 0; c < ncalls; c++) {
        uint8_t *call = buf + 1 + c * CALLSZ;
        unsigned nr = 1 + (unsigned)(rnd() % (MIRAGE_HVT_CALL_MAX + 1));
        uint32_t gpa = (uint32_t)(rnd() % 8 == 0 ? edge() : (rnd() % 64) * 64);
        uint8_t *a;

        if (nr == MIRAGE_HVT_HALT && rnd() % 4)
            nr = MIRAGE_HVT_BLOCK_WRITE;
        call[0] = (uint8_t)nr;
        memcpy(call + 1, &gpa, 4);
        if (gpa > MEM - 48)
            continue;
        a = mem + gpa;
        switch (nr) {
        case MIRAGE_HVT_PUTS:
            put64(a, edge());
            put64(a + 8, rnd() % 2 ? rnd() % 64 : edge());
            break;
        case MIRAGE_HVT_POLL:
            put64(a, edge());
            put64(a + 8, rnd() % 2 ? rnd() % 16 : edge());
            break;
        case MIRAGE_HVT_BLOCK_WRITE:
        case MIRAGE_HVT_BLOCK_READ:
        case MIRAGE_HVT_BLOCK_FLUSH: {
            uint32_t handle = (uint32_t)(rnd() % 2 ? rnd() % 5 : edge());
            memcpy(a, &handle, 4);
            put64(a + 8, edge());
            put64(a + 16, rnd() % 2 ? 0x8000 + (rnd() % 32) * 512 : edge());
            put64(a + 24, rnd() % 2 ? (rnd() % 9) * 512 : edge());
            break;
        }
        case MIRAGE_HVT_NET_WRITE:
        case MIRAGE_HVT_NET_READ: {
            uint32_t handle = (uint32_t)(rnd() % 2 ? rnd() % 5 : edge());
            memcpy(a, &handle, 4);
            put64(a + 8, rnd() % 2 ? 0x4000 : edge());
            put64(a + 16, rnd() % 2 ? 60 + rnd() % 1500 : edge());
            break;
        }
        }
    }
    for (int m = (int)(rnd() % 4); m > 0; m--)
        buf[rnd() % len] ^= (uint8_t)(1u << (rnd() % 8));
    return len;
}

int main(int argc, char **argv)
{
    unsigned long long max_inputs = 50000, done = 0;
    double seconds = 5, start;
    uint64_t seed = 0x6876742d63616c6cull;
    static uint8_t buf[1 + MAXCALLS * CALLSZ + MEM];
    int quiet, tap = dup(1), status;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            max_inputs = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-t") == 0)
            seconds = strtod(argv[i + 1], NULL);
        else if (strcmp(argv[i], "-s") == 0)
            seed = strtoull(argv[i + 1], NULL, 0);
    }
    fuzz_hang_guard(seconds);
    rng_state = seed ? seed : 1;
    /*
     * the guest's console (PUTS, written to descriptor 1) goes to
     * /dev/null while the inputs run; TAP is printed after, to the old
     * stdout (stdio holds nothing yet when descriptor 1 changes)
     */
    quiet = open("/dev/null", O_WRONLY);
    if (tap < 0 || quiet < 0 || dup2(quiet, 1) < 0)
        return 99;

    start = now();
    while (done < max_inputs && (done % 256 != 0 || now() - start < seconds)) {
        size_t len = generate(buf, sizeof buf);
        LLVMFuzzerTestOneInput(buf, len);
        done++;
    }
    if (dup2(tap, 1) < 0)
        return 99;
    TAP_OK(1,
           "%llu inputs in %.1f s (seed 0x%llx): every handler agrees with "
           "the model, no disk grew, nothing written outside guest memory",
           done, now() - start, (unsigned long long)seed);
    status = tap_done();
    return fflush(stdout) == 0 ? status : 1;
}
#endif
