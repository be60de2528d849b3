#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/tcpclient.py: Linux's TCP as the peer of examples/network (upper-case or --echo mode): lines, bulk transfers checked by hash, many connections at once or in sequence, half-close. Prints one "tcpclient: ..." line per result; exits 1 on the first failure.
import hashlib
import os
import socket
import sys
import threading
import time

TIMEOUT = float(os.environ.get("TCPCLIENT_TIMEOUT", "30"))


def fail(msg):
    print("tcpclient: FAIL " + msg, flush=True)
    sys.exit(1)


def connect(host, port):
    s = socket.create_connection((host, port), timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exact(s, n):
    out = bytearray()
    while len(out) < n:
        b = s.recv(min(65536, n - len(out)))
        if not b:
            break
        out += b
    return bytes(out)


def lines(host, port):
    """Upper-case mode: each line comes back upper-cased."""
    s = connect(host, port)
    for text in (b"hello, unikernel\n", b"the direct stack\n", b"x" * 3000 + b"\n"):
        s.sendall(text)
        back = recv_exact(s, len(text))
        if back != text.upper():
            fail("lines: sent %r, got %r" % (text[:40], back[:40]))
    s.close()
    print("tcpclient: lines ok", flush=True)


def halfclose(host, port):
    """We shut down our side first; the rest still comes back, then EOF."""
    s = connect(host, port)
    s.sendall(b"half closed\n")
    s.shutdown(socket.SHUT_WR)
    back = recv_exact(s, 12)
    rest = s.recv(10)
    s.close()
    if back != b"HALF CLOSED\n" or rest != b"":
        fail("halfclose: got %r then %r" % (back, rest))
    print("tcpclient: halfclose ok", flush=True)


def bulk(host, port, nbytes):
    """Echo mode: nbytes of pseudo-random data out and back, by SHA-256."""
    s = connect(host, port)
    block = hashlib.sha256(b"seed").digest() * 2048  # 64 KiB
    sent_hash = hashlib.sha256()
    got_hash = hashlib.sha256()
    got = 0
    err = []

    def reader():
        nonlocal got
        try:
            while got < nbytes:
                b = s.recv(65536)
                if not b:
                    break
                got_hash.update(b)
                got += len(b)
        except Exception as e:  # noqa: BLE001 (reported below)
            err.append(e)

    t = threading.Thread(target=reader)
    t.start()
    t0 = time.monotonic()
    left = nbytes
    i = 0
    while left > 0:
        chunk = block[: min(left, len(block))]
        # vary the data so that a misplaced block shows
        chunk = bytes([i & 0xFF]) + chunk[1:]
        s.sendall(chunk)
        sent_hash.update(chunk)
        left -= len(chunk)
        i += 1
    t.join(TIMEOUT * 10)
    dt = time.monotonic() - t0
    s.close()
    if err or got != nbytes or sent_hash.digest() != got_hash.digest():
        fail("bulk: %d of %d bytes back, hash %s, error %r" % (
            got, nbytes, "same" if sent_hash.digest() == got_hash.digest() else "differs", err))
    print("tcpclient: bulk %d bytes ok (%.1f MB/s)" % (nbytes, nbytes / dt / 1e6), flush=True)


def many(host, port, n):
    """n connections open at once, each echoing its own line."""
    socks = []
    for i in range(n):
        socks.append(connect(host, port))
    for i, s in enumerate(socks):
        s.sendall(b"conn %d\n" % i)
    for i, s in enumerate(socks):
        want = b"conn %d\n" % i
        back = recv_exact(s, len(want))
        if back != want:
            fail("many: connection %d got %r" % (i, back))
    for s in socks:
        s.close()
    print("tcpclient: many %d ok" % n, flush=True)


def seq(host, port, n):
    """n connections one after the other."""
    t0 = time.monotonic()
    for i in range(n):
        s = connect(host, port)
        want = b"seq %d\n" % i
        s.sendall(want)
        back = recv_exact(s, len(want))
        s.close()
        if back != want:
            fail("seq: connection %d got %r" % (i, back))
    dt = time.monotonic() - t0
    print("tcpclient: seq %d ok (%.0f connections/s)" % (n, n / dt), flush=True)


def main():
    if len(sys.argv) < 4:
        print("usage: tcpclient.py lines|halfclose|bulk|many|seq HOST PORT [N]")
        return 2
    cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    try:
        {"lines": lambda: lines(host, port),
         "halfclose": lambda: halfclose(host, port),
         "bulk": lambda: bulk(host, port, n),
         "many": lambda: many(host, port, n),
         "seq": lambda: seq(host, port, n)}[cmd]()
    except (OSError, socket.timeout) as e:
        fail("%s: %s" % (cmd, e))
    return 0


sys.exit(main())
