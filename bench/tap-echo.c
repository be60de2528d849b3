/* SPDX-License-Identifier: ISC */
/* tap-echo.c: bench/net-frames' reference: ethecho's echo, on a bare tap. */

/*
 * Usage: tap-echo [--count=N] [--timeout=S] TAP
 *
 * Attaches to the tap device TAP (/dev/net/tun, IFF_TAP | IFF_NO_PI) as a
 * guest's tender would, and plays examples/ethecho's part with no VM and
 * no tender between the frames and the host: from the address
 * 02:00:00:00:00:99 it broadcasts a frame of EtherType 0x88B5 whose
 * payload is "mirage ethecho hello", then answers every 0x88B5 frame sent
 * to it (or to everyone) with a frame to the sender whose payload is
 * "echo:" and the payload it got, cut to a 1500-byte MTU. Unlike ethecho
 * it prints no line per frame: it is the ceiling of the host's tap path.
 * Before the hello it waits (3 s at most) for the kernel to call the tap
 * up (operstate): until then the host drops what it sends there, and a
 * guest, which takes longer to boot than that, would not see it.
 *
 * --count=N (default 0: forever): exit with 0 after N echoes, printing
 * "tap-echo: N frames echoed". --timeout=S (default 30; 0 waits forever):
 * exit with 1 when no frame came for S seconds. Exit status 1 on an error
 * too, 64 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define ETHERTYPE  0x88b5
#define HEADER     14
#define MTU        1500
#define FRAME_MAX  (HEADER + MTU)
#define HELLO      "mirage ethecho hello"
#define ECHO       "echo:"
#define ECHO_LEN   (sizeof(ECHO) - 1)
#define EXIT_USAGE 64

static const uint8_t own_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x99};
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Room for any frame the tap may hand us, and the echo's prefix. */
static uint8_t rx[65536], tx[65536 + ECHO_LEN];

/* Reports a usage error and exits with 64. */
static void __attribute__((noreturn)) usage(const char *why)
{
    fprintf(stderr,
            "tap-echo: %s\n"
            "usage: tap-echo [--count=N] [--timeout=S] TAP\n",
            why);
    exit(EXIT_USAGE);
}

/* Reports a failed system call (what) with errno and exits with 1. */
static void __attribute__((noreturn)) die(const char *what)
{
    fprintf(stderr, "tap-echo: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The number after (prefix) in (arg) into *out; is (arg) that option? */
static int number_arg(const char *arg, const char *prefix, int *out)
{
    size_t n = strlen(prefix);
    char *end;
    long v;

    if (strncmp(arg, prefix, n) != 0)
        return 0;
    errno = 0;
    v = strtol(arg + n, &end, 10);
    if (errno != 0 || end == arg + n || *end != '\0' || v < 0 || v > 1000000000)
        usage("a count or timeout is a whole number from 0 to 1000000000");
    *out = (int)v;
    return 1;
}

/* Writes the header of a frame from us to (dst) into (frame). */
static void put_header(uint8_t *frame, const uint8_t *dst)
{
    memcpy(frame, dst, 6);
    memcpy(frame + 6, own_mac, 6);
    frame[12] = (uint8_t)(ETHERTYPE >> 8);
    frame[13] = (uint8_t)ETHERTYPE;
}

/* Is (frame) of (len) bytes one of ours, for us or for everyone? */
static int for_us(const uint8_t *frame, size_t len)
{
    if (len < HEADER || frame[12] != (uint8_t)(ETHERTYPE >> 8) ||
        frame[13] != (uint8_t)ETHERTYPE)
        return 0;
    return memcmp(frame, own_mac, 6) == 0 || memcmp(frame, broadcast, 6) == 0;
}

/* Opens the tap device (name). */
static int open_tap(const char *name)
{
    struct ifreq ifr;
    int fd;

    if (strlen(name) >= IFNAMSIZ)
        usage("the tap's name is too long");
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        die("/dev/net/tun");
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    memcpy(ifr.ifr_name, name, strlen(name) + 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
        die(name);
    return fd;
}

/* Waits, 3 s at most, for the link of the tap (name) to be up. */
static void await_link(const char *name)
{
    char path[64], state[16];

    snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", name);
    for (int i = 0; i < 300; i++) {
        FILE *f = fopen(path, "r");
        int up = 0;

        if (f == NULL)
            return;
        if (fgets(state, sizeof(state), f) != NULL)
            up = strncmp(state, "up", 2) == 0;
        fclose(f);
        if (up)
            return;
        usleep(10000);
    }
}

/* Sends the frame (frame) of (len) bytes on the tap (fd). */
static void send_frame(int fd, const uint8_t *frame, size_t len)
{
    ssize_t n;

    do
        n = write(fd, frame, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        die("write");
}

int main(int argc, char **argv)
{
    int count = 0, timeout = 30, echoed = 0, fd, i;
    const char *tap = NULL;

    for (i = 1; i < argc; i++) {
        if (number_arg(argv[i], "--count=", &count) ||
            number_arg(argv[i], "--timeout=", &timeout))
            continue;
        if (argv[i][0] == '-' || tap != NULL)
            usage("unexpected argument");
        tap = argv[i];
    }
    if (tap == NULL)
        usage("which tap device?");
    fd = open_tap(tap);
    await_link(tap);

    put_header(tx, broadcast);
    memcpy(tx + HEADER, HELLO, sizeof(HELLO) - 1);
    send_frame(fd, tx, HEADER + sizeof(HELLO) - 1);
    printf("tap-echo: hello sent from 02:00:00:00:00:99 on %s\n", tap);
    fflush(stdout);

    while (count == 0 || echoed < count) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        size_t len, payload;
        ssize_t n;
        int ready = poll(&pfd, 1, timeout == 0 ? -1 : timeout * 1000);

        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            die("poll");
        if (ready == 0) {
            printf("tap-echo: no frame for %d s; giving up after %d echoes\n",
                   timeout, echoed);
            return 1;
        }
        n = read(fd, rx, sizeof(rx));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            die("read");
        len = (size_t)n;
        if (!for_us(rx, len))
            continue;
        payload = len - HEADER;
        if (HEADER + ECHO_LEN + payload > FRAME_MAX)
            payload = FRAME_MAX - HEADER - ECHO_LEN;
        put_header(tx, rx + 6);
        memcpy(tx + HEADER, ECHO, ECHO_LEN);
        memcpy(tx + HEADER + ECHO_LEN, rx + HEADER, payload);
        send_frame(fd, tx, HEADER + ECHO_LEN + payload);
        echoed++;
    }
    printf("tap-echo: %d frames echoed\n", echoed);
    return 0;
}
