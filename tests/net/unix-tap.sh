#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/unix-tap.sh: unix's `tap` net device against Linux, on a tap
# interface in a network namespace of the test's own (tests/net/netns.sh):
# tests/net/tapecho (examples/ethecho after a look at its interface)
# exchanges raw frames with tests/net/ethpeer, which speaks on the host
# side of the tap through a packet socket. Frames both ways, the address
# and MTU the device reports, -EMSGSIZE, frames too long dropped and
# counted, the tap given by name or as @FD, and each refusal's message.
# Needs root, ip(8) and /dev/net/tun, else SKIP.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/netns.sh"

ethpeer=$top_builddir/tests/net/ethpeer
peer= first= # PIDs, from netns_spawn
test -x "$top_builddir/src/mirage" || skip_all "the helper src/mirage is not built"
test -x "$ethpeer" || skip_all "the test peer tests/net/ethpeer is not built"
need_autotools
use_build_tree

# check_count DESCRIPTION N PATTERN FILE: N lines of FILE match the ERE.
check_count() {
    check_status "$1" "$2" "$(grep -E -c -e "$3" "$4")"
}

# The image: tapecho.c and ethecho's own unikernel.c.
p=$scratch/tapecho
copy_project "$top_srcdir/tests/net/tapecho" "$p" &&
    cp "$top_srcdir/examples/ethecho/unikernel.c" "$p/unikernel.c" &&
    chmod u+w "$p/unikernel.c"
image=$p/tapecho
if build_project "$p" --with-target=unix && test -x "$image"; then
    ok "tapecho (ethecho on net tap) builds for unix"
else
    not_ok "tapecho (ethecho on net tap) builds for unix"
    diag_file "$p/build.log"
    done_testing
    exit
fi

# Without the interface the boot stops, naming the argument and its forms.
"$image" >"$scratch/out" 2>"$scratch/err"
status=$?
cat "$scratch/out" "$scratch/err" >"$scratch/all"
check_status "without --net-service: the boot stops (125)" 125 "$status"
check_grep "the message names the argument and both of its forms" \
    'service: no interface given: boot with --net-service=TAP, .* or --net-service=@FD' \
    "$scratch/all"
"$image" --help >"$scratch/out" 2>&1
check_grep "--help lists --net-service" '--net-service=' "$scratch/out"
check_grep "and --net-mac-service, --net-mtu-service" \
    '--net-mtu-service=' "$scratch/out"

netns_usable || {
    skip "frames between the unikernel and Linux on a tap" "$netns_why"
    done_testing
    exit
}
if ! netns_create unix-tap || ! netns_tap tap0; then
    not_ok "a namespace with a tap, tap0: $netns_why"
    done_testing
    exit
fi
ok "a namespace $netns with a tap, tap0 ($netns_host/24), up"
host_mac=$(in_netns cat /sys/class/net/tap0/address)

# exchange NAME PEER-ARGS -- IMAGE-ARGS: ethpeer on tap0 with PEER-ARGS
# and the image with IMAGE-ARGS (run by the command $wrap, when set), both
# in the namespace; the image's output in $scratch/out and (with its
# errors) $scratch/all, its status in $status, the peer's in
# $scratch/peer.out and $peer_status.
wrap=
exchange() {
    ex_name=$1
    shift
    ex_peer=
    while test "$1" != --; do
        ex_peer="$ex_peer $1"
        shift
    done
    shift
    : >"$scratch/peer.out"
    # shellcheck disable=SC2086 # $ex_peer is a list of options
    netns_spawn peer in_netns "$ethpeer" --iface=tap0 \
        --timeout="$(scaled 20)" $ex_peer \
        >"$scratch/peer.out" 2>"$scratch/peer.err"
    wait_until 10 grep -q '^ethpeer: ready' "$scratch/peer.out"
    # shellcheck disable=SC2086 # $wrap is a command, unquoted
    test_timeout 60 ip netns exec "$netns" $wrap "$image" "$@" \
        --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    netns_reap "$peer"
    peer_status=$?
    check_status "$ex_name: the unikernel exits with 0" 0 "$status"
    check_status "$ex_name: the peer on the host side got its echoes" 0 \
        "$peer_status"
    if test "$status" -ne 0 || test "$peer_status" -ne 0; then
        diag_file "$scratch/all"
        diag_file "$scratch/peer.out"
        diag_file "$scratch/peer.err"
    fi
}

# 1. By name, with its random address.
exchange "--net-service=tap0" --count=3 -- --net-service=tap0 --count=3
mac=$(sed -n 's/^tapecho: service: MAC \([0-9a-f:]*\), MTU .*/\1/p' \
    "$scratch/out")
check_grep "the device reports tap0's MTU, 1500" \
    '^tapecho: service: MAC .*, MTU 1500$' "$scratch/out"
check_grep "a write of MTU + 15 bytes: -EMSGSIZE" \
    '^tapecho: a write of 1515 bytes: -EMSGSIZE$' "$scratch/out"
check_grep "the guest's broadcast reaches Linux, from the address reported" \
    "^ethpeer: hello from ${mac:-none}\$" "$scratch/peer.out"
case $mac in
?[26ae]:*) ok "the address $mac is locally administered and unicast" ;;
*) not_ok "the address ${mac:-none} is locally administered and unicast" ;;
esac
check "and is not the host side's, $host_mac" test "${mac:-none}" != "$host_mac"
check_count "Linux's frames reach the guest and come back whole" 3 \
    '^ethpeer: echo [1-3] ok \(65 bytes\)$' "$scratch/peer.out"
check_count "the guest saw them, from the host side's address" 3 \
    "^ethecho: echoed frame [1-3] from $host_mac, 60 bytes\$" "$scratch/out"
check_grep "and counts them (3 in, the hello and 3 echoes out at least)" \
    '^ethecho: 3 frames in \(180 bytes\), [4-9] out' "$scratch/out"
rx=$(in_netns cat /sys/class/net/tap0/statistics/rx_packets)
check "Linux counted the guest's frames on tap0 (at least 4: $rx)" \
    test "${rx:-0}" -ge 4

# 2. An address given; a tap whose MTU is 9000: frames of it whole.
in_netns ip link set tap0 mtu 9000
exchange "--net-mac-service, tap0 of MTU 9000" --count=2 --size=8995 -- \
    --net-service=tap0 --net-mac-service=02:00:00:aa:bb:01 --count=2
check_grep "the guest uses the address given" \
    '^ethpeer: hello from 02:00:00:aa:bb:01$' "$scratch/peer.out"
check_grep "the device reports the tap's MTU, 9000" \
    '^tapecho: service: MAC 02:00:00:aa:bb:01, MTU 9000$' "$scratch/out"
check_count "frames of 9014 bytes come back whole" 2 \
    '^ethpeer: echo [12] ok \(9014 bytes\)$' "$scratch/peer.out"

# 3. --net-mtu-service=1500 on that tap: longer frames are dropped and
# counted; one of 1514 bytes is taken in (and echoed, cut to the MTU)
exchange "--net-mtu-service=1500 on a tap of MTU 9000" --count=2 \
    --send-size=1515 --send-size=9014 --send-size=1514 -- \
    --net-service=tap0 --net-mtu-service=1500 --count=3
check_grep "the device reports the MTU given" \
    '^tapecho: service: MAC .*, MTU 1500$' "$scratch/out"
check_grep "the frame of 1514 bytes is taken in and echoed" \
    '^ethpeer: junk echoed \(1514 bytes\)$' "$scratch/peer.out"
check_count "and only it" 1 '^ethpeer: junk echoed' "$scratch/peer.out"
check_grep "the frames of 1515 and 9014 bytes are dropped and counted" \
    '^ethecho: frames dropped: 2 in, 0 out$' "$scratch/out"
in_netns ip link set tap0 mtu 1500

# 4. The tap as a descriptor a parent opened (@FD); a tun is refused.
if command -v python3 >/dev/null 2>&1; then
    cat >"$scratch/opentap.py" <<'EOF'
# opentap.py KIND IFACE PROGRAM ARGS...: runs PROGRAM with the tap (KIND
# tap) or tun (tun) interface IFACE attached as its descriptor 3
import fcntl, os, struct, sys
flags = {"tap": 0x0002, "tun": 0x0001}[sys.argv[1]] | 0x1000  # IFF_NO_PI
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", sys.argv[2].encode(), flags))
os.dup2(fd, 3)
os.execvp(sys.argv[3], sys.argv[3:])
EOF
    wrap="python3 $scratch/opentap.py tap tap0"
    exchange "--net-service=@3, tap0 opened by the parent" --count=2 -- \
        --net-service=@3 --count=2
    wrap=
    check_count "frames come back through it" 2 \
        '^ethpeer: echo [12] ok \(65 bytes\)$' "$scratch/peer.out"
    check_grep "its MTU is tap0's" '^tapecho: service: MAC .*, MTU 1500$' \
        "$scratch/out"
    in_netns ip tuntap add dev tun0 mode tun
    in_netns python3 "$scratch/opentap.py" tun tun0 "$image" \
        --net-service=@3 >"$scratch/out" 2>&1
    check_status "--net-service=@3, a tun: the boot stops (125)" 125 "$?"
    check_grep "saying it is no tap" \
        'descriptor 3 is the tun tun0, not a tap giving plain Ethernet frames' \
        "$scratch/out"
else
    skip "--net-service=@3, tap0 opened by the parent" \
        "python3 is not installed"
    in_netns ip tuntap add dev tun0 mode tun
fi

# refused IMAGE-ARGS -- DESCRIPTION STATUS PATTERN: the image in the
# namespace (run by the command $wrap, when set) exits with STATUS and
# says PATTERN (an ERE).
refused() {
    rf_args=
    while test "$1" != --; do
        rf_args="$rf_args $1"
        shift
    done
    shift
    # shellcheck disable=SC2086 # $wrap is a command, $rf_args a list
    test_timeout 60 ip netns exec "$netns" $wrap "$image" $rf_args \
        --count=1 --timeout=1 >"$scratch/out" 2>&1
    check_status "$1: status $2" "$2" "$?"
    check_grep "$1: the message" "$3" "$scratch/out"
}

# 5. Each refusal of the host, named.
refused --net-service=tun0 -- "a tun by name" 125 \
    'service: interface tun0 is not a tap interface \(a tun, a veth or another kind\)'
refused --net-service=lo -- "the loopback" 125 \
    'service: interface lo is not a tap interface'
refused --net-service=tap0 --net-mac-service=03:00:00:00:00:01 -- \
    "a multicast address" 125 \
    'bad Ethernet address in --net-mac-service=03:00:00:00:00:01'
refused --net-service=tap0 --net-mtu-service=67 -- "MTU 67" 125 \
    'bad MTU in --net-mtu-service=67: give 68 to 65535'
refused --net-service=@1 -- "@1" 125 \
    'bad descriptor in --net-service=@1: give @FD, FD a number, 3 or more'

# one attached already: a first unikernel holds tap0 while a second tries
netns_spawn first in_netns "$image" --net-service=tap0 --count=1 \
    --timeout="$(scaled 30)" >"$scratch/first.out" 2>&1
wait_until 10 grep -q '^ethecho: hello sent' "$scratch/first.out"
refused --net-service=tap0 -- "tap0 attached by another process" 125 \
    'service: tap interface tap0 is attached already'
netns_stop "$first"

# an interface that does not exist: root creates it, down; it goes with
# the unikernel
refused --net-service=tapnew -- "a tap that does not exist, as root" 1 \
    'service: created tap interface tapnew; it goes at disconnect or when the unikernel ends'
check_grep "it is down: the connection warns of it" \
    'tap interface tapnew is down: writes fail until it is up' "$scratch/out"
check_grep "and the first write fails with -EIO" \
    'sending the hello: error -5' "$scratch/out"
check "it is gone once the unikernel ended" \
    sh -c "! ip netns exec '$netns' ip link show tapnew >/dev/null 2>&1"

# without CAP_NET_ADMIN: a tap of another user, and one that does not exist
if command -v setpriv >/dev/null 2>&1; then
    in_netns ip tuntap add dev tapother mode tap user 4242
    wrap="setpriv --bounding-set=-net_admin --inh-caps=-net_admin"
    refused --net-service=tapother -- \
        "without CAP_NET_ADMIN, a tap of another user" 125 \
        'service: tap interface tapother exists, but this user may not attach it'
    refused --net-service=tapnone -- \
        "without CAP_NET_ADMIN, a tap that does not exist" 125 \
        'service: there is no interface tapnone in this network namespace, and this process may not create one \(that needs CAP_NET_ADMIN\): create it first with ip tuntap add dev tapnone mode tap user USER'
    exchange "without CAP_NET_ADMIN, the test's own tap0" --count=1 -- \
        --net-service=tap0 --count=1
    wrap=
else
    skip "without CAP_NET_ADMIN: the refusals" \
        "setpriv (util-linux) is not installed"
fi
done_testing
