#!/bin/sh
# SPDX-License-Identifier: ISC
# doc/libc-table.sh: the table of doc/libc.md (header -> functions, macros
# and types), read from the freestanding C headers themselves.
#
# Usage: libc-table.sh [INCLUDEDIR]
#        libc-table.sh --update DOC [INCLUDEDIR]
# INCLUDEDIR: runtime/freestanding/include of the source tree (the default),
# or the installed copy, $includedir/mirage/freestanding. The first form
# prints the table; --update rewrites the lines of DOC between the
# "<!-- libc-table begin -->" and "<!-- libc-table end -->" markers.
# Every declaration and #define is listed, whatever #if guards it; names
# that begin with _, core_ or MIRAGE_ are the libc's own and left out.
set -e

update=
if test "${1:-}" = --update; then
    update=${2:?usage: libc-table.sh --update DOC [INCLUDEDIR]}
    shift 2
fi
dir=${1:-$(dirname "$0")/../runtime/freestanding/include}
test -d "$dir" || { echo "libc-table.sh: no folder $dir" >&2; exit 1; }

# table: the markdown table, one row per header, in name order.
table() {
    echo '| header | functions | macros and types |'
    echo '|---|---|---|'
    for h in "$dir"/*.h; do
        LC_ALL=C awk -v header="${h##*/}" "$prog" "$h"
    done
}

# The program that makes the row of one header.
prog='
# Drops the comments, joins continued lines, then reads #define lines for
# macros and the rest, split at semicolons, for functions and typedefs.
function internal(name) {
    return name ~ /^(_|core_|MIRAGE_)/
}
# name with its runs of digits made N (int8_t, int16_t: intN_t), once each
function add(list, seen, name) {
    gsub(/(8|16|32|64)/, "N", name)
    if (name in seen)
        return list
    seen[name] = 1
    return list (list == "" ? "" : ", ") "`" name "`"
}
{ text = text $0 "\n" }
END {
    while ((i = index(text, "/*")) > 0) {
        rest = substr(text, i + 2)
        j = index(rest, "*/")
        text = substr(text, 1, i - 1) " " (j ? substr(rest, j + 2) : "")
    }
    gsub(/\\\n/, " ", text)
    n = split(text, lines, "\n")
    code = ""
    nconst = 0
    for (k = 1; k <= n; k++) {
        line = lines[k]
        if (line ~ /^[ \t]*#[ \t]*define[ \t]/) {
            sub(/^[ \t]*#[ \t]*define[ \t]+/, "", line)
            match(line, /^[A-Za-z_][A-Za-z0-9_]*/)
            name = substr(line, 1, RLENGTH)
            if (internal(name))
                continue
            if (substr(line, RLENGTH + 1, 1) == "(")
                macros = add(macros, seen, name "()")
            else if (header == "errno.h" && name ~ /^E[A-Z0-9]+$/) {
                if (!nconst++)
                    first = name
                last = name
            } else
                macros = add(macros, seen, name)
        } else if (line !~ /^[ \t]*#/)
            code = code " " line
    }
    # attributes and struct bodies hold parentheses and semicolons of their own
    while (match(code, /__attribute__[ \t]*\(\([^()]*(\([^()]*\)[^()]*)*\)\)/))
        code = substr(code, 1, RSTART - 1) substr(code, RSTART + RLENGTH)
    while (match(code, /\{[^{}]*\}/))
        code = substr(code, 1, RSTART - 1) substr(code, RSTART + RLENGTH)
    m = split(code, stmts, ";")
    for (k = 1; k <= m; k++) {
        s = stmts[k]
        if (s ~ /^[ \t]*typedef[ \t]/) {
            if (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*$/)) {
                name = substr(s, RSTART)
                sub(/[ \t]+$/, "", name)
                if (!internal(name))
                    types = add(types, seen, name)
            }
        } else if (s !~ /^[ \t]*extern[ \t]/ &&
                   match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
            name = substr(s, RSTART, RLENGTH - 1)
            sub(/[ \t]+$/, "", name)
            if (!internal(name))
                funcs = add(funcs, seenf, name)
        }
    }
    if (nconst)
        macros = "`" first "` ... `" last "` (" nconst " names)" \
            (macros == "" ? "" : ", " macros)
    if (types != "")
        macros = macros (macros == "" ? "" : "; types: ") types
    printf "| `<%s>` | %s | %s |\n", header, funcs == "" ? "-" : funcs,
        macros == "" ? "-" : macros
}
'

if test -z "$update"; then
    table
    exit 0
fi
begin='<!-- libc-table begin -->'
end='<!-- libc-table end -->'
grep -q -x -e "$begin" "$update" && grep -q -x -e "$end" "$update" ||
    { echo "libc-table.sh: $update lacks the markers" >&2; exit 1; }
table >"$update.table"
awk -v begin="$begin" -v end="$end" -v tablefile="$update.table" '
    $0 == begin { print; while ((getline l < tablefile) > 0) print l
                  skip = 1; next }
    $0 == end { skip = 0 }
    !skip' "$update" >"$update.new"
rm -f "$update.table"
mv "$update.new" "$update"
