#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/readme.sh: README.md stays in line with the tree: its device
# table holds every type and implementation `mirage types` prints (with
# the targets of an implementation not on every target), its tree table
# every top folder and every folder of runtime/ and tests/, and it points
# at no file outside the repository.
. "$top_srcdir/tests/lib.sh"
readme=$top_srcdir/README.md
helper=$top_builddir/src/mirage
test -x "$helper" || skip_all "the helper src/mirage is not built"
"$helper" types >"$scratch/types" || {
    not_ok "mirage types runs"
    done_testing
    exit
}
all_targets=$(sed -n 's/^Targets (--with-target): //p' "$scratch/types")

# TYPE IMPL TARGETS... lines, from mirage types.
awk '
/^  [a-z_0-9]+: / { type = $1; sub(":", "", type); next }
/^      implementation / { impl = $2; sub(":", "", impl); next }
/^          targets: / { $1 = ""; sub(/^ /, ""); print type, impl, $0 }
' "$scratch/types" >"$scratch/impls"
test -s "$scratch/impls" || not_ok "mirage types lists implementations"

while read -r type impl targets; do
    row=$(grep -E "^\| \`$type\` \|" "$readme")
    if test -z "$row"; then
        not_ok "README's device table has a row for $type"
        continue
    fi
    case $row in
    *"\`$impl\`"*) ok "README: $type has $impl" ;;
    *) not_ok "README: $type has $impl" ;;
    esac
    if test "$targets" != "$all_targets"; then
        list=$(echo "$targets" | sed 's/ /, /g')
        case $row in
        *"\`$impl\` ($list)"*) ok "README: $type $impl says its targets ($list)" ;;
        *) not_ok "README: $type $impl says its targets ($list)" ;;
        esac
    fi
done <"$scratch/impls"

# Every folder of runtime/ and of tests/ is in the tree table.
for d in "$top_srcdir"/runtime/*/; do
    n=$(basename "$d")
    test "$n" = include && n=include/mirage
    check_grep "README's tree table names runtime/$n/" "\`runtime/$n/\`" "$readme"
done
tests_row=$(grep -E '^\| `tests/` \|' "$readme")
for d in "$top_srcdir"/tests/*/; do
    n=$(basename "$d")
    case $tests_row in
    *"\`$n/\`"*) ok "README's tree table names tests/$n/" ;;
    *) not_ok "README's tree table names tests/$n/" ;;
    esac
done
# Every top folder of the source tree has a row (runtime/ has one per
# folder inside, above); builds (_build*, a folder with config.status,
# make run-example's examples-build/) and autotools' cache are not part
# of the tree.
for d in "$top_srcdir"/*/; do
    d=${d%/}
    n=${d##*/}
    case $n in _* | autom4te.cache | examples-build | runtime) continue ;; esac
    test -f "$d/config.status" && continue
    check_grep "README's tree table names $n/" "^\| \`$n/\`" "$readme"
done

# Links stay inside the repository, and each linked file exists.
check_no_grep "README links to nothing outside the repository" \
    '\]\(\.\./|`\.\./' "$readme"
grep -o '](doc/[^)]*)' "$readme" | sed 's/^](//; s/)$//; s/#.*//' | sort -u |
    while read -r f; do
        test -f "$top_srcdir/$f" || echo "$f"
    done >"$scratch/missing"
check "every doc/ file README links to exists" test ! -s "$scratch/missing"
test -s "$scratch/missing" && diag_file "$scratch/missing"

# Every document of doc/ reaches the -doc package (debian/mirage-c-doc.docs).
for f in "$top_srcdir"/doc/*.md; do
    f=doc/${f##*/}
    grep -qx "$f" "$top_srcdir/debian/mirage-c-doc.docs" || echo "$f"
done >"$scratch/undocs"
check "debian/mirage-c-doc.docs lists every doc/*.md" test ! -s "$scratch/undocs"
test -s "$scratch/undocs" && diag_file "$scratch/undocs"

# ... and the tarball: some build fragment puts each in EXTRA_DIST.
for f in "$top_srcdir"/doc/*.md; do
    f=doc/${f##*/}
    find "$top_srcdir" -path "$top_srcdir/_*" -prune -o \
        \( -name '*.mk' -o -name Makefile.am \) -type f -print |
        xargs grep -l "EXTRA_DIST.*$f\|^	.*$f" >/dev/null 2>&1 || echo "$f"
done >"$scratch/undist"
check "every doc/*.md is in EXTRA_DIST" test ! -s "$scratch/undist"
test -s "$scratch/undist" && diag_file "$scratch/undist"
done_testing
