#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/style/style-files.sh: prints the C sources and headers of the tree
# at $1 that the root .clang-format governs, one path (relative to $1) per
# line: those under the project's own folders, without build folders,
# build-aux/ (autotools and gnulib files) and files marked as generated.
set -u
top=${1:?usage: style-files.sh SOURCE-TREE}
cd "$top" || exit 1
for dir in src runtime devices lib tenders tests examples bench; do
    test -d "$dir" || continue
    # A folder holding config.status is a build (VPATH or a test's
    # scratch); folders named _build* are the developers' builds.
    find "$dir" \( -name '_build*' -o -name autom4te.cache -o -name .git \
        -o -name .deps \) -prune -o -type d -exec test -f '{}/config.status' \; \
        -prune -o -type f \( -name '*.c' -o -name '*.h' \) -print
done | LC_ALL=C sort | while read -r f; do
    # Made by a program (the registry table, a unikernel's glue): the
    # generator, not a person, decides their layout.
    if head -n 5 "$f" | grep -qiE 'do not edit|generated (by|from)'; then
        continue
    fi
    echo "$f"
done
