#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/impair.py: a bad link between a unikernel and Linux, in user
# space (what tc netem does, for kernels without sch_netem, and in both
# directions): frames lost, duplicated, delayed with jitter and reordered,
# or all those of an address dropped (a peer that vanishes).
#
#     impair.py --tap tap0 --control FILE --status FILE -- CMD ARG...
#
# attaches to the tap interface tap0 (it must exist, with Linux's address
# on it), makes a datagram socket pair, and runs CMD with one end of it:
# each "{fd}" in its arguments becomes that descriptor's number (for
# --net-service=@{fd}, or a tender's --net:service=@{fd}). Frames go between
# the socket (the unikernel) and the tap (Linux) through the impairment
# that FILE describes, read again whenever it changes: lines KEY=VALUE of
# loss, duplicate, reorder (percentages), delay_ms, jitter_ms and blackhole
# (IPv4 addresses, comma-separated: every frame from or to them is dropped,
# ARP included); KEY alone is for both directions, to_guest.KEY or
# to_linux.KEY for one. reorder is netem's: that share of the frames goes at once,
# the rest after the delay. The counters go to the --status file every half
# second and at the end, after a line gen=GEN, the value of the key gen in
# the control file last read (so a test knows when a change took effect). impair.py exits with CMD's status; SIGTERM is
# passed on to CMD.
import argparse
import fcntl
import heapq
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


class Link:
    """The impairment and its counters, per direction."""

    def __init__(self, control, seed):
        self.control = control
        self.mtime = None
        self.rng = random.Random(seed)
        self.conf = {}
        self.blackhole = {}
        self.count = {d: dict(frames=0, lost=0, duplicated=0, reordered=0, delayed=0,
                              blackholed=0, overflow=0) for d in ("to_guest", "to_linux")}

    def reload(self):
        try:
            m = os.stat(self.control).st_mtime_ns
        except OSError:
            return
        if m == self.mtime:
            return
        self.mtime = m
        conf = {}
        with open(self.control) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k:
                    conf[k] = v
        self.conf = conf
        self.blackhole = {}
        for d in self.count:
            spec = conf.get(d + ".blackhole", conf.get("blackhole", ""))
            self.blackhole[d] = {socket.inet_aton(a) for a in spec.split(",") if a}

    def num(self, key, direction):
        return float(self.conf.get(direction + "." + key, self.conf.get(key, "0")) or 0)

    def blackholed(self, frame, direction):
        bh = self.blackhole.get(direction)
        if not bh:
            return False
        etype = frame[12:14]
        if etype == b"\x08\x00" and len(frame) >= 34:
            return frame[26:30] in bh or frame[30:34] in bh
        if etype == b"\x08\x06" and len(frame) >= 42:
            return frame[28:32] in bh or frame[38:42] in bh
        return False

    def plan(self, frame, direction):
        """The delays (seconds) of the copies of (frame) to send: [] drops it."""
        c = self.count[direction]
        c["frames"] += 1
        if self.blackholed(frame, direction):
            c["blackholed"] += 1
            return []
        r = self.rng
        if r.random() * 100 < self.num("loss", direction):
            c["lost"] += 1
            return []
        copies = 1
        if r.random() * 100 < self.num("duplicate", direction):
            c["duplicated"] += 1
            copies = 2
        out = []
        delay = self.num("delay_ms", direction) / 1000
        jitter = self.num("jitter_ms", direction) / 1000
        for _ in range(copies):
            if delay == 0 and jitter == 0:
                out.append(0.0)
            elif r.random() * 100 < self.num("reorder", direction):
                c["reordered"] += 1
                out.append(0.0)
            else:
                c["delayed"] += 1
                out.append(max(0.0, delay + r.uniform(-jitter, jitter)))
        return out

    def status(self, path):
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write("gen=%s\n" % self.conf.get("gen", "0"))
            for d, c in self.count.items():
                f.write(d + " " + " ".join("%s=%d" % kv for kv in c.items()) + "\n")
        os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tap", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--status", required=True)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command")
    link = Link(a.control, a.seed)
    link.reload()
    tap = open_tap(a.tap)
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    for s in (mine, theirs):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    mine.setblocking(False)
    fd = theirs.fileno()
    child = subprocess.Popen([x.replace("{fd}", str(fd)) for x in cmd], pass_fds=(fd,))
    theirs.close()
    stopping = []

    def on_term(signum, frame):
        stopping.append(time.monotonic())
        try:
            child.send_signal(signal.SIGTERM)
        except OSError:
            pass

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    queue = []  # (when, n, direction, frame)
    n = 0
    last_status = 0.0

    def send(direction, frame):
        try:
            if direction == "to_guest":
                mine.send(frame)
            else:
                os.write(tap, frame)
        except (BlockingIOError, OSError):
            link.count[direction]["overflow"] += 1

    poller = select.poll()
    poller.register(tap, select.POLLIN)
    poller.register(mine.fileno(), select.POLLIN)
    while child.poll() is None:
        now = time.monotonic()
        if stopping and now - stopping[0] > 5:
            child.kill()
        if now - last_status >= 0.5:
            link.reload()
            link.status(a.status)
            last_status = now
        while queue and queue[0][0] <= now:
            _, _, d, frame = heapq.heappop(queue)
            send(d, frame)
        wait = 0.1
        if queue:
            wait = min(wait, max(0.0, queue[0][0] - now))
        for rfd, _ in poller.poll(wait * 1000):
            for _ in range(64):
                try:
                    if rfd == tap:
                        frame, d = os.read(tap, 65536), "to_guest"
                    else:
                        frame, d = mine.recv(65536), "to_linux"
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                now = time.monotonic()
                for delay in link.plan(frame, d):
                    if delay == 0:
                        send(d, frame)
                    else:
                        n += 1
                        heapq.heappush(queue, (now + delay, n, d, frame))
    link.status(a.status)
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


sys.exit(main())
