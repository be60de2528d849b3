#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/network.sh: builds examples/network, serves two TCP
# connections on 127.0.0.1 with it and checks the replies, the exit status
# and the address-in-use error; then the benchmarks' modes, --source and
# --sink, --idle-timeout and --keepalive (with its interval and count,
# and --user-timeout), then --udp and --connect.
# Traffic stays on loopback.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

p=$scratch/network
copy_project "$top_srcdir/examples/network" "$p"
if build_project "$p"; then ok "network builds"; else
    not_ok "network builds"; diag_file "$p/build.log"; done_testing; exit; fi
check_grep "the prototype passes the stack, the syslog device and the arguments typed" \
    'int network_start\(struct mirage_stack \*stack, struct mirage_syslog \*syslog,' \
    "$p/mirage_main.h"

# seen_or_ended PID FILE PATTERN: 0 when FILE has a line that matches
# PATTERN or PID has ended.
seen_or_ended() {
    grep -E -q -e "$3" "$2" 2>/dev/null || ! kill -0 "$1" 2>/dev/null
}
# wait_for PID FILE PATTERN: waits (10 s, scaled, at most) until FILE has a
# line that matches PATTERN (0) or PID has ended (1).
wait_for() {
    wait_until 10 seen_or_ended "$@" && grep -E -q -e "$3" "$2" 2>/dev/null
}

# Start it on a free port; another program may take the port between the
# probe and the start, so a start that fails with 125 tries another one.
pid=
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    "$p/network" --ipv4=127.0.0.1/8 --port="$port" --max-connections=2 \
        >"$scratch/out" 2>&1 &
    pid=$!
    if wait_for "$pid" "$scratch/out" "listening on port $port\$"; then
        break
    fi
    wait "$pid"
    diag "attempt $attempt on port $port: exit $?"
    pid=
done
if test -z "$pid"; then
    not_ok "the unikernel listens"; diag_file "$scratch/out"
    done_testing; exit
fi
ok "the unikernel listens on 127.0.0.1:$port"

# While it runs, a second one on the same port fails: address in use.
"$p/network" --ipv4=127.0.0.1/8 --port="$port" >"$scratch/out2" 2>&1
check_status "a second unikernel on the same port exits with 125" 125 $?
check_grep "its log names the device and the address" \
    "ERR \\[stack-socket\\] stack: TCP 127\\.0\\.0\\.1:$port: address in use" \
    "$scratch/out2"

# Two clients at once: the second is served while the first still waits.
cat >"$scratch/client.py" <<'EOF'
import socket, sys
port = int(sys.argv[1])
def talk(s, data):
    s.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = s.recv(4096)
        if not chunk:
            break
        got += chunk
    return got
limit = int(sys.argv[2])
a = socket.create_connection(("127.0.0.1", port), timeout=limit)
b = socket.create_connection(("127.0.0.1", port), timeout=limit)
print("b:", talk(b, b"second client\n").decode().rstrip("\n"))
print("a:", talk(a, b"hello, world\nMixed Case 42\n").decode()
      .replace("\n", "|"))
for s in (a, b):
    s.shutdown(socket.SHUT_WR)
    print("eof:", s.recv(10) == b"")
    s.close()
EOF
python3 "$scratch/client.py" "$port" "$(scaled 10)" >"$scratch/client.out" 2>&1
check_status "the client talks to it" 0 $?
check_grep "the second client is answered first, upper-cased" \
    '^b: SECOND CLIENT$' "$scratch/client.out"
check_grep "the first one gets each of its lines upper-cased" \
    '^a: HELLO, WORLD\|MIXED CASE 42\|$' "$scratch/client.out"
n=$(grep -c '^eof: True$' "$scratch/client.out")
check_status "both see the end of the stream after theirs" 2 "$n"

# After --max-connections=2 connections it exits with 0 by itself.
ended() { ! kill -0 "$pid" 2>/dev/null; }
if ! wait_until 10 ended; then
    kill "$pid"
    wait "$pid"
    not_ok "it exits after two connections"; diag_file "$scratch/out"
else
    wait "$pid"
    check_status "it exits with 0 after two connections" 0 $?
fi
check_grep "it logs both connections" \
    'INF \[network\] connection 2 from 127\.0\.0\.1:' "$scratch/out"
check_grep "and the count" 'INF \[network\] served 2 connections$' \
    "$scratch/out"

"$p/network" --ipv4-only --ipv6-only >"$scratch/out3" 2>&1
check_status "--ipv4-only with --ipv6-only exits with 125" 125 $?
check_grep "and says why" 'stack: --ipv4-only and --ipv6-only exclude' \
    "$scratch/out3"

# start_one ARGS...: network on a free port of 127.0.0.1 for one
# connection with ARGS (tries 5 ports); $pid, $port; 1 if it never listens.
start_one() {
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        "$p/network" --ipv4=127.0.0.1/8 --port="$port" --max-connections=1 \
            "$@" >"$scratch/one" 2>&1 &
        pid=$!
        if wait_for "$pid" "$scratch/one" "listening on port $port\$"; then
            return 0
        fi
        wait "$pid"
    done
    return 1
}

# end_one NAME: waits for the one-connection server; checks it exits 0.
end_one() {
    if wait_until 10 ended; then
        wait "$pid"
        check_status "$1" 0 $?
    else
        kill "$pid"
        wait "$pid"
        not_ok "$1"
        diag_file "$scratch/one"
    fi
}

# --source=N: N bytes of the pattern k & 0xff, then the end of the stream.
if start_one --source=100000; then
    python3 - "$port" "$(scaled 10)" >"$scratch/source.out" 2>&1 <<'EOF2'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])),
                             timeout=int(sys.argv[2]))
got = bytearray()
while True:
    b = s.recv(65536)
    if not b:
        break
    got += b
ok = got == bytes(k & 0xff for k in range(100000))
print("source:", len(got), "pattern" if ok else "WRONG")
EOF2
    check_grep "--source=100000 sends 100,000 bytes of its pattern, then the end" \
        '^source: 100000 pattern$' "$scratch/source.out"
    end_one "and exits with 0 after its connection"
else
    not_ok "--source=100000 listens"
    diag_file "$scratch/one"
fi

# --sink: reads everything, answers nothing, ends when the client does.
if start_one --sink; then
    python3 - "$port" "$(scaled 10)" >"$scratch/sink.out" 2>&1 <<'EOF2'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])),
                             timeout=int(sys.argv[2]))
s.sendall(b"swallow me\n" * 10000)
s.shutdown(socket.SHUT_WR)
print("sink:", repr(s.recv(100)))
EOF2
    check_grep "--sink reads 110,000 bytes and sends none back" \
        "^sink: b''\$" "$scratch/sink.out"
    end_one "and exits with 0 after its connection"
else
    not_ok "--sink listens"
    diag_file "$scratch/one"
fi

"$p/network" --ipv4=127.0.0.1/8 --echo --sink >"$scratch/out4" 2>&1
check_status "--echo with --sink exits with 64" 64 $?
check_grep "and says why" '--echo, --sink and --source exclude each other' \
    "$scratch/out4"

# --idle-timeout=1: a connection whose read waits 1 s is closed, with
# the peer and the error logged.
if start_one --idle-timeout=1; then
    python3 - "$port" "$(scaled 10)" >"$scratch/idle.out" 2>&1 <<'EOF2'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])),
                             timeout=int(sys.argv[2]))
print("idle:", repr(s.recv(100)))
EOF2
    check_grep "--idle-timeout=1 closes a silent connection" \
        "^idle: b''\$" "$scratch/idle.out"
    end_one "and exits with 0 after its connection"
    check_grep "and logs the peer and the error" \
        'WRN \[network\] connection from 127\.0\.0\.1:[0-9]+ ended: error -[0-9]+$' \
        "$scratch/one"
else
    not_ok "--idle-timeout=1 listens"
    diag_file "$scratch/one"
fi

# --keepalive=30: the served connection's socket has a keep-alive timer
# (the socket stack hands the option to the host; ss(8) shows it).
if ! command -v ss >/dev/null 2>&1; then
    skip "--keepalive=30 turns keep-alive on" "ss (iproute2) is not installed"
elif start_one --keepalive=30 --keepalive-interval=7 --keepalive-count=4 \
    --user-timeout=2500; then
    python3 - "$port" "$(scaled 10)" >"$scratch/ka.out" 2>&1 <<'EOF2'
import socket, subprocess, sys, time
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=int(sys.argv[2]))
s.sendall(b"x\n")
s.recv(100)  # served: the option is set before the connection is
for _ in range(50):
    out = subprocess.run(["ss", "-tno", "state", "established",
                          "( sport = :%d )" % port],
                         capture_output=True, text=True).stdout
    if "keepalive" in out:
        break
    time.sleep(0.1)
print(out)
s.close()
EOF2
    check_grep "--keepalive=30 turns keep-alive on" 'timer:\(keepalive,' \
        "$scratch/ka.out"
    end_one "and exits with 0 after its connection"
    ! grep -q 'connection 1: .*: error' "$scratch/one"
    check_status "--keepalive-interval, --keepalive-count and --user-timeout are taken (no refusal logged)" 0 $?
else
    not_ok "--keepalive=30 listens"
    diag_file "$scratch/one"
fi

"$p/network" --ipv4=127.0.0.1/8 --keepalive=-1 >"$scratch/out5" 2>&1
check_status "--keepalive=-1 exits with 64" 64 $?
check_grep "and says why" 'bad --port, .*--keepalive' "$scratch/out5"

"$p/network" --ipv4=127.0.0.1/8 --keepalive=5 --keepalive-count=256 \
    >"$scratch/out6" 2>&1
check_status "--keepalive-count=256 exits with 64" 64 $?

# --udp: datagrams to the port are answered the same way (upper-cased).
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    "$p/network" --ipv4=127.0.0.1/8 --port="$port" --max-connections=1 \
        --udp >"$scratch/out4" 2>&1 &
    pid=$!
    if wait_for "$pid" "$scratch/out4" "listening on port $port\$"; then
        break
    fi
    wait "$pid"
    pid=
done
if test -n "$pid"; then
    python3 -c 'import socket, sys
port, limit = int(sys.argv[1]), int(sys.argv[2])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(limit)
u.sendto(b"datagram one\n", ("127.0.0.1", port))
print("udp:", u.recvfrom(100)[0].decode().rstrip())
t = socket.create_connection(("127.0.0.1", port), timeout=limit)
t.close()' "$port" "$(scaled 10)" >"$scratch/client4.out" 2>&1
    check_grep "--udp: a datagram comes back upper-cased" '^udp: DATAGRAM ONE$' \
        "$scratch/client4.out"
    if wait_until 10 ended; then wait "$pid"; st=$?; else
        kill "$pid"; wait "$pid"; st=124; fi
    check_status "--udp: it exits with 0 after its one connection" 0 "$st"
    check_grep "--udp: and says how many datagrams it answered" \
        'INF \[network\] answered 1 UDP datagrams$' "$scratch/out4"
else
    not_ok "--udp: the unikernel listens"; diag_file "$scratch/out4"
fi

# --connect: a client of a server on loopback, which replies upper-cased.
cat >"$scratch/server.py" <<'EOF2'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(int(sys.argv[1]))
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
got = b""
while True:
    b = c.recv(100)
    if not b:
        break
    got += b
c.sendall(got.upper() + b"and more\n")
c.close()
print("got:", got.decode().rstrip(), flush=True)
EOF2
python3 "$scratch/server.py" "$(scaled 10)" >"$scratch/server.out" 2>&1 &
server=$!
listening() { test -s "$scratch/server.out"; }
wait_until 10 listening
port=$(head -n 1 "$scratch/server.out")
"$p/network" --ipv4=127.0.0.1/8 --connect=127.0.0.1 --port="$port" \
    >"$scratch/out5" 2>&1
check_status "--connect: the client exits with 0" 0 $?
wait "$server"
check_grep "--connect: the server got its line, then the end of the stream" \
    '^got: hello from the unikernel$' "$scratch/server.out"
check_grep "--connect: it logs the reply to its end" \
    "reply of 34 bytes from 127\\.0\\.0\\.1:$port: HELLO FROM THE UNIKERNEL\$" \
    "$scratch/out5"
"$p/network" --ipv4=127.0.0.1/8 --connect=127.0.0.1 --port="$port" \
    >"$scratch/out6" 2>&1
check_status "--connect: to a closed port it exits with 1" 1 $?
check_grep "--connect: and says the connection was refused" \
    "connecting to 127\\.0\\.0\\.1:$port: .*\\(error -111\\)" "$scratch/out6"
done_testing
