# SPDX-License-Identifier: ISC
# tests/net/tlshello.py: sends one TLS 1.2 ClientHello offering only the
# cipher suites given, and says how the server answered: "serverhello
# 0xC02B" (the suite it chose), "alert LEVEL DESCRIPTION" or "closed".
# For suites that this machine's OpenSSL cannot offer at all (RC4, 3DES).
# Usage: tlshello.py HOST PORT SERVER_NAME SUITE[,SUITE...] (hex codes).
import os
import socket
import struct
import sys


def vec(n, data):
    """data behind its length in n bytes."""
    return len(data).to_bytes(n, "big") + data


def ext(kind, data):
    return struct.pack(">H", kind) + vec(2, data)


def client_hello(name, suites):
    exts = ext(0x0000, vec(2, b"\x00" + vec(2, name.encode())))  # SNI
    exts += ext(0x000A, vec(2, b"\x00\x17\x00\x1d\x00\x18"))  # groups
    exts += ext(0x000B, vec(1, b"\x00"))  # uncompressed points
    sigs = b"".join(struct.pack(">H", s) for s in
                    (0x0403, 0x0503, 0x0804, 0x0401, 0x0501, 0x0201, 0x0203))
    exts += ext(0x000D, vec(2, sigs))  # signature_algorithms
    exts += ext(0xFF01, b"\x00")  # renegotiation_info, empty
    body = b"\x03\x03" + os.urandom(32) + vec(1, b"")
    body += vec(2, b"".join(struct.pack(">H", s) for s in suites))
    body += vec(1, b"\x00") + vec(2, exts)
    hs = b"\x01" + vec(3, body)
    return b"\x16\x03\x01" + vec(2, hs)


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            return None
        data += part
    return data


def main():
    host, port, name, suites = sys.argv[1:5]
    suites = [int(s, 16) for s in suites.split(",")]
    sock = socket.create_connection((host, int(port)), timeout=20)
    sock.sendall(client_hello(name, suites))
    head = read_exactly(sock, 5)
    if head is None:
        print("closed")
        return 0
    kind, length = head[0], struct.unpack(">H", head[3:5])[0]
    data = read_exactly(sock, length) or b""
    if kind == 0x15 and len(data) >= 2:
        print("alert %d %d" % (data[0], data[1]))
    elif kind == 0x16 and len(data) >= 39 and data[0] == 2:
        sid = data[38]
        suite = struct.unpack(">H", data[39 + sid:41 + sid])[0]
        print("serverhello 0x%04X" % suite)
    else:
        print("record %d of %d bytes" % (kind, length))
    return 0


if __name__ == "__main__":
    sys.exit(main())
