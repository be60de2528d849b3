#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/bearssl.sh: Debian's libbearssl.a linked into an image of
# every target (tests/targets/bearssl: known answers of SHA-256, HMAC,
# AES-128-GCM, ChaCha20-Poly1305, ECDSA P-256 and RSA-2048, the client
# engine's first record, MXCSR and the x87 control word across fibers),
# run on each target that can run here; and, on the freestanding images,
# nm: nothing undefined, and none of sysrng.o (the system seeder that
# reads /dev/urandom with open, read and close).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"

test -n "${MIRAGE_BEARSSL_INCDIR:-}" ||
    skip_all "the toolkit was configured without BearSSL (libbearssl-dev)"
need_autotools
use_build_tree
archive=${MIRAGE_BEARSSL_LIBS:-}

# The number of checks the unikernel makes (its "bearssl: ok" lines).
checks=45

# build TARGET: builds the project for TARGET in $scratch/TARGET; 0 when
# the image is there ($image).
build() {
    p=$scratch/$1
    image=$p/bearssl
    test "$1" = unix || image=$image.$1
    copy_project "$top_srcdir/tests/targets/bearssl" "$p"
    if build_project "$p" --with-target="$1" \
        BEARSSL_INCDIR="$MIRAGE_BEARSSL_INCDIR" && test -f "$image"; then
        ok "$1: the image builds and links libbearssl.a"
    else
        not_ok "$1: the image builds and links libbearssl.a"
        diag_file "$p/build.log"
        return 1
    fi
}

# check_symbols TARGET: what nm says of $image.
check_symbols() {
    nm "$image" >"$scratch/$1.nm" 2>&1
    check_no_grep "$1: nm: no undefined symbol" ' [Uw] ' "$scratch/$1.nm"
    check_no_grep "$1: nm: no open, read or close" \
        ' [A-Za-z] (open|read|close)$' "$scratch/$1.nm"
    check_no_grep "$1: nm: none of sysrng.o (seeder_urandom, seeder_rdrand)" \
        ' t (seeder_urandom|seeder_rdrand)$' "$scratch/$1.nm"
    check_grep "$1: nm: the engine and the X.509 code are linked" \
        ' T br_x509_minimal_init$' "$scratch/$1.nm"
    check_grep "$1: nm: time is the runtime's" ' T time$' "$scratch/$1.nm"
}

# check_run LABEL: the unikernel's lines in $scratch/out, its status in
# $status: every check passed, and there were $checks of them.
check_run() {
    grep '^bearssl: ' "$scratch/out" >"$scratch/lines" || :
    sed -n 's/^bearssl: # /# /p' "$scratch/lines"
    n=$(grep -c '^bearssl: ok ' "$scratch/lines")
    if test "$status" -eq 0 && test "$n" -eq "$checks" &&
        grep -q '^bearssl: done, 0 failed$' "$scratch/lines" &&
        ! grep -q '^bearssl: not ok ' "$scratch/lines"; then
        ok "$1: $checks checks pass, exit status 0"
    else
        not_ok "$1: $checks checks pass, exit status 0"
        diag "status $status, $n checks passed"
        grep '^bearssl: not ok ' "$scratch/lines" | sed 's/^/# /'
        diag_file "$scratch/out"
    fi
}

# The check below looks for sysrng.o's local symbols: the archive has them.
if test -n "$archive" && nm "$archive" 2>/dev/null |
    grep -q ' t seeder_urandom$'; then
    ok "the archive's sysrng.o has the local symbol seeder_urandom"
else
    not_ok "the archive's sysrng.o has the local symbol seeder_urandom"
    diag "archive: '$archive'"
fi

# unix: a Linux process.
if build unix; then
    "$image" >"$scratch/out" 2>&1
    status=$?
    check_run unix
fi

# spt: in the tender mirage-spt.
tender=$top_builddir/tenders/spt/mirage-spt
if ! test -f "$top_builddir/runtime/libmirage-spt.a"; then
    skip "spt" "the spt target was not built"
elif build spt; then
    check_symbols spt
    if test -x "$tender"; then
        test_timeout 60 "$tender" "$image" >"$scratch/out" 2>&1
        status=$?
        check_run spt
    else
        skip "spt: the checks pass" "the spt tender is not built"
    fi
fi

# hvt: in the tender mirage-hvt, with KVM.
tender=$top_builddir/tenders/hvt/mirage-hvt
if ! test -f "$top_builddir/runtime/libmirage-hvt.a"; then
    skip "hvt" "the hvt target was not built"
elif build hvt; then
    check_symbols hvt
    if ! test -x "$tender"; then
        skip "hvt: the checks pass" "the hvt tender is not built"
    elif ! kvm_usable sse; then
        skip "hvt: the checks pass" "KVM cannot run this guest here: $kvm_why"
    else
        test_timeout 60 "$tender" "$image" >"$scratch/out" 2>&1
        status=$?
        check_run hvt
    fi
fi

# virtio and xen: PVH images under QEMU, with KVM when it runs them, else
# TCG; on QEMU's default CPU (no AES-NI, no PCLMUL under TCG: BearSSL's
# portable code) and on -cpu max (AES-NI, PCLMUL and SSE2 code).
for target in virtio xen; do
    if ! test -f "$top_builddir/runtime/libmirage-$target.a"; then
        skip "$target" "the $target target was not built"
        continue
    fi
    build "$target" || continue
    check_symbols "$target"
    if ! command -v "$qemu" >/dev/null 2>&1; then
        skip "$target: the checks pass" "$qemu is not installed"
        continue
    fi
    pick_accel
    qemu_probe_kvm "$image"
    for qemu_cpu in '' max; do
        qemu_boot "$image" "$target" ''
        cp "$scratch/$target.out" "$scratch/out"
        check_run "$target ($accel, cpu ${qemu_cpu:-default})"
        test "$status" -ne -1 || diag_file "$scratch/$target.err"
    done
    qemu_cpu=
done

done_testing
