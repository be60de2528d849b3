#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/xensim/xen-direct.sh: the direct stack on xen's net device
# (runtime/xen/netfront.c) serving Linux: tests/xensim/xen_direct runs
# netfront, the `default` net device and the direct stack in one hosted
# program over the simulated netback, which is bridged to a tap in a
# network namespace of the test's own. Ping, and a TCP echo of lines and
# of 2 MiB checked by hash, with an MTU of 9000 so that frames span
# several ring slots both ways. Needs root, ip(8) and /dev/net/tun, and
# python3 and ping, else SKIP.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/netns.sh"

prog=$top_builddir/tests/xensim/xen_direct
guest= # PID, from netns_spawn
test -x "$prog" || skip_all "tests/xensim/xen_direct is not built"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
command -v ping >/dev/null 2>&1 || skip_all "ping is not installed"
netns_usable || skip_all "$netns_why"
netns_create || skip_all "$netns_why"
netns_tap tap0 || skip_all "$netns_why"
in_netns ip link set tap0 mtu 9000

port=7007
out=$scratch/guest.out
netns_spawn guest in_netns "$prog" tap0 "$netns_guest" 24 "$port" 9000 \
    "$(scaled 5)" >"$out" 2>"$scratch/guest.err"
if wait_until 30 grep -q '^listening' "$out"; then
    ok "the direct stack over netfront is up"
else
    not_ok "the direct stack over netfront is up"
    diag_file "$scratch/guest.err"
    done_testing
    exit
fi

if in_netns ping -c 3 -i 0.2 -W "$(scaled 2)" "$netns_guest" \
    >"$scratch/ping.out" 2>&1; then
    ok "it answers ping"
else
    not_ok "it answers ping"
    diag_file "$scratch/ping.out"
fi
if in_netns ping -c 2 -s 8000 -M do -W "$(scaled 2)" "$netns_guest" \
    >"$scratch/ping.out" 2>&1; then
    ok "it answers an 8000-byte ping (multi-slot frames both ways)"
else
    not_ok "it answers an 8000-byte ping (multi-slot frames both ways)"
    diag_file "$scratch/ping.out"
fi

cat >"$scratch/echo.py" <<'PY'
import hashlib, os, socket, sys, threading
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=float(sys.argv[4]))
if mode == "lines":
    for i in range(20):
        line = ("line %d of the xen netfront test\n" % i).encode()
        s.sendall(line)
        got = b""
        while len(got) < len(line):
            b = s.recv(4096)
            if not b:
                sys.exit("closed early")
            got += b
        if got != line:
            sys.exit("line %d came back as %r" % (i, got))
else:
    data = os.urandom(2 << 20)
    def send():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=send)
    t.start()
    got = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
    t.join()
    if hashlib.sha256(got).digest() != hashlib.sha256(data).digest():
        sys.exit("%d bytes back, not the same" % len(got))
s.close()
PY
t=$(scaled 10)
if in_netns python3 "$scratch/echo.py" "$netns_guest" "$port" lines "$t" \
    >"$scratch/lines.out" 2>&1; then
    ok "TCP: 20 lines echoed"
else
    not_ok "TCP: 20 lines echoed"
    diag_file "$scratch/lines.out"
fi
if in_netns python3 "$scratch/echo.py" "$netns_guest" "$port" bulk "$t" \
    >"$scratch/bulk.out" 2>&1; then
    ok "TCP: 2 MiB echoed, the same bytes"
else
    not_ok "TCP: 2 MiB echoed, the same bytes"
    diag_file "$scratch/bulk.out"
fi

netns_reap "$guest"
check_status "the program ends on its own after its idle time" 0 "$netns_st"
check_grep "it served the 2 connections" "^served 2 connections" "$out"
check_grep "the netback saw no error of the guest" " 0 guest errors" "$out"
check_no_grep "the program logged no error" "ERR" "$scratch/guest.err"
diag "$(grep '^netback' "$out")"
done_testing
