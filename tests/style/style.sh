#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/style/style.sh: every C file of the tree is as clang-format makes
# it with the root .clang-format (one point per top folder, naming the
# files that differ); the check itself rejects a file spoiled on purpose.
. "$top_srcdir/tests/lib.sh"
style=$top_srcdir/.clang-format
# The tree is formatted with Debian 12's clang-format 14; other major
# versions lay out some constructs differently (macros of braces, comment
# alignment), so their verdict would be about the version, not the tree.
style_version=14
cf=${CLANG_FORMAT:-clang-format}
command -v "$cf" >/dev/null 2>&1 ||
    skip_all "clang-format is not installed (Debian: apt-get install clang-format)"
version=$("$cf" --version 2>/dev/null |
    sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p' | head -n 1)
if test "$version" != "$style_version" &&
    test "${MIRAGE_STYLE_ANY_CLANG_FORMAT:-}" != yes; then
    skip_all "clang-format ${version:-of unknown version} is not version" \
        "$style_version, the one the tree is formatted with" \
        "(MIRAGE_STYLE_ANY_CLANG_FORMAT=yes checks anyway)"
fi
test -f "$style" || {
    not_ok "the root .clang-format is there ($style)"
    done_testing
    exit
}

# check FILE...: clang-format's verdict on FILEs (relative to
# $top_srcdir); its complaints go to $scratch/complaints.
check() {
    (cd "$top_srcdir" && "$cf" --style="file:$style" --dry-run -Werror "$@") \
        >"$scratch/complaints" 2>&1
}

sh "$top_srcdir/tests/style/style-files.sh" "$top_srcdir" >"$scratch/files"
count=$(wc -l <"$scratch/files")
if test "$count" -gt 100; then
    ok "the tree has C files to check ($count)"
else
    not_ok "the tree has C files to check (only $count found)"
fi

for dir in $(sed 's|/.*||' "$scratch/files" | uniq); do
    grep "^$dir/" "$scratch/files" >"$scratch/these"
    n=$(wc -l <"$scratch/these")
    # One run over the folder; its complaints name the files that differ.
    # shellcheck disable=SC2046
    if check $(cat "$scratch/these"); then
        ok "$dir/: its $n C files are clang-formatted"
        continue
    fi
    bad=$(sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: error: .*/\1/p' \
        "$scratch/complaints" | uniq | tr '\n' ' ')
    not_ok "$dir/: clang-formatted (make format, or clang-format -i): ${bad:-?}"
    test -n "$bad" || diag_file "$scratch/complaints"
    for f in $bad; do
        (cd "$top_srcdir" && "$cf" --style="file:$style" "$f") |
            diff -u "$top_srcdir/$f" - | head -n 20 | sed 's/^/# /'
    done
done

# The check can fail: a checked file with its first indented line
# indented one space more is rejected, and clang-format's output is
# accepted again.
probe=$(grep -m 1 '^src/.*\.c$' "$scratch/files")
mkdir -p "$scratch/probe/src"
awk '!done && /^    [a-z]/ { $0 = " " $0; done = 1 } { print }' \
    "$top_srcdir/$probe" >"$scratch/probe/$probe"
if (cd "$scratch/probe" &&
    "$cf" --style="file:$style" --dry-run -Werror "$probe") >/dev/null 2>&1; then
    not_ok "a file indented one space off ($probe, spoiled copy) is rejected"
else
    ok "a file indented one space off ($probe, spoiled copy) is rejected"
fi
(cd "$scratch/probe" && "$cf" --style="file:$style" -i "$probe")
if (cd "$scratch/probe" &&
    "$cf" --style="file:$style" --dry-run -Werror "$probe") >/dev/null 2>&1; then
    ok "the same copy, once clang-format has run on it, is accepted"
else
    not_ok "the same copy, once clang-format has run on it, is accepted"
fi
done_testing
