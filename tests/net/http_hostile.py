#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/http_hostile.py: a hostile HTTP client of static_website:
# slowloris, oversized heads and request lines, smuggling shapes, and a
# flood of pipelined requests never read, each while a polite client is
# served. Prints "ok: ..." or "FAIL: ..." lines; exits 1 if any failed.
#
#   http_hostile.py MODE HOST PORT LIMIT [PID]
#
# MODE: slowloris, heads, flood. LIMIT: seconds any one wait may take
# (the test's scaled limit). PID: the server's process (unix), whose
# resident memory the flood samples.
import socket
import sys
import threading
import time

failed = False


def say(ok, text):
    global failed
    if not ok:
        failed = True
    print(("ok: " if ok else "FAIL: ") + text, flush=True)


def connect(host, port, limit):
    s = socket.create_connection((host, port), timeout=limit)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_until_close(s, limit):
    """Everything the server sends until it closes (or resets)."""
    got = b""
    s.settimeout(limit)
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except ConnectionResetError:
        pass
    except socket.timeout:
        got += b"<timeout>"
    return got


def status_of(answer):
    """The status code of the first response in (answer), or 0."""
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def polite(host, port, limit):
    """A plain GET / on a connection of its own: its status."""
    s = connect(host, port, limit)
    s.sendall(b"GET / HTTP/1.1\r\nHost: polite\r\nConnection: close\r\n\r\n")
    answer = read_until_close(s, limit)
    s.close()
    return status_of(answer)


def slowloris(host, port, limit):
    head = (b"GET / HTTP/1.1\r\nHost: slow\r\n" +
            b"".join(b"X-Slow-%d: %s\r\n" % (i, b"a" * 40) for i in range(10)) +
            b"\r\n")
    s = connect(host, port, limit)
    state = {"sent": 0, "error": None}

    def trickle():
        try:
            for i in range(len(head)):
                s.send(head[i:i + 1])
                state["sent"] = i + 1
                time.sleep(0.1)
        except OSError as e:
            state["error"] = e

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(0.3)
    code = polite(host, port, limit)
    say(code == 200 and t.is_alive(),
        "slowloris: another client is served while it trickles (%d)" % code)
    answer = read_until_close(s, limit)
    sent = state["sent"]
    say(status_of(answer) == 408,
        "slowloris: answered 408 (%r)" % answer[:40])
    say(sent < len(head),
        "slowloris: closed at the header deadline, %d of its %d bytes sent"
        % (sent, len(head)))
    s.close()


def one(host, port, limit, request):
    s = connect(host, port, limit)
    try:
        s.sendall(request)
    except OSError:
        pass  # closed early: the answer may still be there
    answer = read_until_close(s, limit)
    s.close()
    return answer


def heads(host, port, limit):
    big_head = (b"GET / HTTP/1.1\r\nHost: a\r\n" +
                b"".join(b"X-Big-%d: %s\r\n" % (i, b"b" * 1000)
                         for i in range(20)) + b"\r\n")
    a = one(host, port, limit, big_head)
    say(status_of(a) == 431, "a head of 20 KB: 431 (%d)" % status_of(a))
    many = (b"GET / HTTP/1.1\r\nHost: a\r\n" +
            b"".join(b"X-%d: y\r\n" % i for i in range(200)) + b"\r\n")
    a = one(host, port, limit, many)
    say(status_of(a) == 431, "200 fields: 431 (%d)" % status_of(a))
    line = b"GET /" + b"l" * 10000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
    a = one(host, port, limit, line)
    say(status_of(a) == 414,
        "a request line of 10 KB: 414 (%d)" % status_of(a))
    for name, req in [
            ("bare LF", b"GET / HTTP/1.1\nHost: a\n\n"),
            ("obs-fold", b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n"),
            ("Content-Length with Transfer-Encoding",
             b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            ("two different Content-Lengths",
             b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
             b"Content-Length: 5\r\n\r\nabcde"),
            ("no Host in 1.1", b"GET / HTTP/1.1\r\n\r\n"),
            ("a space before the colon",
             b"GET / HTTP/1.1\r\nHost : a\r\n\r\n")]:
        a = one(host, port, limit, req)
        say(status_of(a) == 400 and b"Connection: close" in a,
            "%s: 400 and close (%d)" % (name, status_of(a)))
    a = one(host, port, limit, b"GET / HTTP/3.0\r\nHost: a\r\n\r\n")
    say(status_of(a) == 505, "HTTP/3.0: 505 (%d)" % status_of(a))
    a = one(host, port, limit, b"GET / HTTP/1.1\r\nHost: a\r\n"
            b"Transfer-Encoding: gzip, chunked\r\n\r\n")
    say(status_of(a) == 501, "a gzip coding: 501 (%d)" % status_of(a))
    code = polite(host, port, limit)
    say(code == 200, "and the server still serves (%d)" % code)


def rss_kib(pid):
    try:
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def flood(host, port, limit, pid):
    req = b"GET /robots.txt HTTP/1.1\r\nHost: flood\r\n\r\n"
    block = req * 1000
    total = 1000  # blocks: a million requests, 42 MB
    before = rss_kib(pid) if pid else None
    s = connect(host, port, limit)
    state = {"blocks": 0, "error": None}

    def writer():
        try:
            for _ in range(total):
                s.sendall(block)
                state["blocks"] += 1
        except OSError as e:
            state["error"] = e

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    # wait until the writer is held up (the server stops reading) or done
    last, still = -1, 0
    deadline = time.time() + limit
    while t.is_alive() and time.time() < deadline and still < 10:
        time.sleep(0.2)
        still = still + 1 if state["blocks"] == last else 0
        last = state["blocks"]
    peak = rss_kib(pid) if pid else None
    code = polite(host, port, limit)
    say(code == 200, "flood: another client is served meanwhile (%d)" % code)
    answer = read_until_close(s, limit)
    n = answer.count(b"HTTP/1.1 200 ")
    say(state["blocks"] < total,
        "flood: not every request could even be written (%d of %d blocks "
        "of 1,000)" % (state["blocks"], total))
    # the server answers max_requests (1,000), the last with close, and
    # closes; what it had not read makes that a reset, which may cut the
    # answers this end had not read yet
    complete = n == 1000 and answer.rfind(b"Connection: close") > \
        answer.rfind(b"HTTP/1.1 200 ")
    say(1 <= n <= 1000 and not answer.endswith(b"<timeout>"),
        "flood: at most 1,000 answers (max_requests), then the end (%d%s)"
        % (n, ", the last with close" if complete else ", cut by the reset"))
    if before is not None and peak is not None:
        say(peak - before < 8192,
            "flood: the server's memory stays bounded (RSS %d KiB, then "
            "%d KiB)" % (before, peak))
    s.close()


def main():
    mode, host, port, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    pid = sys.argv[5] if len(sys.argv) > 5 else None
    if mode == "slowloris":
        slowloris(host, port, limit)
    elif mode == "heads":
        heads(host, port, limit)
    elif mode == "flood":
        flood(host, port, limit, pid)
    else:
        say(False, "unknown mode " + mode)
    sys.exit(1 if failed else 0)


main()
