#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/static_website.sh: builds examples/static_website (the
# socket stack) and serves it on 127.0.0.1 to curl and to the hostile
# client (tests/net/http-common.sh); then the build that reads htdocs/ at
# run time (--with-kv-ro=direct), whose files have times: Last-Modified
# and If-Modified-Since. Traffic stays on loopback.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/http-common.sh"
need_autotools
use_build_tree
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
target=unix

p=$scratch/static_website
web_project "$p"
if build_project "$p"; then ok "static_website builds"; else
    not_ok "static_website builds"; diag_file "$p/build.log"
    done_testing; exit; fi

# web_start DIR LOG ARGS...: the image of DIR, run in DIR, on a free port
# ($port; five tries), its PID in $pid; 1 if it never listens.
web_start() {
    port_start static_website "$@"
}

# web_stop: ends the unikernel (by its PID); 0 when it ended on the signal.
web_stop() {
    kill "$pid" 2>/dev/null
    wait "$pid"
    pid=
}

if web_start "$p" "$scratch/run1" --uploads --max-body=250000 \
    --header-timeout=2 -l http:debug; then
    ok "static_website listens on 127.0.0.1:$port"
    web_checks "http://127.0.0.1:$port" "$p/htdocs"
    web_hostile 127.0.0.1 "$port" "$pid"
    web_wrk "http://127.0.0.1:$port"
    check_grep "the debug log names the requests" \
        'DBG \[http\] GET /big\.bin -> 200 \(300000 bytes\)' "$scratch/run1"
    web_stop
else
    not_ok "static_website listens on 127.0.0.1"
    diag_file "$scratch/run1"
fi

# --max-accepts=2: two connections, then it exits with 0 and its figures.
if web_start "$p" "$scratch/run2" --max-accepts=2; then
    web_curl -o /dev/null "http://127.0.0.1:$port/" "http://127.0.0.1:$port/"
    web_curl -o /dev/null "http://127.0.0.1:$port/robots.txt"
    ended() { ! kill -0 "$pid" 2>/dev/null; }
    if wait_until 10 ended; then
        wait "$pid"
        check_status "--max-accepts=2: exits with 0 after two connections" 0 $?
    else
        web_stop
        not_ok "--max-accepts=2: exits with 0 after two connections"
    fi
    check_grep "and logs what it served" \
        'served 2 connections \(at most 1 at once\), 3 requests; 0 refused' \
        "$scratch/run2"
else
    not_ok "--max-accepts=2: static_website listens"
    diag_file "$scratch/run2"
fi

"$p/static_website" --port=0 >"$scratch/out3" 2>&1
check_status "--port=0 exits with 64" 64 $?
check_grep "and says why" 'bad --port' "$scratch/out3"

# The files read at run time (kv_ro direct) have times.
d=$scratch/direct
web_project "$d"
if build_project "$d" --with-kv-ro=direct; then
    ok "static_website builds with --with-kv-ro=direct"
    touch -d '2020-01-02 03:04:05 UTC' "$d/htdocs/robots.txt"
    if web_start "$d" "$scratch/run4"; then
        base=http://127.0.0.1:$port
        web_curl -D "$scratch/h" -o /dev/null "$base/robots.txt"
        check_grep "direct: Last-Modified is the file's time" \
            '^Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT' "$scratch/h"
        web_curl -H 'If-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT' \
            -o /dev/null -w '%{http_code}' "$base/robots.txt" >"$scratch/c"
        check "direct: If-Modified-Since that time: 304" \
            test "$(cat "$scratch/c")" = 304
        web_curl -H 'If-Modified-Since: Wed, 01 Jan 2020 00:00:00 GMT' \
            -o /dev/null -w '%{http_code}' "$base/robots.txt" >"$scratch/c"
        check "direct: If-Modified-Since an earlier time: 200" \
            test "$(cat "$scratch/c")" = 200
        echo "Disallow: /private" >>"$d/htdocs/robots.txt"
        web_curl -o "$scratch/r" "$base/robots.txt"
        check "direct: a file changed on disk is served changed" \
            cmp -s "$scratch/r" "$d/htdocs/robots.txt"
        web_stop
    else
        not_ok "direct: static_website listens"
        diag_file "$scratch/run4"
    fi
else
    not_ok "static_website builds with --with-kv-ro=direct"
    diag_file "$d/build.log"
fi
done_testing
