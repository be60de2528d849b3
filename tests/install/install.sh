#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/install/install.sh: `make install DESTDIR=...' installs the toolkit
# without leaking DESTDIR or the build tree into any file, and examples/hello
# builds and runs against that installed copy alone.
. "$top_srcdir/tests/lib.sh"
need_autotools

dest=$scratch/dest
${MAKE:-make} -C "$top_builddir" install DESTDIR="$dest" >"$scratch/install.log" 2>&1
st=$?
check_status "make install DESTDIR=... succeeds" 0 $st
test $st -eq 0 || { diag_file "$scratch/install.log"; done_testing; exit; }

# The configured directories (exported by the harness unexpanded, as
# ${prefix}/lib and the like; expanded here as make would).
expand() { v=$1; for i in 1 2 3 4; do eval "v=\"$v\""; done; echo "$v"; }
bin=$dest$(expand "$bindir")
lib=$dest$(expand "$libdir")
data=$dest$(expand "$datadir")
inc=$dest$(expand "$includedir")
# The helper's installed name: mirage, unless configure's
# --program-transform-name (or prefix, suffix) renamed it (the harness
# exports what make install does with it; the Debian packages: mirage-c).
prog=${mirage_program:-mirage}
for f in "$bin/$prog" "$data/aclocal/mirage.m4" "$lib/pkgconfig/mirage.pc" \
    "$lib/pkgconfig/mirage-unix.pc" "$lib/mirage/unix/libmirage-unix.a" \
    "$inc/mirage/mirage.h" "$inc/mirage/time.h" \
    "$data/man/man1/$prog.1"; do
    check "installed ${f#"$dest"}" test -e "$f"
done
check "no -uninstalled.pc is installed" \
    test -z "$(find "$dest" -name '*-uninstalled.pc')"

# DESTDIR "should not change the operation of the software in any way, so
# its value should not be included in any file contents" (GNU standards).
if grep -r -l -F -e "$dest" "$dest" >"$scratch/leaks" 2>/dev/null; then
    not_ok "no installed file mentions DESTDIR"; diag_file "$scratch/leaks"
else ok "no installed file mentions DESTDIR"; fi
# (Text files only: debugging information in binaries names the build
# folder, as it does for any program built with -g.)
if grep -r -l -I -F -e "$top_builddir" "$dest" >"$scratch/leaks" 2>/dev/null
then not_ok "no installed text file mentions the build tree"
    diag_file "$scratch/leaks"
else ok "no installed text file mentions the build tree"; fi

# Build hello with only the installed copy: its aclocal folder, its .pc
# files (relocated to DESTDIR, below) and the helper they name. The build
# tree is not on any search path.
ACLOCAL_PATH=$data/aclocal
PKG_CONFIG_LIBDIR=$lib/pkgconfig
PKG_CONFIG_PATH=
# The installed .pc files name their folders from ${prefix}: redefined as
# the copy under DESTDIR (--define-prefix would guess it from where the .pc
# file lies, wrong for a multiarch libdir such as lib/x86_64-linux-gnu).
PKG_CONFIG="${PKG_CONFIG:-pkg-config} --define-variable=prefix=$dest$(expand "$prefix")"
export ACLOCAL_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG
unset MIRAGE || :
helper=$($PKG_CONFIG --variable=mirage mirage)
check_status "pkg-config names the installed helper" 0 \
    "$(test "$helper" = "$bin/$prog" && echo 0 || echo 1)"

# The flags of the environment are not the toolkit's: a package build
# exports Debian's, whose -ffile-prefix-map names the build folder, which
# the check below would take for a use of the build tree.
unset CFLAGS CPPFLAGS LDFLAGS || :
p=$scratch/hello
copy_project "$top_srcdir/examples/hello" "$p"
if build_project "$p"; then ok "hello builds against the installed toolkit"
else not_ok "hello builds against the installed toolkit"
    diag_file "$p/build.log"; done_testing; exit; fi
check_grep "configure used the installed helper" \
    "^MIRAGE = $bin/$prog\$" "$p/Makefile"
check_no_grep "nothing of the build tree is used" \
    "$top_builddir|$top_srcdir" "$p/Makefile"
"$p/hello" >"$scratch/out" 2>&1
check_status "hello runs" 0 $?
n=$(grep -c -e '-00:00: INF \[hello\] hello$' "$scratch/out")
check_status "and prints its four lines" 4 "$n"

# The xen target from the installed copy alone: its .pc, linker script,
# library and freestanding headers; booted by the installed `mirage run`.
if test ! -e "$lib/pkgconfig/mirage-xen.pc"; then
    skip "hello builds for xen against the installed toolkit" \
        "the xen target was not built (the C compiler does not target x86-64)"
else
    check "installed the xen linker script" test -e "$lib/mirage/xen/pvh.lds"
    p=$scratch/hello-xen
    copy_project "$top_srcdir/examples/hello" "$p"
    if build_project "$p" --with-target=xen && test -f "$p/hello.xen"; then
        ok "hello builds for xen against the installed toolkit"
        check_no_grep "nothing of the build tree is used for xen" \
            "$top_builddir|$top_srcdir" "$p/Makefile"
        if command -v qemu-system-x86_64 >/dev/null 2>&1; then
            (cd "$p" && test_timeout 60 "$bin/$prog" run --accel=tcg \
                hello.xen </dev/null) >"$scratch/xen.out" 2>&1
            check_status "the installed mirage run boots hello.xen (TCG)" 0 $?
            n=$(grep -c -e '-00:00: INF \[hello\] hello' "$scratch/xen.out")
            check_status "and it prints its four lines" 4 "$n"
        else
            skip "the installed mirage run boots hello.xen" "no QEMU"
        fi
    else
        not_ok "hello builds for xen against the installed toolkit"
        diag_file "$p/build.log"
    fi
fi
done_testing
