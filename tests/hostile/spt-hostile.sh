#!/bin/sh
# SPDX-License-Identifier: ISC
# spt-hostile.sh: a hostile spt guest (hostile_spt.c) attacks mirage-spt's
# system-call policy (doc/tenders.md), and that of its ASan build when
# there is one. Each attack must end with the tender killed by SIGSYS
# (status 159) and every file it could reach unchanged in size and
# content; the allowed calls with good arguments must still work.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile-common.sh"

spt=$top_builddir/tenders/spt/mirage-spt
test -x "$spt" || skip_all "mirage-spt is not built (tenders need an x86-64 Linux host)"
hostile_tenders spt
CC=${CC:-cc}
image=$scratch/hostile.spt

# Built as tests/unit/tender-spt.sh builds its images.
if ! tender_image spt "$image" "$top_srcdir/tests/hostile/hostile_spt.c" \
    2>"$scratch/cc"; then
    # the tender was built, so $CC targets x86-64: a failure
    not_ok "the hostile image builds with $CC"
    diag_file "$scratch/cc"
    done_testing; exit
fi

# The files the tender holds open: the disk (2 MiB, 512-byte sectors), the
# read-only disk, fd 3 (a file the guest must not reach) and fd 6 (the
# net device: a file, which the guest may read and write).
disk=$scratch/disk.img rodisk=$scratch/rodisk.img other=$scratch/other
{ printf 'spt hostile disk'; head -c 2097136 /dev/urandom; } >"$disk"
head -c 65536 /dev/urandom >"$rodisk"
head -c 4096 /dev/urandom >"$other"
: >"$scratch/net"
files="$disk $rodisk $other"
for f in $files; do cp "$f" "$f.orig"; done

# ro COMMAND...: runs COMMAND with $rodisk read-only to it. Root ignores
# file modes, so as root the file is bound read-only over itself in a
# mount namespace of its own.
if test "$(id -u)" != 0; then
    chmod a-w "$rodisk"
    ro() { chmod a-w "$rodisk" && "$@"; }
else
    ro() {
        unshare -m sh -c 'mount --bind "$1" "$1" &&
            mount -o remount,bind,ro "$1" && shift && exec "$@"' \
            sh "$rodisk" "$@"
    }
fi
ro sh -c 'test ! -w "$1" || ! : >>"$1"' sh "$rodisk" 2>/dev/null ||
    skip_all "cannot make a read-only file as root without unshare -m"

# run ARGS...: runs the image in $spt; $scratch/out, $scratch/err, $status.
run() {
    ro $hostile_guard "$spt" --block:disk="$disk" --block:rodisk="$rodisk" \
        --net:net0=@6 "$image" "$@" </dev/null >"$scratch/out" \
        2>"$scratch/err" 3<>"$other" 6<>"$scratch/net"
    status=$?
}
# changed: the files (all but the net device's) that differ from their
# first copy, by size (read from the inode: a guest may have made a file
# 1 TiB long), then by CRC and length (cksum); nothing when none.
changed() {
    for f in $files; do
        if test "$(wc -c <"$f")" != "$(wc -c <"$f.orig")" ||
            test "$(cksum <"$f")" != "$(cksum <"$f.orig")"; then
            printf '%s ' "${f##*/} (now $(wc -c <"$f") bytes)"
        fi
    done
}
# restore: every file as it was, so that each attack starts afresh.
restore() {
    for f in $files; do rm -f "$f" && cp "$f.orig" "$f"; done
}

run list
check_status "the hostile image lists its attacks" 0 "$status"
attacks=$(cat "$scratch/out")
n=$(printf '%s\n' "$attacks" | wc -l)
check "there are at least 50 ($n)" test "$n" -ge 50
if test -n "$asan_skip"; then
    skip "the attacks on mirage-spt built with AddressSanitizer" "$asan_skip"
fi

for spt in $tenders; do
    t=${spt##*/}
    for a in $attacks; do
        run "$a"
        why=
        test "$status" -eq 159 || why="status $status, expected 159"
        grep -q -x -e "attacking $a" "$scratch/out" || why="$why; it did not run"
        ! grep -q -x survived "$scratch/out" || why="$why; the guest survived"
        ! grep -q AddressSanitizer "$scratch/err" || why="$why; an ASan report"
        c=$(changed)
        if test -n "$c"; then why="$why; changed: $c"; restore; fi
        if test -z "$why"; then
            ok "$t: $a: killed by SIGSYS (159), the files unchanged"
        else
            not_ok "$t: $a: killed by SIGSYS (159), the files unchanged"
            diag "$why"; diag_file "$scratch/out"; diag_file "$scratch/err"
        fi
    done

    # The positive control: the guest reads sector 0, writes the last one.
    restore
    : >"$scratch/net"
    run good
    check_status "$t: good arguments: every allowed call works" 0 "$status"
    check_grep "$t: sector 0 read" '^sector 0: spt hostile disk$' "$scratch/out"
    check_grep "$t: the guest checked every result" '^good done$' "$scratch/out"
    size=$(wc -c <"$disk")
    check_status "$t: the disk keeps its size" 2097152 "$size"
    check "$t: all but the last sector unchanged" \
        cmp -s -n $((size - 512)) "$disk" "$disk.orig"
    { printf 'the last sector, written by the guest'; head -c 475 /dev/zero; } \
        >"$scratch/last"
    tail -c 512 "$disk" >"$scratch/got"
    check "$t: the last sector is what the guest wrote" \
        cmp -s "$scratch/last" "$scratch/got"
    check "$t: the read-only disk and fd 3 unchanged" \
        test "$(changed)" = "disk.img (now 2097152 bytes) "
    check_grep "$t: the frame it wrote to the net device" \
        '^a frame from the guest$' "$scratch/net"
    check "$t: nothing on stderr" test ! -s "$scratch/err"
    restore
done

done_testing
