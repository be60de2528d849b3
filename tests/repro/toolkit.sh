#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/repro/toolkit.sh: the toolkit built twice installs the same files
# (doc/reproducible.md). Run by `make check-repro-toolkit' (two full builds:
# not part of make check). The distribution's files (make distdir) are
# copied to two folders of different paths; each is configured from a
# _build folder inside, with umask 022 and 077, LC_ALL C and another
# locale, TZ UTC and UTC-14, at different times, with SOURCE_DATE_EPOCH
# the same; `make install DESTDIR=' of each is compared file by file:
# names, types, the modes of files, contents (symbolic links: targets).
# MIRAGE_REPRO_CONFIGURE_ARGS are given to both configures.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export SOURCE_DATE_EPOCH
locale2=$(locale -a 2>/dev/null | grep -v -x -e C -e POSIX | head -n 1)
test -n "$locale2" || locale2=C.UTF-8
jobs=${MIRAGE_REPRO_JOBS:-2}

# the distribution's files, as make dist would pack them
dist=$scratch/dist
if (cd "$top_builddir" && ${MAKE:-make} distdir distdir="$dist") \
    >"$scratch/distdir.log" 2>&1; then
    ok "make distdir"
else
    not_ok "make distdir"
    diag_file "$scratch/distdir.log"
    done_testing
    exit
fi

# build SRC DEST UMASK LOCALE TZ: copies the distribution to SRC, builds it
# in SRC/_build and installs it in DEST; the status.
# shellcheck disable=SC2086 # MIRAGE_REPRO_CONFIGURE_ARGS is a list
build() {
    mkdir -p "$(dirname "$1")" && cp -Rp "$dist" "$1" && mkdir "$1/_build" &&
        (
            cd "$1/_build" && umask "$3" && LC_ALL=$4 TZ=$5 &&
                export LC_ALL TZ &&
                ../configure --prefix=/usr ${MIRAGE_REPRO_CONFIGURE_ARGS:-} \
                    >build.log 2>&1 &&
                ${MAKE:-make} -j"$jobs" >>build.log 2>&1 &&
                ${MAKE:-make} install DESTDIR="$2" >>build.log 2>&1
        )
}

one=$scratch/one/mirage
two=$scratch/the-second-build/in/a/longer/path/mirage
for i in 1 2; do
    if test $i = 1; then
        build "$one" "$scratch/inst1" 022 C UTC
    else
        build "$two" "$scratch/inst2" 077 "$locale2" UTC-14
    fi
    rc=$?
    log=$one/_build/build.log
    test $i = 1 || log=$two/_build/build.log
    check_status "build $i configures, builds and installs" 0 $rc
    if test $rc -ne 0; then diag_file "$log"; done_testing; exit; fi
done

# list DIR: every entry below DIR: its type, and for files and links their
# mode, sorted bytewise (directories' modes are the umask's: make install
# creates them with mkdir -p)
list() {
    (cd "$1" && find . \( -type d -printf 'd %p\n' \) -o \
        -printf '%y %m %p\n') | LC_ALL=C sort
}
list "$scratch/inst1" >"$scratch/list1"
list "$scratch/inst2" >"$scratch/list2"
if cmp -s "$scratch/list1" "$scratch/list2"; then
    ok "both install the same files with the same modes ($(wc -l \
        <"$scratch/list1") entries)"
else
    not_ok "both install the same files with the same modes"
    diag "$(diff "$scratch/list1" "$scratch/list2" | head -n 40)"
fi

# each file of the first tree: the same bytes in the second
(cd "$scratch/inst1" && find . \( -type f -o -type l \) -print) |
    LC_ALL=C sort >"$scratch/files"
while read -r f; do
    f=${f#./}
    a=$scratch/inst1/$f b=$scratch/inst2/$f
    if test -L "$a"; then
        check "$f: the same link" \
            test "$(readlink "$a")" = "$(readlink "$b" 2>/dev/null)"
    elif cmp -s "$a" "$b"; then
        ok "$f: the same file"
    else
        not_ok "$f: the same file"
        diag "$(cmp -l "$a" "$b" 2>&1 | head -n 5)"
        if command -v diffoscope >/dev/null 2>&1; then
            diag "$(test_timeout 120 diffoscope --text - "$a" "$b" 2>&1 |
                head -n 60)"
        fi
    fi
done <"$scratch/files"
done_testing
