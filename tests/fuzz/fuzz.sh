#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/fuzz.sh: a long fuzzing campaign of one harness of
# tests/fuzz/fuzz.mk, tests/unit/tcpip-dhcp.mk, tests/unit/dns.mk (`make
# fuzz-pvh FUZZ_SECONDS=600`; NAME is pvh, elf64, spec, cmdline, dhcp,
# http, tcpip-lower, tcpip, dns, tls-names, tls-pem, tls-record or
# xen-xenstore).
# Uses, the first that works: clang with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer; $CC with the standalone driver under
# AddressSanitizer and UndefinedBehaviorSanitizer; $CC plain. The parser's
# own files are compiled with the sanitizers (and libFuzzer's coverage);
# the rest of the helper comes from the build's libraries.
# Files: $top_builddir/tests/fuzz/campaign-NAME/ (corpus/: the seeds, then
# what libFuzzer keeps; crash-*: the inputs that broke a property).
# Usage: fuzz.sh NAME. Environment: top_srcdir, top_builddir, CC,
# FUZZ_SECONDS (default 600).
: "${top_srcdir:?}" "${top_builddir:?}"
name=${1:?usage: fuzz.sh pvh|elf64|spec|cmdline|dhcp|http|tcpip-lower|tcpip|dns|tls-names|tls-pem|tls-record|xen-xenstore|xen-blkfront|xen-netfront}
CC=${CC:-cc}
seconds=${FUZZ_SECONDS:-600}
s=$top_srcdir
b=$top_builddir
helper_inc="-include $b/config.h -I$b -I$s/src -I$s/runtime/include -I$s/runtime"
gnulib_inc="-I$b/build-aux/gnulib/lib -I$s/build-aux/gnulib/lib"
helper_libs="$b/src/libhelper.a $b/build-aux/gnulib/lib/libgnu.a"
case $name in
pvh)
    harness=fuzz_pvh_image.c parsers=src/pvh_image.c max_len=16384
    inc=$helper_inc libs=
    ;;
elf64)
    harness=fuzz_elf64.c parsers=src/elf64.c max_len=8192
    inc=$helper_inc libs=$helper_libs
    ;;
spec)
    harness=fuzz_spec.c parsers="src/spec.c src/argtype.c" max_len=4096
    inc=$helper_inc libs=$helper_libs
    ;;
cmdline)
    harness=fuzz_cmdline.c max_len=1024 libs=
    parsers="runtime/core/cmdline.c runtime/core/argvalue.c runtime/core/ipaddr.c runtime/core/buf.c"
    inc="-I$s/runtime/include -I$s/runtime -I$s/runtime/core"
    ;;
dhcp)
    harness=fuzz_dhcp.c max_len=1500 libs=
    parsers="devices/stack/direct/dhcp_msg.c devices/stack/direct/dhcp.c tests/unit/dhcp_stub.c"
    inc="-I$s/devices/stack/direct -I$s/runtime/include"
    ;;
http)
    # the HTTP/1.1 codec, every file of lib/http
    harness=fuzz_http.c max_len=4096 libs=
    parsers="lib/http/class.c lib/http/date.c lib/http/etag.c
        lib/http/fields.c lib/http/frame.c lib/http/mime.c lib/http/parse.c
        lib/http/path.c lib/http/range.c lib/http/status.c lib/http/write.c"
    inc="-I$s/runtime/include -I$s/lib/http"
    ;;
tcpip-lower)
    # the engine's lower layers, the fake environment and the stand-ins
    # of TCP and DHCP (tests/unit/tcpip-lower.mk)
    harness=fuzz_tcpip_lower.c max_len=16384 libs=
    parsers="devices/stack/direct/tcpip.c devices/stack/direct/checksum.c
        devices/stack/direct/eth.c devices/stack/direct/arp.c
        devices/stack/direct/ipv4.c devices/stack/direct/ipv4_reasm.c
        devices/stack/direct/icmp.c devices/stack/direct/udp.c
        tests/unit/tcpip_fake.c tests/unit/tcpip_stub_upper.c"
    inc="-I$s/runtime/include -I$s/devices/stack/direct"
    ;;
tcpip)
    # the whole engine (every layer real), its own TCP and DHCP codecs,
    # the fake environment and SHA-256 for the ISNs (tests/fuzz/fuzz.mk)
    harness=fuzz_tcpip.c max_len=16384 libs=
    d=devices/stack/direct
    parsers="$d/tcpip.c $d/checksum.c $d/eth.c $d/arp.c $d/ipv4.c
        $d/ipv4_reasm.c $d/icmp.c $d/udp.c $d/tcp_api.c $d/tcp_buf.c
        $d/tcp_cc.c $d/tcp_conn.c $d/tcp_input.c $d/tcp_isn.c
        $d/tcp_listen.c $d/tcp_options.c $d/tcp_output.c $d/tcp_sack.c
        $d/tcp_timer.c $d/dhcp.c $d/dhcp_msg.c lib/crypto/sha256.c
        lib/crypto/blockfeed.c lib/crypto/util.c tests/unit/tcpip_fake.c
        tests/fuzz/fuzz_tcpip_wire.c"
    inc="-I$s/runtime/include -I$s/devices/stack/direct -I$s/tests/fuzz"
    ;;
dns)
    # the DNS codec, every file of lib/dns (tests/unit/dns.mk)
    harness=fuzz_dns.c max_len=20000 libs=
    parsers="lib/dns/answer.c lib/dns/build.c lib/dns/compress.c
        lib/dns/name.c lib/dns/name_text.c lib/dns/parse.c lib/dns/reverse.c
        lib/dns/rr.c lib/dns/tcp.c"
    inc="-I$s/runtime/include"
    ;;
xen-xenstore)
    # the xenstore client of runtime/xen against a hostile xenstored: the
    # harness compiles xenstore.c and xenbus.c in; the scheduler, the
    # clock and the log from the build
    harness=fuzz_xen_xenstore.c max_len=8192
    parsers="runtime/xen/xs_proto.c"
    libs="$b/runtime/libmirage-unix-objs.a"
    inc="-I$s/runtime/include -I$s/runtime"
    ;;
tls-names | tls-pem | tls-record)
    # the tls device's files (tests/unit/tls.mk); the rest of the runtime
    # and BearSSL from the build (BEARSSL_LIBS: its libbearssl.a; the
    # device's seeder, not BearSSL's, so that replays repeat)
    libs="$b/runtime/libmirage-unix-objs.a ${BEARSSL_LIBS:?}"
    harness=fuzz_tls_${name#tls-}.c max_len=16384
    parsers="devices/tls/bearssl/device.c devices/tls/bearssl/errors.c
        devices/tls/bearssl/flow.c devices/tls/bearssl/names.c
        devices/tls/bearssl/policy.c devices/tls/bearssl/pump.c
        devices/tls/bearssl/store.c devices/tls/bearssl/verify.c
        devices/tls/bearssl/seeder.c"
    inc="-I$s/runtime/include -I$s/runtime/core -I$s/devices/tls/bearssl -I$s/tests/fuzz -idirafter ${BEARSSL_INCDIR:?}"
    ;;
xen-blkfront)
    # blkfront with the harness's stubs of the hypervisor and xenstore;
    # the rest of the runtime (fibers, log) from the build
    harness=fuzz_xen_blkfront.c max_len=2048
    libs="$b/runtime/libmirage-unix-objs.a"
    parsers="runtime/xen/blkfront.c"
    inc="-I$s/runtime/include -I$s/runtime"
    ;;
xen-netfront)
    # runtime/xen/netfront.c, which the harness includes over its fakes
    harness=fuzz_xen_netfront.c max_len=4096 libs= parsers=
    inc="-I$s/runtime/include -I$s/runtime"
    ;;
*)
    echo "fuzz.sh: no harness '$name' (pvh, elf64, spec, cmdline, dhcp," \
        "http, tcpip-lower, tcpip, dns, tls-names, tls-pem, tls-record, xen-xenstore, xen-blkfront or xen-netfront)" >&2
    exit 2
    ;;
esac
inc="$inc -I$s/tests/unit" # the standalone driver's TAP: tests/unit/tap.h
for lib in $libs; do
    test -f "$lib" || {
        echo "fuzz.sh: $lib is missing: run make first" >&2
        exit 1
    }
done
out=$b/tests/fuzz/campaign-$name
mkdir -p "$out/corpus" || exit 1
flags="-std=gnu11 -g -O1 -fno-omit-frame-pointer"

# Builds the driver (args: compiler, output, extra flags): the parser's
# files with the extra flags, the harness too, the libraries plain.
build() {
    cc=$1 exe=$2
    shift 2
    objs=
    for f in $parsers; do
        o=$out/$(basename "$f" .c)-$(basename "$exe").o
        # shellcheck disable=SC2086
        $cc $flags "$@" $inc $gnulib_inc -c -o "$o" "$s/$f" || return 1
        objs="$objs $o"
    done
    # shellcheck disable=SC2086
    $cc $flags "$@" $inc -I"$s/tests/fuzz" -o "$exe" \
        "$s/tests/fuzz/$harness" $objs $libs
}

# The seeds, from a plain build of the standalone driver.
build "$CC" "$out/fuzz_plain" || exit 1
"$out/fuzz_plain" -w "$out/corpus" || exit 1

if command -v clang >/dev/null 2>&1 &&
    build clang "$out/fuzz_libfuzzer" -DMIRAGE_FUZZ_LIBFUZZER \
        -fsanitize=fuzzer,address,undefined 2>"$out/clang.log"; then
    echo "fuzz-$name: libFuzzer + ASan/UBSan, $seconds s, corpus $out/corpus"
    cd "$out" || exit 1
    exec "$out/fuzz_libfuzzer" -max_total_time="$seconds" -timeout=5 \
        -max_len="$max_len" "$out/corpus"
fi
if build "$CC" "$out/fuzz_asan" -fsanitize=address,undefined \
    -fno-sanitize-recover=all 2>"$out/cc.log" &&
    "$out/fuzz_asan" -n 1 >/dev/null 2>&1; then
    echo "fuzz-$name: standalone driver + ASan/UBSan, $seconds s"
    exec "$out/fuzz_asan" -n 18446744073709551615 -t "$seconds" \
        -s "$(date +%s)"
fi
echo "fuzz-$name: standalone driver without sanitizers, $seconds s"
exec "$out/fuzz_plain" -n 18446744073709551615 -t "$seconds" -s "$(date +%s)"
