# SPDX-License-Identifier: ISC
# tests/net/netns.sh: network namespaces for the tests that talk to Linux:
# a namespace of the test's own with a tap interface in it, commands run
# inside, and everything removed at the end, even after a failure or a
# signal. Sourced after tests/lib.sh (it takes over lib.sh's EXIT trap:
# the scratch folder is still removed).
#
#     netns_usable || skip_all "$netns_why"
#     netns_create                   # $netns: mirage-TEST-PID, lo up
#     netns_tap tap0                 # 10.X.Y.1/24 on tap0, up
#     in_netns ip link set tap0 mtu 9000
#     netns_spawn peer in_netns "$ethpeer" --iface=tap0  # in the background
#     in_netns "$image" --net-service=tap0
#     netns_reap "$peer"; peer_status=$?
#
# Only the processes that netns_spawn started are ended, by their PID;
# netns_cleanup (the EXIT trap) ends those still running and deletes the
# namespaces, whose interfaces go with them.

netns_list=     # the namespaces made, for netns_cleanup
netns_pids=     # the processes netns_spawn started and netns_reap did not
netns_count=0   # namespaces made by this test so far

# netns_usable: 0 when this process can make a namespace with a tap in
# it (root, ip netns, /dev/net/tun), else 1 with the reason in $netns_why.
netns_usable() {
    netns_why=
    if test "$(id -u)" -ne 0; then
        netns_why="creating a network namespace needs root"
    elif ! command -v ip >/dev/null 2>&1; then
        netns_why="ip (iproute2) is not installed"
    elif ! ip netns list >/dev/null 2>&1; then
        netns_why="ip netns does not work here"
    elif ! test -c /dev/net/tun; then
        netns_why="there is no /dev/net/tun"
    fi
    test -z "$netns_why"
}

# netns_create [TAG]: makes the namespace mirage-TAG-PID (TAG: the test's
# name, such as unix-tap; a second one of the same test gets -2, ...), its
# loopback up, and sets $netns to its name and $netns_prefix to 10.X.Y,
# a /24 of its own (X and Y from the PID and the count: two tests that run
# at once under make -j get different ones). Returns 0, or 1 with the
# reason in $netns_why (call netns_usable first).
netns_create() {
    netns_tag=${1:-$(basename "$0" .sh)}
    netns_count=$((netns_count + 1))
    netns=mirage-$netns_tag-$$
    test "$netns_count" -eq 1 || netns=$netns-$netns_count
    # the first namespace of a test arms the clean-up
    if test -z "$netns_list"; then
        trap 'netns_cleanup; rm -rf "$scratch"' EXIT
        trap 'exit 129' HUP
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    if ! ip netns add "$netns" 2>"$scratch/netns.err"; then
        netns_why="ip netns add $netns failed: $(head -n 1 "$scratch/netns.err")"
        return 1
    fi
    netns_list="$netns_list $netns"
    netns_n=$(($$ * 4 + netns_count))
    netns_prefix=10.$((16 + netns_n / 254 % 224)).$((1 + netns_n % 254))
    if ! in_netns ip link set lo up 2>"$scratch/netns.err"; then
        netns_why="ip link set lo up failed in $netns: $(head -n 1 "$scratch/netns.err")"
        return 1
    fi
    return 0
}

# in_netns COMMAND...: COMMAND in the namespace $netns; its status.
in_netns() {
    ip netns exec "$netns" "$@"
}

# netns_tap DEV [USER]: a tap interface DEV in $netns, owned by USER
# (default: the test's user) so that a process of USER may attach it,
# without IPv6 (no chatter on it), with the host's address
# $netns_host = $netns_prefix.1 (a /24; $netns_guest = $netns_prefix.2
# is the one for the unikernel), up. Returns 0, or 1 with the reason in
# $netns_why.
netns_tap() {
    netns_host=$netns_prefix.1
    netns_guest=$netns_prefix.2
    if in_netns ip tuntap add dev "$1" mode tap user "${2:-$(id -u)}" \
        2>"$scratch/netns.err" &&
        in_netns sysctl -q -w "net.ipv6.conf.$1.disable_ipv6=1" \
            2>>"$scratch/netns.err" &&
        in_netns ip addr add "$netns_host/24" dev "$1" \
            2>>"$scratch/netns.err" &&
        in_netns ip link set "$1" up 2>>"$scratch/netns.err"; then
        return 0
    fi
    netns_why="a tap $1 in $netns: $(head -n 1 "$scratch/netns.err")"
    return 1
}

# netns_spawn VAR COMMAND...: starts COMMAND in the background (put
# in_netns in front for it to run in the namespace), stores its PID in the
# variable VAR and remembers it, so that netns_cleanup ends it if it still
# runs then. COMMAND is a program, not a shell function: the PID is the
# program's own (ip netns exec execs it). Its output goes where the
# caller redirects it.
netns_spawn() {
    netns_var=$1
    shift
    if test "$1" = in_netns; then
        shift
        set -- ip netns exec "$netns" "$@"
    fi
    "$@" &
    eval "$netns_var=\$!"
    netns_pids="$netns_pids $!"
}

# netns_reap PID: waits for PID (from netns_spawn) to end; its status.
netns_reap() {
    wait "$1"
    netns_st=$?
    netns_forget "$1"
    return "$netns_st"
}

# netns_stop PID: ends PID (from netns_spawn) now: SIGTERM, and SIGKILL
# if it still runs after 5 s (scaled); waits for it.
netns_stop() {
    kill "$1" 2>/dev/null
    netns_stop_end=$(($(date +%s) + $(scaled 5)))
    while netns_running "$1" &&
        test "$(date +%s)" -lt "$netns_stop_end"; do
        sleep 0.1
    done
    # our child: its PID cannot be reused before the wait below
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    netns_forget "$1"
}

# netns_running PID: 0 while PID runs (exited and not yet waited for is
# not running).
netns_running() {
    netns_state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    test -n "$netns_state" && test "$netns_state" != Z
}

# netns_forget PID: drops PID from the processes to end.
netns_forget() {
    netns_left=
    for netns_p in $netns_pids; do
        test "$netns_p" = "$1" || netns_left="$netns_left $netns_p"
    done
    netns_pids=$netns_left
}

# netns_cleanup: ends the processes still running that netns_spawn
# started, by PID, and deletes the namespaces made (their interfaces go
# with them). The EXIT trap calls it; a test may call it sooner.
netns_cleanup() {
    for netns_p in $netns_pids; do
        netns_stop "$netns_p"
    done
    for netns_ns in $netns_list; do
        ip netns del "$netns_ns" 2>/dev/null
    done
    netns_list=
}
