#!/bin/sh
# SPDX-License-Identifier: ISC
# tender-hardening.sh: the built tenders are hardened as configure.ac
# says: PIE, full RELRO (GNU_RELRO and BIND_NOW), a stack protector, no
# executable stack, and fortified libc calls when CFLAGS optimise.
. "$top_srcdir/tests/lib.sh"

spt=$top_builddir/tenders/spt/mirage-spt
hvt=$top_builddir/tenders/hvt/mirage-hvt
test -x "$spt" && test -x "$hvt" ||
    skip_all "mirage-spt and mirage-hvt are not built (tenders need an x86-64 Linux host)"
READELF=${READELF:-readelf}
command -v "$READELF" >/dev/null 2>&1 || skip_all "no $READELF (GNU binutils)"

# Whether configure kept _FORTIFY_SOURCE (it leaves it out without -O).
fortify=no
grep -q '^MIRAGE_TENDER_CFLAGS = .*-D_FORTIFY_SOURCE=2' "$top_builddir/Makefile" &&
    fortify=yes

for t in "$spt" "$hvt"; do
    name=${t##*/}
    "$READELF" -hW "$t" >"$scratch/h" 2>&1
    "$READELF" -lW "$t" >"$scratch/l" 2>&1
    "$READELF" -dW "$t" >"$scratch/d" 2>&1
    "$READELF" --dyn-syms -W "$t" >"$scratch/s" 2>&1
    check_grep "$name is PIE (ET_DYN)" '^ *Type: +DYN ' "$scratch/h"
    check_grep "$name has a GNU_RELRO segment" '^ *GNU_RELRO ' "$scratch/l"
    if grep -E -q '\(FLAGS\) +.*BIND_NOW' "$scratch/d" ||
        grep -E -q '\(FLAGS_1\) +Flags:.* NOW' "$scratch/d"; then
        ok "$name binds now (-z now: RELRO covers the GOT)"
    else
        not_ok "$name binds now (-z now: RELRO covers the GOT)"
        diag_file "$scratch/d"
    fi
    check_no_grep "$name has no text relocations" 'TEXTREL' "$scratch/d"
    check_grep "$name has a stack that is not executable" \
        '^ *GNU_STACK( +[^ ]+){5} +RW ' "$scratch/l"
    check_grep "$name has stack canaries (__stack_chk_fail)" \
        ' __stack_chk_fail(@|$)' "$scratch/s"
    # errf's vsnprintf (tenders/common) is in both tenders.
    if test "$fortify" = yes; then
        check_grep "$name calls fortified libc functions (__vsnprintf_chk)" \
            ' __vsnprintf_chk(@|$)' "$scratch/s"
    else
        skip "$name calls fortified libc functions" \
            "configure left _FORTIFY_SOURCE out (it needs CFLAGS with -O)"
    fi
done

done_testing
