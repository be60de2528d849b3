# SPDX-License-Identifier: ISC
# tests/net/tls-common.sh: examples/static_website_tls checked with curl
# and openssl s_client (HTTPS, keep-alive, resumption, SNI, the redirect
# of plain HTTP; TLS 1.0 and 1.1, CBC-SHA1, RC4 and 3DES refused, AES-GCM
# and ChaCha20-Poly1305 taken, renegotiation refused), and
# examples/http-fetch against openssl s_server: a good certificate taken;
# another host's, an expired one and one from another CA refused with the
# reason. Sourced after tests/lib.sh by tests/net/tls-TARGET.sh; commands
# run in the test's namespace through $tls_in.

tls_in=
tls_hello=$top_srcdir/tests/net/tlshello.py
# The ports of static_website_tls in the tests (its defaults are 443 and 80).
tls_https=4443
tls_http=8080

# tls_tools: 0 when curl, openssl and python3 are here; else a SKIP line.
tls_tools() {
    for tool in curl openssl python3; do
        if ! command -v $tool >/dev/null 2>&1; then
            skip "$target: static_website_tls and http-fetch over TLS" \
                "$tool is not installed"
            return 1
        fi
    done
}

# tls_run ARGS...: ARGS in the namespace, bounded (30 s, scaled).
tls_run() {
    # shellcheck disable=SC2086 # $tls_in is a command prefix
    $tls_in timeout "$(scaled 30)" "$@"
}

# tls_curl ARGS...: curl in the namespace, silent, bounded, trusting the
# test CA ($tls_certs/ca.pem), the example's names at $tls_addr.
tls_curl() {
    tls_run curl -s --max-time "$(scaled 20)" --cacert "$tls_certs/ca.pem" \
        --resolve "www.example.test:$tls_https:$tls_addr" \
        --resolve "other.example.test:$tls_https:$tls_addr" \
        --resolve "www.example.test:$tls_http:$tls_addr" "$@"
}

# tls_sclient ADDR OUT ARGS...: openssl s_client to ADDR:$tls_https with
# ARGS, stdin empty; its output in OUT, its status in $st.
tls_sclient() {
    addr=$1 out=$2
    shift 2
    tls_run openssl s_client -connect "$addr:$tls_https" "$@" \
        </dev/null >"$out" 2>&1
    st=$?
}

# tls_site_checks ADDR CERTS HTDOCS LOG: static_website_tls serves HTTPS
# on ADDR:$tls_https and HTTP on ADDR:$tls_http, with CERTS (its test
# certificates) and booted with --tls-certs=server,other.example.test;
# LOG is its output (the refusals' reasons).
tls_site_checks() {
    addr=$1 certs=$2 htdocs=$3 log=$4 w=$scratch/tls
    mkdir -p "$w"
    www=https://www.example.test:$tls_https
    tls_addr=$addr tls_certs=$certs

    # HTTPS, two URLs over one kept connection
    tls_curl -o "$w/a" -o "$w/b" \
        -w '%{http_code} %{num_connects}\n' "$www/" "$www/css/site.css" \
        >"$w/ka"
    check "$target: curl --cacert: two URLs, 200 each, one connection" \
        test "$(tr '\n' ' ' <"$w/ka")" = "200 1 200 0 "
    check "$target: GET https://www.example.test/ is htdocs/index.html" \
        cmp -s "$w/a" "$htdocs/index.html"
    check "$target: and /css/site.css is the file" \
        cmp -s "$w/b" "$htdocs/css/site.css"

    # resumption: TLS 1.2, two connections (Connection: close); the second
    # gets no Certificate message (abbreviated handshake); without curl's
    # session cache (--no-sessionid) both do
    for cache in yes no; do
        opt=
        test $cache = no && opt=--no-sessionid
        # shellcheck disable=SC2086 # $opt: none or one argument
        tls_curl -v --tls-max 1.2 $opt -H 'Connection: close' \
            -o /dev/null -o /dev/null -w '%{http_code} %{num_connects}\n' \
            "$www/" "$www/css/site.css" >"$w/re-$cache" 2>&1
        printf '%s %s %s\n' \
            "$(grep -c '(IN), TLS handshake, Server hello' "$w/re-$cache")" \
            "$(grep -c '(IN), TLS handshake, Certificate (11)' "$w/re-$cache")" \
            "$(grep -c '^200 1$' "$w/re-$cache")" >"$w/re-$cache.n"
    done
    if test "$(cat "$w/re-yes.n")" = "2 1 2" &&
        test "$(cat "$w/re-no.n")" = "2 2 2"; then
        ok "$target: curl --tls-max 1.2: the second connection resumes the session"
    else
        not_ok "$target: curl --tls-max 1.2: the second connection resumes the session"
        diag "server hellos, certificates, answers: $(cat "$w/re-yes.n") with curl's session cache, $(cat "$w/re-no.n") without (want 2 1 2, 2 2 2)"
    fi
    tls_sclient "$addr" "$w/reconnect" -tls1_2 -servername www.example.test \
        -reconnect
    if test "$st" -eq 0 && test "$(grep -c '^New, TLSv1.2' "$w/reconnect")" = 1 &&
        test "$(grep -c '^Reused, TLSv1.2' "$w/reconnect")" = 5; then
        ok "$target: openssl s_client -reconnect: 1 new session, 5 reused"
    else
        not_ok "$target: openssl s_client -reconnect: 1 new session, 5 reused"
        diag "status $st"
        grep -E '^(New|Reused),' "$w/reconnect" | sed 's/^/# /'
    fi

    # SNI: each name gets its own certificate; no name, the first
    for name in www.example.test other.example.test; do
        tls_sclient "$addr" "$w/sni" -tls1_2 -servername "$name" \
            -CAfile "$certs/ca.pem" -verify_return_error
        if test "$st" -eq 0 && grep -q "^subject=CN = $name\$" "$w/sni"; then
            ok "$target: SNI $name: its certificate, verified"
        else
            not_ok "$target: SNI $name: its certificate, verified"
            diag "status $st"; diag_file "$w/sni"
        fi
    done
    tls_sclient "$addr" "$w/sni" -tls1_2 -noservername
    check_grep "$target: no SNI: the first certificate (www.example.test)" \
        '^subject=CN = www\.example\.test$' "$w/sni"
    tls_curl -o "$w/c" \
        "https://other.example.test:$tls_https/css/site.css"
    check "$target: curl https://other.example.test/: verified, the file" \
        cmp -s "$w/c" "$htdocs/css/site.css"

    # plain HTTP: 301 to the same path (and query) over HTTPS
    tls_curl -D "$w/h" -o /dev/null \
        "http://www.example.test:$tls_http/css/site.css?v=2"
    grep -q '^HTTP/1.1 301' "$w/h" && grep -q \
        "^Location: https://www.example.test:$tls_https/css/site.css?v=2.\$" \
        "$w/h"
    check_status "$target: http:// answers 301, Location https://www.example.test:$tls_https/css/site.css?v=2" \
        0 $?
    tls_curl -L -o "$w/l" "http://www.example.test:$tls_http/"
    check "$target: curl -L from http:// lands on the page over HTTPS" \
        cmp -s "$w/l" "$htdocs/index.html"

    # versions, suites, renegotiation
    for v in tls1_1 tls1; do
        tls_sclient "$addr" "$w/$v" "-$v" -cipher 'DEFAULT:@SECLEVEL=0'
        if test "$st" -ne 0 && grep -q 'Cipher is (NONE)' "$w/$v"; then
            ok "$target: openssl s_client -$v: refused"
        else
            not_ok "$target: openssl s_client -$v: refused"
            diag "status $st"; diag_file "$w/$v"
        fi
    done
    check_grep "$target: and the server logged why" \
        'alert 70 \(protocol_version\): it offered no TLS 1\.2' "$log"
    for c in ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA \
        ECDHE-RSA-AES128-SHA; do
        tls_sclient "$addr" "$w/cbc" -tls1_2 -cipher "$c"
        if test "$st" -ne 0 && grep -q 'Cipher is (NONE)' "$w/cbc"; then
            ok "$target: -cipher $c (CBC-SHA1): refused"
        else
            not_ok "$target: -cipher $c (CBC-SHA1): refused"
            diag "status $st"; diag_file "$w/cbc"
        fi
    done
    check_grep "$target: and the server logged why" \
        'alert 40 \(handshake_failure\): no cipher suite' "$log"
    # RC4 and 3DES: this OpenSSL has none to offer; tlshello.py offers
    # their codes (ECDHE-ECDSA, ECDHE-RSA and RSA ones) and nothing else
    for s in 'RC4 0xC007,0xC011,0x0005,0x0004' \
        '3DES 0xC008,0xC012,0x000A' 'AES128-GCM 0xC02B'; do
        # shellcheck disable=SC2086 # $s: a name and the codes
        set -- $s
        tls_run python3 "$tls_hello" "$addr" "$tls_https" www.example.test \
            "$2" >"$w/hello" 2>&1
        if test "$1" = AES128-GCM; then
            check "$target: a ClientHello of ECDHE-ECDSA-AES128-GCM-SHA256 alone: chosen" \
                test "$(cat "$w/hello")" = "serverhello 0xC02B"
        else
            check "$target: a ClientHello of $1 suites alone: alert 40 (handshake_failure)" \
                test "$(cat "$w/hello")" = "alert 2 40"
        fi
    done
    for c in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-CHACHA20-POLY1305; do
        tls_sclient "$addr" "$w/good" -tls1_2 -cipher "$c" \
            -servername www.example.test -CAfile "$certs/ca.pem" \
            -verify_return_error
        check_grep "$target: -cipher $c: taken" \
            "^New, TLSv1\\.2, Cipher is $c\$" "$w/good"
    done
    # renegotiation: s_client asks for it ("R"); the server answers with
    # a no_renegotiation alert, which ends s_client's session
    (printf 'R\n'; sleep "$(scaled 5)") |
        tls_run openssl s_client -connect "$addr:$tls_https" -tls1_2 \
            >"$w/reneg" 2>&1
    st=$?
    if test "$st" -ne 0 && grep -q '^RENEGOTIATING' "$w/reneg" &&
        grep -q 'no renegotiation' "$w/reneg"; then
        ok "$target: a renegotiation asked by s_client: refused (no_renegotiation), the session ends"
    else
        not_ok "$target: a renegotiation asked by s_client: refused (no_renegotiation), the session ends"
        diag "status $st"; diag_file "$w/reneg"
    fi
}

# tls_bad_certs DIR CA CAKEY: in DIR, certificates for www.example.test
# that a client must refuse: expired.pem (signed by CA, valid in 2020
# only) and rogue.pem (from rogue-ca.pem, a CA of its own), with keys.
tls_bad_certs() {
    d=$1
    mkdir -p "$d/db"
    : >"$d/db/index.txt"
    echo 01 >"$d/db/serial"
    printf '%s\n' 'subjectAltName = DNS:www.example.test' \
        'basicConstraints = critical, CA:FALSE' \
        'keyUsage = critical, digitalSignature, keyEncipherment' \
        'extendedKeyUsage = serverAuth' >"$d/leaf.ext"
    # openssl ca takes -startdate and -enddate (OpenSSL 3.0's x509 -req
    # has no way to date a certificate in the past)
    printf '%s\n' '[ca]' 'default_ca = test' '[test]' \
        "database = $d/db/index.txt" "serial = $d/db/serial" \
        "new_certs_dir = $d/db" 'default_md = sha256' 'policy = any' \
        'unique_subject = no' '[any]' 'commonName = supplied' >"$d/ca.cnf"
    key='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'
    # shellcheck disable=SC2086 # $key: several arguments
    (
        set -e
        openssl req -new $key -keyout "$d/expired.key" -out "$d/expired.csr" \
            -subj /CN=www.example.test
        openssl ca -batch -config "$d/ca.cnf" -cert "$2" -keyfile "$3" \
            -in "$d/expired.csr" -out "$d/expired.pem" -notext \
            -startdate 20200101000000Z -enddate 20210101000000Z \
            -extfile "$d/leaf.ext"
        openssl req -x509 -new $key -keyout "$d/rogue-ca.key" \
            -out "$d/rogue-ca.pem" -days 30 -subj '/CN=Rogue test CA' \
            -addext 'basicConstraints = critical, CA:TRUE' \
            -addext 'keyUsage = critical, keyCertSign'
        openssl req -new $key -keyout "$d/rogue.key" -out "$d/rogue.csr" \
            -subj /CN=www.example.test
        openssl x509 -req -in "$d/rogue.csr" -CA "$d/rogue-ca.pem" \
            -CAkey "$d/rogue-ca.key" -CAcreateserial -out "$d/rogue.pem" \
            -days 30 -extfile "$d/leaf.ext"
    ) >"$d/openssl.log" 2>&1
}

# tls_fetch_checks ADDR CERTS CAKEY RUNNER: http-fetch (built with
# --with-tls-anchors=CERTS/ca.pem) against openssl s_server -www on
# ADDR, ports 4501 to 4504, its names from dnsmasq on ADDR: RUNNER LOG
# URL boots it with --dns=ADDR and sets $status.
tls_fetch_checks() {
    addr=$1 certs=$2 cakey=$3 runner=$4 d=$scratch/badcerts
    dnsmasq=$(command -v dnsmasq 2>/dev/null || echo /usr/sbin/dnsmasq)
    if ! test -x "$dnsmasq"; then
        skip "$target: http-fetch https:// against openssl s_server" \
            "dnsmasq (dnsmasq-base) is not installed"
        return
    fi
    if ! tls_bad_certs "$d" "$certs/ca.pem" "$cakey"; then
        not_ok "$target: openssl makes an expired certificate and another CA's"
        diag_file "$d/openssl.log"
        return
    fi
    tls_servers=
    set -- "4501 $certs/server.pem $certs/server.key" \
        "4502 $certs/other.example.test.pem $certs/other.example.test.key" \
        "4503 $d/expired.pem $d/expired.key" \
        "4504 $d/rogue.pem $d/rogue.key"
    for s in "$@"; do
        # shellcheck disable=SC2086 # $s: port, certificate, key
        set -- $s
        # (ip netns exec execs: $! is the server's own PID)
        ip netns exec "$ns" openssl s_server -quiet -www \
            -accept "$addr:$1" -cert "$2" -key "$3" \
            >"$scratch/s_server-$1.log" 2>&1 &
        tls_servers="$tls_servers $!"
    done
    ip netns exec "$ns" "$dnsmasq" --no-daemon --conf-file=/dev/null \
        --user=root --pid-file= --listen-address="$addr" --bind-interfaces \
        --no-resolv --no-hosts --host-record=www.example.test,"$addr" \
        --log-facility="$scratch/tls-dnsmasq.log" \
        >/dev/null 2>"$scratch/tls-dnsmasq.err" &
    tls_servers="$tls_servers $!"
    direct_helpers="${direct_helpers:-} $tls_servers"
    wait_until 10 grep -q -s 'started, version' "$scratch/tls-dnsmasq.log"
    for port in 4501 4502 4503 4504; do
        wait_until 10 tls_listening "$addr" "$port"
    done

    f=$scratch/fetch-ok.log
    $runner "$f" "https://www.example.test:4501/"
    check_status "$target: http-fetch https://www.example.test:4501/ (s_server): exits with 0" \
        0 "$status"
    check_grep "$target: status 200, the certificate verified" \
        'GET https://www\.example\.test:4501/: status 200, ' "$f"
    test "$status" -eq 0 || diag_file "$f"
    for s in '4502 EKEYREJECTED the certificate is for another host name' \
        '4503 EKEYEXPIRED a certificate of the chain has expired' \
        '4504 EKEYREJECTED the certificate chain does not lead to a trust anchor'; do
        port=${s%% *} s=${s#* } err=${s%% *} why=${s#* }
        f=$scratch/fetch-$port.log
        $runner "$f" "https://www.example.test:$port/"
        check_status "$target: port $port: http-fetch exits with 1" 1 "$status"
        check_grep "$target: the tls device says: $why" \
            "WRN \\[tls\\] .*server www\\.example\\.test .*: certificate verification failed: $why" \
            "$f"
        check_grep "$target: and http-fetch gives up with $err" \
            "ERR \\[http-fetch\\] GET https://www\\.example\\.test:$port/: .*\\($err\\)" \
            "$f"
    done
    for pid in $tls_servers; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
}

# tls_listening ADDR PORT: something listens on ADDR:PORT in the namespace.
tls_listening() {
    ip netns exec "$ns" ss -Hltn 2>/dev/null | grep -q " $1:$2 "
}

# tls_build BUILDER: static_website_tls and http-fetch (trusting the
# former's test CA) built by BUILDER NAME [CONFIGURE-ARGS] (spt_build,
# ...: sets $p and $image); their images in $site_image and $fetch_image
# (empty when a build failed), the site's project in $site_p.
tls_build() {
    site_image= fetch_image= site_p=
    "$1" static_website_tls || return 0
    site_p=$p site_image=$image
    "$1" http-fetch --with-tls-anchors="$site_p/certs/ca.pem" &&
        fetch_image=$image
}

# tls_fetch_direct LOG URL: http-fetch on the direct stack at $guest_ip,
# its resolver dnsmasq at $host_ip; $status.
tls_fetch_direct() {
    image=$fetch_image
    direct_boot "$1" --ipv4="$guest_ip/24" --dns="$host_ip" --url="$2" \
        --timeout=20
    direct_wait_exit
}

# tls_ns_direct: the checks above on $target's direct stack over the tap
# of direct_ns_setup: static_website_tls at $guest_ip, then http-fetch
# against s_server at $host_ip (images from tls_build).
tls_ns_direct() {
    tls_tools || return 0
    if test -n "$site_image"; then
        image=$site_image
        if direct_start "$scratch/site.log" --ipv4="$guest_ip/24" \
            --https-port=$tls_https --http-port=$tls_http \
            --tls-certs=server,other.example.test; then
            ok "$target: static_website_tls listens on $guest_ip:$tls_https"
            tls_in="ip netns exec $ns"
            tls_site_checks "$guest_ip" "$site_p/certs" "$site_p/htdocs" \
                "$scratch/site.log"
            tls_in=
            direct_stop "$guest"
            guest=
            check_no_grep "$target: no stack overflow or crash in its log" \
                'overflow|crash|trap|ERR ' "$scratch/site.log"
        else
            not_ok "$target: static_website_tls listens on $guest_ip:$tls_https"
            diag_file "$scratch/site.log"
        fi
    fi
    if test -n "$fetch_image"; then
        tls_fetch_checks "$host_ip" "$site_p/certs" "$site_p/certs-ca.key" \
            tls_fetch_direct
    fi
}
