# SPDX-License-Identifier: ISC
# bench/net-lib.sh: what the network benchmarks share: the checks, the
# examples built per target, network namespaces and the processes in them
# (ended by PID), the guests' command lines, and the raw frame ceiling of
# a path (tests/net/ethpeer against examples/ethecho). Sourced by
# bench/net-frames, tcp-stream, tcp-rr and tcp-mem once they have set
# $bench (their name, for messages).

# net_init [BUILDDIR]: sets $here, $srcdir, $builddir, $work (this
# benchmark's scratch folder), $limit (TIMEOUT: the seconds a run may
# take, default 300) and $qemu; without root, ip(8), timeout(1) or
# /dev/net/tun says why and exits with 0; then makes the build tree.
net_init() {
    here=$(cd "$(dirname "$0")" && pwd)
    srcdir=$(dirname "$here")
    builddir=$(cd "${1:-.}" && pwd)
    work=$builddir/bench/$bench-build
    limit=${TIMEOUT:-300}
    qemu=${QEMU:-qemu-system-x86_64}
    net_number TIMEOUT "$limit" 1 3600
    why=
    if test "$(id -u)" -ne 0; then
        why="it needs root (network namespaces and a tap device)"
    elif ! command -v ip >/dev/null 2>&1; then
        why="ip (iproute2) is not installed"
    elif ! command -v timeout >/dev/null 2>&1; then
        why="timeout (coreutils) is not installed"
    elif ! test -c /dev/net/tun; then
        why="there is no /dev/net/tun"
    fi
    if test -n "$why"; then
        echo "$bench: skipped: $why"
        exit 0
    fi
    if ! test -f "$builddir/Makefile"; then
        echo "$bench: $builddir is not a configured build tree" >&2
        exit 2
    fi
    (cd "$builddir" && ${MAKE:-make} -s all)
    mkdir -p "$work"
    net_pids=
    net_nss=
    net_built=
    net_tender_opts=
    net_counting=
    trap net_cleanup EXIT
    trap 'exit 130' INT TERM
}

# net_number NAME VALUE MIN MAX: VALUE must be a whole number in range.
net_number() {
    case $2 in
    '' | *[!0-9]*) ok= ;;
    *) ok=yes ;;
    esac
    if test -z "$ok" || test "$2" -lt "$3" || test "$2" -gt "$4"; then
        echo "$bench: $1 must be a whole number from $3 to $4" >&2
        exit 2
    fi
}

# net_cc NAME SOURCE: compiles a host program (as optimised as the
# images are) to $work/NAME.
net_cc() {
    ${CC:-cc} -std=gnu11 -O2 -o "$work/$1" "$2"
}

# net_has TARGET: 0 when TARGET is in this build (and, for hvt, its
# tender, with /dev/kvm open to us; for virtio, QEMU).
net_has() {
    test -f "$builddir/pkgconfig/mirage-$1-uninstalled.pc" || return 1
    case $1 in
    spt) test -x "$builddir/tenders/spt/mirage-spt" ;;
    hvt) test -x "$builddir/tenders/hvt/mirage-hvt" && net_kvm ;;
    virtio) command -v "$qemu" >/dev/null 2>&1 ;;
    esac
}

net_kvm() {
    test -r /dev/kvm && test -w /dev/kvm
}

# net_build EXAMPLE TARGET [direct]: builds examples/EXAMPLE for TARGET
# as a user builds it, in $work/EXAMPLE-TARGET; the image in $built. With
# "direct" (for unix) the stack is the direct one, not the host's
# sockets. $net_prepare, when set, names a function called with EXAMPLE
# and the copy's folder before the build (to add files); $net_configure,
# more words for its configure (--with-tls-certs=DIR). A failed build
# shows the end of its log and exits.
net_build() {
    d=$work/$1-$2
    rm -rf "$d"
    cp -R "$srcdir/examples/$1" "$d"
    chmod -R u+w "$d"
    if test -n "${net_prepare:-}"; then "$net_prepare" "$1" "$d"; fi
    if test "$3" = direct; then
        sed 's/^MIRAGE_DEVICE(\[stack\], \[stack\].*$/MIRAGE_DEVICE([stack], [stack], [direct])/' \
            "$d/configure.ac" >"$d/configure.ac.new"
        mv "$d/configure.ac.new" "$d/configure.ac"
    fi
    (
        cd "$d"
        export ACLOCAL_PATH="$srcdir/m4" PKG_CONFIG_PATH="$builddir/pkgconfig"
        # shellcheck disable=SC2086 # $net_configure: words
        ${AUTORECONF:-autoreconf} -fi &&
            ./configure --with-target="$2" ${net_configure:-} &&
            ${MAKE:-make}
    ) >"$d.log" 2>&1 || {
        tail -n 20 "$d.log" >&2
        exit 1
    }
    case $2 in
    unix) built=$d/$1 ;;
    *) built=$d/$1.$2 ;;
    esac
}

# net_stop PID: ends a process this benchmark started, and reaps it.
net_stop() {
    kill "$1" 2>/dev/null || :
    wait "$1" 2>/dev/null || :
    net_forget "$1"
}

# net_forget PID: a process already reaped leaves the list of those to end.
net_forget() {
    net_pids=$(echo " $net_pids " | sed "s/ $1 / /; s/^ *//; s/ *$//")
}

# net_ns_add NAME: a network namespace with lo up, removed at the end.
net_ns_add() {
    ip netns add "$1" || {
        echo "$bench: ip netns add $1 failed" >&2
        exit 1
    }
    net_nss="$net_nss $1"
    ip netns exec "$1" ip link set lo up
}

# net_cleanup: ends the processes still running, removes the namespaces.
net_cleanup() {
    for p in $net_pids; do net_stop "$p"; done
    for n in $net_nss; do ip netns del "$n" 2>/dev/null || :; done
    net_nss=
}

# net_tap_ns [ADDR/LEN]: the namespace $ns with tap0 up (and ADDR).
net_tap_ns() {
    ns=mirage-bench-$$
    net_ns_add "$ns"
    ip netns exec "$ns" ip tuntap add dev tap0 mode tap
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.tap0.disable_ipv6=1
    if test -n "$1"; then ip netns exec "$ns" ip addr add "$1" dev tap0; fi
    ip netns exec "$ns" ip link set tap0 up
}

# net_guest SLUG IMAGE LOG ARGS...: starts IMAGE on tap0 in $ns in the
# background with the boot ARGS, its PID in $guest_pid (a timeout(1),
# which passes signals on); its output in LOG. SLUG says how: unix, spt,
# hvt or virtio-MACHINE-ACCEL (MACHINE microvm or q35, ACCEL kvm or tcg;
# QEMU's serial console in LOG.serial). $net_tender_opts: more options
# for mirage-spt and mirage-hvt (words without spaces, e.g. --mem=8).
net_guest() {
    gslug=$1 gimg=$2 glog=$3
    shift 3
    guest_log=$glog
    # with $net_counting, hvt and virtio with KVM run under perf stat, its
    # events off until net_perf_start turns them on (the guest's threads,
    # new ones too)
    gwrap=
    rm -f "$glog.perf" "$glog.ctl" "$glog.ack"
    case $net_counting:$gslug in
    yes:hvt | yes:*-kvm)
        if command -v perf >/dev/null 2>&1 && mkfifo "$glog.ctl" "$glog.ack"
        then
            gwrap="perf stat -I 100 -x, -D -1 -e kvm:kvm_emulate_insn"
            gwrap="$gwrap --control fifo:$glog.ctl,$glog.ack -o $glog.perf --"
        fi
        ;;
    esac
    case $gslug in
    unix)
        ip netns exec "$ns" timeout "$((limit + 10))" "$gimg" \
            --net-service=tap0 "$@" >"$glog" 2>&1 </dev/null &
        ;;
    spt | hvt)
        # shellcheck disable=SC2086 # $gwrap and $net_tender_opts: words
        ip netns exec "$ns" timeout "$((limit + 10))" $gwrap \
            "$builddir/tenders/$gslug/mirage-$gslug" --net:service=tap0 \
            --net-mac:service=02:00:00:aa:bb:01 $net_tender_opts "$gimg" "$@" \
            >"$glog" 2>&1 </dev/null &
        ;;
    virtio-*)
        machine=${gslug#virtio-}
        accel=${machine#*-}
        machine=${machine%-*}
        # virtio-net over MMIO on microvm (acpi=off, as mirage run starts
        # it; modern virtio-mmio) or over PCI on q35 (modern only)
        if test "$machine" = microvm; then
            m="microvm,acpi=off -global virtio-mmio.force-legacy=false"
            dev=virtio-net-device
        else
            m=q35
            dev=virtio-net-pci,disable-legacy=on
        fi
        cpu=
        if test "$accel" = tcg; then cpu="-cpu max"; fi
        # shellcheck disable=SC2086 # $gwrap, $m and $cpu: lists of words
        ip netns exec "$ns" timeout "$((limit + 10))" $gwrap \
            "$qemu" -M $m -accel "$accel" $cpu -m 64 \
            -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
            -device "$dev,netdev=n0,mac=02:00:00:aa:bb:02" \
            -display none -no-reboot -monitor none \
            -serial "file:$glog.serial" \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
            -kernel "$gimg" -append "$*" >"$glog" 2>&1 </dev/null &
        ;;
    *)
        echo "$bench: no such guest: $gslug" >&2
        exit 2
        ;;
    esac
    guest_pid=$!
    net_pids="$net_pids $guest_pid"
}

# net_guest_log LOG: the guest's console: LOG, and for QEMU LOG.serial.
net_guest_log() {
    cat "$1" "$1.serial" 2>/dev/null || :
}

# net_guest_wait LOG TEXT SECONDS: 0 once the guest's console says TEXT,
# 1 if it ended or SECONDS passed first.
net_guest_wait() {
    i=0
    while test "$i" -lt "$(($3 * 10))"; do
        if net_guest_log "$1" | grep -q -e "$2"; then return 0; fi
        kill -0 "$guest_pid" 2>/dev/null || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# net_frames SLUG IMAGE FRAMES WINDOW [SIZE]: FRAMES frames of SIZE + 14
# bytes (SIZE 1486 unless given: frames of 1500 bytes) from $work/ethpeer
# (net_cc) on tap0 in $ns, WINDOW of them in flight, echoed
# by IMAGE (examples/ethecho for the guest SLUG, see net_guest), which is
# stopped once the peer is done; sets $rate (frames/s) and $resent. 1 if
# the exchange failed, $failure saying how (the logs are $work/SLUG.peer
# and $work/SLUG.guest). IMAGE "tap-echo" runs $work/tap-echo, a plain
# process on the tap.
net_frames() {
    : >"$work/$1.peer"
    ip netns exec "$ns" timeout "$((limit + 5))" "$work/ethpeer" \
        --iface=tap0 --window="$4" --count="$3" --size="${5:-1486}" \
        --timeout="$limit" >"$work/$1.peer" 2>&1 </dev/null &
    peer_pid=$!
    net_pids="$net_pids $peer_pid"
    i=0
    while ! grep -q '^ethpeer: ready' "$work/$1.peer" && test $i -lt 100; do
        sleep 0.1
        i=$((i + 1))
    done
    if test "$2" = tap-echo; then
        ip netns exec "$ns" timeout "$((limit + 10))" "$work/tap-echo" \
            --count=0 --timeout=30 tap0 >"$work/$1.guest" 2>&1 </dev/null &
        guest_pid=$!
        net_pids="$net_pids $guest_pid"
    else
        net_guest "$1" "$2" "$work/$1.guest" --count=0 --timeout=30 --quiet
    fi
    rc=0
    wait "$peer_pid" || rc=$?
    net_forget "$peer_pid"
    net_stop "$guest_pid"
    line=$(grep '^ethpeer: .* echoed in ' "$work/$1.peer" || :)
    if test "$rc" -ne 0 || test -z "$line"; then
        failure="the peer exited with $rc: $(tail -n 1 "$work/$1.peer")"
        return 1
    fi
    rate=$(echo "$line" | sed -n 's/.* s: \([0-9]*\) frames\/s.*/\1/p')
    resent=$(echo "$line" | sed -n 's/.*, \([0-9]*\) resent$/\1/p')
    resent=${resent:-0}
}

# net_ceiling SLUG IMAGE WINDOW [SIZE]: the frame rate of the path of the
# guest SLUG (net_frames with examples/ethecho's IMAGE) in $rate, for
# about 5 s: 500 frames first, then as many more as 5 s take at that rate
# (at most $FRAMES, default 20000). 1 if an exchange failed ($failure).
net_ceiling() {
    net_frames "$1" "$2" 500 "$3" "$4" || return 1
    n=$((rate * 5))
    if test "$n" -gt "${FRAMES:-20000}"; then n=${FRAMES:-20000}; fi
    if test "$n" -gt 1000; then net_frames "$1" "$2" "$n" "$3" "$4"; fi
}

# net_targets: the slugs (see net_guest) of the guests that can run here
# and match the pattern $only, in the order unix, spt, hvt,
# virtio-microvm-kvm (when /dev/kvm is usable), virtio-microvm-tcg.
net_targets() {
    list=
    for t in unix spt hvt virtio-microvm-kvm virtio-microvm-tcg; do
        net_has "${t%%-*}" || continue
        case $t in *-kvm) net_kvm || continue ;; esac
        # shellcheck disable=SC2254 # $only is a pattern
        case $t in $only) list="$list $t" ;; esac
    done
    echo "${list# }"
}

# net_label SLUG: the name of the guest SLUG in a table.
net_label() {
    case $1 in
    unix) echo "unix (tap)" ;;
    hvt) echo "hvt (KVM)" ;;
    virtio-microvm-kvm) echo "virtio (microvm, KVM)" ;;
    virtio-microvm-tcg) echo "virtio (microvm, TCG)" ;;
    *) echo "$1" ;;
    esac
}

# net_image EXAMPLE SLUG: examples/EXAMPLE built (once per run) for the
# target of the guest SLUG, in $built; on unix with the direct stack.
net_image() {
    t=${2%%-*}
    built=$work/$1-$t/$1
    if test "$t" != unix; then built=$built.$t; fi
    case " $net_built " in
    *" $1-$t "*) return 0 ;;
    esac
    if test "$t" = unix; then net_build "$1" unix direct; else
        net_build "$1" "$t"
    fi
    net_built="$net_built $1-$t"
}

# net_network SLUG IMAGE LOG ARGS...: starts examples/network's IMAGE as
# the guest SLUG at $guest_ip/24 (net_tap_ns_ip), port 8080, with the boot
# ARGS; 0 once it listens (within 60 s), else 1.
net_network() {
    ip netns exec "$ns" ip neigh flush dev tap0
    gs=$1 gi=$2 gl=$3
    shift 3
    net_guest "$gs" "$gi" "$gl" --ipv4="$guest_ip/24" --port=8080 "$@"
    net_guest_wait "$gl" 'listening on port' 60
}

# net_tap_ns_ip: net_tap_ns with the host at $host_ip/24 on tap0 and the
# guest to be at $guest_ip.
net_tap_ns_ip() {
    host_ip=10.83.0.1
    guest_ip=10.83.0.2
    net_tap_ns "$host_ip/24"
}

# net_veth: Linux's reference: namespaces $ns_a (the server, 10.83.1.1)
# and $ns_b (the client, 10.83.1.2) joined by a veth pair with the
# kernel's defaults (offloads on, MTU 1500); $ref_ip is the server's.
net_veth() {
    ns_a=mirage-bench-$$-a
    ns_b=mirage-bench-$$-b
    ref_ip=10.83.1.1
    net_ns_add "$ns_a"
    net_ns_add "$ns_b"
    ip netns exec "$ns_a" ip link add veth0 type veth peer name veth1 \
        netns "$ns_b"
    ip netns exec "$ns_a" ip addr add "$ref_ip/24" dev veth0
    ip netns exec "$ns_b" ip addr add 10.83.1.2/24 dev veth1
    ip netns exec "$ns_a" ip link set veth0 up
    ip netns exec "$ns_b" ip link set veth1 up
}

# net_serve MODE [BYTES]: $work/tcp-peer serving MODE on $ref_ip:5001 in
# $ns_a until net_stop $serve_pid; returns once it listens.
net_serve() {
    ip netns exec "$ns_a" "$work/tcp-peer" serve 5001 "$@" \
        >"$work/serve.out" 2>&1 </dev/null &
    serve_pid=$!
    net_pids="$net_pids $serve_pid"
    i=0
    while ! grep -q 'listening' "$work/serve.out" && test $i -lt 100; do
        sleep 0.1
        i=$((i + 1))
    done
}

# net_perf_start: for a guest that runs under perf (hvt and virtio with
# KVM, when perf(1) is there and $net_counting is yes: see net_guest),
# turns on the count of the instructions that KVM emulates for it
# (kvm:kvm_emulate_insn) until net_perf_stop, which sets $emulated (""
# when not counted).
net_perf_start() {
    perf_on=
    emulated=
    test -p "$guest_log.ctl" || return 0
    perf_mark=$(wc -l 2>/dev/null <"$guest_log.perf" || echo 0)
    if net_perf_say enable; then perf_on=yes; fi
}

net_perf_stop() {
    test -n "$perf_on" || return 0
    net_perf_say disable || return 0
    sleep 0.3 # perf prints what the last interval counted
    emulated=$(tail -n "+$((perf_mark + 1))" "$guest_log.perf" | awk -F, '
        $4 == "kvm:kvm_emulate_insn" && $2 ~ /^[0-9]+$/ { s += $2; n++ }
        END { if (n) printf "%.0f\n", s }')
}

# net_perf_say enable|disable: tells the guest's perf, and waits (30 s at
# most) for its answer.
net_perf_say() {
    # shellcheck disable=SC2016 # for the inner shell
    timeout 30 sh -c 'echo "$1" >"$2" && head -n 1 "$3"' sh "$1" \
        "$guest_log.ctl" "$guest_log.ack" >/dev/null 2>&1
}
