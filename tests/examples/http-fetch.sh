#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/http-fetch.sh: builds examples/http-fetch (the socket
# stack) and fetches from Python's http.server on 127.0.0.1: a file (its
# length and SHA-256 logged, exit 0), three times over one kept
# connection, a 404 (exit 1), a closed port (exit 1); a host name without
# a resolver to ask (exit 1, saying so) and with --dns naming a closed
# port (exit 1, timed out); https:// to that plain HTTP server (exit 1,
# the TLS failure said); refuses ftp:// and malformed URLs (exit 64).
# (Names resolved by dnsmasq, with DHCP and syslog: tests/net/http-*.sh.)
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

p=$scratch/http-fetch
copy_project "$top_srcdir/examples/http-fetch" "$p"
if build_project "$p"; then ok "http-fetch builds"; else
    not_ok "http-fetch builds"; diag_file "$p/build.log"
    done_testing; exit; fi
check_grep "the prototype passes the stack and the arguments" \
    'struct mirage_syslog \*syslog, struct mirage_tls \*tls,$' \
    "$p/mirage_main.h"

# the devices' arguments name their values (arg.docv in registry.def)
"$p/http-fetch" --help=plain >"$scratch/help" 2>&1
check_grep "--help: --syslog=ADDR[:PORT], as its device names it" \
    '^ +--syslog=ADDR\[:PORT\] \(optional\)$' "$scratch/help"
check_grep "--help: --dns=ADDR[:PORT],... (a list)" \
    '^ +--dns=ADDR\[:PORT\],\.\.\. ' "$scratch/help"
check_grep "--help: a value without its own name keeps its type's" \
    '^ +--url=STRING ' "$scratch/help"

www=$scratch/www
mkdir -p "$www"
python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 13 + 5) & 255 for i in range(123457)))' \
    >"$www/file.bin"
sum=$(sha256sum "$www/file.bin" | cut -d' ' -f1)

# Python's server on a port of its choosing (tests/net/httpd.py); it
# prints the port first.
python3 "$top_srcdir/tests/net/httpd.py" "$www" 127.0.0.1 0 \
    >"$scratch/server.out" 2>"$scratch/server.err" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
listening() { test -s "$scratch/server.out"; }
wait_until 10 listening
port=$(head -n 1 "$scratch/server.out")
url=http://127.0.0.1:$port

fetch() {
    test_timeout 60 "$p/http-fetch" --ipv4=127.0.0.1/8 "$@" \
        >"$scratch/out" 2>&1
    status=$?
}

fetch --url="$url/file.bin"
check_status "a file: exits with 0" 0 "$status"
check_grep "and logs its status, length, type and SHA-256" \
    "GET $url/file\\.bin: status 200, 123457 bytes, type application/octet-stream, sha256 $sum\$" \
    "$scratch/out"
check_grep "the server saw the Host and the User-Agent" \
    '"GET /file.bin HTTP/1.1" 200' "$scratch/server.err"

fetch --url="$url/file.bin" --repeat=3
check_status "--repeat=3: exits with 0" 0 "$status"
check_status "three fetches, each whole" 3 \
    "$(grep -E -c -e "status 200, 123457 bytes, .*sha256 $sum\$" "$scratch/out")"
check_grep "over one kept connection" '3 requests over 1 connections$' \
    "$scratch/out"

fetch --url="$url/missing"
check_status "a 404: exits with 1" 1 "$status"
check_grep "and logs the status" "GET $url/missing: status 404," \
    "$scratch/out"

fetch --url="$url"
check_status "no path: GET / (a listing), exits with 0" 0 "$status"

# https:// to a server that speaks plain HTTP: the handshake fails
fetch --url="https://127.0.0.1:$port/file.bin" --timeout=10
check_status "https:// to a plain HTTP server: exits with 1" 1 "$status"
check_grep "the tls device says why" \
    'WRN \[tls\] tls: server 127\.0\.0\.1:[0-9]*: ' "$scratch/out"
check_grep "and the GET fails with a protocol error" \
    "GET https://127\.0\.0\.1:$port/file\.bin: .*\(error -(71|104|32)\)\$" \
    "$scratch/out"

kill "$server"
wait "$server" 2>/dev/null
fetch --url="$url/file.bin" --timeout=5
check_status "a closed port: exits with 1" 1 "$status"
check_grep "and says the connection was refused" \
    'connection refused .*\(error -111\)' "$scratch/out"

fetch --url=http://www.example.com/
check_status "a host name, no resolver to ask: exits with 1" 1 "$status"
check_grep "and says what to give" \
    'resolving www\.example\.com: no DNS server to ask \(give --dns=ADDR, or use DHCP\) \(error -89\)' \
    "$scratch/out"
fetch --url=http://www.example.com/ --dns=127.0.0.1:9 --dns-timeout=2
check_status "a host name, a resolver that never answers: exits with 1" 1 \
    "$status"
check_grep "and says the time ran out" \
    'resolving www\.example\.com: no DNS server answered in time \(error -110\)' \
    "$scratch/out"
# an IPv6 literal is an IPv6 endpoint (the server listens on 127.0.0.1
# only: refused; without IPv6 on lo, the address or network is not there)
fetch --url="http://[::1]:$port/file.bin" --timeout=5
check_status "an IPv6 literal: exits with 1" 1 "$status"
check_grep "the connection to [::1] failed as the stack says" \
    "GET http://\\[::1\\]:$port/file\\.bin: .*\\(error -(111|99|101|97)\\)\$" \
    "$scratch/out"
fetch --url=ftp://127.0.0.1/
check_status "ftp: exits with 64" 64 "$status"
check_grep "and says why" 'only http:// and https:// URLs are fetched' \
    "$scratch/out"
for bad in 'http://' 'http://1.2.3.4:99999/' 'http://user@1.2.3.4/' \
    '127.0.0.1/x' 'http://1.2.3.4/a b'; do
    fetch --url="$bad"
    check_status "'$bad': exits with 64" 64 "$status"
done
fetch
check_status "no --url: exits with 64" 64 "$status"
done_testing
