#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/attacker.py: a hostile host on the unikernel's link, with raw
# packet sockets, while a legitimate Linux connection to its echo service
# is open and transferring. One attack per run:
#
#     attacker.py --iface tap0 --host LINUX-IP --guest IP --port 8080
#                 --log GUEST-LOG ATTACK
#
# ATTACK: malformed, outwindow, rst, syn, inject, inject-ts, synflood,
# fragflood, arpflood; and the controls exact-rst and exact-inject (an RST
# and data at exactly the right sequence numbers are taken, as they must).
# The legitimate connection runs in lock step (a chunk out, the same chunk
# back, compared byte for byte); the attacker takes the lock to send its
# frames while that connection is idle, so that it knows the connection's
# exact sequence numbers and timestamps (sniffed from the wire), as a
# blind attacker only could by luck. After the attack the connection must
# still carry data intact and end cleanly. The guest's counters come from
# its log (--tcpip-stats=1): the ones the attack must move, and the tables
# that must stay within their limits (doc/tcpip.md, Bounded memory) in
# every snapshot taken while it ran.
#
# Prints "check<TAB>pass|fail<TAB>DESCRIPTION<TAB>WHY" per check
# (tests/net/direct-hostile-common.sh turns them into TAP points) and
# "info<TAB>..." lines; exits 0 when it could run the attack at all.
import argparse
import hashlib
import os
import random
import re
import socket
import struct
import sys
import threading
import time

ETH_P_ALL = 0x0003
ATTACK_TTL = 13  # the attacker's frames, to tell them from Linux's
TIMEOUT = float(os.environ.get("ATTACK_TIMEOUT", "15"))

# doc/tcpip.md, "Bounded memory": what each table may hold at most
LIMITS = {
    "arp.entries": 64,
    "ipv4.reasm_datagrams": 16,
    "ipv4.reasm_bytes": 256 * 1024,
    "tcp.state.syn_received": 256,
    "tcp.connections": 1024,  # every state but TIME_WAIT, LISTEN, CLOSED
    "tcp.state.time_wait": 1024,
    "udp.sockets": 256,
}

def check(ok, desc, why=""):
    print("check\t%s\t%s\t%s" % ("pass" if ok else "fail", desc, "" if ok else why), flush=True)


def info(msg):
    print("info\t" + msg, flush=True)


# --- wire formats -----------------------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_header(src, dst, proto, plen, ident=0, frag=0x4000, ttl=ATTACK_TTL,
              total=None, ihl=5, bad_csum=False, version=4):
    total = 4 * ihl + plen if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", version << 4 | ihl, 0, total, ident, frag, ttl,
                    proto, 0, src, dst)
    h += b"\0" * (4 * ihl - 20) if ihl > 5 else b""
    c = csum(h[: max(20, 4 * ihl)])
    if bad_csum:
        c ^= 0x5A5A
    return h[:10] + struct.pack("!H", c) + h[12:]


def ts_option(tsval, tsecr):
    return b"\x01\x01\x08\x0a" + struct.pack("!II", tsval & 0xFFFFFFFF, tsecr & 0xFFFFFFFF)


def tcp_segment(src, dst, sport, dport, seq, ack, flags, wnd=502, opts=b"", payload=b"",
                doff=None, bad_csum=False):
    if doff is None:
        doff = (20 + len(opts)) // 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                    doff << 4, flags, wnd, 0, 0) + opts
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, 6, len(h) + len(payload))
    c = csum(pseudo + h + payload)
    if bad_csum:
        c ^= 0x1234
    return h[:16] + struct.pack("!H", c) + h[18:] + payload


FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


class Wire:
    """The link: frames out, and the legitimate connection's state sniffed."""

    def __init__(self, iface, guest, port):
        self.iface = iface
        self.guest = socket.inet_aton(guest)
        self.port = port
        self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.tx.bind((iface, 0))
        self.rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.rx.bind((iface, 0))
        self.rx.settimeout(0.2)
        with open("/sys/class/net/%s/address" % iface) as f:
            self.host_mac = mac_bytes(f.read().strip())
        self.guest_mac = None
        self.conns = {}  # client port -> state dict
        self.cond = threading.Condition()
        self.stop = False
        self.sent = 0
        threading.Thread(target=self.sniff, daemon=True).start()

    def send(self, frame):
        try:
            self.tx.send(frame)
            self.sent += 1
        except OSError:
            time.sleep(0.001)  # the tap's queue is full: the guest is busy

    def eth(self, payload, etype=0x0800, src=None, dst=None):
        return ((dst or self.guest_mac) + (src or self.host_mac) + struct.pack("!H", etype)
                + payload)

    def sniff(self):
        while not self.stop:
            try:
                frame, addr = self.rx.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
                continue
            ihl = (frame[14] & 15) * 4
            ip = frame[14:]
            if ip[8] == ATTACK_TTL:
                continue
            t = ip[ihl:]
            if len(t) < 20:
                continue
            sport, dport, seq, ack, off, flags, wnd = struct.unpack("!HHIIBBH", t[:16])
            doff = (off >> 4) * 4
            plen = struct.unpack("!H", ip[2:4])[0] - ihl - doff
            opts = parse_options(t[20:doff])
            from_guest = ip[12:16] == self.guest and sport == self.port
            to_guest = ip[16:20] == self.guest and dport == self.port
            if not (from_guest or to_guest):
                continue
            cport = dport if from_guest else sport
            end = (seq + plen + (1 if flags & SYN else 0) + (1 if flags & FIN else 0)) & 0xFFFFFFFF
            with self.cond:
                c = self.conns.setdefault(cport, {"pure_acks": 0})
                if from_guest:
                    if self.guest_mac is None:
                        self.guest_mac = frame[6:12]
                    if flags & SYN:
                        c["g_wscale"] = opts.get("ws", 0)
                        c["g_isn"] = seq
                    c["g_nxt"] = end if "g_nxt" not in c or seq_gt(end, c["g_nxt"]) else c["g_nxt"]
                    c["g_ack"] = ack
                    c["g_wnd"] = wnd
                    if "ts" in opts:
                        c["g_tsval"] = opts["ts"][0]
                    if plen == 0 and flags & (SYN | FIN | RST) == 0:
                        c["pure_acks"] += 1
                        c["last_pure_ack"] = ack
                    if flags & RST:
                        c["g_rst"] = True
                else:
                    c["l_nxt"] = end if "l_nxt" not in c or seq_gt(end, c["l_nxt"]) else c["l_nxt"]
                    c["l_ack"] = ack
                    if "ts" in opts:
                        c["l_tsval"] = opts["ts"][0]
                    if flags & SYN:
                        c["l_wscale"] = opts.get("ws", 0)
                        c["l_isn"] = seq
                self.cond.notify_all()

    def state(self, cport):
        with self.cond:
            return dict(self.conns.get(cport, {}))

    def idle(self, cport, nbytes, timeout=TIMEOUT):
        """Waits until the sniffer saw (nbytes) go each way on the connection
        of (cport) (from the ISNs of its handshake), and each side
        acknowledge them all (so that Linux's last timestamp is known: the
        attacker's must not be older, or PAWS drops its segments before
        anything else looks at them); returns the state; None on
        timeout."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                c = self.conns.get(cport, {})
                if "g_isn" in c and "l_isn" in c and "g_ack" in c and "l_tsval" in c and \
                        c["l_nxt"] == (c["l_isn"] + 1 + nbytes) & 0xFFFFFFFF and \
                        c["g_nxt"] == (c["g_isn"] + 1 + nbytes) & 0xFFFFFFFF and \
                        c["g_ack"] == c["l_nxt"] and c.get("l_ack") == c["g_nxt"] and \
                        self.guest_mac:
                    return dict(c)
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def wait_pure_ack(self, cport, before, ack, timeout=TIMEOUT):
        """Waits for a pure ACK of (ack) from the guest after the count (before)."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                c = self.conns.get(cport, {})
                if c.get("pure_acks", 0) > before and c.get("last_pure_ack") == ack:
                    return True
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)


def seq_gt(a, b):
    return ((a - b) & 0xFFFFFFFF) - 1 < 0x7FFFFFFF


def parse_options(p):
    out, i = {}, 0
    while i < len(p):
        k = p[i]
        if k == 0:
            break
        if k == 1:
            i += 1
            continue
        if i + 1 >= len(p) or p[i + 1] < 2:
            break
        n = p[i + 1]
        if k == 3 and n == 3:
            out["ws"] = p[i + 2]
        elif k == 8 and n == 10:
            out["ts"] = struct.unpack("!II", p[i + 2:i + 10])
        i += n
    return out


# --- the legitimate connection ----------------------------------------------

class Legit:
    """Linux's connection to the echo service, in lock step: the attacker
    holds (lock) while it sends, and the connection is idle then."""

    CHUNK = 4096

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.cport = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.rounds = 0
        self.bytes = 0
        self.error = None
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def chunk(self, i):
        seed = hashlib.sha256(b"legit %d" % i).digest()
        return (seed * (self.CHUNK // len(seed) + 1))[: self.CHUNK]

    def run(self):
        try:
            while not self.stop:
                with self.lock:
                    data = self.chunk(self.rounds)
                    self.sock.sendall(data)
                    got = bytearray()
                    while len(got) < len(data):
                        b = self.sock.recv(len(data) - len(got))
                        if not b:
                            raise EOFError("the guest closed the connection")
                        got += b
                    if bytes(got) != data:
                        k = next(i for i in range(len(data)) if got[i] != data[i])
                        raise ValueError("round %d: byte %d differs: sent %r, got %r" % (
                            self.rounds, k, data[k:k + 8], bytes(got[k:k + 8])))
                    self.rounds += 1
                    self.bytes += len(data)
                time.sleep(0.002)
        except Exception as e:  # noqa: BLE001 (reported by the checks)
            self.error = "%s: %s" % (type(e).__name__, e)

    def wait_rounds(self, n, timeout=TIMEOUT):
        """Waits for (n) more rounds; False if the connection failed or stalled."""
        want = self.rounds + n
        end = time.monotonic() + timeout
        while self.rounds < want and self.error is None and self.thread.is_alive():
            if time.monotonic() > end:
                return False
            time.sleep(0.01)
        return self.rounds >= want

    def finish(self):
        """Stops the transfer, closes our side; the guest must close its own
        after the last byte (an orderly end: no reset)."""
        self.stop = True
        self.thread.join(TIMEOUT)
        if self.error:
            return self.error
        if self.thread.is_alive():
            return "a round did not come back in %.0f s" % TIMEOUT
        try:
            self.sock.shutdown(socket.SHUT_WR)
            rest = self.sock.recv(100)
            self.sock.close()
        except OSError as e:
            return "closing: %s" % e
        if rest:
            return "%d unexpected bytes after the last round" % len(rest)
        return None


# --- the guest's counters ---------------------------------------------------

LINE = re.compile(r"\[tcpip\] \S+: (\w+):((?: [\w.]+=\d+)+)\s*$")


class Counters:
    """Snapshots of --tcpip-stats=1 in the guest's log: each begins with its
    eth line; a counter missing from a snapshot is 0."""

    def __init__(self, path):
        self.path = path

    def snapshots(self):
        snaps, cur = [], None
        with open(self.path, errors="replace") as f:
            for line in f:
                m = LINE.search(line)
                if not m:
                    continue
                layer = m.group(1)
                if layer == "eth":
                    cur = {}
                    snaps.append(cur)
                if cur is None:
                    continue
                for kv in m.group(2).split():
                    k, v = kv.split("=")
                    cur[layer + "." + k] = int(v)
        return snaps

    def wait_fresh(self, timeout=TIMEOUT):
        """Waits until a snapshot that began after the call is complete (the
        next one began); returns its index."""
        n = len(self.snapshots())
        end = time.monotonic() + timeout
        while len(self.snapshots()) < n + 2 and time.monotonic() < end:
            time.sleep(0.1)
        return n


def conns(s):
    return sum(v for k, v in s.items()
               if k.startswith("tcp.state.") and k not in (
                   "tcp.state.time_wait", "tcp.state.listen", "tcp.state.closed"))


def check_bounds(name, snaps):
    """Every snapshot within every limit."""
    worst = {}
    for s in snaps:
        vals = dict(s)
        vals["tcp.connections"] = conns(s)
        for k in LIMITS:
            worst[k] = max(worst.get(k, 0), vals.get(k, 0))
    over = ["%s=%d (limit %d)" % (k, worst[k], LIMITS[k]) for k in LIMITS if worst[k] > LIMITS[k]]
    check(not over and snaps != [], "%s: the tables stay within their limits in %d snapshots" % (
        name, len(snaps)), ", ".join(over) or "no snapshot of the counters")
    info("%s: at most %s" % (name, " ".join("%s=%d" % (k, worst.get(k, 0)) for k in LIMITS)))


def moved(name, before, after, key, why):
    a, b = before.get(key, 0), after.get(key, 0)
    check(b > a, "%s: %s moved (%s)" % (name, key, why), "%d before, %d after" % (a, b))


def same(name, before, after, key, why):
    a, b = before.get(key, 0), after.get(key, 0)
    check(a == b, "%s: %s did not move (%s)" % (name, key, why), "%d before, %d after" % (a, b))


# --- the attacks ------------------------------------------------------------

class Ctx:
    def __init__(self, a):
        self.a = a
        self.wire = Wire(a.iface, a.guest, a.port)
        self.host = socket.inet_aton(a.host)
        self.guest = socket.inet_aton(a.guest)
        self.rng = random.Random(a.seed)
        self.legit = None

    def idle_state(self):
        st = self.wire.idle(self.legit.cport, self.legit.bytes)
        if st is None:
            raise RuntimeError("the legitimate connection never went idle")
        st["rcv_wnd"] = st["g_wnd"] << st.get("g_wscale", 0)
        return st

    def seg(self, st, seq, ack, flags, payload=b"", ts=True, tsval=None, **kw):
        """A segment from Linux's end of the legitimate connection."""
        opts = ts_option(st["l_tsval"] if tsval is None else tsval, st.get("g_tsval", 0)) \
            if ts else b""
        t = tcp_segment(self.host, self.guest, self.legit.cport, self.a.port, seq, ack, flags,
                        opts=opts, payload=payload, **kw)
        return self.wire.eth(ip_header(self.host, self.guest, 6, len(t)) + t)

    def bursts(self, make, n, per=10):
        """Sends (n) frames (make(state, i) gives each, or a list), (per) at
        a time while the connection is idle, letting it run in between;
        stops early when the connection failed."""
        i = 0
        while i < n and self.legit.error is None:
            with self.legit.lock:
                st = self.idle_state()
                for _ in range(per):
                    if i >= n:
                        break
                    f = make(st, i)
                    for fr in (f if isinstance(f, list) else [f]):
                        self.wire.send(fr)
                    i += 1
            if not self.legit.wait_rounds(1):
                break


def attack_malformed(x):
    """Malformed segments on the legitimate connection's own 4-tuple, each
    of them harmful if the guest took it: RSTs at the exact sequence number
    and data at the next byte, with bad checksums, bad data offsets, options
    that overrun, truncated headers; and frames too short for Ethernet."""
    junk = b"MALFORMED" * 8

    def make(st, i):
        nxt, ack = st["l_nxt"], st["g_nxt"]
        k = i % 12
        if k == 0:  # IPv4 header checksum wrong (an RST that would reset)
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK)
            return x.wire.eth(ip_header(x.host, x.guest, 6, len(t), bad_csum=True) + t)
        if k == 1:  # TCP checksum wrong: an RST, then data at rcv_nxt
            return [x.seg(st, nxt, ack, RST | ACK, ts=False, bad_csum=True),
                    x.seg(st, nxt, ack, PSH | ACK, junk, bad_csum=True)]
        if k == 2:  # data offset below 5 words
            return x.seg(st, nxt, ack, RST | ACK, ts=False, doff=3)
        if k == 3:  # data offset beyond the segment
            return x.seg(st, nxt, ack, RST | ACK, ts=False, doff=15)
        if k == 4:  # options that overrun the header: a timestamp of 10
            # bytes in 4, whose rest, read from the data, would be valid
            opts = b"\x08\x0a" + struct.pack("!H", st["l_tsval"] >> 16)
            tail = struct.pack("!HI", st["l_tsval"] & 0xFFFF, st.get("g_tsval", 0))
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, PSH | ACK,
                            opts=opts, payload=tail + junk)
            return x.wire.eth(ip_header(x.host, x.guest, 6, len(t)) + t)
        if k == 5:  # option lengths 0 and 1 (a parser that loops forever)
            frames = []
            for opts in (b"\x02\x00\x00\x00", b"\x13\x01\x00\x00", b"\x01\x01\x08\xff"):
                t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, PSH | ACK,
                                opts=opts, payload=junk)
                frames.append(x.wire.eth(ip_header(x.host, x.guest, 6, len(t)) + t))
            return frames
        if k == 6:  # TCP header cut to 10 bytes
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK)[:10]
            return x.wire.eth(ip_header(x.host, x.guest, 6, len(t)) + t)
        if k == 7:  # IPv4 total length beyond the frame
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK)
            return x.wire.eth(ip_header(x.host, x.guest, 6, len(t), total=1400) + t)
        if k == 8:  # IPv4 header length beyond the frame, and below 5
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK)
            return [x.wire.eth(ip_header(x.host, x.guest, 6, 0, ihl=15, total=60)[:24] + t[:8]),
                    x.wire.eth(ip_header(x.host, x.guest, 6, len(t), ihl=3) + t)]
        if k == 9:  # an IPv4 header of 12 bytes; an Ethernet header alone
            return [x.wire.eth(ip_header(x.host, x.guest, 6, 20)[:12]), x.wire.eth(b"")]
        if k == 10:  # version 6 in an IPv4 frame
            t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK)
            return x.wire.eth(ip_header(x.host, x.guest, 6, len(t), version=6) + t)
        # k == 11: a fragment of a TCP segment whose rest never comes
        t = tcp_segment(x.host, x.guest, x.legit.cport, x.a.port, nxt, ack, RST | ACK,
                        payload=b"F" * 16)
        return x.wire.eth(ip_header(x.host, x.guest, 6, 24, ident=0x4242, frag=0x2000) + t[:24])

    x.bursts(make, 240, per=12)
    return {"moved": [("ipv4.rx_bad_checksum", "bad IPv4 header checksums"),
                      ("ipv4.rx_bad_header", "truncated and bad IPv4 headers"),
                      ("tcp.rx_bad_checksum", "bad TCP checksums"),
                      ("tcp.rx_bad", "bad data offsets, a 10-byte header")],
            "same": [("tcp.rx_resets", "no RST was taken")]}


def attack_outwindow(x):
    """Data and ACKs far outside the receive window, before and beyond it."""
    with x.legit.lock:
        st = x.idle_state()
        before = st["pure_acks"]
        x.wire.send(x.seg(st, st["l_nxt"] + st["rcv_wnd"] + 4096, st["g_nxt"], PSH | ACK,
                          b"BEYOND" * 10))
        seen = x.wire.wait_pure_ack(x.legit.cport, before, st["l_nxt"])
    check(seen, "outwindow: data beyond the window is answered with an ACK of RCV.NXT "
          "(RFC 9293 3.10.7.4)", "no ACK of %d came back" % st["l_nxt"])

    def make(st, i):
        w = max(st["rcv_wnd"], 1)
        off = w + x.rng.randrange(1, 1 << 30) if i % 2 else -x.rng.randrange(1 << 20, 1 << 30)
        return x.seg(st, st["l_nxt"] + off, st["g_nxt"], PSH | ACK, b"OUT-OF-WINDOW" * 40)

    x.bursts(make, 300)
    return {"same": [("tcp.rx_resets", "nothing reset")]}


def attack_rst(x):
    """Blind RSTs: random sequence numbers out of the window (dropped) and in
    it but not exact (RFC 5961 3.2: a challenge ACK, no reset)."""
    st = None
    with x.legit.lock:
        st = x.idle_state()
        before = st["pure_acks"]
        seq = st["l_nxt"] + x.rng.randrange(1, max(2, st["rcv_wnd"]))
        x.wire.send(x.seg(st, seq, 0, RST, ts=False))
        seen = x.wire.wait_pure_ack(x.legit.cport, before, st["l_nxt"])
    check(seen, "rst: an RST in the window but not at RCV.NXT gets a challenge ACK (RFC 5961 3.2)",
          "no ACK of %d came back" % st["l_nxt"])

    def make(st, i):
        w = max(st["rcv_wnd"], 2)
        if i % 3 == 0:
            seq = st["l_nxt"] + x.rng.randrange(1, w)  # in the window, not exact
        else:
            seq = st["l_nxt"] + w + x.rng.randrange(0, (1 << 32) - 2 * w)
        flags = RST | (ACK if i % 2 else 0)
        return x.seg(st, seq, x.rng.getrandbits(32), flags, ts=bool(i % 4 == 1))

    x.bursts(make, 600, per=20)
    return {"moved": [("tcp.challenge_acks", "RSTs in the window")],
            "same": [("tcp.rx_resets", "no blind RST was taken")]}


def attack_syn(x):
    """Blind SYNs on the open connection's 4-tuple (RFC 5961 4: a challenge
    ACK, never a reset or a new connection)."""
    with x.legit.lock:
        st = x.idle_state()
        before = st["pure_acks"]
        seq = st["l_nxt"] + x.rng.randrange(1, max(2, st["rcv_wnd"]))
        x.wire.send(x.seg(st, seq, 0, SYN))
        seen = x.wire.wait_pure_ack(x.legit.cport, before, st["l_nxt"])
    check(seen, "syn: a SYN on the open connection gets a challenge ACK (RFC 5961 4.2)",
          "no ACK of %d came back" % st["l_nxt"])

    def make(st, i):
        w = max(st["rcv_wnd"], 2)
        seq = st["l_nxt"] + (x.rng.randrange(0, w) if i % 2 else x.rng.getrandbits(32))
        return x.seg(st, seq, 0, SYN, ts=bool(i % 3))

    x.bursts(make, 300, per=20)
    return {"moved": [("tcp.challenge_acks", "SYNs on an open connection")],
            "same": [("tcp.rx_resets", "nothing reset"),
                     ("tcp.passive_opens", "no new connection")]}


def attack_inject(x, future_ts=False):
    """Data at exactly RCV.NXT (so that it would take the peer's place in
    the stream) with unacceptable ACKs (RFC 5961 5.2): acknowledging data
    never sent, or older than SND.UNA - MAX.SND.WND. With future_ts, the
    segments also carry a timestamp far ahead of Linux's: a dropped segment
    must not move TS.Recent, or PAWS then drops everything Linux sends."""
    name = "inject-ts" if future_ts else "inject"

    def make(st, i):
        ack = st["g_nxt"] + (1 << 20) if i % 2 else st["g_nxt"] - (1 << 30)
        tsval = st["l_tsval"] + (1 << 30) if future_ts else None
        return x.seg(st, st["l_nxt"], ack, PSH | ACK, b"INJECTED" * 64, tsval=tsval)

    x.bursts(make, 100)
    return {"moved": [("tcp.challenge_acks", "ACKs older than the window")],
            "same": [("tcp.rx_resets", "nothing reset")], "name": name}


def attack_synflood(x):
    """Thousands of SYNs from spoofed sources (on the link and beyond it)
    while Linux opens new connections and uses them: the SYN queue fills,
    SYN cookies take over, and every legitimate connection is served."""
    stop = []
    count = [0]
    prefix = socket.inet_aton(x.a.guest)[:3]

    def flood():
        i = 0
        while not stop or i < x.a.syns:
            if i < 256 or i % 4:
                src = bytes([10, 200 + x.rng.randrange(50), x.rng.randrange(256),
                             1 + x.rng.randrange(254)])
            else:
                src = prefix + bytes([10 + x.rng.randrange(240)])
            sport = 1024 + x.rng.randrange(60000)
            opts = b"\x02\x04\x05\xb4" + ts_option(x.rng.getrandbits(32), 0) + \
                b"\x01\x03\x03\x07"
            t = tcp_segment(src, x.guest, sport, x.a.port, x.rng.getrandbits(32), 0, SYN,
                            wnd=64240, opts=opts)
            smac = b"\x02\x5a" + src
            x.wire.send(x.wire.eth(ip_header(src, x.guest, 6, len(t), frag=0) + t, src=smac))
            i += 1
            count[0] = i
            if i % 100 == 0:
                time.sleep(0.01)
            if stop and i >= x.a.syns:
                break

    th = threading.Thread(target=flood, daemon=True)
    th.start()
    while count[0] < 600:
        time.sleep(0.01)
    ok, errors = 0, []
    for n in range(x.a.connections):
        try:
            s = socket.create_connection((x.a.guest, x.a.port), timeout=TIMEOUT)
            data = hashlib.sha256(b"flood %d" % n).digest() * 64
            s.sendall(data)
            got = bytearray()
            while len(got) < len(data):
                b = s.recv(65536)
                if not b:
                    break
                got += b
            s.close()
            if bytes(got) == data:
                ok += 1
            else:
                errors.append("connection %d: %d of %d bytes back" % (n, len(got), len(data)))
        except OSError as e:
            errors.append("connection %d: %s" % (n, e))
    during = count[0]
    stop.append(1)
    th.join()
    info("synflood: %d spoofed SYNs; %d new connections while %d of them were sent" % (
        count[0], x.a.connections, during))
    check(ok == x.a.connections, "synflood: %d of %d new connections made during the flood "
          "carry 2 KiB each way intact" % (ok, x.a.connections), "; ".join(errors[:3]))
    return {"moved": [("tcp.syn_cookies_sent", "the SYN queue filled"),
                      ("tcp.syn_cookies_ok", "connections made through cookies")],
            "same": [("tcp.rx_resets", "nothing reset")]}


def attack_fragflood(x):
    """Fragments of datagrams that never complete, from spoofed sources:
    first fragments, middle ones, overlapping ones, datagrams of more than
    64 fragments, and one that would end beyond 65,535 bytes."""
    prefix = socket.inet_aton(x.a.guest)[:3]

    def frag(src, ident, off, more, payload, proto=17):
        fl = (0x2000 if more else 0) | (off // 8)
        return x.wire.eth(ip_header(src, x.guest, proto, len(payload), ident=ident, frag=fl)
                          + payload)

    def make(st, i):
        src = bytes([10, 201, (i >> 8) & 255, 1 + (i & 127)])
        ident = i & 0xFFFF
        k = i % 8
        if k < 4:  # 12 fragments of 1,480 bytes, never the last: the bytes
            return [frag(src, ident, 1480 * j, True, bytes(1480)) for j in range(12)]
        if k == 4:  # a middle fragment alone
            return frag(src, ident, 1480 * 3, True, bytes(1480))
        if k == 5:  # overlapping fragments
            return [frag(src, ident, 0, True, bytes(800)), frag(src, ident, 400, True, bytes(800))]
        if k == 6:  # 70 small fragments of one datagram (limit 64)
            return [frag(src, ident, 8 * j, True, bytes(8)) for j in range(70)]
        # beyond 65,535 bytes
        return frag(prefix + bytes([99]), ident, 65528, False, bytes(100))

    x.bursts(make, 800, per=16)
    return {"moved": [("ipv4.reasm_over_limit", "datagrams pushed out"),
                      ("ipv4.reasm_overlaps", "overlapping fragments"),
                      ("ipv4.rx_bad_header", "a datagram beyond 65,535 bytes")],
            "same": [("tcp.rx_resets", "nothing reset")]}


def attack_arpflood(x):
    """ARP requests for the guest's address from 1,000 spoofed hosts of the
    link: it learns each (it learns from requests for it), so its cache must
    stay within its 64 entries and still reach Linux."""
    prefix = socket.inet_aton(x.a.guest)[:3]

    def make(st, i):
        spa = prefix + bytes([3 + i % 250])
        if spa in (x.host, x.guest):
            spa = prefix + bytes([254])
        sha = b"\x02\x5b" + struct.pack("!I", i)
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, sha, spa, b"\0" * 6, x.guest)
        return x.wire.eth(arp, etype=0x0806, src=sha, dst=b"\xff" * 6)

    x.bursts(make, 1000, per=25)
    return {"moved": [("arp.rx_requests", "requests for the guest")],
            "same": [("tcp.rx_resets", "nothing reset")]}


def attack_exact_rst(x):
    """The control: one RST at exactly RCV.NXT, which a real peer may send
    and which must reset the connection (RFC 5961 3.2). That it does shows
    the attacker's sequence numbers are exact, so that the checks of the
    other attacks (nothing reset, nothing injected) mean something."""
    with x.legit.lock:
        st = x.idle_state()
        x.wire.send(x.seg(st, st["l_nxt"], 0, RST, ts=False))
    return {"control": ("reset", "the RST at exactly RCV.NXT resets the connection"),
            "moved": [("tcp.rx_resets", "the RST was taken")]}


def attack_exact_inject(x):
    """The other control: data at exactly RCV.NXT with an acceptable ACK and
    the current timestamp is taken, in the real peer's place: the echo then
    differs, which shows that the byte-for-byte check catches injected
    data."""
    with x.legit.lock:
        st = x.idle_state()
        x.wire.send(x.seg(st, st["l_nxt"], st["g_nxt"], PSH | ACK, b"INJECTED" * 64))
    return {"control": ("differs", "data at exactly RCV.NXT with a good ACK is taken "
                        "in the peer's place")}


ATTACKS = {
    "exact-rst": attack_exact_rst,
    "exact-inject": attack_exact_inject,
    "malformed": attack_malformed,
    "outwindow": attack_outwindow,
    "rst": attack_rst,
    "syn": attack_syn,
    "inject": attack_inject,
    "inject-ts": lambda x: attack_inject(x, True),
    "synflood": attack_synflood,
    "fragflood": attack_fragflood,
    "arpflood": attack_arpflood,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--host", required=True, help="Linux's address on the link")
    ap.add_argument("--guest", required=True)
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--log", required=True, help="the guest's log (--tcpip-stats=1)")
    ap.add_argument("--seed", type=int, default=5961)
    ap.add_argument("--syns", type=int, default=3000, help="synflood: at least this many")
    ap.add_argument("--connections", type=int, default=20, help="synflood: new connections")
    ap.add_argument("attack", choices=sorted(ATTACKS))
    a = ap.parse_args()
    x = Ctx(a)
    counters = Counters(a.log)
    x.legit = Legit(a.guest, a.port)
    if not x.legit.wait_rounds(20):
        check(False, "%s: the legitimate connection transfers before the attack" % a.attack,
              x.legit.error or "stalled")
        return 1
    # the first snapshot taken with the connection open, before the attack
    first = counters.wait_fresh()
    base = counters.snapshots()
    before = base[first] if len(base) > first else {}
    t0 = time.monotonic()
    try:
        expect = ATTACKS[a.attack](x)
    except RuntimeError as e:
        check(False, "%s: the attack runs" % a.attack, str(e))
        expect = {}
    name = expect.get("name", a.attack)
    info("%s: %d frames in %.1f s" % (name, x.wire.sent, time.monotonic() - t0))
    rounds = x.legit.rounds
    alive = x.legit.wait_rounds(50)
    if expect.get("control"):
        what, desc = expect["control"]
        check(not alive and what in (x.legit.error or ""),
              "%s: %s (the control: the attacker's sequence numbers are exact)" % (name, desc),
              x.legit.error or "the connection still works")
    else:
        check(alive, "%s: the legitimate connection still carries data after the attack" % name,
              x.legit.error or "stalled after %d rounds of %d bytes" % (rounds, Legit.CHUNK))
    err = x.legit.finish() if alive else None
    if alive and not expect.get("control"):
        check(err is None, "%s: all %d bytes came back intact, and the end was orderly" % (
            name, x.legit.bytes), err or "")
    n = counters.wait_fresh()
    snaps = counters.snapshots()
    after = snaps[-1] if snaps else {}
    check_bounds(name, snaps[first:])
    for key, why in expect.get("moved", []):
        moved(name, before, after, key, why)
    for key, why in expect.get("same", []):
        same(name, before, after, key, why)
    info("%s: %d snapshots of the counters, %d since the attack" % (
        name, len(snaps), len(snaps) - n))
    x.wire.stop = True
    return 0


sys.exit(main())
