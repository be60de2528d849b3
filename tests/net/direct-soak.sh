#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/direct-soak.sh: a soak of the direct stack: SOAK_CONNECTIONS
# (300 in make check, 10,000 with `make soak`) TCP connections opened,
# used (a line each way) and closed one after the other against
# examples/network --echo, on unix over tap and on spt, through a tap in a
# namespace the test creates and removes; the unikernel's heap at exit
# (examples/network --heap-stats, once the stack holds no connection) is
# its heap at start: the same blocks on spt, the same bytes on both.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/spt-common.sh"
. "$top_srcdir/tests/net/direct-common.sh"
conns=${SOAK_CONNECTIONS:-300}
need_autotools
use_build_tree
target=soak
direct_ns_setup 9
# a unix unikernel of a sanitized build (--enable-sanitizers) mallocs from
# AddressSanitizer, which glibc's figures do not show
sanitized=$(sed -n 's/^MIRAGE_SANITIZE_CFLAGS = //p' "$top_builddir/Makefile")
# unix: glibc caches freed blocks per thread and counts them as used;
# without that cache mallinfo2 is exact (runtime/include/mirage/heap.h)
GLIBC_TUNABLES=glibc.malloc.tcache_count=0
export GLIBC_TUNABLES

# heap_field LOG WHEN FIELD: the number before/after FIELD in the line
# "heap WHEN: used N bytes, free N, total N, peak N, N allocations, N frees".
heap_field() {
    sed -n "s/.*heap $2: used \([0-9]*\) bytes, free \([0-9]*\), total \([0-9]*\), peak \([0-9]*\), \([0-9]*\) allocations, \([0-9]*\) frees.*/$3/p" "$1" | tail -n 1
}

# soak PORT: $image on $target, serving on PORT: $conns connections, then
# the heap compared. (Each target has its port: the client's side keeps
# its connections in TIME_WAIT for a minute, and Linux looks for a free
# local port for a long time when thousands of them go to the same place.)
soak() {
    log=$scratch/$target.log
    : >"$scratch/client.out"
    if ! direct_start "$log" --ipv4="$guest_ip/24" --port="$1" \
        --max-connections="$conns" --echo --heap-stats -l tcpip:debug; then
        not_ok "$target: the echo service listens"
        diag_file "$log"
        return
    fi
    in_ns env TCPCLIENT_TIMEOUT="$(scaled 30)" timeout "$(scaled 600)" \
        python3 "$tcpclient" seq "$guest_ip" "$1" "$conns" \
        >>"$scratch/client.out" 2>&1
    check_status "$target: $conns connections in sequence, a line each way" \
        0 "$?"
    sed -n 's/^tcpclient: /# /p' "$scratch/client.out"
    direct_wait_exit
    check_status "$target: then the unikernel exits with 0" 0 "$status"
    check_grep "$target: after serving them all" "served $conns connections" \
        "$log"
    check_grep "$target: the stack counted them all" \
        "tcp: .*passive_opens=$conns" "$log"
    check_no_grep "$target: and closed them all" \
        'connections still open after 10 s' "$log"
    used0=$(heap_field "$log" 'at start' '\1')
    used1=$(heap_field "$log" 'at exit' '\1')
    peak=$(heap_field "$log" 'at exit' '\4')
    live0=$(($(heap_field "$log" 'at start' '\5') - $(heap_field "$log" 'at start' '\6')))
    live1=$(($(heap_field "$log" 'at exit' '\5') - $(heap_field "$log" 'at exit' '\6')))
    if test -z "$used0" || test -z "$used1"; then
        not_ok "$target: the unikernel logs its heap at start and at exit"
        diag_file "$log"
        return
    fi
    diag "$target: heap used at start $used0 bytes, at exit $used1, peak" \
        "${peak:-?} (live blocks: $live0, then $live1)"
    if test "$target" = unix && test -n "$sanitized"; then
        skip "$target: the heap returns to its size at start" \
            "built with sanitizers: malloc is AddressSanitizer's, which mallinfo2 does not see"
    else
        check "$target: the heap returns to its size at start ($used0 bytes)" \
            test "$used1" -eq "$used0"
    fi
    if test "$target" = spt; then
        check "$target: and to its number of blocks ($live0)" \
            test "$live1" -eq "$live0"
    fi
    if test "$status" -ne 0 || test "$used1" -ne "$used0" ||
        test "$live1" -ne "$live0"; then
        diag_file "$log"
    fi
}

# unix: examples/network with the direct stack over tap0
target=unix
p=$scratch/network-unix
image=$p/network
copy_project "$top_srcdir/examples/network" "$p"
sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
    "$p/configure.ac" >"$p/configure.ac.new" && mv "$p/configure.ac.new" "$p/configure.ac"
if build_project "$p" && test -x "$image"; then
    ok "network builds for unix with the direct stack"
    soak 8080
else
    not_ok "network builds for unix with the direct stack"
    diag_file "$p/build.log"
fi

# spt: the same on the spt target (its default stack is the direct one)
target=spt
tender=
for t in "$top_builddir/tenders/spt/mirage-spt" "$top_builddir/tenders/mirage-spt"; do
    if test -x "$t"; then tender=$t; break; fi
done
if ! test -f "$top_builddir/runtime/libmirage-spt.a"; then
    skip "spt: the soak" "the spt target was not built (the C compiler does not target x86-64 Linux)"
elif test -z "$tender"; then
    skip "spt: the soak" "the spt tender is not built"
elif spt_build network; then
    soak 8081
fi
done_testing
