# SPDX-License-Identifier: ISC
# tests/net/net-common.sh: the raw-frame tests of the ethecho example in a
# tender (spt-net.sh, hvt-net.sh), against the host peer tests/net/ethpeer:
# over a socket pair given as --net:service=@3, and over a tap device in a
# network namespace that the test creates and removes itself. Sourced
# after tests/lib.sh and the target's common file, which set $tender,
# $image and $target.

. "$top_srcdir/tests/net/netns.sh"
ethpeer=$top_builddir/tests/net/ethpeer

# net_fd_tests: the frames cross a socket pair (no privileges needed). The
# peer starts the tender with its end as descriptor 3; its status is the
# tender's when the exchange went well.
net_fd_tests() {
    "$ethpeer" --count=3 --timeout="$(scaled 20)" --spawn -- "$tender" \
        --net:service=@3 "$image" --count=3 --timeout="$(scaled 10)" \
        >"$scratch/out" 2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    check_status "$target: three frames are echoed over --net:service=@3" \
        0 "$status"
    check_grep "the guest's hello reaches the host" \
        '^ethpeer: hello from ([0-9a-f]{2}:){5}[0-9a-f]{2}$' "$scratch/out"
    check_count "the host gets its three frames back, unchanged" 3 \
        '^ethpeer: echo [1-3] ok \(65 bytes\)$' "$scratch/out"
    check_grep "the guest counts what crossed its interface" \
        '^ethecho: 3 frames in \(180 bytes\), [4-9] out \([0-9]+ bytes\)$' \
        "$scratch/out"
    check_no_grep "nothing went wrong" 'ERR|timed out' "$scratch/all"
    if test "$status" -ne 0; then diag_file "$scratch/err"; fi

    # mirage run finds the tender and hands it the device options
    "$ethpeer" --count=1 --timeout="$(scaled 20)" --spawn -- "$top_builddir/src/mirage" \
        run "$image" --net:service=@3 -- --count=1 --timeout="$(scaled 10)" \
        >"$scratch/out" 2>"$scratch/err"
    check_status "$target: mirage run NAME.$target --net:service=@3 -- ARGS" \
        0 "$?"
    check_grep "the frame came back through it" '^ethpeer: echo 1 ok' \
        "$scratch/out"

    # the largest frames: a 1500-byte payload each way
    "$ethpeer" --count=2 --size=1495 --timeout="$(scaled 20)" --spawn -- "$tender" \
        --net:service=@3 "$image" --count=2 --timeout="$(scaled 10)" \
        >"$scratch/out" 2>"$scratch/err"
    check_status "$target: frames of the full 1500-byte MTU cross" 0 "$?"
    check_count "and come back whole (1514 bytes)" 2 \
        '^ethpeer: echo [12] ok \(1514 bytes\)$' "$scratch/out"

    # --net-mac gives the interface its address
    "$ethpeer" --count=1 --timeout="$(scaled 20)" --spawn -- "$tender" \
        --net:service=@3 --net-mac:service=02:00:00:aa:bb:cc "$image" \
        --count=1 --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    check_status "$target: --net-mac:service=02:00:00:aa:bb:cc" 0 "$?"
    check_grep "the guest uses the address it was given" \
        '^ethpeer: hello from 02:00:00:aa:bb:cc$' "$scratch/out"

    # a read that times out: the peer sends nothing after the hello
    "$ethpeer" --count=0 --timeout="$(scaled 20)" --spawn -- "$tender" \
        --net:service=@3 "$image" --count=1 --timeout=1 \
        >"$scratch/out" 2>"$scratch/err"
    check_status "$target: a read times out when no frame comes" 1 "$?"
    check_grep "and the example says so" \
        '^ethecho: no frame for 1 s; giving up after 0 echoes$' \
        "$scratch/out"

    # empty datagrams are no frames: the guest reads on
    "$ethpeer" --count=2 --send-empty --send-empty --timeout="$(scaled 20)" \
        --spawn -- "$tender" --net:service=@3 "$image" --count=2 \
        --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    check_status "$target: two empty datagrams, then frames: echoed" 0 "$?"
    check_count "the frames after the empty ones come back" 2 \
        '^ethpeer: echo [12] ok \(65 bytes\)$' "$scratch/out"
    check_grep "the guest counts only the frames" \
        '^ethecho: 2 frames in \(120 bytes\)' "$scratch/out"

    # frames longer than MTU + 14 (or shorter than the header) never reach
    # the guest: dropped and counted; one of exactly MTU + 14 is taken in
    # (and echoed, cut to the MTU), so the guest echoes three frames
    "$ethpeer" --count=2 --send-size=1514 --send-size=1515 \
        --send-size=65000 --send-size=13 --timeout="$(scaled 20)" \
        --spawn -- "$tender" --net:service=@3 "$image" --count=3 \
        --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    check_status "$target: frames of 1515, 65000 and 13 bytes, then frames" \
        0 "$?"
    check_count "the frames after them come back" 2 \
        '^ethpeer: echo [12] ok \(65 bytes\)$' "$scratch/out"
    check_count "the guest took in the 1514-byte frame, and only it" 1 \
        '^ethpeer: junk echoed' "$scratch/out"
    check_grep "its echo is cut to the MTU" \
        '^ethpeer: junk echoed \(1514 bytes\)$' "$scratch/out"
    check_grep "the guest read three frames" \
        '^ethecho: 3 frames in \(1634 bytes\)' "$scratch/out"
    check_grep "and counts the three it dropped" \
        '^ethecho: frames dropped: 3 in, 0 out$' "$scratch/out"

    # --net-mtu: the guest is told the MTU given, frames of it cross whole,
    # and one a byte longer is dropped
    "$ethpeer" --count=2 --size=8995 --send-size=9014 --send-size=9015 \
        --timeout="$(scaled 20)" --spawn -- "$tender" --net:service=@3 \
        --net-mtu:service=9000 "$image" --count=3 --timeout="$(scaled 10)" \
        >"$scratch/out" 2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    check_status "$target: --net-mtu:service=9000, frames of 9009 bytes" 0 \
        "$status"
    check_grep "the guest is told MTU 9000" 'service: address .*, MTU 9000$' \
        "$scratch/all"
    check_count "the frames come back whole (9014 bytes)" 2 \
        '^ethpeer: echo [12] ok \(9014 bytes\)$' "$scratch/out"
    check_grep "a frame of 9014 bytes is taken in" \
        '^ethpeer: junk echoed \(9014 bytes\)$' "$scratch/out"
    check_grep "one of 9015 bytes is dropped and counted" \
        '^ethecho: frames dropped: 1 in, 0 out$' "$scratch/out"

    # -ENOBUFS is a frame dropped, not the end: the peer fills its queue so
    # that the guest's first hello and its echo of ping 1 find no room
    "$ethpeer" --count=2 --jam --timeout="$(scaled 20)" --spawn -- \
        "$tender" --net:service=@3 "$image" --count=2 \
        --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    check_status "$target: the host has no room twice (-ENOBUFS): echoed" 0 \
        "$status"
    check_grep "the hello met a full queue" '^ethpeer: jammed: the hello$' \
        "$scratch/out"
    check_grep "and so did the echo of ping 1" '^ethpeer: jammed: echo 1$' \
        "$scratch/out"
    check_grep "the guest says its first hello was dropped" \
        '^ethecho: hello from .* dropped \(no room\); it goes again$' \
        "$scratch/out"
    check_count "the pings come back, ping 1 sent again" 2 \
        '^ethpeer: echo [12] ok \(65 bytes\)$' "$scratch/out"
    check_grep "the guest counts at least the two frames dropped" \
        '^ethecho: frames dropped: 0 in, ([2-9]|[1-9][0-9]+) out$' \
        "$scratch/out"
    check_no_grep "and says no error" 'ERR' "$scratch/all"

    # a socket whose end reads empty is refused: it is no frame
    for type in seqpacket stream; do
        "$ethpeer" --count=1 --socket=$type --timeout="$(scaled 20)" \
            --spawn -- "$tender" --net:service=@3 "$image" --count=1 \
            --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
        check_grep "$target: a $type socket as @3: the tender refuses it" \
            "^mirage-$target: net device 'service': descriptor 3 is a $type socket: give a datagram socket" \
            "$scratch/err"
        check_grep "with status 125, at once" \
            'exited with status 125 before the hello$' "$scratch/err"
    done

    # the manifest: the device is declared, so the tender wants it
    "$tender" "$image" >"$scratch/out" 2>"$scratch/err"
    check_status "$target: without --net:service= the tender refuses (125)" \
        125 "$?"
    check_grep "naming the device and the option" "'service'.*--net:service=" \
        "$scratch/err"
}

# net_tap_tests: a tap device in a network namespace of its own
# (tests/net/netns.sh); the tender attaches it by name, the peer speaks on
# its host side (AF_PACKET). Needs root, ip(8) and /dev/net/tun, else SKIP.
net_tap_tests() {
    if ! netns_usable || ! netns_create "$target-net"; then
        skip "$target: frames cross a tap device in a network namespace" \
            "$netns_why"
        return
    fi
    netns_tap tap0 && in_netns ip link set tap0 mtu 9000
    check_status "a namespace with a tap device, tap0, of MTU 9000" 0 "$?"

    netns_spawn peer in_netns "$ethpeer" --iface=tap0 --count=3 \
        --timeout="$(scaled 20)" >"$scratch/peer.out" 2>"$scratch/peer.err"
    wait_until 10 grep -q '^ethpeer: ready' "$scratch/peer.out"
    in_netns "$tender" --net:service=tap0 --net-mac:service=02:00:00:aa:bb:01 \
        "$image" --count=3 --timeout="$(scaled 10)" >"$scratch/out" 2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    netns_reap "$peer"
    peer_status=$?
    check_status "$target: ethecho on --net:service=tap0 exits with 0" 0 \
        "$status"
    check_status "the peer on the host side of tap0 is satisfied" 0 \
        "$peer_status"
    check_grep "the guest's broadcast is seen on the host side" \
        '^ethpeer: hello from 02:00:00:aa:bb:01$' "$scratch/peer.out"
    check_count "frames from the host reach the guest, and come back" 3 \
        '^ethpeer: echo [1-3] ok \(65 bytes\)$' "$scratch/peer.out"
    check_count "the guest saw them" 3 \
        '^ethecho: echoed frame [1-3] from ([0-9a-f]{2}:){5}[0-9a-f]{2}, 60 bytes$' \
        "$scratch/out"
    check_grep "the guest is told the tap's own MTU, 9000" \
        'service: address 02:00:00:aa:bb:01, MTU 9000$' "$scratch/all"
    # the kernel counted the guest's frames as received on tap0
    rx=$(in_netns cat /sys/class/net/tap0/statistics/rx_packets 2>/dev/null)
    check "the host's tap0 counted at least 4 frames in (got ${rx:-none})" \
        test "${rx:-0}" -ge 4
    if test "$status" -ne 0 || test "$peer_status" -ne 0; then
        diag_file "$scratch/all"
        diag_file "$scratch/peer.err"
    fi

    # frames of the tap's MTU cross whole
    : >"$scratch/peer.out"
    netns_spawn peer in_netns "$ethpeer" --iface=tap0 --count=2 --size=8995 \
        --timeout="$(scaled 20)" >"$scratch/peer.out" 2>"$scratch/peer.err"
    wait_until 10 grep -q '^ethpeer: ready' "$scratch/peer.out"
    in_netns "$tender" --net:service=tap0 --net-mac:service=02:00:00:aa:bb:01 \
        "$image" --count=2 --timeout="$(scaled 10)" >"$scratch/out" \
        2>"$scratch/err"
    status=$?
    netns_reap "$peer"
    peer_status=$?
    check_status "$target: frames of 9009 bytes on tap0: ethecho exits with 0" \
        0 "$status"
    check_status "the peer got its frames back" 0 "$peer_status"
    check_count "whole (9014 bytes)" 2 '^ethpeer: echo [12] ok \(9014 bytes\)$' \
        "$scratch/peer.out"
    if test "$status" -ne 0 || test "$peer_status" -ne 0; then
        diag_file "$scratch/out"
        diag_file "$scratch/err"
        diag_file "$scratch/peer.err"
    fi
    netns_cleanup
}
