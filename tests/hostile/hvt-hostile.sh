#!/bin/sh
# SPDX-License-Identifier: ISC
# hvt-hostile.sh: a hostile hvt guest (hostile_hvt.c) attacks mirage-hvt and
# its ASan build (tests/hostile/mirage-hvt-asan): it rewrites the boot info
# and makes every hypercall with out-of-range handles, lengths, offsets and
# pointers. Each attack must end with errors that the guest checks, or a
# clean exit of the tender with its documented status and message, never
# a signal nor a hang; the disk keeps its size and every byte the guest
# was not allowed to write. doc/tenders.md ("Hostile guests") lists them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile-common.sh"

hvt=$top_builddir/tenders/hvt/mirage-hvt
ethpeer=$top_builddir/tests/net/ethpeer
test -x "$hvt" || skip_all "mirage-hvt is not built (tenders need an x86-64 Linux host)"
CC=${CC:-cc}

# img NAME [CFLAGS...]: builds $scratch/NAME.hvt as tests/unit/tender-hvt.sh
# builds its images (freestanding, tender_spt.lds, no SSE).
img() {
    name=$1; shift
    tender_image hvt "$scratch/$name.hvt" \
        "$top_srcdir/tests/hostile/hostile_hvt.c" "$@" 2>"$scratch/$name.cc"
}
# The tender was built, so $CC targets x86-64: the images must build.
if ! img hostile; then
    not_ok "the hostile image builds with $CC"
    diag_file "$scratch/hostile.cc"
    done_testing; exit
fi
kvm_usable || skip_all "KVM cannot run a guest here: $kvm_why"

# The disk: 64 KiB, "hostile disk" then random bytes. bi-capacity may
# write its last sector (512 'H'); no other attack may change a byte.
{ printf 'hostile disk'; head -c 65524 /dev/urandom; } >"$scratch/disk0"
{ head -c 65024 "$scratch/disk0"; head -c 512 /dev/zero | tr '\0' H; } \
    >"$scratch/disk-last"
disk=$scratch/disk

cp "$scratch/disk0" "$disk"

net_skip=
if ! test -x "$ethpeer"; then
    net_skip="the test peer tests/net/ethpeer is not built"
elif ! img hostile-net -DHOSTILE_NET; then
    not_ok "the hostile image with a net device builds with $CC"
    diag_file "$scratch/hostile-net.cc"
    net_skip="the image with a net device did not build (a failure above)"
fi

# A read-only disk: as root, in a read-only bind mount of its folder in a
# mount namespace of the run's own (root opens a file of mode 0444
# read-write); else a file of mode 0444.
mkdir "$scratch/ro"
ro_skip=
if test "$(id -u)" -eq 0; then
    cp "$scratch/disk0" "$scratch/ro/disk"
    if ! command -v unshare >/dev/null 2>&1; then
        ro_skip="root writes to any file, and unshare (util-linux) is not installed"
    elif ! unshare -m sh -c 'mount --bind -o ro "$1" "$1" && ! test -w "$1/disk"' \
        sh "$scratch/ro" 2>"$scratch/ro.err"; then
        ro_skip="root writes to any file, and a read-only bind mount failed: $(head -n 1 "$scratch/ro.err")"
    fi
fi

hostile_tenders hvt
if test -n "$asan_skip"; then
    skip "the attacks on mirage-hvt built with AddressSanitizer" "$asan_skip"
fi

# The attacks: NAME|DEVICES|STATUS|STDERR (first line, ERE)|what is checked.
# DEVICES: disk (a writable disk), ro (a read-only disk), net (a disk and
# a net device to ethpeer, which sends nothing), net1 (ethpeer sends one
# frame). The messages are the tender's (doc/tenders.md).
arg='^mirage-hvt: crash: hypercall'
port='^mirage-hvt: the guest used I/O port'
cat >"$scratch/attacks" <<EOF
bi-capacity|disk|0||capacity 2^40 in the boot info: BLOCK_WRITE and READ at 1 GiB get -EINVAL; the disk keeps its size, only its last sector written
bi-sector|disk|0||sector_size 0, then 1, in the boot info: the tender goes by its own 512 (no SIGFPE)
bi-ndevices|disk|0||ndevices 200, all net, in the boot info: POLL of every bit finds nothing; handles 150 and 199 get -EINVAL
bi-type|disk|0||the disk made a net device in the boot info: NET_WRITE and NET_READ on it get -EINVAL; POLL ignores it
bi-readonly|ro|0||read_only cleared in the boot info of a read-only disk: BLOCK_WRITE gets -EROFS
bi-mtu|net|0||mtu 1 MiB in the boot info: NET_WRITE of 64 KiB and of 1515 bytes get -EINVAL, of 1514 bytes goes
bi-nettype|net|0||block calls on the net device get -EINVAL, also once the boot info says it is a disk
block-handle|disk|0||BLOCK_READ, WRITE and FLUSH on handles 5000, 0xffffffff and ndevices get -EINVAL
block-len|disk|0||block calls of 100, 513, capacity + 512, 2^63 and 2^64 - 512 bytes get -EINVAL; of 0 bytes do nothing
block-offset|disk|0||block calls at offsets 100, 1, the capacity, past it, 2^63 and 2^64 - 512 (the end wraps) get -EINVAL
block-pointer|disk|0||block data at the end of guest memory, across it, at 1 TiB, 2^63 and 2^64 - 256 gets -EFAULT; the first and last pages are guest memory
poll|disk|0||POLL of every bit for 0 and 1 ns with no net device returns no bit
puts|disk|0||PUTS of 0 bytes prints nothing; of the last byte of guest memory prints it
arg-zero|disk|0||argument structs at guest-physical 0 and in the last 8 bytes of guest memory are served
arg-past|disk|255|$arg BLOCK_READ: its argument at 0x4000000 \\(40 bytes\\) is outside guest memory \\(67108864 bytes\\)\$|an argument struct at the end of guest memory: a crash (255)
arg-straddle|disk|255|$arg POLL: its argument at 0x3fffff0 \\(24 bytes\\) is outside guest memory|an argument struct across the end of guest memory: a crash (255)
arg-4g|disk|255|$arg HALT: its argument at 0xfffffff8 \\(8 bytes\\) is outside guest memory|HALT with its argument at 4 GiB - 8: a crash (255)
puts-huge|disk|255|$arg PUTS: its data at 0x[0-9a-f]+ \\(18446744073709551615 bytes\\) is outside guest memory|PUTS of 2^64 - 1 bytes: a crash (255)
puts-straddle|disk|255|$arg PUTS: its data at 0x3fffffc \\(8 bytes\\) is outside guest memory|PUTS across the end of guest memory: a crash (255)
call-0|disk|125|$port 0x500 \\(out of 4 bytes\\), which is not a hypercall\$|an outl to port 0x500 (no call 0): 125
call-max|disk|125|$port 0x50a \\(out of 4 bytes\\), which is not a hypercall\$|an outl to the port after the last call: 125
call-in|disk|125|$port 0x501 \\(in of 4 bytes\\), which is not a hypercall\$|an inl from a hypercall's port: 125
call-outb|disk|125|$port 0x501 \\(out of 1 bytes\\), which is not a hypercall\$|an outb to a hypercall's port: 125
halt-neg|disk|255||HALT with -1: status 255
halt-256|disk|0||HALT with 256: status 0
halt-big|disk|127||HALT with 2^63 + 383: status 127
net-handle|net|0||NET_WRITE and NET_READ on handles 5000, 0xffffffff, ndevices and the disk's get -EINVAL
net-len|net|0||net calls of 2^64 - 1 bytes and across the end of guest memory get -EFAULT, a 1 MiB frame -EINVAL; NET_READ with no frame -EAGAIN
net-poll|net1|0||POLL of every bit with no timeout: a frame wakes it with the net device's bit only, and is echoed
EOF

for t in $tenders; do
    tname=${t##*/}
    while IFS='|' read -r attack devices want err what; do
        desc="$tname: $attack: $what"
        cp "$scratch/disk0" "$disk"
        want_disk=$scratch/disk0
        test "$attack" = bi-capacity && want_disk=$scratch/disk-last
        case $devices in
        disk)
            hostile_run "$t" --mem=64 --block:disk="$disk" \
                "$scratch/hostile.hvt" "$attack"
            ;;
        ro)
            if test -n "$ro_skip"; then skip "$desc" "$ro_skip"; continue; fi
            if test "$(id -u)" -eq 0; then
                cp "$scratch/disk0" "$scratch/ro/disk"
                hostile_run unshare -m sh -c \
                    'mount --bind -o ro "$1" "$1" && shift && exec "$@"' sh \
                    "$scratch/ro" "$t" --mem=64 \
                    --block:disk="$scratch/ro/disk" "$scratch/hostile.hvt" \
                    "$attack"
            else
                rm -f "$scratch/ro/disk"
                cp "$scratch/disk0" "$scratch/ro/disk"
                chmod 0444 "$scratch/ro/disk"
                hostile_run "$t" --mem=64 --block:disk="$scratch/ro/disk" \
                    "$scratch/hostile.hvt" "$attack"
            fi
            disk=$scratch/ro/disk
            ;;
        net | net1)
            if test -n "$net_skip"; then skip "$desc" "$net_skip"; continue; fi
            count=0
            test "$devices" = net1 && count=1
            hostile_run "$ethpeer" --count=$count --timeout="$(scaled 20)" --spawn -- \
                "$t" --mem=64 --net:net=@3 --block:disk="$disk" \
                "$scratch/hostile-net.hvt" "$attack"
            # ethpeer's own lines go to stdout; its failures to stderr
            ;;
        esac
        check_ended "$desc" "$want" "$err" "$disk" "$want_disk"
        disk=$scratch/disk
    done <"$scratch/attacks"
done

done_testing
