#!/bin/sh
# SPDX-License-Identifier: ISC
# tender-hvt.sh: mirage-hvt on small hand-made images (tender_hvt_image.c):
# hypercalls (PUTS, WALLTIME, HALT, block), status pass-through, bad
# hypercalls, triple faults with registers and backtrace, and refusals.
. "$top_srcdir/tests/lib.sh"

hvt=$top_builddir/tenders/hvt/mirage-hvt
test -x "$hvt" || skip_all "mirage-hvt is not built (tenders need an x86-64 Linux host)"
CC=${CC:-cc}

# img NAME [CFLAGS...]: builds $scratch/NAME.hvt (the spt test's linker
# script: the same layout at 1 MiB). No SSE: kvm_pvm cannot emulate all.
img() {
    name=$1; shift
    tender_image hvt "$scratch/$name.hvt" \
        "$top_srcdir/tests/unit/tender_hvt_image.c" "$@" 2>"$scratch/$name.cc"
}
# run ARGS...: runs mirage-hvt; $scratch/out, $scratch/err, $status.
run() {
    "$hvt" "$@" >"$scratch/out" 2>"$scratch/err"
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

# What needs no KVM: the command line and the refusals before the VM.
run --help
check_status "--help exits 0" 0 "$status"
check_grep "--help shows the usage" '^Usage: mirage-hvt \[OPTION\]\.\.\. \[--\] IMAGE \[ARGS\]\.\.\.$' "$scratch/out"
check_grep "--help says KVM" 'in a KVM virtual machine' "$scratch/out"
run --version
check_grep "--version names the program" '^mirage-hvt \(Mirage in C\) [0-9]' "$scratch/out"
run --frob "$scratch/plain.hvt"
check_status "an unknown option is a usage error (64)" 64 "$status"
check_grep "it is named" "^mirage-hvt: unknown option '--frob'$" "$scratch/err"
if img spt -DIMG_TARGET=MIRAGE_TENDER_TARGET_SPT; then
    run "$scratch/spt.hvt" exit 0
    check_status "an spt image is refused" 125 "$status"
    check_grep "saying so" "^mirage-hvt: .*spt\.hvt: is an spt image, not an hvt one: run it with mirage-spt$" "$scratch/err"
else not_ok "the spt image builds"; fi
if img blk -DIMG_BLOCK='"disk"'; then
    run "$scratch/blk.hvt" devices
    check_status "a declared device not attached" 125 "$status"
    check_grep "said, with the fix" "^mirage-hvt: device 'disk' \(block\) is declared by the image but not attached: use --block:disk=PATH$" "$scratch/err"
    run --block:disk=/dev/null --block:more=/dev/null "$scratch/blk.hvt" devices
    check_grep "an attached device not declared" "^mirage-hvt: device 'more' is attached \(--block:more\) but the image declares no block device 'more' for the tender \(its tender devices: block 'disk'\)$" "$scratch/err"
else not_ok "the image with a block device builds"; fi
run --mem=2 "$scratch/plain.hvt" exit 0
check_status "--mem=2 is enough for a small image" 0 "$status"
run --mem=1 "$scratch/plain.hvt" exit 0
check_status "--mem=1 is too small" 125 "$status"
check_grep "and says so" "^mirage-hvt: --mem=1 is too small for .*plain\.hvt: it needs at least 2 MiB$" "$scratch/err"
if img bss -DIMG_BSS_KIB=1024; then
    run --mem=2 "$scratch/bss.hvt" exit 0
    check_status "--mem=2 is too small for an image with 1 MiB of bss" 125 "$status"
    check_grep "and the need is the image's" "^mirage-hvt: --mem=2 is too small for .*bss\.hvt: it needs at least 3 MiB$" "$scratch/err"
else diag_file "$scratch/bss.cc"; not_ok "the image with 1 MiB of bss builds"; fi

# What is no image file is refused at once, before KVM is opened: a FIFO
# (status 124 would be the timeout's: it blocked), a directory, a device,
# a 1 GiB file that is not ELF (after its header: strace counts the bytes
# read), a static glibc program (no mirage image).
tender=$hvt prog=mirage-hvt
. "$top_srcdir/tests/unit/tender-files.sh"
check_no_image_files
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$scratch/glibc.c"
if $CC -static -O2 -o "$scratch/glibc" "$scratch/glibc.c" 2>"$scratch/glibc.cc"; then
    run "$scratch/glibc"
    check_status "a static glibc program is refused" 125 "$status"
    check_grep "as no mirage image" "^mirage-hvt: .*glibc: has no Mirage ABI note: not a mirage image \(build it with --with-target=hvt\)$" "$scratch/err"
else
    skip "a static glibc program is refused" "$CC -static cannot link (no static libc)"
fi

# From here on the images run: only a KVM that cannot run the probe's
# guest (kvm_usable, tests/lib.sh) makes that a SKIP.
if ! kvm_usable; then
    skip "running images" "KVM cannot run a guest here: $kvm_why"
    done_testing; exit
fi

run "$scratch/plain.hvt" exit 7 'a b' "it's" plain
check_status "HALT: the unikernel's status passes through (7)" 7 "$status"
check_out "PUTS: its output, and its arguments quoted for its splitter" \
"hello from hvt
args: 'a b' 'it'\\''s' plain"
check "nothing on stderr" test ! -s "$scratch/err"
run --mem=16 -- "$scratch/plain.hvt" exit 0
check_status "--mem=16 and --, status 0" 0 "$status"

# An image in a 1 GiB file, a gap, then junk (as debug sections are): only
# the image's segments are read.
cp "$scratch/plain.hvt" "$scratch/big.hvt"
size=$(wc -c <"$scratch/plain.hvt")
truncate -s 512M "$scratch/big.hvt" && printf junk >>"$scratch/big.hvt" &&
    truncate -s 1G "$scratch/big.hvt"
if test "$strace_ok" = yes; then
    bytes_read "$scratch/big.hvt" "$scratch/big.hvt" exit 6
    check "an image in a 1 GiB file: read $nread bytes, not more than the image's $size" \
        test "$nread" -le "$size"
else
    run "$scratch/big.hvt" exit 6
    skip "an image in a 1 GiB file: bytes read" "strace cannot trace here"
fi
check_status "and it runs" 6 "$status"
rm -f "$scratch/big.hvt"

run --mem=16 "$scratch/plain.hvt" boot
check_status "the boot info is as the tender says" 0 "$status"
# the image ends below 1 MiB + 16 KiB, its page table above it; the
# stack is the top 64 KiB
check_grep "mem_start is above the image and its page table, mem_end below the stack" \
    '^mem_start=10[0-9]{5} mem_end=16711680 tsc_hz>100MHz$' "$scratch/out"

before=$(date +%s)
run "$scratch/plain.hvt" walltime
after=$(date +%s)
check_status "WALLTIME" 0 "$status"
got=$(sed -n 's/^walltime: //p' "$scratch/out")
check "the wall clock is now ($before <= ${got:-none} <= $after)" \
    test "${got:-0}" -ge "$before" -a "${got:-0}" -le "$after"

# Bad hypercalls: reported, never a tender crash.
run "$scratch/plain.hvt" badputs
check_status "PUTS of data outside guest memory: status 255" 255 "$status"
check_out "the output before it is flushed" "before"
check_grep "the tender says why" '^mirage-hvt: crash: hypercall PUTS: its data at 0x7fffffff0000 \(10 bytes\) is outside guest memory \(67108864 bytes\)$' "$scratch/err"
run "$scratch/plain.hvt" badarg
check_status "an argument outside guest memory: status 255" 255 "$status"
check_grep "the tender says why" '^mirage-hvt: crash: hypercall WALLTIME: its argument at 0xfffff000 \(8 bytes\) is outside guest memory' "$scratch/err"
run "$scratch/plain.hvt" port
check_status "an outl to a port that is no hypercall: 125" 125 "$status"
check_grep "naming the port" '^mirage-hvt: the guest used I/O port 0x5ff \(out of 4 bytes\), which is not a hypercall$' "$scratch/err"
run "$scratch/plain.hvt" hlt
check_status "hlt with interrupts off: 255" 255 "$status"
check_grep "said" '^mirage-hvt: crash: the guest halted \(hlt\) with nothing to wake it$' "$scratch/err"

# Triple faults: registers and a backtrace.
run "$scratch/plain.hvt" triple
check_status "a triple fault: status 255" 255 "$status"
check_grep "reported" '^mirage-hvt: crash: triple fault \(KVM_EXIT_SHUTDOWN\)$' "$scratch/err"
check_grep "with the registers" '^mirage-hvt:     rax=0x[0-9a-f]{16}    rbx=' "$scratch/err"
check_grep "rip in the image" ' rip=0x00000000001[0-9a-f]{5} ' "$scratch/err"
check_grep "and long mode's control registers" '^mirage-hvt:     cr0=0x0000000080050033 .* cr3=0x0000000000002000$' "$scratch/err"
run "$scratch/plain.hvt" deep
check_status "a triple fault three calls deep" 255 "$status"
check_grep "the backtrace has the callers" '^mirage-hvt:   #3  0x00000000001[0-9a-f]{5} .*plain\.hvt\+0x1[0-9a-f]{5}$' "$scratch/err"
if command -v addr2line >/dev/null 2>&1; then
    cmd=$(sed -n 's/^mirage-hvt: symbolize with: //p' "$scratch/err")
    $cmd >"$scratch/sym" 2>&1
    check_grep "symbolized: the faulting function" '^(triple_fault|deep3)$' "$scratch/sym"
    check_grep "symbolized: a caller" '^deep2$' "$scratch/sym"
else
    skip "symbolized" "no addr2line"
fi

# A block device.
{ printf 'sector zero says hi'; head -c 1005 /dev/zero; } >"$scratch/disk.img"
run --block:disk="$scratch/disk.img" "$scratch/blk.hvt" devices
check_out "the guest sees the device, with no host descriptor" \
    "disk capacity=1024 sector=512 fd=-1"
run --block:disk="$scratch/disk.img" "$scratch/blk.hvt" block
check_status "block reads and writes" 0 "$status"
check_out "sector 0 read, sector 1 written and flushed, bad calls refused" \
"read: 0 sector zero says hi
write: 0
flush: 0
flush of no disk: -22
unaligned: -22
past the end: -22
bad buffer: -14"
check "sector 1 on the host is now a copy of sector 0" \
    cmp -s -n 512 "$scratch/disk.img" "$scratch/disk.img" 0 512

done_testing
