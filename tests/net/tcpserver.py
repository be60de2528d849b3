#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/tcpserver.py: Linux's TCP as the server of examples/network --connect: one connection, whose request (a line, then the end of the stream) is answered by the line upper-cased and --bytes=N more bytes (reply), or by a reset (reset: SO_LINGER 0). With --udp it first answers one UDP datagram on the same port, upper-cased. Writes "ready" to READY_FILE once it listens; prints one "tcpserver: ..." line per result; exits 1 on a failure.
import os
import socket
import struct
import sys

TIMEOUT = float(os.environ.get("TCPSERVER_TIMEOUT", "60"))
HELLO = b"hello from the unikernel\n"


def fail(msg):
    print("tcpserver: FAIL " + msg, flush=True)
    sys.exit(1)


def read_to_end(c):
    got = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            return bytes(got)
        got += b


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = [a for a in sys.argv[1:] if a.startswith("--")]
    udp = "--udp" in opts
    n = 0
    for o in opts:
        if o.startswith("--bytes="):
            n = int(o[len("--bytes="):])
    if len(args) != 4:
        print("usage: tcpserver.py reply|reset ADDR PORT READY_FILE [--udp] [--bytes=N]")
        return 2
    mode, addr, port, ready = args[0], args[1], int(args[2]), args[3]
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(4)
    ls.settimeout(TIMEOUT)
    us = None
    if udp:
        us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        us.bind((addr, port))
        us.settimeout(TIMEOUT)
    with open(ready, "w") as f:
        f.write("ready\n")
    try:
        if us:
            data, peer = us.recvfrom(2000)
            if data != HELLO:
                fail("udp: got %r from %s" % (data, peer))
            us.sendto(data.upper(), peer)
            print("tcpserver: udp from %s:%d ok" % peer, flush=True)
        c, peer = ls.accept()
        c.settimeout(TIMEOUT)
        print("tcpserver: connection from %s:%d" % peer, flush=True)
        got = read_to_end(c)
        if got != HELLO:
            fail("%s: the request was %r" % (mode, got[:60]))
        print("tcpserver: request ok, then the end of the stream", flush=True)
        if mode == "reset":
            # SO_LINGER with a zero time: close() sends RST, not FIN
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
            c.close()
            print("tcpserver: reset sent", flush=True)
        else:
            block = bytes(range(256)) * 256
            c.sendall(HELLO.upper())
            left = n
            while left > 0:
                c.sendall(block[:min(left, len(block))])
                left -= min(left, len(block))
            c.shutdown(socket.SHUT_WR)
            rest = c.recv(10)
            c.close()
            if rest != b"":
                fail("reply: %r after the end" % rest)
            print("tcpserver: reply of %d bytes sent" % (len(HELLO) + n),
                  flush=True)
    except OSError as e:
        fail("%s: %s" % (mode, e))
    return 0


sys.exit(main())
