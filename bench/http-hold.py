# SPDX-License-Identifier: ISC
# bench/http-hold.py: COUNT HTTP/1.1 connections open at once to a server,
# each getting one file twice, for bench/http's memory part (and its
# warming up).
#
# Usage: python3 bench/http-hold.py HOST PORT PATH FILE COUNT [SECONDS]
#
# Opens COUNT connections to HOST:PORT and waits until every one is
# established; then sends "GET PATH" on each (keep-alive) and reads all
# the answers side by side, each connection asking again as soon as its
# first answer is in (a connection that waited for all the others could
# outlast the server's idle timeout on a slow guest). Every answer must be
# "200" with the bytes of FILE (the copy the server serves), and every
# connection stays open until all are done. Prints "COUNT connections, 2
# answers each of N bytes" and exits with 0; else says why on stderr and
# exits with 1. The whole is bounded by SECONDS (default 60).
import errno
import selectors
import socket
import sys
import time


def fail(why):
    print("http-hold: " + why, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) not in (6, 7):
        fail("usage: HOST PORT PATH FILE COUNT [SECONDS]")
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(sys.argv[4], "rb") as f:
        want = f.read()
    count = int(sys.argv[5])
    deadline = time.monotonic() + (int(sys.argv[6]) if len(sys.argv) > 6 else 60)
    sel = selectors.DefaultSelector()

    def left():
        t = deadline - time.monotonic()
        if t <= 0:
            fail("out of time")
        return t

    # every connection established before the first request
    conns = []
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        s.connect_ex((host, port))
        conns.append(s)
    pending = set(range(count))
    for i in pending:
        sel.register(conns[i], selectors.EVENT_WRITE, i)
    while pending:
        for key, _ in sel.select(min(left(), 1.0)):
            i = key.data
            err = conns[i].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                fail("connection %d: connect: %s" % (i, errno.errorcode.get(err, err)))
            sel.unregister(conns[i])
            pending.discard(i)

    request = ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode()
    bufs = [b""] * count
    answers = [0] * count

    def ask(i):
        # a request fits in the socket's buffer: sent whole at once
        if conns[i].send(request) != len(request):
            fail("connection %d: short send" % i)

    for i in range(count):
        ask(i)
        sel.register(conns[i], selectors.EVENT_READ, i)
    pending = set(range(count))
    while pending:
        for key, _ in sel.select(min(left(), 1.0)):
            i = key.data
            n = answers[i] + 1
            try:
                data = conns[i].recv(65536)
            except ConnectionError as e:
                fail("connection %d, answer %d: %s" % (i, n, e))
            if not data:
                fail("connection %d, answer %d: closed after %d bytes" % (i, n, len(bufs[i])))
            bufs[i] += data
            head, sep, body = bufs[i].partition(b"\r\n\r\n")
            if not sep:
                continue
            lines = head.split(b"\r\n")
            if not lines[0].startswith(b"HTTP/1.1 200 "):
                fail("connection %d, answer %d: %r" % (i, n, lines[0]))
            length = None
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length != len(want):
                fail("connection %d, answer %d: Content-Length %r" % (i, n, length))
            if len(body) > length:
                fail("connection %d, answer %d: bytes past the body" % (i, n))
            if len(body) < length:
                continue
            if body != want:
                fail("connection %d, answer %d: not the file" % (i, n))
            answers[i] = n
            bufs[i] = b""
            if n < 2:
                ask(i)
            else:
                sel.unregister(conns[i])
                pending.discard(i)
    for s in conns:
        s.close()
    print("%d connections, 2 answers each of %d bytes" % (count, len(want)))


main()
