#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/libc-doc.sh: doc/libc.md's table of the freestanding libc is
# what doc/libc-table.sh makes of the headers today, and README links it.
. "$top_srcdir/tests/lib.sh"

doc=$top_srcdir/doc/libc.md
if sh "$top_srcdir/doc/libc-table.sh" \
    "$top_srcdir/runtime/freestanding/include" >"$scratch/table" \
    2>"$scratch/err"; then
    ok "doc/libc-table.sh makes the table"
else
    not_ok "doc/libc-table.sh makes the table"; diag_file "$scratch/err"
fi
check_grep "the table lists strerror in <string.h>" \
    '^\| `<string\.h>` \|.*`strerror`' "$scratch/table"
check_grep "the table lists malloc in <stdlib.h>" \
    '^\| `<stdlib\.h>` \|.*`malloc`' "$scratch/table"
check "the table has a row per header" test "$(grep -c '^| `<' \
    "$scratch/table")" -eq "$(ls "$top_srcdir"/runtime/freestanding/include/*.h |
    wc -l)"
sed -n '/^<!-- libc-table begin -->$/,/^<!-- libc-table end -->$/p' "$doc" |
    sed '1d;$d' >"$scratch/doc"
if cmp -s "$scratch/table" "$scratch/doc"; then
    ok "doc/libc.md's table is up to date"
else
    not_ok "doc/libc.md's table is up to date (run doc/libc-table.sh --update doc/libc.md)"
    diff "$scratch/doc" "$scratch/table" | head -n 20 | sed 's/^/# /'
fi

# --update rewrites only the table, on a copy
printf '<!-- libc-table begin -->\nstale\n<!-- libc-table end -->\nkept\n' \
    >"$scratch/stale.md"
sh "$top_srcdir/doc/libc-table.sh" --update "$scratch/stale.md" \
    "$top_srcdir/runtime/freestanding/include"
{
    echo '<!-- libc-table begin -->'; cat "$scratch/table"
    printf '<!-- libc-table end -->\nkept\n'
} >"$scratch/want.md"
check "--update replaces the lines between the markers, keeps the rest" \
    cmp -s "$scratch/stale.md" "$scratch/want.md"

check_grep "README links doc/libc.md" 'doc/libc\.md' "$top_srcdir/README.md"
done_testing
