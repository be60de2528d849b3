/* SPDX-License-Identifier: ISC */
/* ethpeer.c: the host's end of the raw-frame tests of the `ethecho` example. */

/*
 * Usage:
 *
 *     ethpeer [--count=N] [--size=N] [--timeout=S] [--window=W]
 *             [--send-empty] [--send-size=N]... --iface=IFACE
 *     ethpeer [--count=N] [--size=N] [--timeout=S] [--window=W]
 *             [--send-empty] [--send-size=N]... [--socket=TYPE] [--jam]
 *             --spawn -- PROGRAM ARGS...
 *
 * The frames of the test carry EtherType 0x88B5 (IEEE 802 "local
 * experimental"). The guest (examples/ethecho) first broadcasts a frame
 * whose payload starts with "mirage ethecho hello"; it then answers every
 * such frame with one to its sender whose payload is "echo:" followed by
 * the payload it got.
 *
 * ethpeer prints "ethpeer: ready" once its end is open, waits for the
 * hello and prints the guest's address ("ethpeer: hello from MAC"). Then,
 * COUNT times (--count, 0 to 1000000, 3 by default), it sends the guest a
 * frame whose payload is "ping I" padded to N bytes (--size, 6 to 9000, 46
 * by default: a frame of 60 bytes), waits for the echo and checks it
 * ("ethpeer: echo I ok (LEN bytes)", LEN being the echo's frame length).
 * The text is cut short if N is too small to hold it; the k-th padding
 * byte (from 0) is (I + k) & 0xff. An echo may carry zero bytes after the
 * payload (padding on the way), nothing else. Only frames to our address
 * or to everyone count; other frames, and hellos while an echo is due, are
 * ignored.
 *
 * --iface=IFACE: the frames cross the interface IFACE (a tap device that
 * the test creates in a network namespace) through an AF_PACKET socket;
 * our address is IFACE's. Needs CAP_NET_RAW.
 *
 * --spawn -- PROGRAM ARGS...: runs PROGRAM (a tender, given for instance
 * "--net:service=@3 ethecho.spt") with one end of an AF_UNIX datagram
 * socket pair as its descriptor 3, one frame per datagram; our address is
 * 02:00:00:00:00:01. If PROGRAM ends before the exchange is over, ethpeer
 * says so at once (within 50 ms) rather than at the timeout. Once the
 * exchange is over ethpeer waits for PROGRAM, prints "ethpeer: PROGRAM
 * exited with status N" and exits with N (128 + the signal's number if a
 * signal ended it). PROGRAM gets SIGKILL if ethpeer fails or dies first.
 *
 * --socket=TYPE (--spawn only): the socket pair's type, dgram (the
 * default), seqpacket or stream; a tender must refuse the last two.
 *
 * --send-empty and --send-size=N (N from 1 to 65536 bytes), each up to 16
 * times, send the guest frames it must cope with, in their order on the
 * command line, after the hello and before the first ping: an empty
 * datagram (--spawn only), or a frame of N bytes ("ethpeer: sent N
 * bytes"). A frame of N >= 14 bytes is one of ours to the guest whose
 * payload is "junk" padded with 'j' (cut short if N is too small); a
 * shorter one is the start of such a frame. Should the guest echo one
 * (a frame it took in whole), ethpeer prints "ethpeer: junk echoed (LEN
 * bytes)" and goes on.
 *
 * --jam (--spawn only, not with --window): the guest's writes fail twice,
 * at known points, as when the host has no room for a frame. Before it
 * starts PROGRAM, and again before ping 1, ethpeer fills the queue of its
 * own end from the guest's end (a duplicate of it that ethpeer keeps), as
 * if the guest had sent datagrams ethpeer did not read, until the socket
 * takes no more; then it sends a frame to another station (which the
 * guest reads and ignores) and waits until the guest has read all it was
 * sent (SIOCOUTQ of our end is 0). So the guest's first hello, and its
 * echo of ping 1, met a full queue ("ethpeer: jammed: the hello" and
 * "ethpeer: jammed: echo 1"); the datagrams of the jam are read and
 * ignored with the rest, and ping 1 goes again after a second.
 *
 * --timeout=S (1 to 3600, 20 by default) bounds the whole run, in seconds.
 *
 * --window=W (1 to 256) measures throughput: instead of one frame at a
 * time, ethpeer keeps up to W frames in flight (sent, their echo not yet
 * back), matching each echo to its ping by the number in it, in whatever
 * order they come; it checks every echo as above but prints no line for
 * each. Should no echo come for a second while frames are in flight, it
 * sends those again (an echo that comes twice counts once). At the end it
 * prints "ethpeer: N frames of B bytes echoed in T s: F frames/s, M Mbit/s
 * each way", B being the length of the frames sent (14 + --size), T the
 * time from the first ping sent to the last echo received, M counting B
 * bytes a frame; ", R resent" follows when frames were sent again. --size
 * must then hold "ping COUNT" and a byte more, so that the numbers cannot
 * be taken for one another. Without --window the run is as above.
 *
 * Exit status: 0 when every echo came (--spawn: PROGRAM's status), 1 on a
 * timeout, a wrong echo or a failed system call (messages on stderr), 64 on
 * a usage error.
 *
 * Note: the guest cuts an echo to its MTU, so with a 1500-byte MTU the
 * largest --size whose echo comes back whole is 1495 (8995 with 9000).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ETHERTYPE    0x88b5
#define HEADER       14 /* destination, source, EtherType */
#define HELLO        "mirage ethecho hello"
#define HELLO_LEN    (sizeof(HELLO) - 1)
#define ECHO         "echo:"
#define ECHO_LEN     (sizeof(ECHO) - 1)
#define PAYLOAD_MIN  6
#define PAYLOAD_MAX  9000
#define JUNK         "junk"
#define JUNK_LEN     (sizeof(JUNK) - 1)
#define JUNK_MAX     16    /* --send-empty and --send-size options */
#define JUNK_SIZE    65536 /* the largest --send-size */
#define COUNT_MAX    1000000
#define WINDOW_MAX   256
#define RESEND_MS    1000    /* --window: silence before sending again */
#define RCVBUF_WANT  4194304 /* --window: the receive buffer asked for */
#define TIMEOUT_MAX  3600
#define RX_MAX       (JUNK_SIZE + 1)
#define SPAWN_FD     3
#define SLICE_MS     50 /* --spawn: how often to look at PROGRAM */
#define REAP_MS      10 /* --spawn: the same, once the exchange is over */
#define NS_PER_SEC   1000000000LL
#define NS_PER_MS    1000000LL
#define EXIT_USAGE   64
#define EXIT_NO_EXEC 127

/* Our address in --spawn mode. */
static const uint8_t spawn_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/* The address of every station. */
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* What the command line asks for. */
struct options {
    int count;          /* frames to send */
    int size;           /* payload bytes in each */
    int timeout;        /* seconds for the whole run */
    int window;         /* --window: frames in flight, else 0 */
    const char *iface;  /* --iface: the interface, else NULL */
    int spawn;          /* --spawn given? */
    int socket_type;    /* --socket: SOCK_DGRAM unless given */
    int jam;            /* --jam given? */
    int njunk;          /* --send-empty and --send-size options given */
    int junk[JUNK_MAX]; /* the size of each, in order (0: empty) */
    char **program;     /* --spawn: PROGRAM ARGS..., as in argv */
};

/* Our end of the exchange. */
struct peer {
    int fd;              /* the raw socket, or our end of the socket pair */
    int spawn;           /* --spawn mode? */
    int ifindex;         /* --iface: the interface's index */
    int peer_gone;       /* --spawn: the other end is closed */
    int stream;          /* --spawn: a socket pair whose end reads empty */
    int jam_fd;          /* --jam: the guest's end, ours too; else -1 */
    const char *program; /* --spawn: PROGRAM, for messages */
    int status;          /* --spawn: PROGRAM's wait status, once reaped */
    int timeout;         /* --timeout, for messages */
    int64_t deadline_ns; /* CLOCK_MONOTONIC time at which we give up */
    uint8_t mac[6];      /* our address */
    uint8_t guest[6];    /* the guest's, from its hello */
};

/* The spawned program while it has not been reaped, else -1. */
static pid_t child = -1;

/* The last frame received. */
static uint8_t rx[RX_MAX];

/* Prints the usage text on (out). */
static void print_usage(FILE *out)
{
    fputs("usage: ethpeer [OPTION]... --iface=IFACE\n"
          "       ethpeer [OPTION]... --spawn [--] PROGRAM [ARG]...\n"
          "The host's end of the raw-frame tests of the ethecho example: "
          "waits for the\n"
          "guest's hello, then sends it COUNT frames of EtherType 0x88b5 "
          "and checks\n"
          "that each comes back as \"echo:\" and what was sent.\n"
          "\n"
          "  --iface=IFACE  speak on the interface IFACE (a tap device) "
          "through a raw\n"
          "                 socket, with IFACE's address\n"
          "  --spawn        run PROGRAM with one end of a datagram socket "
          "pair as\n"
          "                 descriptor 3, a frame per datagram; our "
          "address is\n"
          "                 02:00:00:00:00:01\n"
          "  --count=N      frames to send, 0 to 1000000 (default 3)\n"
          "  --size=N       payload bytes in each, 6 to 9000 (default 46)\n"
          "  --timeout=S    give up after S seconds in all, 1 to 3600 "
          "(default 20)\n"
          "  --window=W     keep up to W frames in flight, 1 to 256, "
          "and print the\n"
          "                 throughput at the end instead of a line per "
          "echo\n"
          "  --send-empty   before the first ping, send an empty datagram "
          "(--spawn)\n"
          "  --send-size=N  before the first ping, send a frame of N "
          "bytes, 1 to\n"
          "                 65536; these two up to 16 times, in order\n"
          "  --socket=TYPE  --spawn: a socket pair of TYPE dgram "
          "(default),\n"
          "                 seqpacket or stream\n"
          "  --jam          --spawn: fill the guest's outgoing queue "
          "before its hello\n"
          "                 and before ping 1, so that both are dropped\n"
          "  --help         print this text and exit\n"
          "\n"
          "Exit status: 0 when every echo came (--spawn: PROGRAM's "
          "status),\n"
          "1 on a timeout, a wrong echo or an error, 64 on a usage "
          "error.\n",
          out);
}

/* Reports a usage error on stderr and exits with 64. */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("ethpeer: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'ethpeer --help'.\n", stderr);
    exit(EXIT_USAGE);
}

/* Prints "ethpeer: " and a line on stdout, and flushes it at once. */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
    va_list ap;

    fputs("ethpeer: ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* Waits for the spawned program to end, retrying when interrupted. */
static void reap_child(int *status)
{
    while (waitpid(child, status, 0) < 0 && errno == EINTR)
        continue;
    child = -1;
}

/* Kills the spawned program if it still runs, and reaps it. */
static void stop_child(void)
{
    int status;

    if (child <= 0)
        return;
    if (waitpid(child, &status, WNOHANG) == child) {
        child = -1;
        return;
    }
    kill(child, SIGKILL);
    reap_child(&status);
}

/* Reports a failure on stderr, stops the spawned program, exits with 1. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
    va_list ap;

    fputs("ethpeer: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    stop_child();
    exit(1);
}

/* Reports a failed system call (what it was doing) with errno; exits 1. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fail_sys(const char *fmt, ...)
{
    const char *why = strerror(errno);
    va_list ap;

    fputs("ethpeer: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ": %s\n", why);
    stop_child();
    exit(1);
}

/* The CLOCK_MONOTONIC time, in nanoseconds. */
static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* Milliseconds left before the deadline (rounded up), at most (cap). */
static int ms_left(const struct peer *p, int cap)
{
    int64_t left = p->deadline_ns - now_ns();

    if (left <= 0)
        return 0;
    left = (left + NS_PER_MS - 1) / NS_PER_MS;
    return left < cap ? (int)left : cap;
}

/* Reads the decimal (text) into *out if it is from (min) to (max). */
static int parse_number(const char *text, int min, int max, int *out)
{
    long value = 0;

    if (*text == '\0')
        return -1;
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9')
            return -1;
        value = value * 10 + (*text - '0');
        if (value > max)
            return -1;
    }
    if (value < min)
        return -1;
    *out = (int)value;
    return 0;
}

/* The value in (arg) if it is "NAME=VALUE" for option (name), else NULL. */
static const char *option_value(const char *arg, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '\0')
        usage_error("%s needs a value: %s=...", name, name);
    return arg[n] == '=' ? arg + n + 1 : NULL;
}

/* Sets *out from (arg) if it is the number option (name); did it? */
static int number_option(const char *arg, const char *name, int min, int max,
                         int *out)
{
    const char *value = option_value(arg, name);

    if (value == NULL)
        return 0;
    if (parse_number(value, min, max, out) < 0)
        usage_error("%s wants a whole number from %d to %d, not '%s'", name,
                    min, max, value);
    return 1;
}

/* Checks that the options ask for one mode, and sensibly. */
static void check_mode(const struct options *opt)
{
    if (opt->iface != NULL && opt->spawn)
        usage_error("--iface and --spawn exclude each other");
    if (opt->iface == NULL && !opt->spawn)
        usage_error("say --iface=IFACE or --spawn -- PROGRAM [ARG]...");
    if (opt->spawn && opt->program == NULL)
        usage_error("--spawn needs a PROGRAM to run (after --)");
    if (!opt->spawn && opt->program != NULL)
        usage_error("unexpected argument '%s' (only --spawn runs a program)",
                    opt->program[0]);
    if (opt->iface != NULL &&
        (opt->iface[0] == '\0' || strlen(opt->iface) >= IFNAMSIZ))
        usage_error("--iface: '%s' is not an interface name", opt->iface);
    if (!opt->spawn && opt->socket_type != SOCK_DGRAM)
        usage_error("--socket is for --spawn only");
    if (opt->jam && (!opt->spawn || opt->window > 0))
        usage_error("--jam is for --spawn only, without --window");
    for (int i = 0; i < opt->njunk; i++)
        if (!opt->spawn && opt->junk[i] == 0)
            usage_error("--send-empty is for --spawn only");
    if (opt->window > 0 &&
        opt->size <= snprintf(NULL, 0, "ping %d", opt->count))
        usage_error("--window: --size must be at least %d to number %d "
                    "frames",
                    snprintf(NULL, 0, "ping %d", opt->count) + 1, opt->count);
}

/* Reads the command line into (opt); exits on --help or a usage error. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    const char *value;
    int i;

    memset(opt, 0, sizeof(*opt));
    opt->count = 3;
    opt->size = 46;
    opt->timeout = 20;
    opt->socket_type = SOCK_DGRAM;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int size = 0;

        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break;
        if (strcmp(arg, "--help") == 0) {
            print_usage(stdout);
            exit(0);
        } else if (strcmp(arg, "--spawn") == 0) {
            opt->spawn = 1;
        } else if (strcmp(arg, "--jam") == 0) {
            opt->jam = 1;
        } else if ((value = option_value(arg, "--iface")) != NULL) {
            opt->iface = value;
        } else if ((value = option_value(arg, "--socket")) != NULL) {
            if (strcmp(value, "dgram") == 0)
                opt->socket_type = SOCK_DGRAM;
            else if (strcmp(value, "seqpacket") == 0)
                opt->socket_type = SOCK_SEQPACKET;
            else if (strcmp(value, "stream") == 0)
                opt->socket_type = SOCK_STREAM;
            else
                usage_error("--socket wants dgram, seqpacket or stream, not "
                            "'%s'",
                            value);
        } else if (strcmp(arg, "--send-empty") == 0 ||
                   number_option(arg, "--send-size", 1, JUNK_SIZE, &size)) {
            if (opt->njunk == JUNK_MAX)
                usage_error("at most %d --send-empty and --send-size",
                            JUNK_MAX);
            opt->junk[opt->njunk++] =
                strcmp(arg, "--send-empty") == 0 ? 0 : size;
        } else if (!number_option(arg, "--count", 0, COUNT_MAX, &opt->count) &&
                   !number_option(arg, "--size", PAYLOAD_MIN, PAYLOAD_MAX,
                                  &opt->size) &&
                   !number_option(arg, "--timeout", 1, TIMEOUT_MAX,
                                  &opt->timeout) &&
                   !number_option(arg, "--window", 1, WINDOW_MAX,
                                  &opt->window)) {
            usage_error("unknown option '%s'", arg);
        }
    }
    opt->program = i < argc ? argv + i : NULL;
    check_mode(opt);
}

/* The address (mac) as text, in (buf) of 18 bytes. */
static const char *mac_text(const uint8_t *mac, char *buf)
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
             mac[3], mac[4], mac[5]);
    return buf;
}

/* The exit status that stands for the wait status (status). */
static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 1;
}

/* In the child: makes (end) descriptor 3 and runs (program). */
static void __attribute__((noreturn))
run_program(int end, pid_t parent, char **program)
{
    /* Die with ethpeer, so that a test killed midway leaves nothing. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
        dprintf(STDERR_FILENO, "ethpeer: prctl: %s\n", strerror(errno));
        _exit(EXIT_NO_EXEC);
    }
    if (getppid() != parent)
        _exit(EXIT_NO_EXEC);
    if (end == SPAWN_FD ? fcntl(end, F_SETFD, 0) < 0
                        : dup2(end, SPAWN_FD) < 0) {
        dprintf(STDERR_FILENO, "ethpeer: descriptor 3: %s\n", strerror(errno));
        _exit(EXIT_NO_EXEC);
    }
    execvp(program[0], program);
    dprintf(STDERR_FILENO, "ethpeer: %s: %s\n", program[0], strerror(errno));
    _exit(EXIT_NO_EXEC);
}

/*
 * --jam: fills the queue of our end from the guest's end until the socket
 * takes no more, so that the guest's next write fails.
 */
static void jam(struct peer *p)
{
    long n = 0;

    while (send(p->jam_fd, "j", 1, MSG_DONTWAIT | MSG_NOSIGNAL) == 1)
        if (++n > 10000000)
            fail("--jam: the socket never fills up");
    if (errno != EAGAIN && errno != EWOULDBLOCK)
        fail_sys("--jam: send");
}

/*
 * Starts (program) on one end of a socket pair of (type); (p) keeps the
 * other (and, with (jam), a duplicate of the program's end, whose queue
 * it fills first).
 */
static void spawn_program(struct peer *p, char **program, int type, int jam_it)
{
    pid_t parent = getpid();
    int ends[2];

    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, ends) < 0)
        fail_sys("socketpair");
    if (jam_it) {
        p->jam_fd = fcntl(ends[1], F_DUPFD_CLOEXEC, SPAWN_FD + 1);
        if (p->jam_fd < 0)
            fail_sys("--jam: dup");
        jam(p);
    }
    fflush(stdout);
    fflush(stderr);
    child = fork();
    if (child < 0)
        fail_sys("fork");
    if (child == 0)
        run_program(ends[1], parent, program);
    close(ends[1]);
    p->fd = ends[0];
    p->program = program[0];
    p->stream = type != SOCK_DGRAM;
    memcpy(p->mac, spawn_mac, sizeof(p->mac));
}

/* Opens a raw socket on the interface (name) and learns its address. */
static void open_iface(struct peer *p, const char *name)
{
    struct sockaddr_ll addr;
    struct ifreq ifr;

    p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETHERTYPE));
    if (p->fd < 0)
        fail_sys("socket(AF_PACKET)");
    p->ifindex = (int)if_nametoindex(name);
    if (p->ifindex == 0)
        fail_sys("%s", name);
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, name, strlen(name) + 1);
    if (ioctl(p->fd, SIOCGIFHWADDR, &ifr) < 0)
        fail_sys("%s: SIOCGIFHWADDR", name);
    if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
        fail("%s is not an Ethernet interface", name);
    memcpy(p->mac, ifr.ifr_hwaddr.sa_data, sizeof(p->mac));
    memset(&addr, 0, sizeof(addr));
    addr.sll_family = AF_PACKET;
    addr.sll_protocol = htons(ETHERTYPE);
    addr.sll_ifindex = p->ifindex;
    if (bind(p->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        fail_sys("bind to %s", name);
}

/* Does (err) say that the other end of the socket pair is closed? */
static int is_peer_gone(int err)
{
    return err == ECONNREFUSED || err == ECONNRESET || err == ENOTCONN ||
           err == EPIPE;
}

/* Has the spawned program ended? Reaps it and keeps its status if so. */
static int child_exited(struct peer *p)
{
    pid_t pid;

    if (child <= 0)
        return 1;
    pid = waitpid(child, &p->status, WNOHANG);
    if (pid < 0 && errno != EINTR)
        fail_sys("waitpid");
    if (pid != child)
        return 0;
    child = -1;
    return 1;
}

/* Sends the guest the frame (frame) of (len) bytes. */
static void send_frame(struct peer *p, const uint8_t *frame, size_t len)
{
    ssize_t n = send(p->fd, frame, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (n == (ssize_t)len)
        return;
    if (n >= 0)
        fail("send: %zd of %zu bytes sent", n, len);
    /* The guest is gone: waiting for the echo will say how it ended. */
    if (p->spawn && is_peer_gone(errno)) {
        p->peer_gone = 1;
        return;
    }
    fail_sys("send");
}

/* Reads a frame into rx; its length, or 0 if there was none to keep. */
static size_t read_frame(struct peer *p)
{
    struct sockaddr_ll from;
    socklen_t from_len = sizeof(from);
    ssize_t n;

    memset(&from, 0, sizeof(from));
    if (p->spawn)
        n = recv(p->fd, rx, sizeof(rx), MSG_DONTWAIT);
    else
        n = recvfrom(p->fd, rx, sizeof(rx), MSG_DONTWAIT,
                     (struct sockaddr *)&from, &from_len);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return 0;
        if (p->spawn && is_peer_gone(errno)) {
            p->peer_gone = 1;
            return 0;
        }
        fail_sys("recv");
    }
    if (n == 0 && p->stream)
        p->peer_gone = 1;
    if (!p->spawn &&
        (from.sll_pkttype == PACKET_OUTGOING || from.sll_ifindex != p->ifindex))
        return 0;
    return n >= HEADER ? (size_t)n : 0;
}

/*
 * Waits up to (cap) milliseconds (at least 1) for a frame (for (what),
 * named in messages), or for (events) on our end; the frame's length, or
 * 0 if none came. Fails at the deadline, or when the spawned program has
 * ended.
 */
static size_t poll_frame(struct peer *p, const char *what, int cap,
                         short events)
{
    struct pollfd pfd = {.fd = p->fd, .events = events};
    int ms = ms_left(p, p->spawn && cap > SLICE_MS ? SLICE_MS : cap);
    size_t len;
    int n;

    if (ms == 0)
        fail("timed out after %d s waiting for %s", p->timeout, what);
    n = poll(&pfd, p->peer_gone ? 0 : 1, ms);
    if (n < 0 && errno != EINTR)
        fail_sys("poll");
    if (n > 0) {
        len = read_frame(p);
        if (len > 0)
            return len;
        if (p->spawn && (pfd.revents & (POLLHUP | POLLERR)) &&
            !(pfd.revents & POLLIN))
            p->peer_gone = 1;
    } else if (n == 0 && p->spawn && child_exited(p)) {
        fail("%s exited with status %d before %s", p->program,
             exit_code(p->status), what);
    }
    return 0;
}

/* Waits for the next frame (for (what), named in messages); its length. */
static size_t next_frame(struct peer *p, const char *what)
{
    size_t len;

    while ((len = poll_frame(p, what, INT_MAX, POLLIN)) == 0)
        continue;
    return len;
}

/* Is (frame) of (len) bytes of our EtherType, and to us or to everyone? */
static int is_for_us(const struct peer *p, const uint8_t *frame, size_t len)
{
    if (len < HEADER || frame[12] != (uint8_t)(ETHERTYPE >> 8) ||
        frame[13] != (uint8_t)ETHERTYPE)
        return 0;
    return memcmp(frame, p->mac, 6) == 0 || memcmp(frame, broadcast, 6) == 0;
}

/* Is (frame) of (len) bytes a guest's hello? */
static int is_hello(const struct peer *p, const uint8_t *frame, size_t len)
{
    return is_for_us(p, frame, len) && len >= HEADER + HELLO_LEN &&
           memcmp(frame + 6, p->mac, 6) != 0 &&
           memcmp(frame + HEADER, HELLO, HELLO_LEN) == 0;
}

/* Is (frame) of (len) bytes an echo from the guest? */
static int is_echo(const struct peer *p, const uint8_t *frame, size_t len)
{
    return is_for_us(p, frame, len) && len >= HEADER + ECHO_LEN &&
           memcmp(frame + 6, p->guest, 6) == 0 &&
           memcmp(frame + HEADER, ECHO, ECHO_LEN) == 0;
}

/*
 * Is (frame) of (len) bytes, an echo, that of a junk frame? Says so if it
 * is: the guest took that frame in.
 */
static int junk_echo(const uint8_t *frame, size_t len)
{
    if (len < HEADER + ECHO_LEN + JUNK_LEN ||
        memcmp(frame + HEADER + ECHO_LEN, JUNK, JUNK_LEN) != 0)
        return 0;
    say("junk echoed (%zu bytes)", len);
    return 1;
}

/* Does the echo (frame) of (len) bytes carry back (payload) of (size)? */
static int echo_matches(const uint8_t *frame, size_t len,
                        const uint8_t *payload, size_t size)
{
    const uint8_t *back = frame + HEADER + ECHO_LEN;
    size_t got = len - HEADER - ECHO_LEN;

    if (got < size || memcmp(back, payload, size) != 0)
        return 0;
    for (size_t k = size; k < got; k++)
        if (back[k] != 0)
            return 0;
    return 1;
}

/* Writes the frame header, to (dst) from (src), at (frame). */
static void put_header(uint8_t *frame, const uint8_t *dst, const uint8_t *src)
{
    memcpy(frame, dst, 6);
    memcpy(frame + 6, src, 6);
    frame[12] = (uint8_t)(ETHERTYPE >> 8);
    frame[13] = (uint8_t)ETHERTYPE;
}

/* Writes the payload of ping (i), (size) bytes, at (payload). */
static void fill_ping(uint8_t *payload, size_t size, int i)
{
    char text[32];
    size_t len = (size_t)snprintf(text, sizeof(text), "ping %d", i);

    if (len > size)
        len = size;
    memcpy(payload, text, len);
    for (size_t k = 0; len + k < size; k++)
        payload[len + k] = (uint8_t)(((size_t)i + k) & 0xff);
}

/* Waits for the guest's hello and learns its address from it. */
static void await_hello(struct peer *p)
{
    char text[18];
    size_t len;

    do
        len = next_frame(p, "the hello");
    while (!is_hello(p, rx, len));
    memcpy(p->guest, rx + 6, sizeof(p->guest));
    say("hello from %s", mac_text(p->guest, text));
}

/*
 * Sends the guest the frames of --send-empty and --send-size, in order:
 * the (n) sizes (junk), 0 for an empty datagram.
 */
static void send_junk(struct peer *p, const int *junk, int n)
{
    static uint8_t frame[JUNK_SIZE];

    put_header(frame, p->guest, p->mac);
    memcpy(frame + HEADER, JUNK, JUNK_LEN);
    memset(frame + HEADER + JUNK_LEN, 'j', sizeof(frame) - HEADER - JUNK_LEN);
    for (int i = 0; i < n; i++) {
        send_frame(p, frame, (size_t)junk[i]);
        say("sent %d bytes", junk[i]);
    }
}

/* Is the echo (frame) of (len) bytes one of an earlier ping than (i)? */
static int echo_of_earlier(const uint8_t *frame, size_t len, size_t size, int i)
{
    static uint8_t old[PAYLOAD_MAX];

    for (int j = i - 1; j >= 1 && j >= i - 8; j--) {
        fill_ping(old, size, j);
        if (echo_matches(frame, len, old, size))
            return 1;
    }
    return 0;
}

/*
 * --jam: sends a frame to another station, which the guest reads and
 * ignores, and waits until the guest has read all it was sent (for (what),
 * named in messages): it has tried to write what came before.
 */
static void await_guest_read(struct peer *p, const char *what)
{
    static const uint8_t other[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x09};
    uint8_t frame[HEADER + 46];
    int queued;

    memset(frame, 0, sizeof(frame));
    put_header(frame, other, p->mac);
    send_frame(p, frame, sizeof(frame));
    for (;;) {
        if (ioctl(p->fd, SIOCOUTQ, &queued) < 0)
            fail_sys("SIOCOUTQ");
        if (queued == 0)
            break;
        if (ms_left(p, 1) == 0)
            fail("timed out after %d s waiting for the guest to read (%s)",
                 p->timeout, what);
        if (child_exited(p))
            fail("%s exited with status %d before %s", p->program,
                 exit_code(p->status), what);
        poll(NULL, 0, 1);
    }
    say("jammed: %s", what);
}

/*
 * Sends ping (i) of (size) payload bytes to the guest and checks the echo.
 * A frame can be lost on the way (the host drops what it sends on a tap
 * whose queue is not up yet, right after the guest attached it), so the
 * ping goes again after RESEND_MS without its echo; an echo of an earlier
 * ping (a resent one's twin) is then ignored. With (jam_it) (--jam), the
 * guest's echo of the first sending meets a full queue.
 */
static void ping(struct peer *p, int i, size_t size, int jam_it)
{
    static uint8_t tx[HEADER + PAYLOAD_MAX];
    char what[32];
    int64_t resend_at;
    size_t len;

    put_header(tx, p->guest, p->mac);
    fill_ping(tx + HEADER, size, i);
    snprintf(what, sizeof(what), "echo %d", i);
    if (jam_it)
        jam(p);
    send_frame(p, tx, HEADER + size);
    if (jam_it)
        await_guest_read(p, what);
    resend_at = now_ns() + (int64_t)RESEND_MS * 1000000;
    for (;;) {
        int64_t now = now_ns();

        if (now >= resend_at) {
            send_frame(p, tx, HEADER + size);
            resend_at = now + (int64_t)RESEND_MS * 1000000;
        }
        len =
            poll_frame(p, what, (int)((resend_at - now) / 1000000) + 1, POLLIN);
        if (len == 0 || !is_echo(p, rx, len) || junk_echo(rx, len))
            continue;
        if (echo_matches(rx, len, tx + HEADER, size))
            break;
        if (!echo_of_earlier(rx, len, size, i))
            fail("%s: wrong content", what);
    }
    say("%s ok (%zu bytes)", what, len);
}

/*
 * --window: sends (frame) of (len) bytes without waiting; 1 if it went (or
 * the interface dropped it: it will be sent again), 0 if our end is full.
 */
static int try_send(struct peer *p, const uint8_t *frame, size_t len)
{
    ssize_t n = send(p->fd, frame, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (n == (ssize_t)len)
        return 1;
    if (n >= 0)
        fail("send: %zd of %zu bytes sent", n, len);
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    if (errno == ENOBUFS)
        return 1;
    /* The guest is gone: waiting for the echoes will say how it ended. */
    if (p->spawn && is_peer_gone(errno)) {
        p->peer_gone = 1;
        return 1;
    }
    fail_sys("send");
}

/*
 * Is (back), the (got) bytes of an echo after "echo:", ping (i) of (size)
 * bytes (as fill_ping writes it), then only zeros?
 */
static int carries_ping(const uint8_t *back, size_t got, size_t size, int i)
{
    char text[32];
    size_t len = (size_t)snprintf(text, sizeof(text), "ping %d", i);

    if (len > size)
        len = size;
    if (got < size || memcmp(back, text, len) != 0)
        return 0;
    for (size_t k = 0; len + k < size; k++)
        if (back[len + k] != (uint8_t)(((size_t)i + k) & 0xff))
            return 0;
    for (size_t k = size; k < got; k++)
        if (back[k] != 0)
            return 0;
    return 1;
}

/*
 * --window: the ping, from 1 to (last), that the echo (frame) of (len)
 * bytes carries back whole; 0 if none. The padding after the number may
 * start with digits, so each run of leading digits is tried; as --size
 * holds "ping COUNT" and a byte more, at most one ping matches.
 */
static int echo_number(const uint8_t *frame, size_t len, size_t size, int last)
{
    const uint8_t *back = frame + HEADER + ECHO_LEN;
    size_t got = len - HEADER - ECHO_LEN;
    long i = 0;

    for (size_t j = 5; j < got && j < size && back[j] >= '0' && back[j] <= '9';
         j++) {
        i = i * 10 + (back[j] - '0');
        if (i > last)
            break;
        if (i > 0 && carries_ping(back, got, size, (int)i))
            return (int)i;
    }
    return 0;
}

/* --window: room for the echoes in flight, and none of our own frames. */
static void widen_socket(struct peer *p)
{
    int want = RCVBUF_WANT, one = 1;

    /* Beyond net.core.rmem_max needs CAP_NET_ADMIN; else take what comes. */
    if (setsockopt(p->fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) < 0)
        setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
    if (!p->spawn)
        setsockopt(p->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
                   sizeof(one));
}

/* --window: what is in flight, and what came back. */
struct stream {
    int count;        /* pings to have echoed */
    size_t size;      /* payload bytes in each */
    uint8_t *done;    /* done[i]: ping i's echo came (1 to count) */
    int next;         /* the next new ping */
    int low;          /* the lowest ping whose echo has not come */
    int out;          /* pings sent whose echo has not come */
    int echoed;       /* pings whose echo came */
    long resent;      /* pings sent again */
    int64_t first_ns; /* when the first ping left */
    int64_t last_ns;  /* when the last echo came */
    int64_t quiet_ns; /* the last echo, or sending again, or ping 1 */
    uint8_t tx[HEADER + PAYLOAD_MAX]; /* the frame being sent */
};

/* --window: sends the pings in flight again, as many as our end takes. */
static void resend(struct peer *p, struct stream *s)
{
    for (int i = s->low; i < s->next; i++) {
        if (s->done[i])
            continue;
        fill_ping(s->tx + HEADER, s->size, i);
        if (!try_send(p, s->tx, HEADER + s->size))
            break;
        s->resent++;
    }
    s->quiet_ns = now_ns();
}

/* --window: takes in the frame of (len) bytes in rx, if it is an echo. */
static void take_echo(struct peer *p, struct stream *s, size_t len)
{
    int i;

    if (!is_echo(p, rx, len) || junk_echo(rx, len))
        return;
    i = echo_number(rx, len, s->size, s->next - 1);
    if (i == 0)
        fail("an echo that matches no ping sent (wrong content)");
    if (s->done[i])
        return;
    s->done[i] = 1;
    s->echoed++;
    s->out--;
    s->last_ns = s->quiet_ns = now_ns();
    while (s->low <= s->count && s->done[s->low])
        s->low++;
}

/* --window: pings up to (window) at a time, then prints the throughput. */
static void stream_pings(struct peer *p, int count, size_t size, int window)
{
    static struct stream s;
    size_t frame_len = HEADER + size;
    char what[32], line[160];
    double secs, rate;

    s.count = count;
    s.size = size;
    s.done = calloc((size_t)count + 1, 1);
    if (s.done == NULL)
        fail_sys("calloc");
    s.next = s.low = 1;
    put_header(s.tx, p->guest, p->mac);
    while (s.echoed < count) {
        int full = 0, cap = INT_MAX;
        int64_t now;
        size_t len;

        while (s.out < window && s.next <= count) {
            now = now_ns();
            fill_ping(s.tx + HEADER, size, s.next);
            if (!try_send(p, s.tx, frame_len)) {
                full = 1;
                break;
            }
            if (s.next == 1)
                s.first_ns = now;
            if (s.out == 0)
                s.quiet_ns = now;
            s.next++;
            s.out++;
        }
        now = now_ns();
        if (s.out > 0) {
            int64_t wait_ns = s.quiet_ns + RESEND_MS * NS_PER_MS - now;

            if (wait_ns <= 0) {
                resend(p, &s);
                continue;
            }
            cap = (int)((wait_ns + NS_PER_MS - 1) / NS_PER_MS);
        }
        snprintf(what, sizeof(what), "echo %d", s.low);
        len = poll_frame(p, what, cap, full ? POLLIN | POLLOUT : POLLIN);
        while (len > 0) {
            take_echo(p, &s, len);
            if (s.echoed == count)
                break;
            len = read_frame(p);
        }
    }
    free(s.done);
    secs = (double)(s.last_ns - s.first_ns) / (double)NS_PER_SEC;
    rate = secs > 0 ? count / secs : 0;
    snprintf(line, sizeof(line),
             "%d frames of %zu bytes echoed in %.3f s: %.0f frames/s, "
             "%.1f Mbit/s each way",
             count, frame_len, secs, rate, rate * (double)frame_len * 8 / 1e6);
    if (s.resent > 0)
        say("%s, %ld resent", line, s.resent);
    else
        say("%s", line);
}

/* Waits (until the deadline) for the spawned program; its exit code. */
static int await_child(struct peer *p)
{
    while (!child_exited(p)) {
        int ms = ms_left(p, REAP_MS);

        if (ms == 0)
            fail("timed out after %d s waiting for %s to exit", p->timeout,
                 p->program);
        poll(NULL, 0, ms);
    }
    return exit_code(p->status);
}

int main(int argc, char **argv)
{
    struct options opt;
    struct peer p;
    int code;

    parse_options(argc, argv, &opt);
    memset(&p, 0, sizeof(p));
    p.fd = -1;
    p.jam_fd = -1;
    p.spawn = opt.spawn;
    p.timeout = opt.timeout;
    p.deadline_ns = now_ns() + (int64_t)opt.timeout * NS_PER_SEC;
    if (opt.spawn)
        spawn_program(&p, opt.program, opt.socket_type, opt.jam);
    else
        open_iface(&p, opt.iface);
    if (opt.window > 0)
        widen_socket(&p);
    say("ready");
    if (p.jam_fd >= 0)
        await_guest_read(&p, "the hello");
    await_hello(&p);
    send_junk(&p, opt.junk, opt.njunk);
    if (opt.window > 0)
        stream_pings(&p, opt.count, (size_t)opt.size, opt.window);
    else
        for (int i = 1; i <= opt.count; i++)
            ping(&p, i, (size_t)opt.size, i == 1 && p.jam_fd >= 0);
    if (!opt.spawn)
        return 0;
    code = await_child(&p);
    say("%s exited with status %d", p.program, code);
    return code;
}
