#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/helper-run.sh: `mirage run` (the QEMU command line it makes,
# for NAME.xen and for NAME.virtio with its devices on each machine, unix
# images, real boots of examples/noop built for xen and of examples/block
# built for virtio) and `mirage symbolize` on real crash reports of a
# unikernel built here.
. "$top_srcdir/tests/lib.sh"

helper=$top_builddir/src/mirage
qemu=${QEMU_SYSTEM_X86_64:-qemu-system-x86_64}

# mr ARGS...: runs mirage in $scratch; stdout in $scratch/out, stderr in
# $scratch/err, the status in $rc.
mr() {
    rc=0
    (cd "$scratch" && "$helper" "$@") >"$scratch/out" 2>"$scratch/err" \
        </dev/null || rc=$?
}

# check_out DESCRIPTION TEXT: standard output is exactly the line TEXT.
check_out() {
    printf '%s\n' "$2" >"$scratch/want"
    if cmp -s "$scratch/want" "$scratch/out"; then ok "$1"; else
        not_ok "$1"; diff "$scratch/want" "$scratch/out" | sed 's/^/# /'; fi
}

## run: the QEMU command line (--dry-run: QEMU is not needed)

: >"$scratch/hello.xen"
fixed="-display none -no-reboot -monitor none -serial stdio -device \
isa-debug-exit,iobase=0xf4,iosize=0x04"
mr run --dry-run --accel=tcg hello.xen
check_status "--dry-run exits 0" 0 "$rc"
check_out "a .xen image boots on the pc machine, 64 MiB, isa-debug-exit" \
    "qemu-system-x86_64 -M microvm -accel tcg -cpu max -m 64 $fixed -kernel hello.xen -append ''"
mr run --dry-run --accel=kvm --mem=256 hello.xen
check_out "--accel=kvm --mem=256" \
    "qemu-system-x86_64 -M microvm -accel kvm -m 256 $fixed -kernel hello.xen -append ''"
if test -r /dev/kvm && test -w /dev/kvm; then auto=kvm; else auto=tcg; fi
mr run --dry-run hello.xen
check_grep "--accel=auto picks $auto here (/dev/kvm usable or not)" \
    "^qemu-system-x86_64 -M microvm -accel $auto " "$scratch/out"
mr run --dry-run --accel=auto hello.xen
check_grep "--accel=auto is the default" "^qemu-system-x86_64 -M microvm -accel $auto " \
    "$scratch/out"
QEMU=/opt/q/qemu mr run --dry-run --accel=tcg hello.xen
check_grep "\$QEMU names the QEMU program" '^/opt/q/qemu -M microvm ' "$scratch/out"

# words after IMAGE go to QEMU, those after -- to the unikernel, quoted so
# that its splitter (the same rules as sh's for '...' and \') gives them back
mr run --dry-run --accel=tcg hello.xen -s -S -- --hello='Hello, World!' \
    "it's" '' 'a"b\c' '$HOME;*'
check_status "--dry-run with QEMU options and arguments exits 0" 0 "$rc"
eval "set -- $(cat "$scratch/out")"
append=
while test $# -gt 0; do
    case $1 in
    -kernel) test "$2 $3 $4" = "hello.xen -s -S" && kernel_ok=yes ;;
    -append) append=$2 ;;
    esac
    shift
done
check "QEMU options come after -kernel IMAGE" test "${kernel_ok:-}" = yes
eval "set -- $append"
check "-append gives back the 5 arguments" test $# -eq 5
check "a space inside an argument" test "$1" = "--hello=Hello, World!"
check "a single quote" test "$2" = "it's"
check "an empty argument" test -z "$3"
check "a double quote and a backslash" test "$4" = 'a"b\c'
check "shell characters stay literal" test "$5" = '$HOME;*'

## run: errors

mr run
check_status "a missing IMAGE exits 2" 2 "$rc"
check_grep "and says so" "missing IMAGE" "$scratch/err"
mr run nope.xen
check_status "an image that does not exist exits 2" 2 "$rc"
check_grep "naming it" "mirage run: nope.xen: No such file" "$scratch/err"
mr run --accel=hax hello.xen
check_status "--accel=hax exits 2" 2 "$rc"
mr run --mem=0 hello.xen
check_status "--mem=0 exits 2" 2 "$rc"
mr run --mem=64M hello.xen
check_status "--mem=64M exits 2 (MiB are a number)" 2 "$rc"

## run: NAME.virtio boots under QEMU with its virtio devices

: >"$scratch/hello.virtio"
blk="-drive id=blkdisk,file=disk.img,format=raw,if=none -device"
tap="tap,id=netservice,ifname=tap0,script=no,downscript=no"
mr run --dry-run --accel=tcg hello.virtio --block:disk=disk.img \
    --net:service=tap0 -s -- --logs=debug
check_status "--dry-run of a .virtio image exits 0" 0 "$rc"
check_out "microvm without ACPI by default: virtio-mmio version 2, a disk and a NIC" \
    "qemu-system-x86_64 -M microvm,acpi=off -global virtio-mmio.force-legacy=false -accel tcg -cpu max -m 64 $fixed -nic none -kernel hello.virtio $blk virtio-blk-device,drive=blkdisk,serial=disk -netdev $tap -device virtio-net-device,netdev=netservice -s -append --logs=debug"
mr run --dry-run --accel=kvm --machine=q35 --mem=128 hello.virtio \
    --block:disk=disk.img --net:service=tap0 \
    --net-mac:service=02:00:00:00:00:01
check_status "--machine=q35 exits 0" 0 "$rc"
check_out "q35: modern virtio-pci devices, and the MAC" \
    "qemu-system-x86_64 -M q35 -accel kvm -m 128 $fixed -nic none -kernel hello.virtio $blk virtio-blk-pci,drive=blkdisk,serial=disk,disable-legacy=on -netdev $tap -device virtio-net-pci,netdev=netservice,disable-legacy=on,mac=02:00:00:00:00:01 -append ''"
mr run --dry-run --accel=tcg --machine=pc hello.virtio --block:disk=disk.img
check_grep "--machine=pc: virtio-pci as well" \
    "^qemu-system-x86_64 -M pc -accel tcg .* -device virtio-blk-pci,drive=blkdisk,serial=disk,disable-legacy=on -append ''\$" \
    "$scratch/out"
mr run --dry-run --machine=microvm hello.virtio
check_grep "--machine=microvm, no device: only -nic none" \
    "^qemu-system-x86_64 -M microvm,acpi=off -global virtio-mmio.force-legacy=false .* -nic none -kernel hello.virtio -append ''\$" \
    "$scratch/out"
mr run --dry-run --accel=tcg hello.virtio --net:zz=tap9 --block:b=b.img \
    --net:aa=tap3 --net-mac:aa=02:00:00:00:00:0a
check_grep "the NICs come in the order given, not sorted" \
    "-device virtio-net-device,netdev=netzz .* -device virtio-net-device,netdev=netaa,mac=02:00:00:00:00:0a -append" \
    "$scratch/out"
check_grep "the disk among them, as given" \
    "netdev=netzz -drive id=blkb,file=b.img,format=raw,if=none -device virtio-blk-device,drive=blkb,serial=b -netdev tap,id=netaa," \
    "$scratch/out"
mr run --dry-run --accel=tcg hello.virtio --block:disk='my disk.img' -- \
    'a b'
eval "set -- $(cat "$scratch/out")"
while test $# -gt 0 && test "$1" != -drive; do shift; done
check "a FILE with a space stays one word" \
    test "${2:-}" = "id=blkdisk,file=my disk.img,format=raw,if=none"

## run: NAME.virtio's errors

mr run --machine=virt hello.virtio
check_status "--machine=virt exits 2" 2 "$rc"
check_grep "and names the machines" "invalid --machine 'virt'; use microvm, q35 or pc" \
    "$scratch/err"
mr run --dry-run --machine=q35 hello.xen
check_status "--machine for a .xen image exits 2" 2 "$rc"
check_grep "saying it is for NAME.virtio" \
    "--machine applies to a NAME.virtio image only" "$scratch/err"
mr run --dry-run hello.virtio --block:disk=a,b.img
check_status "a comma in FILE exits 2" 2 "$rc"
check_grep "naming the option" \
    "mirage run: '--block:disk=a,b.img': the FILE holds a comma" "$scratch/err"
mr run --dry-run hello.virtio --net:service=tap0,vhost=on
check_status "a comma in TAP exits 2" 2 "$rc"
check_grep "naming the option" \
    "'--net:service=tap0,vhost=on': the TAP holds a comma" "$scratch/err"
mr run --dry-run hello.virtio --net:s=tap0 --net-mac:s=02:00:00:00:00:01,x
check_status "a comma in MAC exits 2" 2 "$rc"
check_grep "naming the option" \
    "'--net-mac:s=02:00:00:00:00:01,x': bad MAC address" "$scratch/err"
mr run --dry-run hello.virtio --net:Service=tap0
check_status "an uppercase NAME exits 2" 2 "$rc"
check_grep "naming it" "'--net:Service=tap0': bad device name 'Service'" \
    "$scratch/err"
mr run --dry-run hello.virtio --block:disk
check_status "--block:NAME without FILE exits 2" 2 "$rc"
check_grep "and shows the form" "give --block:NAME=FILE" "$scratch/err"
mr run --dry-run hello.virtio --net-mac:s=02:00:00:00:00:01
check_status "--net-mac without its --net exits 2" 2 "$rc"
check_grep "saying so" "no --net:s=TAP attaches a NIC 's'" "$scratch/err"
mr run --dry-run hello.virtio --block:d=a.img --block:d=b.img
check_status "a device given twice exits 2" 2 "$rc"
mr run --dry-run nope.virtio
check_status "a .virtio image that does not exist exits 2" 2 "$rc"
check_grep "naming it" "mirage run: nope.virtio: No such file" "$scratch/err"

## run: spt and hvt images go to their tender

for t in spt hvt; do
    T=$(echo "$t" | tr a-z A-Z)
    : >"$scratch/hello.$t"
    (cd "$scratch" && env "MIRAGE_$T=/opt/t/mirage-$t" "$helper" run \
        --dry-run --mem=32 hello.$t --block:disk=d.img -- --x='a b') \
        >"$scratch/out" 2>"$scratch/err"
    check_status "--dry-run of a .$t image exits 0" 0 $?
    check_grep ".$t: the tender's command line" \
        "^/opt/t/mirage-$t --mem=32 --block:disk=d.img -- hello.$t '--x=a b'\$" \
        "$scratch/out"
    (cd "$scratch" && env "MIRAGE_$T=/nonexistent/mirage-$t" "$helper" run \
        hello.$t) >"$scratch/out" 2>"$scratch/err"
    check_status "a missing $t tender exits 125" 125 $?
    check_grep "and says which" "cannot run the $t tender /nonexistent/mirage-$t" \
        "$scratch/err"
done
# the build tree's tender, found from the helper's own place
if test -x "$top_builddir/tenders/spt/mirage-spt"; then
    (cd "$scratch" && "$helper" run --dry-run hello.spt) >"$scratch/out" 2>&1
    check_grep "the helper finds the build tree's mirage-spt" \
        "/tenders/spt/mirage-spt --mem=64 -- hello.spt\$" "$scratch/out"
else
    skip "the helper finds the build tree's mirage-spt" "no spt tender built"
fi

## run: unix images

printf '#!/bin/sh\nprintf "[%%s]\\n" "$@"\nexit 3\n' >"$scratch/three"
chmod +x "$scratch/three"
mr run three -- a 'b c' ''
check_status "a unix image's status comes back (3)" 3 "$rc"
printf '[a]\n[b c]\n[]\n' >"$scratch/want"
check "its arguments arrive as given" cmp -s "$scratch/want" "$scratch/out"
mr run --dry-run three -- 'b c'
check_out "--dry-run of a unix image" "./three 'b c'"
mr run three -x
check_status "a unix image takes no QEMU options" 2 "$rc"
printf '#!/bin/sh\ncat\n' >"$scratch/cat"
chmod +x "$scratch/cat"
echo "through stdin" | (cd "$scratch" && "$helper" run ./cat) >"$scratch/out"
check_out "standard input is passed through" "through stdin"
printf '#!/bin/sh\nkill -TERM $$\n' >"$scratch/killed"
chmod +x "$scratch/killed"
mr run killed
check_status "death by SIGTERM gives 128+15" 143 "$rc"
printf 'not a program\n' >"$scratch/plain"
chmod -x "$scratch/plain"
mr run plain
check_status "an image without execute permission gives 125" 125 "$rc"
check_grep "and says why" "cannot run 'plain': Permission denied" \
    "$scratch/err"

## symbolize: errors

mr symbolize
check_status "symbolize without IMAGE exits 2" 2 "$rc"
mr symbolize nope
check_status "an unreadable IMAGE exits 1" 1 "$rc"
check_grep "naming it" "mirage symbolize: nope: No such file" "$scratch/err"
mr symbolize three
check_status "a shell script is not an ELF64 file: 1" 1 "$rc"
check_grep "and says so" "three: not an ELF64 file" "$scratch/err"

## symbolize and run on real images: a unikernel that crashes on purpose

need_autotools
use_build_tree

# crashy_project DIR: a unikernel whose --mode=abort calls mirage_abort from
# crashy_deep, and --mode=fault writes through a null pointer in
# crashy_fault (left to the CPU: no UBSan check in a sanitizer build);
# each called by crashy_middle.
crashy_project() {
    mkdir -p "$1"
    cat >"$1/configure.ac" <<'EOT'
AC_INIT([crashy], [1.0])
AM_INIT_AUTOMAKE([foreign subdir-objects])
AC_PROG_CC
MIRAGE_INIT
MIRAGE_TARGET
MIRAGE_RUNTIME_ARG([mode], [enum(none|abort|fault)], [none], [What to do.])
MIRAGE_UNIKERNEL([crashy], [crashy_start], [], [mode])
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
EOT
    cat >"$1/Makefile.am" <<'EOT'
noinst_PROGRAMS = crashy
crashy_SOURCES = unikernel.c
nodist_crashy_SOURCES = mirage_main.c mirage_main.h
crashy_CFLAGS = $(MIRAGE_CFLAGS)
crashy_LDADD = $(MIRAGE_LIBS)
@MIRAGE_RULES@
EOT
    cat >"$1/unikernel.c" <<'EOT'
#include <string.h>
#include <mirage/abort.h>
#include "mirage_main.h"

int *volatile crashy_null;

__attribute__((noinline)) void crashy_deep(int n);
__attribute__((noinline)) void crashy_deep(int n)
{
    mirage_abort("crashy: on purpose (%d)", n);
}

__attribute__((noinline, no_sanitize("undefined"))) void crashy_fault(int n);
__attribute__((noinline, no_sanitize("undefined"))) void crashy_fault(int n)
{
    *crashy_null = n;
}

__attribute__((noinline)) static int crashy_middle(const char *mode)
{
    if (strcmp(mode, "abort") == 0)
        crashy_deep(3);
    else if (strcmp(mode, "fault") == 0)
        crashy_fault(4);
    return 0;
}

int crashy_start(const char *mode)
{
    return crashy_middle(mode);
}
EOT
}

# check_symbolized DESCRIPTION PATTERN: $scratch/sym has a line matching.
check_symbolized() { check_grep "$1" "$2" "$scratch/sym"; }

p=$scratch/crashy
crashy_project "$p"
if build_project "$p" CFLAGS='-g -O1 -fno-omit-frame-pointer'; then
    ok "crashy builds on unix"
    (cd "$p" && ./crashy --mode=abort) >/dev/null 2>"$scratch/abort.log"
    check_status "crashy --mode=abort crashes with 255" 255 $?
    "$helper" symbolize "$p/crashy" "$scratch/abort.log" >"$scratch/sym" \
        2>"$scratch/err"
    check_status "symbolize exits 0" 0 $?
    check_symbolized "abort: frame #0 is crashy_deep (the call ends it)" \
        '#0 +0x[0-9a-f]+ crashy\+0x[0-9a-f]+ crashy_deep\+0x'
    check_symbolized "frame #1 is crashy_middle" \
        '#1 +0x[0-9a-f]+ crashy\+0x[0-9a-f]+ crashy_middle\+0x'
    check_symbolized "frame #2 is crashy_start" \
        '#2 +0x[0-9a-f]+ crashy\+0x[0-9a-f]+ crashy_start\+0x'
    check_symbolized "rip (PIE: from frame #0's load address) is crashy_deep" \
        'rip=0x[0-9a-f]+ crashy_deep\+0x'
    grep -v -e '#[0-9]' -e 'rip=' "$scratch/sym" >"$scratch/rest"
    grep -v -e '#[0-9]' -e 'rip=' "$scratch/abort.log" >"$scratch/want"
    check "every other line is copied unchanged" \
        cmp -s "$scratch/want" "$scratch/rest"
    check "so is the number of lines" \
        test "$(wc -l <"$scratch/sym")" -eq "$(wc -l <"$scratch/abort.log")"

    (cd "$p" && ./crashy --mode=fault) >/dev/null 2>"$scratch/fault.log"
    check_status "crashy --mode=fault crashes with 255" 255 $?
    "$helper" symbolize "$p/crashy" <"$scratch/fault.log" >"$scratch/sym"
    check_symbolized "fault (from stdin): rip is crashy_fault" \
        'rip=0x[0-9a-f]+ crashy_fault\+0x'
    check_symbolized "fault: frame #0 is crashy_fault" \
        '#0 +0x[0-9a-f]+ crashy\+0x[0-9a-f]+ crashy_fault\+0x'

    mr run "$p/crashy" -- --mode=abort
    check_status "mirage run gives a unix image's crash status, 255" 255 "$rc"
    if command -v strip >/dev/null 2>&1; then
        strip -o "$scratch/stripped" "$p/crashy"
        mr symbolize stripped abort.log
        check_status "a stripped image exits 1" 1 "$rc"
        check_grep "saying so" \
            "stripped has no symbol table \(stripped\?\); symbolize the unstripped image" \
            "$scratch/err"
    else
        skip "a stripped image exits 1" "strip is not installed"
    fi
else
    not_ok "crashy builds on unix"
    diag_file "$p/build.log"
fi

## run: images checked before QEMU starts (each would hang or crash it)

head -c 4096 /dev/urandom >"$scratch/garbage.xen"
mr run garbage.xen
check_status "garbage.xen: refused with 125" 125 "$rc"
check_grep "not an ELF file" \
    "^mirage run: garbage.xen is not an ELF file: not a xen image \(build one with ./configure --with-target=xen\)$" \
    "$scratch/err"
mkfifo "$scratch/fifo.virtio"
mr run fifo.virtio
check_status "a FIFO: refused with 125, at once" 125 "$rc"
check_grep "it says what it is" "^mirage run: fifo.virtio is a FIFO, not an image file$" \
    "$scratch/err"
cp "$(command -v ls)" "$scratch/true.xen"
mr run true.xen
check_status "a Linux program: refused with 125" 125 "$rc"
check_grep "not a PVH image" "true.xen (is not an x86-64 ELF64 executable|has no PVH entry)" \
    "$scratch/err"
truncate -s 1G "$scratch/big.virtio" 2>/dev/null &&
    mr run big.virtio && :
check_grep "a 1 GiB file of zeros: refused, naming it" \
    "^mirage run: big.virtio is not an ELF file" "$scratch/err"

## run: a real boot under QEMU (TCG: KVM may not run our images here)

if ! command -v "$qemu" >/dev/null 2>&1; then
    skip "mirage run boots noop.xen" "$qemu is not installed"
elif ! test -f "$top_builddir/runtime/libmirage-xen.a" ||
    ! test -f "$top_builddir/pkgconfig/mirage-xen-uninstalled.pc"; then
    skip "mirage run boots noop.xen" "the xen target was not built"
else
    p=$scratch/noop
    copy_project "$top_srcdir/examples/noop" "$p"
    if build_project "$p" --with-target=xen && test -f "$p/noop.xen"; then
        ok "noop builds for xen"
        check "configure wrote noop.xl" test -f "$p/noop.xl"
        check "and noop.xl.in" test -f "$p/noop.xl.in"
        check_grep "noop.xl boots noop.xen" '^kernel = "noop.xen"$' \
            "$p/noop.xl"
        test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg "$p/noop.xen" \
            >"$scratch/boot.out" 2>"$scratch/boot.err" </dev/null
        rc=$?
        check_status "mirage run noop.xen exits with noop's status 0" 0 "$rc"
        test "$rc" -eq 0 || diag_file "$scratch/boot.err"
        test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg "$p/noop.xen" \
            -- --bogus >"$scratch/boot.out" 2>"$scratch/boot.err" </dev/null
        check_status "-- --bogus reaches the guest: 64" 64 $?
        check_grep "which names it" "unknown option '--bogus'" \
            "$scratch/boot.out"
        test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg "$p/noop.xen" \
            -- '--logs=*:debug' 'a b' >"$scratch/boot.out" 2>&1 </dev/null
        check_status "an operand noop does not take: 64" 64 $?
        check_grep "it arrives as one argument, with its space" \
            "^noop: unexpected argument 'a b'" "$scratch/boot.out"
        test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg "$p/noop.xen" \
            -- '' >"$scratch/boot.out" 2>&1 </dev/null
        check_grep "an empty argument arrives as one" \
            "^noop: unexpected argument ''" "$scratch/boot.out"
        # a PVH image is a virtio image too: with a QEMU that cannot start
        cp "$p/noop.xen" "$scratch/noop.virtio"
        QEMU=/nonexistent/qemu mr run noop.virtio
        check_status "a QEMU that cannot be started gives 125" 125 "$rc"
        check_grep "naming it" "cannot run /nonexistent/qemu" "$scratch/err"
        # the image's checks, made before QEMU starts (it would hang)
        mr run --accel=tcg --mem=1 "$p/noop.xen"
        check_status "--mem=1: refused with 125" 125 "$rc"
        check_grep "naming the image's real need" \
            "^mirage run: --mem=1 is too small for .*noop.xen: it needs at least 2 MiB$" \
            "$scratch/err"
        (cd "$p" && ${MAKE:-make} distclean) >>"$p/build.log" 2>&1
        check "make distclean removes noop.xl and noop.xl.in" \
            test ! -e "$p/noop.xl" -a ! -e "$p/noop.xl.in"
    else
        not_ok "noop builds for xen"
        diag_file "$p/build.log"
    fi

    p=$scratch/crashy-xen
    crashy_project "$p"
    if build_project "$p" --with-target=xen && test -f "$p/crashy.xen"; then
        test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg "$p/crashy.xen" \
            -- --mode=abort >"$scratch/xen.log" 2>"$scratch/boot.err" \
            </dev/null
        check_status "a crash under QEMU reads as status 255" 255 $?
        "$helper" symbolize "$p/crashy.xen" "$scratch/xen.log" >"$scratch/sym"
        check_symbolized "xen: frame #0 is crashy_deep" \
            '#0 +0x[0-9a-f]+.* crashy_deep\+0x[0-9a-f]+.?$'
        check_symbolized "xen: frame #1 is crashy_middle" \
            '#1 +0x[0-9a-f]+.* crashy_middle\+0x'
    else
        not_ok "crashy builds for xen"
        diag_file "$p/build.log"
    fi
fi

## run: a real boot of NAME.virtio, its disk attached by mirage run

if ! command -v "$qemu" >/dev/null 2>&1; then
    skip "mirage run boots block.virtio" "$qemu is not installed"
elif ! test -f "$top_builddir/runtime/libmirage-virtio.a" ||
    ! test -f "$top_builddir/pkgconfig/mirage-virtio-uninstalled.pc"; then
    skip "mirage run boots block.virtio" "the virtio target was not built"
else
    p=$scratch/block
    copy_project "$top_srcdir/examples/block" "$p"
    if build_project "$p" --with-target=virtio --with-disk=virtio &&
        test -f "$p/block.virtio"; then
        ok "block builds for virtio"
        check "configure wrote block_libvirt.xml" \
            test -f "$p/block_libvirt.xml"
        check_grep "whose kernel is block.virtio, by its absolute path" \
            "<kernel>/.*/block\.virtio</kernel>" "$p/block_libvirt.xml"
        check_grep "with the disk's serial" "<serial>disk</serial>" \
            "$p/block_libvirt.xml"
        dd if=/dev/zero of="$p/disk.img" bs=1024 count=1024 2>/dev/null
        for m in microvm q35 pc; do
            (cd "$p" && test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg \
                --machine=$m block.virtio --block:disk=disk.img) \
                >"$scratch/boot.out" 2>"$scratch/boot.err" </dev/null
            rc=$?
            check_status "on $m, block finds its disk by serial and exits 0" \
                0 "$rc"
            test "$rc" -eq 0 || diag_file "$scratch/boot.out"
        done
        (cd "$p" && test_timeout 60 env QEMU="$qemu" "$helper" run --accel=tcg \
            block.virtio) >"$scratch/boot.out" 2>&1 </dev/null
        check_status "without --block:disk, the device fails: 125" 125 $?
        (cd "$p" && ${MAKE:-make} distclean) >>"$p/build.log" 2>&1
        check "make distclean removes block_libvirt.xml" \
            test ! -e "$p/block_libvirt.xml"
    else
        not_ok "block builds for virtio"
        diag_file "$p/build.log"
    fi
fi

done_testing
