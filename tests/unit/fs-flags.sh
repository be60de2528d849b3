#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/fs-flags.sh: the user's CFLAGS and CPPFLAGS (a distribution's
# hardening defaults, LTO) reach the host programs and the unix runtime,
# never the freestanding runtimes, which keep the toolkit's own flags and
# only the -g, -O, -W and path-map flags of the user (runtime/fs-flags.sh).
# Each compile line is taken from make -n with hostile flags given on make's
# command line, then run with its object written here.
. "$top_srcdir/tests/lib.sh"

hostile_cflags='-O1 -g -flto=auto -ffat-lto-objects -fstack-protector-strong'
hostile_cflags="$hostile_cflags -fstack-clash-protection -fcf-protection"
hostile_cflags="$hostile_cflags -march=native -fPIE -Wformat"
hostile_cflags="$hostile_cflags -Werror=format-security"
hostile_cflags="$hostile_cflags -Wp,-D_GLIBCXX_ASSERTIONS -ffile-prefix-map=/x=."
hostile_cppflags='-Wdate-time -D_FORTIFY_SOURCE=2 -I/usr/include'
# The flags no freestanding compile may get from the user.
dropped='-flto=auto -ffat-lto-objects -fstack-clash-protection
 -fcf-protection -march=native -fPIE -Wp,-D_GLIBCXX_ASSERTIONS
 -D_FORTIFY_SOURCE=2 -I/usr/include'

# The filter itself: what it keeps, in order.
# shellcheck disable=SC2086 # the flags are lists
kept=$(sh "$top_srcdir/runtime/fs-flags.sh" $hostile_cppflags $hostile_cflags)
want=" -Wdate-time -O1 -g -Wformat -Werror=format-security -ffile-prefix-map=/x=."
if test "$kept" = "$want"; then ok "fs-flags.sh keeps -W, -O, -g and path maps only"
else not_ok "fs-flags.sh keeps -W, -O, -g and path maps only"; diag "kept: $kept"; fi

srcdir=$(sed -n 's/^srcdir = //p' "$top_builddir/Makefile")
# compile_line SOURCE OBJECT: the command that compiles OBJECT from SOURCE
# (relative to the top folders) with the hostile flags, as make runs it in
# the build folder, in $line; 1 when make prints none.
compile_line() {
    src=$1
    test "$srcdir" = . || src=$srcdir/$1
    line=$(cd "$top_builddir" && ${MAKE:-make} -s -n V=1 -W "$src" "$2" \
        CFLAGS="$hostile_cflags" CPPFLAGS="$hostile_cppflags" \
        2>"$scratch/make.err" | grep -e ' -c -o ' | head -n 1)
    test -n "$line"
}
# flags_of LINE: the words of the compile line, once the shell has run its
# command substitutions (fs-flags.sh), one a line, in $scratch/flags.
flags_of() {
    (cd "$top_builddir" && eval "printf '%s\n' $1") >"$scratch/flags"
}
# has_flag FLAG: $scratch/flags holds FLAG.
has_flag() { grep -q -x -F -e "$1" "$scratch/flags"; }

for t in spt hvt virtio xen; do
    if ! test -f "$top_builddir/pkgconfig/mirage-$t.pc"; then
        skip "the $t runtime's compiles drop the user's hardening and LTO" \
            "the $t target is not built (the compiler does not target x86-64)"
        continue
    fi
    obj=runtime/core/libmirage_${t}_objs_a-sched.o
    if ! compile_line runtime/core/sched.c "$obj"; then
        not_ok "make -n prints the compile line of $obj"
        diag_file "$scratch/make.err"
        continue
    fi
    flags_of "$line"
    bad=
    for f in $dropped; do has_flag "$f" && bad="$bad $f"; done
    check_status "the $t runtime's compiles drop the user's hardening and LTO" \
        0 "$(test -z "$bad" && echo 0 || echo 1)"
    test -z "$bad" || diag "kept:$bad"
    # What the toolkit gives them and what they keep of the user.
    missing=
    for f in -fstack-protector-strong -mstack-protector-guard=global \
        -fcf-protection=none -ffreestanding -nostdinc -O1 -g -Wdate-time \
        -ffile-prefix-map=/x=.; do
        has_flag "$f" || missing="$missing $f"
    done
    check_status "and keep the toolkit's flags, the user's -O, -g, -W, path maps" \
        0 "$(test -z "$missing" && echo 0 || echo 1)"
    test -z "$missing" || diag "missing:$missing"
    # The compile itself, with its object here: no LTO sections, no
    # fortified calls, no CET property note.
    o=$scratch/$t.o
    l=$(printf '%s\n' "$line" | sed -e "s| -MF [^ ]*| -MF $scratch/$t.d|" \
        -e "s| -o [^ ]*| -o $o|")
    if (cd "$top_builddir" && eval "$l") >"$scratch/cc.log" 2>&1; then
        ok "runtime/core/sched.c compiles for $t under the hostile flags"
        readelf -S -W "$o" >"$scratch/sections"
        check_no_grep "  its object holds no LTO sections" '\.gnu\.lto_' \
            "$scratch/sections"
        check_no_grep "  nor a CET property note" '\.note\.gnu\.property' \
            "$scratch/sections"
        nm "$o" >"$scratch/nm"
        check_no_grep "  nor calls to fortified functions (__*_chk)" \
            ' U __[a-z_]*_chk$' "$scratch/nm"
    else
        not_ok "runtime/core/sched.c compiles for $t under the hostile flags"
        diag_file "$scratch/cc.log"
    fi
done

# The host code keeps every flag of the user: the helper, a tender and the
# unix runtime.
for pair in src/main.c:src/mirage-main.o \
    tenders/spt/main.c:tenders/spt/mirage_spt-main.o \
    runtime/unix/main.c:runtime/unix/libmirage_unix_objs_a-main.o; do
    src=${pair%%:*} obj=${pair#*:}
    case $obj in tenders/*)
        if ! test -f "$top_builddir/tenders/spt/mirage-spt"; then
            skip "$obj gets every flag of the user" "the tenders are not built"
            continue
        fi ;;
    esac
    if ! compile_line "$src" "$obj"; then
        not_ok "make -n prints the compile line of $obj"
        diag_file "$scratch/make.err"
        continue
    fi
    flags_of "$line"
    missing=
    for f in $dropped; do has_flag "$f" || missing="$missing $f"; done
    check_status "$obj gets every flag of the user" 0 \
        "$(test -z "$missing" && echo 0 || echo 1)"
    test -z "$missing" || diag "missing:$missing"
done
done_testing
