#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/tap-producers.sh: every test prints its TAP points and plan
# through the one producer of its language, tests/lib.sh (shell) or
# tests/unit/tap.h (C, on the host or in a guest): no other file of tests/,
# examples/ or bench/ prints an "ok N", "not ok N" or "1..N" line itself.
. "$top_srcdir/tests/lib.sh"

# sources LIST SUFFIX...: the files below tests/, examples/ and bench/ whose
# names end with a SUFFIX, but for the two producers, written to LIST.
sources() {
    list=$1
    shift
    : >"$list"
    for d in tests examples bench; do
        test -d "$top_srcdir/$d" || continue
        for s in "$@"; do
            find "$top_srcdir/$d" -type f -name "*$s" -print
        done
    done | grep -v -e '/tests/lib\.sh$' -e '/tests/unit/tap\.h$' |
        LC_ALL=C sort >"$list"
}

# no_producer DESCRIPTION LIST ERE: no line of the files in LIST matches
# ERE; the lines that do are shown.
no_producer() {
    : >"$scratch/hits"
    while IFS= read -r f; do
        grep -n -E -e "$3" "$f" | sed "s|^|${f#"$top_srcdir"/}:|" \
            >>"$scratch/hits"
    done <"$2"
    if test -s "$scratch/hits"; then
        not_ok "$1"
        diag "printed by hand:"
        diag_file "$scratch/hits"
    else ok "$1"; fi
}

sources "$scratch/c" .c .h
check "C sources found" test -s "$scratch/c"
# a string that starts a point ("ok ", "not ok ", "%sok ") or a plan
# ("1..%", "1..0 ") in a call of printf, fprintf, dprintf or puts, or a
# SKIP or TODO written into the description of TAP_OK
no_producer "no C test prints a point or a plan but through tests/unit/tap.h" \
    "$scratch/c" \
    '(^|[^a-z_])(f|d)?(printf|puts)\([^"]*"(%s|not )?ok |"1\.\.(%|0 )|TAP_OK\([^"]*"[^"]*# (SKIP|TODO)'

sources "$scratch/sh" .sh
check "shell scripts found" test -s "$scratch/sh"
no_producer "no shell test prints a point or a plan but through tests/lib.sh" \
    "$scratch/sh" \
    '(echo|printf) +(-[a-z]+ +)?["'"'"']?(not )?ok |(echo|printf) +["'"'"']?1\.\.|(^|[^a-z_])ok +"[^"]*# (SKIP|TODO)'
done_testing
