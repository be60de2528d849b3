#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/udppeer.py: Linux's UDP as the peer of examples/network --udp --echo: datagrams of every size (empty, small, 1,472 and 1,473 bytes around the Ethernet MTU, 8,000 and 65,507 bytes in IPv4 fragments both ways) come back unchanged; a burst that fits the guest's queue; a closed port answers ICMP port unreachable (ECONNREFUSED). Prints one "udppeer: ..." line per result; exits 1 on the first failure.
import errno
import os
import socket
import sys

TIMEOUT = float(os.environ.get("UDPPEER_TIMEOUT", "10"))

# Linux's IP_MTU_DISCOVER and its "never set DF" value (<linux/in.h>):
# Linux fragments what it sends rather than refusing it.
IP_MTU_DISCOVER = getattr(socket, "IP_MTU_DISCOVER", 10)
IP_PMTUDISC_DONT = getattr(socket, "IP_PMTUDISC_DONT", 0)


def fail(msg):
    print("udppeer: FAIL " + msg, flush=True)
    sys.exit(1)


def pattern(n, seed):
    """n bytes that differ by position and by seed, so misplaced fragments show."""
    out = bytearray(n)
    x = seed * 2654435761 & 0xFFFFFFFF
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = x >> 16 & 0xFF
    return bytes(out)


def sock(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.settimeout(TIMEOUT)
    s.connect((host, port))
    return s


def roundtrip(s, data, what):
    s.send(data)
    try:
        back = s.recv(70000)
    except socket.timeout:
        fail("%s: no answer to %d bytes in %.0f s" % (what, len(data), TIMEOUT))
    if back != data:
        fail("%s: sent %d bytes, got %d back%s" % (
            what, len(data), len(back),
            "" if len(back) != len(data) else " that differ"))


def sizes(host, port):
    """One datagram of each size, each answered unchanged."""
    s = sock(host, port)
    for i, n in enumerate((1, 5, 100, 0, 1472, 1473, 3000, 8000, 65507)):
        roundtrip(s, pattern(n, i + 1), "sizes")
        print("udppeer: %d bytes ok" % n, flush=True)
    s.close()


def burst(host, port, count):
    """count datagrams of 1,000 bytes sent at once, every one answered."""
    s = sock(host, port)
    want = set()
    for i in range(count):
        d = b"%04d" % i + pattern(996, 1000 + i)
        want.add(d)
        s.send(d)
    got = set()
    try:
        while len(got) < count:
            got.add(s.recv(2000))
    except socket.timeout:
        pass
    s.close()
    if got != want:
        fail("burst: %d of %d answered, %d unknown" % (
            len(got & want), count, len(got - want)))
    print("udppeer: burst of %d ok" % count, flush=True)


def closed(host, port):
    """A datagram to a closed port: ICMP port unreachable, which Linux
    reports on the connected socket's next call as ECONNREFUSED."""
    s = sock(host, port)
    s.send(b"anybody there?\n")
    try:
        back = s.recv(100)
    except ConnectionRefusedError:
        print("udppeer: closed port %d: connection refused ok" % port, flush=True)
        s.close()
        return
    except socket.timeout:
        fail("closed: no ICMP port unreachable in %.0f s" % TIMEOUT)
    except OSError as e:
        fail("closed: %s, not ECONNREFUSED" % errno.errorcode.get(e.errno, e))
    fail("closed: port %d answered %r" % (port, back))


def main():
    if len(sys.argv) < 4:
        print("usage: udppeer.py sizes|burst|closed HOST PORT [N]")
        return 2
    cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    try:
        {"sizes": lambda: sizes(host, port),
         "burst": lambda: burst(host, port, n),
         "closed": lambda: closed(host, port)}[cmd]()
    except OSError as e:
        fail("%s: %s" % (cmd, e))
    return 0


sys.exit(main())
