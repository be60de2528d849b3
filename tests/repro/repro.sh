#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/repro/repro.sh: a unikernel built twice is the same file, on every
# target whose runtime is built (doc/reproducible.md). examples/kv_ro (a
# crunched kv_ro: file times could enter) is built in two folders of
# different paths and lengths, with umask 022 and 077, LC_ALL C and another
# locale, TZ UTC and UTC-14, make -j1 and -j2, its files dated before and
# after SOURCE_DATE_EPOCH (the same in both); the images are compared with
# cmp, and NAME.xl (xen) and NAME_libvirt.xml (virtio) too.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
# the second build's locale: one that is not C (C.UTF-8 is built into
# glibc 2.35 and later, and Debian's libc has it in every release)
locale2=$(locale -a 2>/dev/null | grep -v -x -e C -e POSIX | head -n 1)
test -n "$locale2" || locale2=C.UTF-8

# The project once, its autotools output made here; each build gets a
# copy with the times kept (cp -p), so make never reruns autotools.
src=$scratch/src
copy_project "$top_srcdir/examples/kv_ro" "$src"
if (cd "$src" && "$AUTORECONF" -fi) >"$scratch/autoreconf.log" 2>&1; then
    ok "autoreconf of examples/kv_ro"
else
    not_ok "autoreconf of examples/kv_ro"
    diag_file "$scratch/autoreconf.log"
    done_testing
    exit
fi

# build DIR TARGET UMASK LOCALE TZ JOBS DATE: copies the project to DIR
# (its own files dated DATE, seconds since 1970) and builds it there for
# TARGET in that environment; the status.
build() {
    mkdir -p "$(dirname "$1")" && cp -Rp "$src" "$1" &&
        touch -d "@$7" "$1/unikernel.c" "$1/t/secret" &&
        (
            cd "$1" && umask "$3" && LC_ALL=$4 TZ=$5 &&
                export LC_ALL TZ &&
                ./configure --with-target="$2" >build.log 2>&1 &&
                ${MAKE:-make} -j"$6" >>build.log 2>&1
        )
}

# section_at IMAGE OFFSET: the name of the ELF section holding the byte at
# OFFSET (0-based), or nothing.
section_at() {
    readelf -S -W "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] //p' |
        while read -r name type _ off size _; do
            test "$type" = NOBITS && continue
            case $off$size in *[!0-9a-f]*) continue ;; esac
            if test "$2" -ge $((0x$off)) &&
                test "$2" -lt $((0x$off + 0x$size)); then
                echo "$name"
                break
            fi
        done
}

# compare DESCRIPTION A B: a point that passes when A and B are the same
# bytes; else the first differing bytes (cmp -l: 1-based offset, octal
# values) and the ELF section they fall in, as diagnostics.
compare() {
    if cmp -s "$2" "$3"; then ok "$1"; return; fi
    not_ok "$1"
    diag "sizes: $(wc -c <"$2") and $(wc -c <"$3") bytes" \
        "first differing bytes (offset, octal values):"
    diag "$(cmp -l "$2" "$3" 2>&1 | head -n 8 | sed 's/^/  /')"
    first=$(cmp -l "$2" "$3" 2>/dev/null | awk 'NR == 1 { print $1 - 1 }')
    if test -n "$first" && command -v readelf >/dev/null 2>&1; then
        sec=$(section_at "$2" "$first")
        diag "offset $first is in section ${sec:-(none: a header or padding)}"
    fi
    if command -v diffoscope >/dev/null 2>&1; then
        diag "$(test_timeout 60 diffoscope --text - "$2" "$3" 2>&1 |
            head -n 40)"
    fi
}

# leaks IMAGE DIR...: a point that passes when IMAGE holds none of the DIRs.
leaks() {
    leaks_image=$1
    shift
    for leaks_dir in "$@"; do
        if grep -a -F -q -e "$leaks_dir" "$leaks_image"; then
            not_ok "$(basename "$leaks_image") names no build folder"
            diag "it holds $leaks_dir"
            return
        fi
    done
    ok "$(basename "$leaks_image") names no build folder"
}

for t in unix spt hvt virtio xen; do
    if ! test -f "$top_builddir/pkgconfig/mirage-$t-uninstalled.pc" ||
        ! test -f "$top_builddir/runtime/libmirage-$t.a"; then
        skip "kv_ro builds twice the same for $t" \
            "the $t target was not built"
        continue
    fi
    case $t in unix) image=kv_ro ;; *) image=kv_ro.$t ;; esac
    a=$scratch/a/$t/kv_ro
    b=$scratch/build-two/of/a-longer-path/$t/kv_ro
    if build "$a" "$t" 022 C UTC 1 $((SOURCE_DATE_EPOCH - 86400)) &&
        build "$b" "$t" 077 "$locale2" UTC-14 2 "$(date +%s)"; then
        ok "kv_ro builds twice for $t (umask 022 and 077, LC_ALL C and $locale2)"
    else
        not_ok "kv_ro builds twice for $t (umask 022 and 077, LC_ALL C and $locale2)"
        diag_file "$a/build.log"
        diag_file "$b/build.log"
        continue
    fi
    compare "$image is the same file from both builds" "$a/$image" "$b/$image"
    leaks "$b/$image" "$a" "$b"
    case $t in
    xen) compare "kv_ro.xl is the same file from both builds" \
        "$a/kv_ro.xl" "$b/kv_ro.xl" ;;
    virtio)
        # the libvirt domain names the image by its absolute path (libvirt
        # wants one), so each names its own build: the rest is the same
        sed "s|<kernel>$a/|<kernel>BUILD/|" "$a/kv_ro_libvirt.xml" >"$a/x.xml"
        sed "s|<kernel>$b/|<kernel>BUILD/|" "$b/kv_ro_libvirt.xml" >"$b/x.xml"
        compare "kv_ro_libvirt.xml is the same from both builds but for the image's path" \
            "$a/x.xml" "$b/x.xml" ;;
    esac
done
done_testing
