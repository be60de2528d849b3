# SPDX-License-Identifier: ISC
# bench/http-sizes.py: bench/http-sizes' two ends. "client HOST PORT PATH
# COUNT SIZE...": for each SIZE, one connection kept alive for COUNT GETs of
# PATH's first SIZE bytes (a Range), each timed from the request's write to
# the answer's last byte; prints "SIZE COUNT SECONDS P50_MS MAX_MS SLOW"
# (SLOW: exchanges of 30 ms or more, a delayed ACK's wait). "serve PORT":
# Linux's reference, answering any such GET as lib/http writes its answers
# (head and body gathered in a 4 KiB buffer, written each time it is full,
# Nagle off), with bytes 0 to 255 over and over.
import socket
import sys
import time

BUFFER = 4096


def read_answer(s, buf):
    """Reads one answer (head, then Content-Length bytes) from s, buf
    holding what came before; returns (body length, bytes after it)."""
    while b"\r\n\r\n" not in buf:
        data = s.recv(65536)
        if not data:
            raise OSError("the server closed the connection")
        buf += data
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise OSError("an answer without Content-Length: %r" % head[:80])
    while len(rest) < length:
        data = s.recv(65536)
        if not data:
            raise OSError("the server closed the connection")
        rest += data
    return length, rest[length:]


def client(host, port, path, count, sizes):
    for size in sizes:
        s = socket.create_connection((host, port), timeout=30)
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nRange: bytes=0-%d\r\n\r\n"
               % (path, host, size - 1)).encode()
        times = []
        buf = b""
        start = time.monotonic()
        for _ in range(count):
            t = time.monotonic()
            s.sendall(req)
            length, buf = read_answer(s, buf)
            times.append(time.monotonic() - t)
            if length != size:
                raise OSError("asked for %d bytes, got %d" % (size, length))
        total = time.monotonic() - start
        s.close()
        times.sort()
        print("%d %d %.6f %.3f %.3f %d" % (
            size, count, total, times[len(times) // 2] * 1e3,
            times[-1] * 1e3, sum(1 for x in times if x >= 0.030)), flush=True)


def serve_one(s, body):
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            data = s.recv(65536)
            if not data:
                return
            buf += data
        head, buf = buf.split(b"\r\n\r\n", 1)
        size = len(body)
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"range":
                first, _, last = value.strip()[6:].partition(b"-")
                size = int(last) - int(first) + 1
        out = (b"HTTP/1.1 206 Partial Content\r\n"
               b"Content-Type: application/octet-stream\r\n"
               b"Content-Range: bytes 0-%d/%d\r\nContent-Length: %d\r\n"
               b"Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
               b"ETag: \"00000000-00010000\"\r\n\r\n"
               % (size - 1, len(body), size)) + body[:size]
        for i in range(0, len(out), BUFFER):
            s.sendall(out[i:i + BUFFER])


def serve(port):
    body = bytes(i & 255 for i in range(65536))
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(8)
    print("listening", flush=True)
    while True:
        s, _ = ls.accept()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            serve_one(s, body)
        except OSError:
            pass
        s.close()


def main():
    if len(sys.argv) >= 6 and sys.argv[1] == "client":
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]),
               [int(x) for x in sys.argv[6:]])
    elif len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        sys.exit("usage: http-sizes.py client HOST PORT PATH COUNT SIZE... "
                 "| serve PORT")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as e:
        sys.exit("http-sizes.py: %s" % e)
