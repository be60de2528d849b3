#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/embed/embed.sh: existing autotools projects gain a unikernel by
# adding the MIRAGE_* macros, in both layouts GNU projects use: greeter
# builds it in its top folder beside its program; parcel, a recursive
# project, in its own folder reached through SUBDIRS. Both have
# gnulib-style AM_CPPFLAGS (-I$(top_srcdir)/lib, whose stdio.h wraps the
# system's), which must never reach the image. For unix, spt and xen (each
# where built): a VPATH build of both programs, both run, `make distcheck`.
# parcel also switches target in one build folder (the image's objects
# are rebuilt) and installs its image and NAME.xl under their real names.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

helper=$top_builddir/src/mirage
qemu=${QEMU:-qemu-system-x86_64}
spt_tender=$top_builddir/tenders/spt/mirage-spt
QEMU=$qemu
export QEMU

# target_missing T: why target T cannot be tried here (nothing if it can).
target_missing() {
    test "$1" = unix && return 0
    if ! test -f "$top_builddir/pkgconfig/mirage-$1-uninstalled.pc" ||
        ! test -f "$top_builddir/runtime/libmirage-$1.a"; then
        echo "the $1 target was not built"
    elif test "$1" = spt && ! test -x "$spt_tender"; then
        echo "the spt tender is not built"
    elif test "$1" = xen && ! command -v "$qemu" >/dev/null 2>&1; then
        echo "$qemu is not installed"
    fi
}

# boot T IMAGE ARGS...: runs IMAGE of target T; output in $scratch/out.
boot() {
    boot_target=$1 boot_image=$2
    shift 2
    case $boot_target in
    unix) test_timeout 60 "$boot_image" "$@" ;;
    spt) test_timeout 60 "$spt_tender" --mem=16 "$boot_image" "$@" ;;
    xen) test_timeout 120 "$helper" run --accel=tcg "$boot_image" -- "$@" \
        </dev/null ;;
    esac >"$scratch/out" 2>&1
}

# try LAYOUT PROJECT VMDIR VM HOSTDIR HOST GREETING T: the whole check of
# one project on target T.
try() {
    layout=$1 proj=$2 vmdir=$3 vm=$4 hostdir=$5 host=$6 greeting=$7 t=$8
    b=$proj/_build-$t
    why=$(target_missing "$t")
    if test -n "$why"; then
        skip "$layout: the $t build, its runs and its distcheck" "$why"
        return
    fi
    suffix=.$t
    test "$t" = unix && suffix=
    mkdir -p "$b"
    (cd "$b" && ../configure --with-target="$t" && ${MAKE:-make}) \
        >"$scratch/log" 2>&1
    st=$?
    check_status "$layout, $t: a VPATH build of both programs succeeds" 0 $st
    if test $st -ne 0; then
        diag_file "$scratch/log"
        return
    fi
    check "$layout, $t: the spec and the glue are in the image's build folder" \
        test -f "$b/$vmdir/mirage.spec" -a -f "$b/$vmdir/mirage_main.c"
    check "$layout, $t: not in the source folder" \
        test ! -e "$proj/$vmdir/mirage_main.c" -a ! -e "$proj/mirage_main.c"
    "$b/$hostdir/$host" Ada >"$scratch/out" 2>&1
    check_status "$layout, $t: the ordinary program runs" 0 $?
    check_grep "$layout, $t: with the project's lib/stdio.h" \
        "^$greeting Ada" "$scratch/out"
    boot "$t" "$b/$vmdir/$vm$suffix" --name=Ada
    st=$?
    check_status "$layout, $t: the unikernel runs" 0 $st
    check_grep "$layout, $t: and greets" "$greeting Ada" "$scratch/out"
    test $st -eq 0 || diag_file "$scratch/out"
    (cd "$b" && ${MAKE:-make} distcheck \
        DISTCHECK_CONFIGURE_FLAGS="--with-target=$t") \
        >"$scratch/distcheck.log" 2>&1
    st=$?
    check_status "$layout, $t: the project's make distcheck passes" 0 $st
    test $st -eq 0 || diag_file "$scratch/distcheck.log"
}

# Both layouts, each target.
g=$scratch/greeter
copy_project "$top_srcdir/tests/embed/greeter" "$g"
(cd "$g" && "$AUTORECONF" -fi) >"$scratch/log" 2>&1
check_status "greeter: autoreconf succeeds" 0 $?
p=$scratch/parcel
copy_project "$top_srcdir/tests/embed/parcel" "$p"
(cd "$p" && "$AUTORECONF" -fi) >"$scratch/log" 2>&1
check_status "parcel: autoreconf succeeds" 0 $?
for t in unix spt xen; do
    try "greeter (flat)" "$g" . greeter-vm . greet Greetings, "$t"
    try "parcel (SUBDIRS)" "$p" unikernel parcel-vm src parcel "Parcel for" "$t"
done

# greeter's unikernel checks its boot arguments, as any.
if test -x "$g/_build-unix/greeter-vm"; then
    "$g/_build-unix/greeter-vm" --times=3 >"$scratch/out" 2>&1
    check_status "greeter: the unikernel greets --times=3" 0 $?
    n=$(grep -c -e 'INF \[greeter\] Greetings, world!$' "$scratch/out")
    check_status "greeter: three times" 3 "$n"
    "$g/_build-unix/greeter-vm" --times=two >"$scratch/out" 2>&1
    check_status "greeter: a bad --times is refused with 64" 64 $?
fi

# One build folder, another target: the image's objects are rebuilt.
if test -z "$(target_missing spt)" && test -d "$p/_build-unix"; then
    b=$p/_build-unix
    obj=$b/unikernel/parcel_vm-unikernel.o
    touch "$scratch/stamp"
    sleep 1
    (cd "$b" && ../configure --with-target=spt && ${MAKE:-make}) \
        >"$scratch/log" 2>&1
    check_status "parcel: the unix build folder configured for spt builds" 0 $?
    check "parcel: the image's objects were rebuilt for spt" \
        test "$obj" -nt "$scratch/stamp"
    boot spt "$b/unikernel/parcel-vm.spt" --name=Ada
    check_status "parcel: and the spt image runs" 0 $?
    touch "$scratch/stamp"
    sleep 1
    (cd "$b" && ../configure --with-target=spt && ${MAKE:-make}) \
        >"$scratch/log" 2>&1
    check "parcel: configured again for spt, nothing is rebuilt" \
        test ! "$obj" -nt "$scratch/stamp"
else
    skip "parcel: switching a build folder to spt" "no spt target or unix build"
fi

# Installed under their real names, with the xen domain's configuration.
if test -z "$(target_missing xen)" && test -d "$p/_build-xen"; then
    d=$scratch/dest
    (cd "$p/_build-xen" && ../configure --with-target=xen --prefix=/opt/pc \
        --program-prefix=my- && ${MAKE:-make} && ${MAKE:-make} install \
        DESTDIR="$d") >"$scratch/log" 2>&1
    check_status "parcel: make install on xen succeeds" 0 $?
    check "parcel: the image is installed as my-parcel-vm.xen" \
        test -f "$d/opt/pc/bin/my-parcel-vm.xen"
    check "parcel: and nothing as my-parcel-vm" test ! -e "$d/opt/pc/bin/my-parcel-vm"
    check_grep "parcel: parcel-vm.xl is installed, naming the installed image" \
        '^kernel = "/opt/pc/bin/my-parcel-vm.xen"$' \
        "$d/opt/pc/share/parcel/parcel-vm.xl"
    (cd "$p/_build-xen" && ${MAKE:-make} uninstall DESTDIR="$d") \
        >"$scratch/log" 2>&1
    check "parcel: make uninstall removes both" \
        test ! -e "$d/opt/pc/bin/my-parcel-vm.xen" \
        -a ! -e "$d/opt/pc/share/parcel/parcel-vm.xl"
else
    skip "parcel: make install on xen" "$(target_missing xen)"
fi
done_testing
