#!/bin/sh
# SPDX-License-Identifier: ISC
# tender-spt.sh: mirage-spt on small hand-made images (tender_spt_image.c):
# status pass-through, the boot command line, devices, the seccomp
# allowlist, faults, and every refusal (manifest, ABI, W^X) with its message.
. "$top_srcdir/tests/lib.sh"

spt=$top_builddir/tenders/spt/mirage-spt
test -x "$spt" || skip_all "mirage-spt is not built (tenders need an x86-64 Linux host)"
CC=${CC:-cc}

# img NAME [CFLAGS...]: builds $scratch/NAME.spt; LDS may name another script.
img() {
    name=$1; shift
    tender_image spt "$scratch/$name.spt" \
        "$top_srcdir/tests/unit/tender_spt_image.c" "$@" 2>"$scratch/$name.cc"
}
# run ARGS...: runs mirage-spt; $scratch/out, $scratch/err, $status.
run() {
    "$spt" "$@" >"$scratch/out" 2>"$scratch/err"
    status=$?
}
# check_out DESCRIPTION EXPECTED-STDOUT
check_out() {
    printf '%s\n' "$2" >"$scratch/want"
    if cmp -s "$scratch/want" "$scratch/out"; then ok "$1"; else
        not_ok "$1"; diff "$scratch/want" "$scratch/out" | sed 's/^/# /'
        diag_file "$scratch/err"; fi
}

# The tender was built, so $CC targets x86-64: the image must build.
if ! img plain; then
    not_ok "the test image builds with $CC"
    diag_file "$scratch/plain.cc"
    done_testing; exit
fi

# --help, --version, usage errors.
run --help
check_status "--help exits 0" 0 "$status"
check_grep "--help shows the usage" '^Usage: mirage-spt \[OPTION\]\.\.\. \[--\] IMAGE \[ARGS\]\.\.\.$' "$scratch/out"
check_grep "--help documents the exit statuses" '^  125  mirage-spt could not run IMAGE' "$scratch/out"
run --version
check_status "--version exits 0" 0 "$status"
check_grep "--version names the program and version" '^mirage-spt \(Mirage in C\) [0-9]' "$scratch/out"
run --frob "$scratch/plain.spt"
check_status "an unknown option is a usage error (64)" 64 "$status"
check_grep "it is named" "^mirage-spt: unknown option '--frob'$" "$scratch/err"
check_grep "with a hint" "^Try 'mirage-spt --help' for more information\.$" "$scratch/err"
run --mem=lots "$scratch/plain.spt"
check_status "a bad --mem is a usage error" 64 "$status"
run
check_grep "no IMAGE" "^mirage-spt: no IMAGE given$" "$scratch/err"

# Running: status, output, the boot command line as the guest sees it.
run "$scratch/plain.spt" exit 7 'a b' "it's" plain
check_status "the unikernel's status passes through (7)" 7 "$status"
check_out "its output, and its arguments quoted for its splitter" \
"hello from spt
args: 'a b' 'it'\\''s' plain"
run "$scratch/plain.spt" exit 0
check_status "status 0" 0 "$status"
check "nothing on stderr" test ! -s "$scratch/err"
run --mem=16 -- "$scratch/plain.spt" exit 3
check_status "--mem=16 and --" 3 "$status"
run --mem=1 "$scratch/plain.spt" exit 0
check_status "--mem=1 is enough for a small image" 0 "$status"
# 512 KiB of bss: the image fits in 1 MiB, but not with a heap and stack
if img bss -DIMG_BSS_KIB=512; then
    run --mem=1 "$scratch/bss.spt" exit 0
    check_status "--mem=1 is too small for a larger image" 125 "$status"
    check_grep "and says so" "^mirage-spt: --mem=1 is too small for .*bss\.spt: it needs at least 2 MiB$" "$scratch/err"
    run --mem=2 "$scratch/bss.spt" exit 0
    check_status "which runs with --mem=2" 0 "$status"
else diag_file "$scratch/bss.cc"; not_ok "the image with 512 KiB of bss builds"; fi

# The sandbox: a call outside the allowlist kills the process.
run "$scratch/plain.spt" getpid
check_status "getpid: killed by SIGSYS (128+31)" 159 "$status"
check_out "nothing after the forbidden call" "calling getpid"

# Faults.
run "$scratch/plain.spt" segv
check_status "a fault without a fault entry: status 255" 255 "$status"
check_grep "the tender reports it" '^mirage-spt: crash: SIGSEGV at 0x0000000000000008$' "$scratch/err"
check_grep "with the registers" '^mirage-spt:     rax=0x[0-9a-f]{16}    rbx=' "$scratch/err"
check_grep "rip among them" ' rip=0x00000000001[0-9a-f]{5} ' "$scratch/err"
run "$scratch/plain.spt" text
check_status "writing to its own code faults (text is R+X)" 255 "$status"
run "$scratch/plain.spt" guard
check_status "the guard page below the stack faults" 255 "$status"
check_grep "a SIGSEGV" '^mirage-spt: crash: SIGSEGV at ' "$scratch/err"
run "$scratch/plain.spt" fault
check_status "a fault entry set by the guest runs (it exits 42)" 42 "$status"
check_out "with the signal and address" "fault entry: signal 11 addr 16"

# Devices.
if img devs -DIMG_BLOCK='"disk"' -DIMG_NET='"net0"'; then
    { printf 'sector zero says hi'; head -c 1005 /dev/zero; } >"$scratch/disk.img"
    exec 5>"$scratch/netfd"
    run --block:disk="$scratch/disk.img" --net:net0=@5 \
        --net-mac:net0=02:11:22:33:44:55 "$scratch/devs.spt" devices
    check_status "block and net devices attached" 0 "$status"
    check_out "the guest sees them in manifest order" \
"disk block capacity=1024 sector=512 ro=0 mtu=0 local_mac=0
net0 net capacity=0 sector=0 ro=0 mtu=1500 local_mac=1"
    run --block:disk="$scratch/disk.img" --net:net0=@5 "$scratch/devs.spt" read
    check_status "reading and writing the block file" 0 "$status"
    check_grep "sector 0 read" '^sector zero says hi' "$scratch/out"
    check_grep "sector 1 written" '^write ok$' "$scratch/out"
    if test "$(id -u)" != 0; then
        chmod a-w "$scratch/disk.img"
        run --block:disk="$scratch/disk.img" --net:net0=@5 "$scratch/devs.spt" devices
        check_grep "a read-only file gives a read-only device" '^disk block .* ro=1 ' "$scratch/out"
        chmod u+w "$scratch/disk.img"
    else
        skip "a read-only file gives a read-only device" "running as root"
    fi
    run --block:disk="$scratch/disk.img" --block-sector-size:disk=4096 \
        --net:net0=@5 "$scratch/devs.spt" devices
    check_status "capacity not a multiple of the sector size" 125 "$status"
    check_grep "said" "^mirage-spt: block device 'disk': the size of .*disk\.img \(1024 bytes\) is not a multiple of the sector size \(4096\)$" "$scratch/err"
    run --block:disk="$scratch/nope.img" --net:net0=@5 "$scratch/devs.spt" devices
    check_status "a missing block file" 125 "$status"
    check_grep "said" "^mirage-spt: block device 'disk': .*nope\.img: No such file or directory$" "$scratch/err"
    run --block:disk="$scratch/disk.img" --net:net0=@9 "$scratch/devs.spt" devices
    check_status "a net fd that is not open" 125 "$status"
    check_grep "said" "^mirage-spt: net device 'net0': descriptor 9: Bad file descriptor$" "$scratch/err"

    # Manifest mismatches.
    run --net:net0=@5 "$scratch/devs.spt" devices
    check_status "a declared device not attached" 125 "$status"
    check_grep "said, with the fix" "^mirage-spt: device 'disk' \(block\) is declared by the image but not attached: use --block:disk=PATH$" "$scratch/err"
    run --block:disk="$scratch/disk.img" --net:net0=@5 --block:more="$scratch/disk.img" "$scratch/devs.spt" devices
    check_status "an attached device not declared" 125 "$status"
    check_grep "said" "^mirage-spt: device 'more' is attached \(--block:more\) but the image declares no block device 'more' for the tender \(its tender devices: block 'disk', net 'net0'\)$" "$scratch/err"
    run --net:disk=tap0 --net:net0=@5 "$scratch/devs.spt" devices
    check_status "a device of the wrong type" 125 "$status"
    check_grep "said" "^mirage-spt: device 'disk' is a block device in the image but is attached with --net:disk: use --block:disk=PATH$" "$scratch/err"
    exec 5>&-
else
    diag_file "$scratch/devs.cc"; not_ok "the image with devices builds"
fi
run --block:disk="$scratch/disk.img" "$scratch/plain.spt" exit 0
check_grep "an image with no devices refuses any" "^mirage-spt: device 'disk' is attached \(--block:disk\) but the image declares no block device 'disk' for the tender \(its tender devices: none\)$" "$scratch/err"

# ABI and target refusals, W^X, not an image at all.
if img v2 -DIMG_ABI_VERSION=99; then
    run "$scratch/v2.spt" exit 0
    check_status "another ABI version is refused" 125 "$status"
    check_grep "naming both versions" "^mirage-spt: .*v2\.spt: the image has tender ABI version 99, this tender has version [0-9]+: rebuild" "$scratch/err"
else not_ok "the v2 image builds"; fi
if img hvt -DIMG_TARGET=MIRAGE_TENDER_TARGET_HVT; then
    run "$scratch/hvt.spt" exit 0
    check_status "an hvt image is refused" 125 "$status"
    check_grep "saying so" "^mirage-spt: .*hvt\.spt: is an hvt image, not an spt one: run it with mirage-hvt$" "$scratch/err"
else not_ok "the hvt image builds"; fi
if img nonote -DIMG_NO_MANIFEST && img nonote2 -DIMG_NO_ABI; then
    run "$scratch/nonote.spt" exit 5
    check_status "no manifest note: runs with no devices" 5 "$status"
    run "$scratch/nonote2.spt" exit 0
    check_status "no ABI note: refused" 125 "$status"
    check_grep "said" "^mirage-spt: .*nonote2\.spt: has no Mirage ABI note: not a mirage image \(build it with --with-target=spt\)$" "$scratch/err"
else not_ok "the images without notes build"; fi
sed 's/FLAGS(5)/FLAGS(7)/' "$top_srcdir/tests/unit/tender_spt.lds" >"$scratch/wx.lds"
if LDS=$scratch/wx.lds img wx; then
    run "$scratch/wx.spt" exit 0
    check_status "a writable and executable segment is refused" 125 "$status"
    check_grep "W^X, naming the segment" "^mirage-spt: .*wx\.spt: segment 0 is writable and executable \(W\^X\)$" "$scratch/err"
else not_ok "the W^X image builds"; fi
run "$spt" exit 0
check_status "a PIE program is refused" 125 "$status"
check_grep "as not ET_EXEC" "not a statically linked executable \(e_type 3, expected ET_EXEC\)$" "$scratch/err"
run "$scratch/missing.spt"
check_status "a missing image" 125 "$status"
check_grep "said" "^mirage-spt: .*missing\.spt: No such file or directory$" "$scratch/err"

# What is no image file is refused at once: opening a FIFO must not wait
# for a writer (status 124 would be the timeout's), and a file that is not
# ELF is refused after its header, however large.
tender=$spt prog=mirage-spt
. "$top_srcdir/tests/unit/tender-files.sh"
check_no_image_files
# a 1 GiB file: an image, then a gap, then junk (as debug sections are)
cp "$scratch/plain.spt" "$scratch/big.spt"
size=$(wc -c <"$scratch/plain.spt")
truncate -s 512M "$scratch/big.spt" && printf junk >>"$scratch/big.spt" &&
    truncate -s 1G "$scratch/big.spt"
if test "$strace_ok" = yes; then
    bytes_read "$scratch/big.spt" "$scratch/big.spt" exit 6
    check "an image in a 1 GiB file: read $nread bytes, not more than the image's $size" \
        test "$nread" -le "$size"
else
    run "$scratch/big.spt" exit 6
    skip "an image in a 1 GiB file: bytes read" "strace cannot trace here"
fi
check_status "and it runs" 6 "$status"
rm -f "$scratch/big.spt"

# a static glibc program is ELF and ET_EXEC but no mirage image (its
# .note.gnu.property is laid out at 8 bytes)
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$scratch/glibc.c"
if $CC -static -O2 -o "$scratch/glibc" "$scratch/glibc.c" 2>"$scratch/glibc.cc"; then
    run "$scratch/glibc"
    check_status "a static glibc program is refused" 125 "$status"
    check_grep "as no mirage image" "^mirage-spt: .*glibc: has no Mirage ABI note: not a mirage image \(build it with --with-target=spt\)$" "$scratch/err"
else
    skip "a static glibc program is refused" "$CC -static cannot link (no static libc)"
fi

done_testing
