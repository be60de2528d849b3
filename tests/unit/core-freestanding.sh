#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/core-freestanding.sh: runtime/core, lib/ and devices/ compile
# with -ffreestanding -nostdinc against the platform header and the
# toolkit's own freestanding headers alone, and need nothing from a libc but
# a short list.
. "$top_srcdir/tests/lib.sh"

cc=${CC:-cc}
nm=${NM:-nm}
fs_include=$top_srcdir/runtime/freestanding/include
# -ffreestanding implies -fno-builtin with GCC and Clang; an undeclared
# function must be an error, not an implicit declaration.
fs_flags="-std=gnu11 -Os -ffreestanding -nostdinc \
    -Werror=implicit-function-declaration -Werror=implicit-int \
    -I$fs_include -I$top_srcdir/runtime/include -I$top_srcdir/runtime"
# BearSSL's headers (devices/tls/bearssl), after every other folder, as
# runtime/local.mk has them; without BearSSL that folder is not built.
if test -n "${MIRAGE_BEARSSL_INCDIR:-}"; then
    fs_flags="$fs_flags -idirafter $MIRAGE_BEARSSL_INCDIR"
fi

# fs_compile SOURCE OBJECT: compiles one file as for a freestanding target.
fs_compile() {
    # shellcheck disable=SC2086 # fs_flags is a list of words
    $cc $fs_flags -c "$1" -o "$2" 2>"$scratch/cc.log"
}

command -v "$cc" >/dev/null 2>&1 || skip_all "no C compiler ($cc)"

# The test itself works: a host header cannot be found.
printf '#include <unistd.h>\nint f(void) { return 0; }\n' >"$scratch/probe.c"
if fs_compile "$scratch/probe.c" "$scratch/probe.o"; then
    not_ok "a file that includes <unistd.h> fails to compile"
else ok "a file that includes <unistd.h> fails to compile"; fi
printf '#include <stdio.h>\nint f(void) { return printf("x"); }\n' \
    >"$scratch/probe.c"
if fs_compile "$scratch/probe.c" "$scratch/probe.o"; then
    not_ok "a file that calls printf fails to compile"
else ok "a file that calls printf fails to compile"; fi

# Every header together, strictly.
{
    for h in "$fs_include"/*.h; do echo "#include <${h##*/}>"; done
    cat <<'EOF'
struct s { char c; int64_t i; };
_Static_assert(sizeof(int8_t) == 1 && sizeof(uint16_t) == 2, "8, 16");
_Static_assert(sizeof(int32_t) == 4 && sizeof(uint64_t) == 8, "32, 64");
_Static_assert(sizeof(uintptr_t) == sizeof(void *), "uintptr_t");
_Static_assert(SIZE_MAX == (size_t)-1 && UINT32_MAX == 0xffffffffu, "max");
_Static_assert(INT64_MIN < 0 && INT64_C(1) << 62 > INT32_MAX, "int64");
_Static_assert(UINT64_C(0xffffffffffffffff) == UINT64_MAX, "UINT64_C");
_Static_assert(INT_MIN < 0 && UINT_MAX > INT_MAX && CHAR_BIT == 8, "limits");
_Static_assert(offsetof(struct s, i) == 8 && true && !false, "offsetof");
_Static_assert(ETIMEDOUT == 110 && ENOTSUP == EOPNOTSUPP, "errno");
int f(const char *fmt, ...);
int f(const char *fmt, ...)
{
    char b[8];
    va_list ap, aq;
    int n;
    va_start(ap, fmt);
    va_copy(aq, ap);
    n = vsnprintf(b, sizeof(b), fmt, aq) + va_arg(ap, int);
    va_end(aq);
    va_end(ap);
    return n + (int)strlen(b) + snprintf(NULL, 0, "%d", 1);
}
EOF
} >"$scratch/all.c"
# shellcheck disable=SC2086
if $cc $fs_flags -Wall -Wextra -Wpedantic -Werror -c "$scratch/all.c" \
    -o "$scratch/all.o" 2>"$scratch/cc.log"; then
    ok "the freestanding headers compile together with -Wall -Wextra"
else
    not_ok "the freestanding headers compile together with -Wall -Wextra"
    diag_file "$scratch/cc.log"
fi

# errno.h has Linux's numbers: compare with the host's, when it is Linux.
names=$(sed -n 's/^#define \(E[A-Z0-9]*\) .*/\1/p' "$fs_include/errno.h")
gen() { echo "#include <errno.h>"; for e in $names; do echo "v_$e $e"; done; }
if [ "$(uname -s)" = Linux ] && gen | $cc -E -P - >"$scratch/host.e" 2>/dev/null
then
    # shellcheck disable=SC2086
    gen | $cc -E -P -nostdinc -I"$fs_include" - >"$scratch/ours.e"
    grep '^v_' "$scratch/host.e" >"$scratch/host.v"
    grep '^v_' "$scratch/ours.e" >"$scratch/ours.v"
    if cmp -s "$scratch/host.v" "$scratch/ours.v" && test -s "$scratch/ours.v"
    then ok "errno.h values equal the host Linux's ($(wc -l <"$scratch/ours.v") names)"
    else
        not_ok "errno.h values equal the host Linux's"
        diff "$scratch/host.v" "$scratch/ours.v" | sed 's/^/# /' | head -n 20
    fi
else
    skip "errno.h values equal the host Linux's" "the host is not Linux"
fi

# unix_only SOURCE: whether SOURCE is of a device implementation that only
# the unix runtime is built with (its folder's local.mk adds its files to
# devices_unix_sources alone): it uses the host's headers.
unix_only() {
    mk=$(dirname "$1")/local.mk
    test -f "$mk" && grep -q 'devices_unix_sources' "$mk" &&
        ! grep -Eq 'devices_(spt_|hvt_|virtio_|xen_)?sources' "$mk"
}

# One test point per source, found by glob so that new files are covered.
mkdir "$scratch/obj"
nfiles=0
# The x86_64 parts only compile for an x86_64 host's compiler.
for src in "$top_srcdir"/runtime/core/*.c \
    "$top_srcdir"/runtime/core/arch/x86_64/*.[cS] "$top_srcdir"/devices/*/*.c \
    "$top_srcdir"/devices/*/*/*.c "$top_srcdir"/lib/*/*.c
do
    test -f "$src" || continue
    rel=${src#"$top_srcdir"/}
    case $rel in
    runtime/core/arch/x86_64/*) test "$(uname -m)" = x86_64 || continue ;;
    devices/tls/bearssl/*)
        if test -z "${MIRAGE_BEARSSL_INCDIR:-}"; then
            skip "$rel compiles freestanding" "configured without BearSSL"
            continue
        fi ;;
    devices/*/*/*) unix_only "$src" && continue ;;
    esac
    obj=$scratch/obj/$(echo "$rel" | tr '/.' '__').o
    nfiles=$((nfiles + 1))
    if fs_compile "$src" "$obj"; then
        ok "$rel compiles freestanding"
    else
        not_ok "$rel compiles freestanding"
        diag_file "$scratch/cc.log"
        rm -f "$obj"
    fi
done
test "$nfiles" -gt 0 || not_ok "runtime/core has sources"

# No new libc dependency: every undefined symbol is defined by another of
# these objects, or is on this list. The heap (malloc, calloc, free) is
# the direct stack's engine's (devices/stack/direct/: every table it
# allocates has a bound of struct tcpip_limits). br_*: BearSSL's API, which
# devices/tls/bearssl calls (libbearssl.a, linked after the runtime; its
# own needs are tests/targets/bearssl.sh's), and realloc its loading of
# certificates at boot.
allowed='^(memcpy|memset|memmove|memcmp|strlen|strcmp|strncmp|strchr'
allowed="$allowed|strrchr|snprintf|vsnprintf|__stack_chk_fail"
allowed="$allowed|_GLOBAL_OFFSET_TABLE_|malloc|calloc|realloc|free|br_.*"
allowed="$allowed|plat_.*|core_.*|mirage_.*|__start_.*|__stop_.*)\$"
if ! command -v "$nm" >/dev/null 2>&1; then
    skip "the objects need only the allowed libc symbols" "no $nm"
elif ! ls "$scratch"/obj/*.o >/dev/null 2>&1; then
    not_ok "the objects need only the allowed libc symbols (none built)"
else
    "$nm" --defined-only "$scratch"/obj/*.o | awk 'NF == 3 { print $3 }' |
        sort -u >"$scratch/defined"
    "$nm" -u "$scratch"/obj/*.o | awk 'NF == 2 { print $2 }' | sort -u |
        comm -23 - "$scratch/defined" | grep -E -v -e "$allowed" \
        >"$scratch/extra"
    if test -s "$scratch/extra"; then
        not_ok "the objects need only the allowed libc symbols"
        for s in $(cat "$scratch/extra"); do
            users=$("$nm" -A -u "$scratch"/obj/*.o | awk -v s="$s" \
                '$NF == s { sub(/:.*/, "", $1); n = split($1, p, "/");
                            printf "%s ", p[n] }')
            diag "undefined: $s (in $users)"
        done
    else
        ok "the objects need only the allowed libc symbols"
    fi
fi
done_testing
