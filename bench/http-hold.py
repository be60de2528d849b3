# SPDX-License-Identifier: ISC
# bench/http-hold.py: COUNT HTTP/1.1 connections open at once to a server,
# each getting one file, for bench/http's memory part.
#
# Usage: python3 bench/http-hold.py HOST PORT PATH FILE COUNT [SECONDS]
#
# Opens COUNT connections to HOST:PORT and waits until every one is
# established; then sends "GET PATH" on each (keep-alive) and reads all
# the answers side by side; then a second GET on each of the same
# connections, again side by side. Every answer must be "200" with the
# bytes of FILE (the copy the server serves), and every connection must
# stay open throughout. Prints "COUNT connections, 2 answers each of N
# bytes" and exits with 0; else says why on stderr and exits with 1. The
# whole is bounded by SECONDS (default 60).
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
    for round_ in (1, 2):
        bufs = [b""] * count
        for i in range(count):
            # a request fits in the socket's buffer: sent whole at once
            if conns[i].send(request) != len(request):
                fail("connection %d: short send" % i)
            sel.register(conns[i], selectors.EVENT_READ, i)
        pending = set(range(count))
        while pending:
            for key, _ in sel.select(min(left(), 1.0)):
                i = key.data
                try:
                    data = conns[i].recv(65536)
                except ConnectionError as e:
                    fail("connection %d, answer %d: %s" % (i, round_, e))
                if not data:
                    fail("connection %d, answer %d: closed after %d bytes" % (i, round_, len(bufs[i])))
                bufs[i] += data
                head, sep, body = bufs[i].partition(b"\r\n\r\n")
                if not sep:
                    continue
                lines = head.split(b"\r\n")
                if not lines[0].startswith(b"HTTP/1.1 200 "):
                    fail("connection %d, answer %d: %r" % (i, round_, lines[0]))
                length = None
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length != len(want):
                    fail("connection %d, answer %d: Content-Length %r" % (i, round_, length))
                if len(body) > length:
                    fail("connection %d, answer %d: bytes past the body" % (i, round_))
                if len(body) == length:
                    if body != want:
                        fail("connection %d, answer %d: not the file" % (i, round_))
                    sel.unregister(conns[i])
                    pending.discard(i)
    for s in conns:
        s.close()
    print("%d connections, 2 answers each of %d bytes" % (count, len(want)))


main()
