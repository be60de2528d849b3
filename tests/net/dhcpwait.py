#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/dhcpwait.py: stands in for a DHCP server that has gone: binds ADDR:67 and waits (up to SECONDS) for one DHCPREQUEST sent to it, such as a client's renewal at T1 (RFC 2131 4.4.5, unicast to its server), and answers nothing. Prints "dhcpwait: REQUEST from CIADDR" and exits 0, or exits 1 when none came. Writes "ready" to READY_FILE once it listens.
import socket
import sys


def message_type(msg):
    """DHCP option 53 of a BOOTP message, or 0."""
    if len(msg) < 240 or msg[236:240] != b"\x63\x82\x53\x63":
        return 0
    i = 240
    while i < len(msg):
        code = msg[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= len(msg):
            break
        size = msg[i + 1]
        if code == 53 and size == 1 and i + 2 < len(msg):
            return msg[i + 2]
        i += 2 + size
    return 0


def main():
    if len(sys.argv) != 4:
        print("usage: dhcpwait.py ADDR SECONDS READY_FILE")
        return 2
    addr, seconds, ready = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 67))
    s.settimeout(seconds)
    with open(ready, "w") as f:
        f.write("ready\n")
    try:
        while True:
            msg, peer = s.recvfrom(2048)
            # op 1 (BOOTREQUEST), type 3 (DHCPREQUEST)
            if msg[:1] == b"\x01" and message_type(msg) == 3:
                print("dhcpwait: REQUEST from %s" % socket.inet_ntoa(msg[12:16]),
                      flush=True)
                return 0
    except socket.timeout:
        print("dhcpwait: no REQUEST in %.0f s" % seconds, flush=True)
        return 1


sys.exit(main())
