#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/syslogd.py: a UDP syslog collector that checks every message strictly against RFC 5424 (or RFC 3164): syslogd.py FORMAT ADDR PORT READY OUT [STOP]. Binds ADDR:PORT, writes "ready" to READY, then writes one line per datagram to OUT: "ok PRI HOSTNAME APP-NAME MSG" (RFC 3164: the TAG as APP-NAME) or "BAD why: the datagram". It stops when a message's MSG matches the regular expression STOP (exit 0, or 1 if any was bad), or after SYSLOGD_TIMEOUT seconds (default 60) without one (exit 2).
import datetime
import os
import re
import socket
import sys
import time

TIMEOUT = float(os.environ.get("SYSLOGD_TIMEOUT", "60"))
# a message's time may differ from the collector's clock by this much
CLOCK_SLACK = datetime.timedelta(hours=1)

PRINT = rb"[\x21-\x7e]"
# RFC 5424, section 6: HEADER SP STRUCTURED-DATA [SP MSG]
RFC5424 = re.compile(
    rb"<(0|[1-9][0-9]{0,2})>1 "
    rb"(-|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    rb"(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})) "
    rb"(" + PRINT + rb"{1,255}) (" + PRINT + rb"{1,48}) "
    rb"(" + PRINT + rb"{1,128}) (" + PRINT + rb"{1,32}) "
    rb"(-|(?:\[[^\] =\"]{1,32}(?: [^\] =\"]{1,32}=\"(?:[^\"\\\]]|\\.)*\")*\])+)"
    rb"(?: (.*))?\Z",
    re.S,
)
MONTHS = b"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# RFC 3164, section 4.1: PRI, TIMESTAMP SP HOSTNAME SP, TAG ":" SP CONTENT
RFC3164 = re.compile(
    rb"<(0|[1-9][0-9]{0,2})>(" + MONTHS + rb") ([ 12][0-9]|3[01]) "
    rb"([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) "
    rb"(" + PRINT + rb"+) ([A-Za-z0-9_./-]{1,32}): (.*)\Z",
    re.S,
)
BOM = b"\xef\xbb\xbf"


def no_controls(msg):
    return not any(b < 32 or b == 127 for b in msg)


def check_5424(d):
    """(pri, host, app, msg text) of a valid RFC 5424 datagram, or a reason."""
    if len(d) > 2048:
        return "longer than 2,048 bytes (%d)" % len(d)
    m = RFC5424.match(d)
    if not m:
        return "not RFC 5424"
    pri = int(m.group(1))
    if pri > 191:
        return "PRI %d above 191" % pri
    ts = m.group(2)
    if ts != b"-":
        text = ts.decode()
        try:
            when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return "TIMESTAMP %s is no date" % text
        now = datetime.datetime.now(datetime.timezone.utc)
        if abs(now - when) > CLOCK_SLACK:
            return "TIMESTAMP %s is far from the collector's %s" % (text, now.isoformat())
    msg = m.group(8) or b""
    if msg.startswith(BOM):
        msg = msg[3:]
        try:
            text = msg.decode("utf-8")
        except UnicodeDecodeError:
            return "MSG after its BOM is not UTF-8"
    else:
        text = msg.decode("utf-8", "backslashreplace")
    if not no_controls(msg):
        return "a control character in MSG"
    return (pri, m.group(3).decode(), m.group(4).decode(), text)


def check_3164(d):
    if len(d) > 1024:
        return "longer than 1,024 bytes (%d)" % len(d)
    m = RFC3164.match(d)
    if not m:
        return "not RFC 3164"
    pri = int(m.group(1))
    if pri > 191:
        return "PRI %d above 191" % pri
    if m.group(3).startswith(b"0"):
        return "the day is padded with a zero, not a space"
    msg = m.group(9)
    if msg.startswith(BOM) or not no_controls(msg):
        return "a BOM or a control character in the content"
    return (pri, m.group(7).decode(), m.group(8).decode(),
            msg.decode("utf-8", "backslashreplace"))


def main():
    fmt, addr, port, ready, out = sys.argv[1:6]
    stop = re.compile(sys.argv[6]) if len(sys.argv) > 6 else None
    check = check_3164 if fmt == "3164" else check_5424
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((addr, int(port)))
    with open(ready, "w") as f:
        f.write("ready\n")
    end = time.monotonic() + TIMEOUT
    n = bad = 0
    with open(out, "w") as f:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                print("syslogd: %d messages, %d bad, no stop message" % (n, bad))
                return 2
            s.settimeout(left)
            try:
                d = s.recv(65536)
            except socket.timeout:
                continue
            n += 1
            r = check(d)
            if isinstance(r, str):
                bad += 1
                f.write("BAD %s: %r\n" % (r, d))
                f.flush()
                continue
            f.write("ok %d %s %s %s\n" % r)
            f.flush()
            if stop and stop.search(r[3]):
                print("syslogd: %d messages, %d bad" % (n, bad))
                return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
