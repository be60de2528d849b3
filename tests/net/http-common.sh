# SPDX-License-Identifier: ISC
# tests/net/http-common.sh: examples/static_website checked with curl (keep-
# alive, ranges, HEAD, conditional requests, uploads chunked and with 100
# Continue, errors, traversal attempts) and attacked by
# tests/net/http_hostile.py; examples/http-fetch against Python's
# http.server and static_website. Sourced after tests/lib.sh by the tests
# of each target; commands that talk to the unikernel run through $web_in
# (empty on loopback, `ip netns exec NS` in a namespace).

web_in=
hostile=$top_srcdir/tests/net/http_hostile.py

# web_project DIR: copies examples/static_website to DIR with one more
# file, htdocs/big.bin (300,000 bytes of a pattern: streamed in pieces).
web_project() {
    copy_project "$top_srcdir/examples/static_website" "$1"
    python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 7 + i // 256) & 255 for i in range(300000)))' \
        >"$1/htdocs/big.bin"
}

# web_curl ARGS...: curl through $web_in, silent, bounded.
web_curl() {
    # shellcheck disable=SC2086 # $web_in is a command prefix
    $web_in timeout "$(scaled 30)" curl -s --max-time "$(scaled 20)" "$@"
}

# web_checks BASE HTDOCS: the curl checks against BASE (http://ADDR:PORT),
# a static_website started with --uploads --max-body=250000, whose files
# are HTDOCS. (hvt under kvm_pvm takes bodies at some 20 KB/s: they are
# kept small.)
web_checks() {
    base=$1 htdocs=$2 w=$scratch/web
    mkdir -p "$w"
    if ! command -v curl >/dev/null 2>&1; then
        skip "static_website against curl" "curl is not installed"
        return
    fi
    # keep-alive: two URLs in one curl, the second on the first connection
    web_curl -o "$w/a" -o "$w/b" -w '%{http_code} %{num_connects}\n' \
        "$base/" "$base/css/site.css" >"$w/ka"
    check "$target: two URLs in one curl: 200 each, one connection" \
        test "$(tr '\n' ' ' <"$w/ka")" = "200 1 200 0 "
    check "$target: GET / is htdocs/index.html" cmp -s "$w/a" \
        "$htdocs/index.html"
    check "$target: GET /css/site.css is the file" cmp -s "$w/b" \
        "$htdocs/css/site.css"
    web_curl -D "$w/h" -o "$w/big" "$base/big.bin"
    st=$?
    if cmp -s "$w/big" "$htdocs/big.bin"; then
        ok "$target: a 300,000-byte file comes whole"
    else
        not_ok "$target: a 300,000-byte file comes whole"
        diag "curl: status $st, $(wc -c <"$w/big") bytes"
    fi
    check_grep "$target: with its Content-Type, Content-Length and Date" \
        '^Date: ' "$w/h"
    grep -q -i '^Content-Type: application/octet-stream' "$w/h" &&
        grep -q '^Content-Length: 300000' "$w/h"
    check_status "$target: application/octet-stream, 300000 bytes" 0 $?
    etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$w/h")
    check "$target: and an ETag" test -n "$etag"

    # ranges
    web_curl -r 1000-1999 -D "$w/h" -o "$w/r" "$base/big.bin"
    tail -c +1001 "$htdocs/big.bin" | head -c 1000 >"$w/want"
    grep -q '^HTTP/1.1 206' "$w/h" && cmp -s "$w/r" "$w/want" &&
        grep -q '^Content-Range: bytes 1000-1999/300000' "$w/h"
    check_status "$target: --range 1000-1999: 206, those bytes, Content-Range" \
        0 $?
    web_curl -r -100 -o "$w/r" "$base/big.bin"
    tail -c 100 "$htdocs/big.bin" >"$w/want"
    check "$target: --range -100: the last 100 bytes" cmp -s "$w/r" "$w/want"
    web_curl -r 300000- -D "$w/h" -o /dev/null "$base/big.bin"
    grep -q '^HTTP/1.1 416' "$w/h" &&
        grep -q '^Content-Range: bytes \*/300000' "$w/h"
    check_status "$target: --range 300000-: 416 with Content-Range */300000" \
        0 $?
    web_curl -r 10-19 -H 'If-Range: "other"' -D "$w/h" -o /dev/null \
        "$base/big.bin"
    check_grep "$target: If-Range with another ETag: the whole file (200)" \
        '^HTTP/1.1 200' "$w/h"

    # HEAD and conditional requests
    web_curl -I "$base/" >"$w/h"
    grep -q '^HTTP/1.1 200' "$w/h" &&
        grep -q "^Content-Length: $(wc -c <"$htdocs/index.html")" "$w/h" &&
        grep -q -i '^Content-Type: text/html' "$w/h"
    check_status "$target: -I /: 200, the length and type of index.html" 0 $?
    rm -f "$w/r" # curl writes no file for an answer without a body
    web_curl -H "If-None-Match: $etag" -D "$w/h" -o "$w/r" "$base/big.bin"
    grep -q '^HTTP/1.1 304' "$w/h" && test ! -s "$w/r"
    check_status "$target: If-None-Match with its ETag: 304, no body" 0 $?
    web_curl -H 'If-None-Match: "x", W/"y"' -o /dev/null -w '%{http_code}' \
        "$base/big.bin" >"$w/c"
    check "$target: If-None-Match with other tags: 200" test "$(cat "$w/c")" = 200

    # errors, directories
    web_curl -o /dev/null -w '%{http_code}' "$base/no/such/file" >"$w/c"
    check "$target: a missing file: 404" test "$(cat "$w/c")" = 404
    web_curl -X DELETE -D "$w/h" -o /dev/null "$base/"
    grep -q '^HTTP/1.1 405' "$w/h" && grep -q '^Allow: GET, HEAD' "$w/h"
    check_status "$target: DELETE: 405 with Allow: GET, HEAD" 0 $?
    web_curl -D "$w/h" -o /dev/null "$base/docs"
    grep -q '^HTTP/1.1 301' "$w/h" && grep -q '^Location: /docs/' "$w/h"
    check_status "$target: a directory without its /: 301 to /docs/" 0 $?
    web_curl -o "$w/r" "$base/docs/"
    check "$target: /docs/ is its index.html" cmp -s "$w/r" \
        "$htdocs/docs/index.html"

    # traversal attempts: refused (400), never a file outside htdocs
    for t in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' \
        '/docs/..%2f..%2f..%2fetc/passwd' '/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd' \
        '/docs/../../../etc/passwd' '/..'; do
        web_curl --path-as-is -o "$w/r" -w '%{http_code}' "$base$t" >"$w/c"
        if test "$(cat "$w/c")" = 400 && ! grep -q 'root:' "$w/r"; then
            ok "$target: GET $t: 400"
        else
            not_ok "$target: GET $t: 400"
            diag "status $(cat "$w/c")"
        fi
    done
    web_curl --path-as-is -o "$w/r" "$base/docs/../index.html"
    check "$target: /docs/../index.html stays inside: index.html" \
        cmp -s "$w/r" "$htdocs/index.html"

    # uploads (--uploads, --max-body=250000)
    head -c 200000 "$htdocs/big.bin" >"$w/up"
    sum=$(sha256sum "$w/up" | cut -d' ' -f1)
    web_curl -H 'Transfer-Encoding: chunked' --data-binary @"$w/up" \
        "$base/upload" >"$w/r"
    check_grep "$target: a chunked upload of 200,000 bytes is taken whole" \
        "^received 200000 bytes, sha256 $sum\$" "$w/r"
    web_curl -v -H 'Expect: 100-continue' --data-binary @"$w/up" \
        "$base/upload" >"$w/r" 2>"$w/v"
    grep -q "^received 200000 bytes, sha256 $sum\$" "$w/r" &&
        grep -q '^< HTTP/1.1 100 Continue' "$w/v"
    check_status "$target: Expect: 100-continue: 100 Continue, then taken" 0 $?
    web_curl -H 'Transfer-Encoding: chunked' --data-binary @"$htdocs/big.bin" \
        -H 'Expect:' -o /dev/null -w '%{http_code}' "$base/upload" >"$w/c"
    web_curl --data-binary @"$htdocs/big.bin" -H 'Expect:' -o /dev/null \
        -w '%{http_code}' "$base/upload" >"$w/c2"
    if test "$(cat "$w/c") $(cat "$w/c2")" = "413 413"; then
        ok "$target: 300,000 bytes over --max-body: 413, chunked and with Content-Length"
    else
        not_ok "$target: 300,000 bytes over --max-body: 413, chunked and with Content-Length"
        diag "statuses: $(cat "$w/c") $(cat "$w/c2")"
    fi
}

# web_hostile HOST PORT [PID]: http_hostile.py's three modes.
web_hostile() {
    for mode in slowloris heads flood; do
        # shellcheck disable=SC2086 # $web_in is a command prefix
        $web_in timeout "$(scaled 120)" python3 "$hostile" "$mode" "$1" "$2" \
            "$(scaled 10)" ${3:-} >"$scratch/hostile-$mode" 2>&1
        st=$?
        sed -n 's/^\(ok\|FAIL\): /# &/p' "$scratch/hostile-$mode"
        if test "$st" -eq 0; then ok "$target: hostile client: $mode"
        else
            not_ok "$target: hostile client: $mode"
            diag_file "$scratch/hostile-$mode"
        fi
    done
}

# web_wrk BASE: wrk, 5 s with 16 connections on one thread, GETs BASE/
# (index.html): many answers (at least one per connection), each a 200
# (no non-2xx), no socket error; the site still answers curl afterwards.
# SKIP without wrk. (Its rates, and those of a 100 KiB file, are
# bench/http's: hvt under this machine's emulating KVM moves some 85 KB/s,
# which 16 clients of big.bin would not see the end of in 5 s.)
web_wrk() {
    if ! command -v wrk >/dev/null 2>&1; then
        skip "$target: wrk, 16 connections for 5 s" "wrk is not installed"
        return
    fi
    for path in /; do
        # shellcheck disable=SC2086 # $web_in is a command prefix
        $web_in timeout "$(scaled 60)" wrk -t1 -c16 -d5s \
            --timeout "$(scaled 10)s" "$1$path" >"$scratch/wrk" 2>&1
        st=$?
        n=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$scratch/wrk")
        if test "$st" -eq 0 && test "${n:-0}" -ge 16 &&
            ! grep -q -e '^ *Non-2xx' -e '^ *Socket errors' "$scratch/wrk"
        then
            ok "$target: wrk GET $path, 16 connections for 5 s: $n answers, all 200, no error"
        else
            not_ok "$target: wrk GET $path, 16 connections for 5 s: all 200, no error"
            diag "wrk: status $st"
            diag_file "$scratch/wrk"
        fi
    done
    web_curl -o /dev/null -w '%{http_code}' "$1/" >"$scratch/wrk.after"
    check "$target: and the site still answers (200)" \
        test "$(cat "$scratch/wrk.after")" = 200
}

# web_ns_static: static_website, built for $target in $p ($image), served
# from the guest's address in the namespace of direct_ns_setup: first
# htdocs/big.bin is added (make crunches it in), then web_checks and
# web_hostile (the resident memory only where $guest is the image: unix).
web_ns_static() {
    python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 7 + i // 256) & 255 for i in range(300000)))' \
        >"$p/htdocs/big.bin"
    if ! (cd "$p" && ${MAKE:-make}) >>"$p/build.log" 2>&1; then
        not_ok "$target: static_website with htdocs/big.bin builds"
        diag_file "$p/build.log"
        return
    fi
    if ! direct_start "$scratch/web.log" --ipv4="$guest_ip/24" --port=8080 \
        --uploads --max-body=250000 --header-timeout=2; then
        not_ok "$target: static_website listens on $guest_ip:8080"
        diag_file "$scratch/web.log"
        return
    fi
    ok "$target: static_website listens on $guest_ip:8080"
    web_in="ip netns exec $ns"
    web_checks "http://$guest_ip:8080" "$p/htdocs"
    rss_pid=
    test "$target" = unix && rss_pid=$guest
    # shellcheck disable=SC2086 # no PID: no argument
    web_hostile "$guest_ip" 8080 $rss_pid
    web_wrk "http://$guest_ip:8080"
    web_in=
    direct_stop "$guest"
    guest=
    check_grep "$target: the guest logged no error" 'listening on port 8080' \
        "$scratch/web.log"
    check_no_grep "$target: and no stack overflow or crash" \
        'overflow|crash|trap' "$scratch/web.log"
}

# web_ns_fetch: http-fetch, built for $target in $p ($image), fetching
# from Python's http.server (HTTP/1.1) on the host's end of the tap.
web_ns_fetch() {
    www=$scratch/www
    mkdir -p "$www"
    python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 13 + 5) & 255 for i in range(123457)))' \
        >"$www/file.bin"
    sum=$(sha256sum "$www/file.bin" | cut -d' ' -f1)
    # (ip netns exec execs: $! is the server's own PID)
    ip netns exec "$ns" python3 "$top_srcdir/tests/net/httpd.py" "$www" \
        "$host_ip" 8000 >"$scratch/httpd.out" 2>"$scratch/httpd.err" &
    httpd=$!
    direct_helpers="$direct_helpers $httpd"
    wait_until 10 test -s "$scratch/httpd.out"
    url=http://$host_ip:8000/file.bin
    direct_boot "$scratch/fetch.log" --ipv4="$guest_ip/24" --url="$url" \
        --repeat=3
    direct_wait_exit
    check_status "$target: http-fetch of $url exits with 0" 0 "$status"
    # (no $ anchors: the virtio console ends lines with CR LF)
    check_status "$target: three times whole, SHA-256 and all" 3 \
        "$(grep -E -c -e "status 200, 123457 bytes, .*sha256 $sum" \
            "$scratch/fetch.log")"
    check_grep "$target: over one kept connection" \
        '3 requests over 1 connections' "$scratch/fetch.log"
    test "$status" -eq 0 || diag_file "$scratch/fetch.log"
    direct_boot "$scratch/fetch2.log" --ipv4="$guest_ip/24" \
        --url="http://$host_ip:8000/missing"
    direct_wait_exit
    check_status "$target: a 404 exits with 1" 1 "$status"
    web_ns_fetch_named
    kill "$httpd" 2>/dev/null
    wait "$httpd" 2>/dev/null
}

# web_ns_fetch_named: http-fetch with DHCP, DNS and syslog together (the
# Python server of web_ns_fetch still up): dnsmasq on tap0 leases the
# guest an address and names itself as the resolver, which says web.test
# is $host_ip; the log goes to tests/net/syslogd.py, which checks it
# against RFC 5424. SKIP without dnsmasq.
web_ns_fetch_named() {
    dnsmasq=$(command -v dnsmasq 2>/dev/null || echo /usr/sbin/dnsmasq)
    if ! test -x "$dnsmasq"; then
        skip "$target: http-fetch with DHCP, DNS and syslog" \
            "dnsmasq (dnsmasq-base) is not installed"
        return
    fi
    prefix=${host_ip%.*}
    # (ip netns exec execs: $! is the helper's own PID)
    ip netns exec "$ns" "$dnsmasq" --no-daemon --conf-file=/dev/null --user=root \
        --pid-file= --interface=tap0 --bind-interfaces --no-resolv \
        --no-hosts --local=/test/ --log-queries --log-dhcp \
        --log-facility="$scratch/dnsmasq.log" \
        --dhcp-range="$prefix.50,$prefix.99,255.255.255.0,2m" \
        --dhcp-option=option:router,"$host_ip" \
        --dhcp-option=option:dns-server,"$host_ip" \
        --dhcp-leasefile="$scratch/leases" \
        --host-record=web.test,"$host_ip" >/dev/null 2>"$scratch/dnsmasq.err" &
    dnsmasq_pid=$!
    direct_helpers="$direct_helpers $dnsmasq_pid"
    wait_until 10 grep -q 'started, version' "$scratch/dnsmasq.log"
    url=http://web.test:8000/file.bin
    rm -f "$scratch/syslog.ready"
    ip netns exec "$ns" env SYSLOGD_TIMEOUT="$(scaled 120)" python3 \
        "$top_srcdir/tests/net/syslogd.py" 5424 "$host_ip" 5514 \
        "$scratch/syslog.ready" "$scratch/syslog.out" \
        '[0-9]+ requests over [0-9]+ connections' >"$scratch/syslogd.log" 2>&1 &
    collector=$!
    direct_helpers="$direct_helpers $collector"
    wait_until 10 test -s "$scratch/syslog.ready"
    direct_boot "$scratch/fetch3.log" --url="$url" \
        --syslog="$host_ip:5514" --syslog-hostname=fetcher
    direct_wait_exit
    check_status "$target: http-fetch of $url, DHCP and DNS: exits with 0" 0 \
        "$status"
    hre=$(echo "$host_ip" | sed 's/\./\\./g')
    check_grep "$target: the address came from a DHCP lease" \
        'IPv4 [0-9.]+/24, gateway '"$hre"', over .*DHCP' "$scratch/fetch3.log"
    check_grep "$target: the lease's resolver said web.test is $host_ip" \
        "web\\.test is $hre" "$scratch/fetch3.log"
    check_grep "$target: the file came whole" \
        "GET http://web\\.test:8000/file\\.bin: status 200, 123457 bytes, .*sha256 $sum" \
        "$scratch/fetch3.log"
    check_grep "$target: dnsmasq leased an address" 'DHCPACK\(tap0\)' \
        "$scratch/dnsmasq.log"
    check_grep "$target: and answered the question for web.test" \
        'query\[A\] web\.test from' "$scratch/dnsmasq.log"
    check "$target: Python's server served it four times in all" \
        test "$(grep -c '"GET /file.bin HTTP/1.1" 200' "$scratch/httpd.err")" -eq 4
    wait_until 30 helper_done "$collector"
    if kill -0 "$collector" 2>/dev/null; then
        kill "$collector" 2>/dev/null
    fi
    wait "$collector"
    check_status "$target: the collector got every line, each RFC 5424" 0 $?
    check_grep "$target: the answer's line among them, from host fetcher" \
        '^ok [0-9]+ fetcher http-fetch .*GET http://web\.test:8000/file\.bin: status 200, 123457 bytes' \
        "$scratch/syslog.out"
    check_no_grep "$target: and no bad message" '^BAD' "$scratch/syslog.out"
    test "$status" -eq 0 || diag_file "$scratch/fetch3.log"
    kill "$dnsmasq_pid" 2>/dev/null
    wait "$dnsmasq_pid" 2>/dev/null
}

helper_done() { ! kill -0 "$1" 2>/dev/null; }
