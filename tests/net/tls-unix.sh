#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/tls-unix.sh: examples/static_website_tls and http-fetch over
# TLS on unix (tls-common.sh), in a namespace of the test's own: with the
# socket stack on its loopback, then with the direct stack over its tap.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/direct-common.sh"
. "$top_srcdir/tests/net/tls-common.sh"
target=unix
need_autotools
use_build_tree
direct_ns_setup 15

# unix_build NAME [CONFIGURE-ARGS]: examples/NAME with the socket stack in
# $p ($image).
unix_build() {
    name=$1; shift
    p=$scratch/$name
    image=$p/$name
    copy_project "$top_srcdir/examples/$name" "$p"
    if build_project "$p" "$@" && test -x "$image"; then
        ok "$name builds for unix (sockets)"
    else
        not_ok "$name builds for unix (sockets)"
        diag_file "$p/build.log"
        return 1
    fi
}

# unix_direct_build NAME [CONFIGURE-ARGS]: the same with the direct stack.
unix_direct_build() {
    name=$1; shift
    p=$scratch/direct-$name
    image=$p/$name
    copy_project "$top_srcdir/examples/$name" "$p"
    sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
        "$p/configure.ac" >"$p/configure.ac.new" &&
        mv "$p/configure.ac.new" "$p/configure.ac"
    if build_project "$p" "$@" && test -x "$image"; then
        ok "$name builds for unix with the direct stack"
    else
        not_ok "$name builds for unix with the direct stack"
        diag_file "$p/build.log"
        return 1
    fi
}

# tls_fetch_sockets LOG URL: http-fetch on the socket stack in the
# namespace, its resolver dnsmasq on 127.0.0.1; $status.
tls_fetch_sockets() {
    in_ns timeout "$(scaled 60)" "$fetch_image" --ipv4=127.0.0.1/8 \
        --dns=127.0.0.1 --url="$2" --timeout=20 >"$1" 2>&1
    status=$?
}

sockets_seen() { direct_seen "$@"; }

# The socket stack, on the namespace's loopback.
if tls_tools; then
    tls_build unix_build
    if test -n "$site_image"; then
        (cd "$site_p" && exec ip netns exec "$ns" ./static_website_tls \
            --ipv4=127.0.0.1/8 --https-port=$tls_https \
            --http-port=$tls_http --tls-certs=server,other.example.test) \
            >"$scratch/sockets.log" 2>&1 &
        guest=$!
        if wait_until 30 sockets_seen "$scratch/sockets.log" \
            'listening on port' &&
            grep -q 'listening on port' "$scratch/sockets.log"; then
            ok "$target: static_website_tls (sockets) listens on 127.0.0.1:$tls_https"
            tls_in="ip netns exec $ns"
            tls_site_checks 127.0.0.1 "$site_p/certs" "$site_p/htdocs" \
                "$scratch/sockets.log"
            tls_in=
        else
            not_ok "$target: static_website_tls (sockets) listens on 127.0.0.1:$tls_https"
            diag_file "$scratch/sockets.log"
        fi
        direct_stop "$guest"
        guest=
        check_no_grep "$target: no crash or error in its log" \
            'overflow|crash|ERR ' "$scratch/sockets.log"
    fi
    if test -n "$fetch_image"; then
        tls_fetch_checks 127.0.0.1 "$site_p/certs" "$site_p/certs-ca.key" \
            tls_fetch_sockets
    fi
fi

# The direct stack over the tap.
tls_build unix_direct_build
tls_ns_direct
done_testing
