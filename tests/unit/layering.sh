#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/layering.sh: the includes of runtime/, devices/ and lib/ keep
# to the layers of DESIGN.md (tests/unit/layering.awk says which rule holds
# where): one test point per folder of the tree, naming each include that
# breaks its rule as FILE:LINE; then the check is shown to fail on a
# scratch copy of the tree with one bad include added at a time.
. "$top_srcdir/tests/lib.sh"

awk=${AWK:-awk}
rules=$top_srcdir/tests/unit/layering.awk
tab=$(printf '\t')

# The folders the runtime's builds search for headers (-I), in order.
# shellcheck disable=SC2016 # $(top_srcdir) is make's, in the text
incdirs=$(grep -o -e '-I$(top_srcdir)/[^ ]*' "$top_srcdir/runtime/local.mk" |
    sed 's|^-I\$(top_srcdir)/||' | $awk '!seen[$0]++' | tr '\n' ' ')

# layering ROOT OUT: checks the tree at ROOT; its verdicts go to OUT.
layering() {
    (cd "$1" && find runtime devices lib -type f | LC_ALL=C sort) \
        >"$scratch/files"
    # shellcheck disable=SC2046 # the list of sources, one word each
    (cd "$1" && $awk -v tree="$scratch/files" -v incdirs="$incdirs" \
        -f "$rules" $(grep -E '\.(c|h|S)$' "$scratch/files")) >"$2"
}

check "runtime/local.mk names the include folders (-I)" test -n "$incdirs"
layering "$top_srcdir" "$scratch/tree.out"
for d in devices/ lib/ runtime/core runtime/include runtime/platform.h; do
    check "the check covers $d" grep -Eq "^(ok|not_ok)${tab}$d" \
        "$scratch/tree.out"
done
while IFS=$tab read -r verdict text; do
    case $verdict in
    ok) ok "$text" ;;
    not_ok) not_ok "$text" ;;
    *) diag "$text" ;;
    esac
done <"$scratch/tree.out"

# A copy of the tree, which the cases below change one line at a time.
copy=$scratch/copy
mkdir "$copy"
(cd "$top_srcdir" && tar cf - runtime devices lib) | (cd "$copy" && tar xf -)
chmod -R u+w "$copy"
layering "$copy" "$scratch/copy.out"
check "the copy gets the verdicts of the tree" \
    cmp -s "$scratch/tree.out" "$scratch/copy.out"

# failing OUT [FOLDER]: the folders whose point fails in OUT, but FOLDER.
failing() {
    sed -n "s/^not_ok${tab}\([^ ]*\) .*/\1/p" "$1" | grep -v -x -F "${2:-}"
}
failing "$scratch/copy.out" >"$scratch/copy.failing"

# bad DESCRIPTION FILE INCLUDE FOLDER: with INCLUDE added at the end of FILE
# (of the copy), FOLDER's point fails, naming FILE and the line, and the
# other folders' points are as they were.
bad() {
    cp "$copy/$2" "$scratch/saved"
    printf '%s\n' "$3" >>"$copy/$2"
    line=$(wc -l <"$copy/$2" | tr -d ' ')
    layering "$copy" "$scratch/bad.out"
    cp "$scratch/saved" "$copy/$2"
    failing "$scratch/bad.out" "$4" >"$scratch/bad.failing"
    if grep -q "^not_ok${tab}$4 " "$scratch/bad.out" &&
        grep -qF "diag${tab}$2:$line: $3" "$scratch/bad.out" &&
        failing "$scratch/copy.out" "$4" | cmp -s - "$scratch/bad.failing"
    then
        ok "$1"
    else
        not_ok "$1"
        grep -v '^ok' "$scratch/bad.out" | sed 's/^/# /'
    fi
}

# good DESCRIPTION FILE INCLUDE: with INCLUDE added to FILE, the points
# are as they were.
good() {
    cp "$copy/$2" "$scratch/saved"
    printf '%s\n' "$3" >>"$copy/$2"
    layering "$copy" "$scratch/good.out"
    cp "$scratch/saved" "$copy/$2"
    if ! failing "$scratch/good.out" | cmp -s - "$scratch/copy.failing"; then
        not_ok "$1"
        grep -v '^ok' "$scratch/good.out" | sed 's/^/# /'
    else
        ok "$1"
    fi
}

# The cases' files, taken from the tree: two implementations of different
# types, a type with two implementations, a library, a platform's file,
# one of runtime/core's headers and one of devices/' headers.
impls=$(cd "$copy" && printf '%s\n' devices/*/*/*.c | LC_ALL=C sort)
impl1=$(echo "$impls" | head -n 1)
type1=$(echo "$impl1" | cut -d / -f 2)
impl2=$(echo "$impls" | grep -v "^devices/$type1/" | head -n 1)
type2=$(echo "$impl2" | cut -d / -f 2)
twins=$(echo "$impls" | cut -d / -f 1-3 | uniq | cut -d / -f 2 | uniq -d |
    head -n 1)
twin1=$(echo "$impls" | grep "^devices/$twins/" | head -n 1)
twin2dir=$(echo "$impls" | grep "^devices/$twins/" | cut -d / -f 3 | uniq |
    sed -n 2p)
libfile=$(cd "$copy" && printf '%s\n' lib/*/*.c | head -n 1)
platfile=$(cd "$copy" && printf '%s\n' runtime/*/*.c |
    grep -v '^runtime/core/' | head -n 1)
coreh=$(cd "$copy" && printf '%s\n' runtime/core/*.h | head -n 1)
coreh=${coreh#runtime/}
devh=$(cd "$copy" && printf '%s\n' devices/*/*/*.h devices/*/*.h |
    head -n 1)
# all_set VALUE...: whether no VALUE is empty.
all_set() { for v in "$@"; do test -n "$v" || return 1; done; }
check "the tree has the files the cases need" all_set "$impl2" "$twin2dir" \
    "$libfile" "$platfile" "$coreh" "$devh"

bad "the check refuses a device that includes runtime/core ($coreh)" \
    "$impl1" "#include \"$coreh\"" "$(dirname "$impl1")"
bad "... and also by <$coreh>" \
    "$impl1" "#include <$coreh>" "$(dirname "$impl1")"
printf '#define PROBE 1\n' >"$copy/devices/$type2/probe.h"
bad "... and one that includes another type's header" \
    "$impl1" "#include \"../../$type2/probe.h\"" \
    "$(dirname "$impl1")"
good "an implementation includes its own type's header" \
    "$impl2" '#include "../probe.h"'
rm "$copy/devices/$type2/probe.h"
printf '#define PROBE 1\n' >"$copy/devices/$twins/$twin2dir/probe.h"
bad "... and one that includes another implementation's header" \
    "$twin1" "#include \"../$twin2dir/probe.h\"" \
    "$(dirname "$twin1")"
rm "$copy/devices/$twins/$twin2dir/probe.h"
mkdir "$copy/devices/probe"
printf '#define PROBE 1\n' >"$copy/devices/probe/probe.h"
good "an implementation includes a shared folder's header (no registry.def)" \
    "$impl1" '#include "../../probe/probe.h"'
printf 'order = 1\n' >"$copy/devices/probe/registry.def"
bad "... but not once the folder is a type" \
    "$impl1" '#include "../../probe/probe.h"' "$(dirname "$impl1")"
rm -r "$copy/devices/probe"
bad "the check refuses a library that includes platform.h" \
    "$libfile" '#include "platform.h"' "$(dirname "$libfile")"
bad "the check refuses a platform that includes a device's header" \
    "$platfile" "#include \"../../$devh\"" \
    "$(echo "$platfile" | cut -d / -f 1-2)"
done_testing
