#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/helper-features.sh: implementations that need an optional
# feature of the toolkit's build (`needs` in their registry entry; the tls
# device's bearssl needs BearSSL). `mirage types` says whether this build
# has each feature, marks what it lacks and says what to do, and `mirage
# check` refuses it. The build's own helper shows this build (config.h
# says whether configure found BearSSL); tests/unit/mirage-without-features,
# the same helper built as if configured without any feature, shows the
# other case in every build. The registry is the same in both.
. "$top_srcdir/tests/lib.sh"
helper=$top_builddir/src/mirage
without=$top_builddir/tests/unit/mirage-without-features
test -x "$helper" || skip_all "the helper src/mirage is not built"
test -x "$without" ||
    skip_all "tests/unit/mirage-without-features is not built (make check builds it)"
test -f "$top_builddir/config.h" || skip_all "no config.h in the build tree"
if grep -q '^#define MIRAGE_HAVE_BEARSSL 1' "$top_builddir/config.h"; then
    have_bearssl=yes
else
    have_bearssl=no
fi
mark='not in this build: configured without BearSSL; install libbearssl-dev and configure mirage again'

# types HELPER OUT: `HELPER types` into $scratch/OUT.
types() {
    "$1" types >"$scratch/$2" 2>"$scratch/$2.err"
    check_status "$2: mirage types exits 0" 0 $?
}
types "$helper" build
types "$without" without

## The helper built without features

check_grep "without: the features line says bearssl is not in this build" \
    '^Features \(needs of an implementation\): bearssl \(not in this build\)$' \
    "$scratch/without"
check_grep "without: bearssl is marked on its line, with its default mark" \
    '^      implementation bearssl \(default, not in this build\): TLS on BearSSL' \
    "$scratch/without"
check "without: its needs line says why and what to do" \
    grep -F -x -q "          needs: bearssl ($mark)" "$scratch/without"
check_grep "without: the tls type says that its default is not in this build" \
    '^      default implementation bearssl: not in this build \(needs bearssl\)$' \
    "$scratch/without"
check_grep "without: an implementation that needs nothing says none" \
    '^          needs: none$' "$scratch/without"
check_grep "without: and is not marked" \
    '^      implementation default \(default\): the platform.s monotonic timer$' \
    "$scratch/without"
n=$(grep -c 'not in this build' "$scratch/without")
check_status "without: four marks in all (type, line, needs, features)" 4 "$n"

## The build's own helper, as configure found BearSSL or not

if test "$have_bearssl" = yes; then
    check_grep "build (BearSSL): the features line lists bearssl alone" \
        '^Features \(needs of an implementation\): bearssl$' "$scratch/build"
    check_grep "build (BearSSL): bearssl's needs line says it is in this build" \
        '^          needs: bearssl \(in this build\)$' "$scratch/build"
    check_no_grep "build (BearSSL): nothing is marked" 'not in this build' \
        "$scratch/build"
else
    check "build (no BearSSL): the output is the one without features" \
        cmp -s "$scratch/build" "$scratch/without"
fi

# The helper knows the features that src/registry.awk accepts in `needs`.
awk_features=$(sed -n 's/.*split("\([^"]*\)", feature_list.*/\1/p' \
    "$top_srcdir/src/registry.awk")
helper_features=$(sed -n 's/^Features (needs of an implementation): //p' \
    "$scratch/without" | sed 's/ (not in this build)//g')
check "the helper's features are those registry.awk knows ($awk_features)" \
    test -n "$awk_features" -a "$awk_features" = "$helper_features"

# The registry is the same in both: with the marks taken out, the two
# listings are one.
unmark() {
    sed -e '/^      default implementation.*: not in this build/d' \
        -e 's/ (default, not in this build)/ (default)/' \
        -e 's/ (not in this build)//' \
        -e 's/ (not in this build: [^)]*)//' \
        -e 's/ (in this build)//' "$scratch/$1" >"$scratch/$1.plain"
}
unmark build
unmark without
if cmp -s "$scratch/build.plain" "$scratch/without.plain"; then
    ok "both helpers list the same registry"
else
    not_ok "both helpers list the same registry"
    diff "$scratch/build.plain" "$scratch/without.plain" | sed 's/^/# /'
fi

## mirage check refuses an implementation whose feature is missing

# spec DEVICE-IMPL: a spec with a tls device of that implementation ("":
# the type's default) over one device of each type of bearssl's deps, in
# order: a crunched kv_ro `certs`, the others their type's default.
mkdir -p "$scratch/u/certs"
tls_deps=$(sed -n 's/^deps = //p' "$top_srcdir/devices/tls/bearssl/registry.def")
spec() {
    {
        names=
        for t in $tls_deps; do
            n=$t impl=
            test "$t" = kv_ro && n=certs impl='crunch(certs)'
            printf '[device %s]\nlocation = configure.ac:3\ntype = %s\n' "$n" "$t"
            printf 'implementation = %s\ndepends = \n\n' "$impl"
            names="$names $n"
        done
        printf '[device tls]\nlocation = configure.ac:5\ntype = tls\n'
        printf 'implementation = %s\ndepends = %s\n\n' "$1" "${names# }"
        printf '[unikernel u]\nlocation = configure.ac:6\nstart = u_start\n'
        printf 'devices = tls\nargs = \nversion = 1.0\ntarget = unix\n'
    } >"$scratch/u/mirage.spec"
}
# check_with HELPER DESCRIPTION: `HELPER check` on the spec; status in $rc,
# messages in $scratch/err.
check_with() {
    (cd "$scratch/u" && "$1" check mirage.spec) >"$scratch/out" 2>"$scratch/err"
    rc=$?
}
spec bearssl
check_with "$without"
check_status "without: bearssl named is refused" 1 "$rc"
check "without: the message names the macro, the device, the implementation, the feature and what to do" \
    grep -F -x -q "configure.ac:5: MIRAGE_DEVICE(tls): implementation 'bearssl' of 'tls' is not in this build of mirage: it needs the feature 'bearssl', which this build lacks (configured without BearSSL); install libbearssl-dev and configure mirage again" \
    "$scratch/err"
n=$(wc -l <"$scratch/err")
check_status "without: one error, no other" 1 "$n"

spec ""
check_with "$without"
check_status "without: the default implementation is refused too" 1 "$rc"
check "without: the message says it is the type's default" \
    grep -F -x -q "configure.ac:5: MIRAGE_DEVICE(tls): the default implementation of 'tls', 'bearssl', is not in this build of mirage: it needs the feature 'bearssl', which this build lacks (configured without BearSSL); install libbearssl-dev and configure mirage again" \
    "$scratch/err"

for impl in bearssl ""; do
    spec "$impl"
    check_with "$helper"
    if test "$have_bearssl" = yes; then
        check_status "build (BearSSL): tls '${impl:-(default)}' passes the check" 0 "$rc"
        test "$rc" -eq 0 || diag_file "$scratch/err"
    else
        check_status "build (no BearSSL): tls '${impl:-(default)}' is refused" 1 "$rc"
        check_grep "build (no BearSSL): saying why" \
            "is not in this build of mirage: it needs the feature 'bearssl'" \
            "$scratch/err"
    fi
done
done_testing
