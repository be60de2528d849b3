/* SPDX-License-Identifier: ISC */
/* tcp-echo-client.c: pushes N bytes through a TCP echo server, times it. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (256 * 1024)

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Connects to 127.0.0.1:(port), retrying for up to 10 s; the fd or -1. */
static int connect_retry(int port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < 100; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
            return -1;
        if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
            return fd;
        close(fd);
        usleep(100000);
    }
    return -1;
}

int main(int argc, char **argv)
{
    static unsigned char out[CHUNK], in[CHUNK];
    unsigned long long total, sent = 0, got = 0;
    double t0, dt;
    int fd, one = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: tcp-echo-client PORT BYTES\n");
        return 2;
    }
    total = strtoull(argv[2], NULL, 10);
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (unsigned char)('a' + i % 26);
    fd = connect_retry(atoi(argv[1]));
    if (fd < 0) {
        perror("tcp-echo-client: connect");
        return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    t0 = now();
    while (got < total) {
        struct pollfd p = {fd, POLLIN, 0};

        if (sent < total)
            p.events |= POLLOUT;
        if (poll(&p, 1, 10000) <= 0) {
            fprintf(stderr, "tcp-echo-client: stalled at %llu of %llu\n", got,
                    total);
            return 1;
        }
        if ((p.revents & POLLOUT) && sent < total) {
            size_t n = total - sent < CHUNK ? total - sent : CHUNK;
            ssize_t w = send(fd, out, n, MSG_DONTWAIT | MSG_NOSIGNAL);

            if (w < 0 && errno != EAGAIN) {
                perror("tcp-echo-client: send");
                return 1;
            }
            if (w > 0)
                sent += (unsigned long long)w;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = recv(fd, in, sizeof(in), MSG_DONTWAIT);

            if (r == 0) {
                fprintf(stderr, "tcp-echo-client: closed at %llu\n", got);
                return 1;
            }
            if (r < 0 && errno != EAGAIN) {
                perror("tcp-echo-client: recv");
                return 1;
            }
            if (r > 0) {
                /* the echo must be the bytes sent, in order */
                for (ssize_t i = 0; i < r; i += 4093)
                    if (in[i] !=
                        (unsigned char)('a' + (got + (unsigned long long)i) %
                                                  CHUNK % 26)) {
                        fprintf(stderr, "tcp-echo-client: bad byte at %llu\n",
                                got + (unsigned long long)i);
                        return 1;
                    }
                got += (unsigned long long)r;
            }
        }
    }
    dt = now() - t0;
    close(fd);
    printf("%.6f\n", dt);
    return 0;
}
