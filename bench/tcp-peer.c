/* SPDX-License-Identifier: ISC */
/* tcp-peer.c: Linux's end of the TCP benchmarks: streams, round trips. */

/*
 * Usage (HOST an IPv4 address; every wait is bounded by $TCP_PEER_TIMEOUT
 * seconds, 60 by default; a failure says why on stderr and exits with 1):
 *
 *   tcp-peer send HOST PORT BYTES SECONDS
 *       Connects and writes BYTES bytes, or as many as SECONDS allow.
 *       When all are written it shuts its side down and waits for the
 *       peer's end of the stream: the peer has read them all. Else it
 *       counts the bytes the peer has acknowledged (SIOCOUTQ) and resets
 *       the connection. Prints "BYTES SECONDS" (delivered, elapsed).
 *   tcp-peer recv HOST PORT BYTES SECONDS
 *       Connects and reads until the end of the stream, BYTES bytes or
 *       SECONDS, and checks that byte k of the stream is k & 0xff at the
 *       start of every read. Prints "BYTES SECONDS".
 *   tcp-peer rr HOST PORT COUNT SECONDS
 *       One connection (no Nagle), COUNT round trips of one byte each
 *       way (or as many as SECONDS allow). Prints "ROUND-TRIPS P50 P99
 *       MEAN" (the times in microseconds).
 *   tcp-peer crr HOST PORT COUNT SECONDS
 *       COUNT connections (or as many as SECONDS allow) one after the
 *       other: open, one byte each way, shut down, the peer's end, close.
 *       Prints "CONNECTIONS SECONDS".
 *   tcp-peer many HOST PORT COUNT
 *       COUNT connections open at once, each sending the line "conn I"
 *       and reading it back, then closed. Prints "COUNT".
 *   tcp-peer serve PORT sink|echo|source [BYTES]
 *       The peer of the above on Linux: serves connections one at a time
 *       on PORT, forever: reads them to their end (sink), sends every
 *       byte back (echo) or sends BYTES bytes of the pattern k & 0xff
 *       (source) and closes. Prints "tcp-peer: listening on PORT".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (128 * 1024)

static double limit_s = 60; /* the longest wait of any kind */
static unsigned char buf[CHUNK];
static unsigned char pattern[CHUNK + 256]; /* byte i is i & 0xff */

static void die(const char *fmt, ...)
{
    va_list ap;

    fputs("tcp-peer: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A whole number from (text), at least (min); else exits. */
static long long number(const char *what, const char *text, long long min)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < min)
        die("%s must be a whole number of at least %lld: %s", what, min, text);
    return v;
}

/* Waits until (fd) is ready for (events), at most until (deadline) (s on
   the monotonic clock): 1 ready, 0 the deadline passed. */
static int wait_fd(int fd, short events, double deadline)
{
    for (;;) {
        struct pollfd p = {.fd = fd, .events = events};
        double left = deadline - now();
        int rc;

        if (left <= 0)
            return 0;
        rc = poll(&p, 1, (int)(left * 1000) + 1);
        if (rc > 0)
            return 1;
        if (rc < 0 && errno != EINTR)
            die("poll: %s", strerror(errno));
    }
}

static void set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        die("fcntl: %s", strerror(errno));
}

/* Connects to (host):(port), non-blocking, without Nagle when (nodelay);
   tries again for up to the limit while the port is refused. */
static int connect_to(const char *host, int port, int nodelay)
{
    struct sockaddr_in sin = {.sin_family = AF_INET,
                              .sin_port = htons((uint16_t)port)};
    double deadline = now() + limit_s;

    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
        die("not an IPv4 address: %s", host);
    for (;;) {
        int fd = socket(AF_INET, SOCK_STREAM, 0), err = 0;
        socklen_t len = sizeof(err);

        if (fd < 0)
            die("socket: %s", strerror(errno));
        if (nodelay &&
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int)))
            die("TCP_NODELAY: %s", strerror(errno));
        set_nonblocking(fd);
        if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
            return fd;
        if (errno != EINPROGRESS)
            die("connect to %s:%d: %s", host, port, strerror(errno));
        if (!wait_fd(fd, POLLOUT, deadline))
            die("connect to %s:%d: timed out", host, port);
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err == 0)
            return fd;
        close(fd);
        if (err != ECONNREFUSED || now() > deadline)
            die("connect to %s:%d: %s", host, port, strerror(err));
        usleep(100000);
    }
}

/* Reads up to (len) bytes, waiting until (deadline): the count, 0 at the
   end of the stream, -1 when the deadline passed. */
static ssize_t read_until(int fd, void *p, size_t len, double deadline)
{
    for (;;) {
        ssize_t n = read(fd, p, len);

        if (n >= 0)
            return n;
        if (errno != EAGAIN && errno != EINTR)
            die("read: %s", strerror(errno));
        if (!wait_fd(fd, POLLIN, deadline))
            return -1;
    }
}

/* Reads and drops what comes until the end of the stream; exits when it
   does not come within the limit. */
static void drain_to_end(int fd)
{
    double deadline = now() + limit_s;
    ssize_t n;

    while ((n = read_until(fd, buf, sizeof(buf), deadline)) > 0)
        ;
    if (n < 0)
        die("the peer did not end the stream within %.0f s", limit_s);
}

/* Closes (fd) with a reset: nothing left waits in the kernel. */
static void reset_close(int fd)
{
    struct linger l = {.l_onoff = 1, .l_linger = 0};

    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    close(fd);
}

static void do_send(const char *host, int port, long long bytes, double secs)
{
    int fd = connect_to(host, port, 0);
    double t0 = now(), stop = t0 + secs;
    long long sent = 0;
    int queued = 0;

    while (sent < bytes) {
        size_t len = sizeof(buf);
        ssize_t n;

        if ((long long)len > bytes - sent)
            len = (size_t)(bytes - sent);
        n = write(fd, buf, len);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            die("write: %s", strerror(errno));
        if (!wait_fd(fd, POLLOUT, stop))
            break;
    }
    if (sent == bytes) {
        shutdown(fd, SHUT_WR);
        drain_to_end(fd);
        printf("%lld %.6f\n", sent, now() - t0);
        close(fd);
        return;
    }
    if (ioctl(fd, SIOCOUTQ, &queued) < 0)
        die("SIOCOUTQ: %s", strerror(errno));
    printf("%lld %.6f\n", sent - queued, now() - t0);
    reset_close(fd);
}

static void do_recv(const char *host, int port, long long bytes, double secs)
{
    int fd = connect_to(host, port, 0);
    double t0 = now(), stop = t0 + secs, t;
    long long got = 0;
    ssize_t n = 1;

    while (got < bytes) {
        size_t len = sizeof(buf);

        if ((long long)len > bytes - got)
            len = (size_t)(bytes - got);
        n = read_until(fd, buf, len, stop);
        if (n <= 0)
            break;
        if (buf[0] != (unsigned char)(got & 0xff))
            die("byte %lld of the stream is %u, not %u", got, buf[0],
                (unsigned)(got & 0xff));
        got += n;
    }
    t = now() - t0;
    if (n < 0 && got == 0)
        die("nothing came in %.0f s", secs);
    printf("%lld %.6f\n", got, t);
    if (n == 0)
        close(fd);
    else
        reset_close(fd);
}

/* Writes all (len) bytes of (p) to the non-blocking (fd) within the
   limit. */
static void write_all(int fd, const void *p, size_t len)
{
    double deadline = now() + limit_s;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n > 0) {
            p = (const char *)p + n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            die("write: %s", strerror(errno));
        if (!wait_fd(fd, POLLOUT, deadline))
            die("write: timed out");
    }
}

/* One byte to (fd) and one back, within the limit. */
static void one_round_trip(int fd)
{
    unsigned char c = 'x';
    ssize_t n;

    write_all(fd, &c, 1);
    n = read_until(fd, &c, 1, now() + limit_s);
    if (n == 0)
        die("the peer ended the stream before its reply");
    if (n < 0)
        die("no reply within %.0f s", limit_s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void do_rr(const char *host, int port, long long count, double secs)
{
    double *lat = malloc((size_t)count * sizeof(*lat)), sum = 0, t0;
    int fd = connect_to(host, port, 1);
    long long i;

    if (!lat)
        die("out of memory");
    t0 = now();
    for (i = 0; i < count && now() - t0 < secs; i++) {
        double t = now();

        one_round_trip(fd);
        lat[i] = (now() - t) * 1e6;
        sum += lat[i];
    }
    count = i;
    shutdown(fd, SHUT_WR);
    drain_to_end(fd);
    close(fd);
    qsort(lat, (size_t)count, sizeof(*lat), cmp_double);
    printf("%lld %.1f %.1f %.1f\n", count, lat[(count - 1) / 2],
           lat[(count * 99 + 99) / 100 - 1], sum / (double)count);
    free(lat);
}

static void do_crr(const char *host, int port, long long count, double secs)
{
    double t0 = now();
    long long done = 0;

    while (done < count && now() - t0 < secs) {
        int fd = connect_to(host, port, 1);

        one_round_trip(fd);
        shutdown(fd, SHUT_WR);
        drain_to_end(fd);
        close(fd);
        done++;
    }
    printf("%lld %.6f\n", done, now() - t0);
}

static void do_many(const char *host, int port, long long count)
{
    int *fds = malloc((size_t)count * sizeof(*fds));
    char line[32], back[32];

    if (!fds)
        die("out of memory");
    for (long long i = 0; i < count; i++)
        fds[i] = connect_to(host, port, 1);
    for (long long i = 0; i < count; i++) {
        snprintf(line, sizeof(line), "conn %lld\n", i);
        write_all(fds[i], line, strlen(line));
    }
    for (long long i = 0; i < count; i++) {
        double deadline = now() + limit_s;
        size_t want, got = 0;

        snprintf(line, sizeof(line), "conn %lld\n", i);
        want = strlen(line);
        while (got < want) {
            ssize_t n = read_until(fds[i], back + got, want - got, deadline);

            if (n <= 0)
                die("connection %lld: %s", i,
                    n ? "no reply in time" : "ended before its reply");
            got += (size_t)n;
        }
        if (memcmp(back, line, want) != 0)
            die("connection %lld: a wrong reply", i);
    }
    for (long long i = 0; i < count; i++)
        close(fds[i]);
    free(fds);
    printf("%lld\n", count);
}

/* Serves one accepted connection (fd) in (mode), blocking; errors of the
   peer (a reset) end it quietly. */
static void serve_one(int fd, const char *mode, long long bytes)
{
    ssize_t n;

    if (strcmp(mode, "source") == 0) {
        long long sent = 0;

        while (sent < bytes) {
            size_t len = CHUNK;

            if ((long long)len > bytes - sent)
                len = (size_t)(bytes - sent);
            n = write(fd, pattern + (sent & 0xff), len);
            if (n <= 0)
                break;
            sent += n;
        }
        close(fd);
        return;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        if (strcmp(mode, "echo") != 0)
            continue;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));

            if (w <= 0) {
                close(fd);
                return;
            }
            off += w;
        }
    }
    close(fd);
}

static void do_serve(int port, const char *mode, long long bytes)
{
    struct sockaddr_in sin = {.sin_family = AF_INET,
                              .sin_port = htons((uint16_t)port)};
    int l = socket(AF_INET, SOCK_STREAM, 0);

    if (l < 0 ||
        setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)) < 0)
        die("socket: %s", strerror(errno));
    if (bind(l, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(l, 128) < 0)
        die("port %d: %s", port, strerror(errno));
    printf("tcp-peer: listening on %d\n", port);
    fflush(stdout);
    for (;;) {
        int fd = accept(l, NULL, NULL);

        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            die("accept: %s", strerror(errno));
        }
        serve_one(fd, mode, bytes);
    }
}

int main(int argc, char **argv)
{
    const char *t = getenv("TCP_PEER_TIMEOUT");
    const char *cmd = argc > 1 ? argv[1] : "";

    signal(SIGPIPE, SIG_IGN);
    for (size_t i = 0; i < sizeof(pattern); i++)
        pattern[i] = (unsigned char)i;
    if (t)
        limit_s = (double)number("TCP_PEER_TIMEOUT", t, 1);
    if ((!strcmp(cmd, "send") || !strcmp(cmd, "recv")) && argc == 6) {
        long long bytes = number("BYTES", argv[4], 1);
        double secs = (double)number("SECONDS", argv[5], 1);
        int port = (int)number("PORT", argv[3], 1);

        if (!strcmp(cmd, "send"))
            do_send(argv[2], port, bytes, secs);
        else
            do_recv(argv[2], port, bytes, secs);
    } else if (!strcmp(cmd, "rr") && argc == 6) {
        do_rr(argv[2], (int)number("PORT", argv[3], 1),
              number("COUNT", argv[4], 1),
              (double)number("SECONDS", argv[5], 1));
    } else if (!strcmp(cmd, "many") && argc == 5) {
        do_many(argv[2], (int)number("PORT", argv[3], 1),
                number("COUNT", argv[4], 1));
    } else if (!strcmp(cmd, "crr") && argc == 6) {
        do_crr(argv[2], (int)number("PORT", argv[3], 1),
               number("COUNT", argv[4], 1),
               (double)number("SECONDS", argv[5], 1));
    } else if (!strcmp(cmd, "serve") && argc >= 4 &&
               (!strcmp(argv[3], "sink") || !strcmp(argv[3], "echo") ||
                !strcmp(argv[3], "source"))) {
        long long bytes = 0;

        if (!strcmp(argv[3], "source")) {
            if (argc != 5)
                die("serve PORT source BYTES");
            bytes = number("BYTES", argv[4], 1);
        } else if (argc != 4) {
            die("serve PORT sink|echo");
        }
        do_serve((int)number("PORT", argv[2], 1), argv[3], bytes);
    } else {
        fprintf(stderr,
                "usage: tcp-peer send|recv HOST PORT BYTES SECONDS\n"
                "       tcp-peer rr HOST PORT COUNT SECONDS\n"
                "       tcp-peer many HOST PORT COUNT\n"
                "       tcp-peer crr HOST PORT COUNT SECONDS\n"
                "       tcp-peer serve PORT sink|echo|source [BYTES]\n");
        return 2;
    }
    return 0;
}
