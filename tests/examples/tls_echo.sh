#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/tls_echo.sh: builds examples/tls_echo (the socket stack,
# test certificates made by configure with openssl) and talks to it on
# 127.0.0.1 with openssl s_client: a line echoed over a verified
# TLS 1.2 session with SNI, a resumed session, the suites and versions it
# refuses (TLS 1.0 and 1.1, CBC with SHA-1, RC4, 3DES, RSA key exchange),
# ChaCha20-Poly1305 and AES-GCM taken, renegotiation refused, and the
# reasons logged; then the same with an RSA key (--with-tls-test-key=rsa).
# Traffic stays on loopback.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
test -n "$MIRAGE_BEARSSL_LIBS" || skip_all "this build has no BearSSL"

# echo_start DIR LOG ARGS...: the image of DIR on a free port ($port; five
# tries), its PID in $pid; 1 if it never listens.
echo_start() {
    port_start tls_echo "$@"
}

echo_stop() {
    test -n "$pid" || return 0
    kill "$pid" 2>/dev/null
    wait "$pid"
    pid=
}
trap 'echo_stop; rm -rf "$scratch"' EXIT

# client OUT ARGS...: openssl s_client to the image, sending a line and
# waiting for the echo (or the end), bounded in time.
client() {
    out=$1
    shift
    (
        printf 'mirage tls echo\n'
        sleep "$(scaled 2)"
    ) | test_timeout 20 openssl s_client -connect "127.0.0.1:$port" \
        -ign_eof "$@" >"$out" 2>&1
}

run_suite() {
    key=$1 p=$scratch/tls_echo-$key
    copy_project "$top_srcdir/examples/tls_echo" "$p"
    if build_project "$p" --with-tls-test-key="$key"; then
        ok "$key: tls_echo builds, with test certificates"
    else
        not_ok "$key: tls_echo builds, with test certificates"
        diag_file "$p/build.log"
        return
    fi
    check_grep "$key: configure made them with openssl" \
        'test certificates, made now in' "$p/build.log"
    test -f "$p/certs/server.pem" && test -f "$p/certs/server.key" &&
        test -f "$p/certs/ca.pem" && ! test -e "$p/certs/ca.key" &&
        test -f "$p/certs-ca.key"
    verdict $? "$key: certs/ has the chain, its key and the CA; the CA's key is not in it"
    if ! echo_start "$p" "$scratch/run-$key" -l debug; then
        not_ok "$key: tls_echo listens on 127.0.0.1"
        diag_file "$scratch/run-$key"
        return
    fi
    ok "$key: tls_echo listens on 127.0.0.1:$port"
    ca=$p/certs/ca.pem

    client "$scratch/c1" -tls1_2 -servername tls-echo.test -CAfile "$ca" \
        -verify_return_error -verify_hostname tls-echo.test
    check_grep "$key: the line comes back" '^mirage tls echo$' "$scratch/c1"
    check_grep "$key: the chain verifies against the test CA" \
        '^Verification: OK$' "$scratch/c1"
    check_grep "$key: TLS 1.2" 'Protocol *: TLSv1.2' "$scratch/c1"
    if [ "$key" = ec ]; then
        check_grep "$key: an ECDHE-ECDSA AEAD suite" \
            'Cipher is ECDHE-ECDSA-(AES128-GCM-SHA256|CHACHA20-POLY1305)' \
            "$scratch/c1"
    else
        check_grep "$key: an ECDHE-RSA AEAD suite" \
            'Cipher is ECDHE-RSA-(AES128-GCM-SHA256|CHACHA20-POLY1305)' \
            "$scratch/c1"
    fi
    check_grep "$key: the server saw the SNI name" \
        'INF \[tls_echo\] connection [0-9]*: TLS_ECDHE_.*, full handshake, SNI tls-echo\.test$' \
        "$scratch/run-$key"

    echo | test_timeout 30 openssl s_client -connect "127.0.0.1:$port" \
        -tls1_2 -CAfile "$ca" -reconnect >"$scratch/c2" 2>&1
    check_status "$key: -reconnect: five sessions of six resumed" 5 \
        "$(grep -c '^Reused, TLSv1.2' "$scratch/c2")"
    check_grep "$key: and the server says so" \
        'connection [0-9]*: TLS_ECDHE_.*, resumed' "$scratch/run-$key"

    for v in tls1 tls1_1; do
        echo | test_timeout 20 openssl s_client -connect "127.0.0.1:$port" \
            "-$v" >"$scratch/c3" 2>&1
        ! grep -q '^New, TLSv1' "$scratch/c3" &&
            grep -q -e 'Cipher is (NONE)' -e 'no protocols available' \
                -e 'alert protocol version' -e 'wrong version number' \
                -e 'unsupported protocol' "$scratch/c3"
        verdict $? "$key: -$v is refused"
    done
    check_grep "$key: the server logs why" \
        'WRN \[tls\] tls: client 127\.0\.0\.1:[0-9]*: refused the peer: alert 70 \(protocol_version\): it offered no TLS 1\.2' \
        "$scratch/run-$key"
    for c in ECDHE-ECDSA-AES128-SHA ECDHE-RSA-AES128-SHA AES128-SHA \
        AES128-GCM-SHA256 DES-CBC3-SHA RC4-SHA; do
        echo | test_timeout 20 openssl s_client -connect "127.0.0.1:$port" \
            -tls1_2 -cipher "$c@SECLEVEL=0" >"$scratch/c4" 2>&1
        ! grep -q '^New, TLSv1.2, Cipher is [A-Z]' "$scratch/c4"
        verdict $? "$key: $c is refused"
    done
    if [ "$key" = ec ]; then a=ECDSA; else a=RSA; fi
    for c in "ECDHE-$a-CHACHA20-POLY1305" "ECDHE-$a-AES128-GCM-SHA256" \
        "ECDHE-$a-AES256-GCM-SHA384"; do
        echo | test_timeout 20 openssl s_client -connect "127.0.0.1:$port" \
            -tls1_2 -cipher "$c" >"$scratch/c5" 2>&1
        check_grep "$key: $c is taken" "^New, TLSv1.2, Cipher is $c\$" \
            "$scratch/c5"
    done
    # renegotiation: s_client's R command asks for one (not with
    # -ign_eof, which turns commands off); BearSSL answers with a
    # no_renegotiation alert, which OpenSSL takes as the end
    (
        printf 'R\n'
        sleep "$(scaled 2)"
    ) | test_timeout 20 openssl s_client -connect "127.0.0.1:$port" \
        -tls1_2 -CAfile "$ca" >"$scratch/c6" 2>&1
    check_grep "$key: renegotiation is asked for" '^RENEGOTIATING' \
        "$scratch/c6"
    check_grep "$key: and refused (no_renegotiation)" 'no renegotiation' \
        "$scratch/c6"
    check_status "$key: only one handshake was made" 1 \
        "$(grep -c '^New, TLSv1.2' "$scratch/c6")"
    echo_stop
}

run_suite ec
run_suite rsa
done_testing
