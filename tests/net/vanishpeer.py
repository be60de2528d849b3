#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/vanishpeer.py: a Linux peer of examples/network --echo that is
# about to vanish: connects from the address --bind, checks one round,
# prints "vanishpeer: ready", then waits for the file --go; with --send N
# it then writes N bytes that it never reads back ("vanishpeer: sent").
# Then it only sleeps until it is stopped: the test makes its traffic
# disappear (tests/net/impair.py's blackhole), so the unikernel's flow
# must end by itself.
import argparse
import os
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--bind", required=True)
    ap.add_argument("--go", required=True)
    ap.add_argument("--send", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()
    s = socket.create_connection((a.host, a.port), timeout=a.timeout,
                                 source_address=(a.bind, 0))
    s.sendall(b"before vanishing\n")
    got = b""
    while len(got) < 17:
        b = s.recv(17 - len(got))
        if not b:
            break
        got += b
    if got != b"before vanishing\n":
        print("vanishpeer: FAIL the round before vanishing: %r" % got, flush=True)
        return 1
    print("vanishpeer: ready %s:%d" % s.getsockname(), flush=True)
    while not os.path.exists(a.go):
        time.sleep(0.05)
    if a.send:
        s.sendall(bytes(range(256)) * (a.send // 256))
        print("vanishpeer: sent %d bytes" % a.send, flush=True)
    while True:
        time.sleep(3600)


sys.exit(main())
