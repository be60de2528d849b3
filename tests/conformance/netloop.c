/* SPDX-License-Identifier: ISC */
/* netloop.c: a wire that returns every frame: the net suite's peer. */

/*
 * Usage: netloop PROGRAM ARGS...
 *
 * Runs PROGRAM (a tender given "--net:service=@3 suite.spt") with one end
 * of an AF_UNIX datagram socket pair as its descriptor 3, and sends back
 * every datagram (one frame) that comes from it, unchanged. Exits with
 * PROGRAM's status (128 + the signal's number if a signal ended it), or
 * 99 when it cannot start it.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    unsigned char frame[65536 + 1];
    int sv[2], status = 0, reaped = 0;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: netloop PROGRAM ARGS...\n");
        return 99;
    }
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
        perror("netloop: socketpair");
        return 99;
    }
    pid = fork();
    if (pid < 0) {
        perror("netloop: fork");
        return 99;
    }
    if (pid == 0) {
        if (dup2(sv[1], 3) < 0)
            _exit(99);
        if (sv[0] != 3)
            close(sv[0]);
        if (sv[1] != 3)
            close(sv[1]);
        execvp(argv[1], argv + 1);
        perror("netloop: exec");
        _exit(99);
    }
    close(sv[1]);
    for (;;) {
        struct pollfd p = {.fd = sv[0], .events = POLLIN};
        pid_t w = waitpid(pid, &status, WNOHANG);
        ssize_t n;

        if (w == pid) {
            reaped = 1;
            break;
        }
        if (poll(&p, 1, 50) <= 0)
            continue;
        n = recv(sv[0], frame, sizeof frame, 0);
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            break;
        if (n >= 0)
            (void)send(sv[0], frame, (size_t)n, 0);
    }
    if (!reaped && waitpid(pid, &status, 0) != pid)
        return 99;
    return WIFEXITED(status)
               ? WEXITSTATUS(status)
               : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
