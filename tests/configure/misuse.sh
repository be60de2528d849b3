#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/configure/misuse.sh: each misuse of the MIRAGE_* macros stops
# configure with a message naming the macro, the object and the line, and
# leaves no glue behind; a correct configure.ac passes.
. "$top_srcdir/tests/lib.sh"
need_autotools
command -v aclocal >/dev/null 2>&1 || skip_all "aclocal is not installed"
use_build_tree

# configure_case NAME BODY [CONFIGURE-ARGS...]: writes a configure.ac made of
# AC_INIT, BODY and AC_OUTPUT in $scratch/NAME, runs aclocal, autoconf and
# configure; the output goes to $scratch/NAME/out. Returns configure's
# status (99 when autoconf itself failed).
configure_case() {
    d=$scratch/$1; body=$2; shift 2
    mkdir -p "$d"
    printf 'AC_INIT([t], [1.0])\n%s\nAC_OUTPUT\n' "$body" >"$d/configure.ac"
    (
        cd "$d" || exit 99
        { aclocal && autoconf; } >out 2>&1 || exit 99
        ./configure "$@" >>out 2>&1
    )
}

# expect_failure NAME DESCRIPTION BODY PATTERN... [-- CONFIGURE-ARGS...]
expect_failure() {
    name=$1; desc=$2; body=$3; shift 3
    pats=
    while test $# -gt 0 && test "x$1" != x--; do
        pats="$pats
$1"; shift
    done
    test $# -gt 0 && shift
    configure_case "$name" "$body" "$@"
    st=$?
    if test $st -eq 99; then
        not_ok "$desc: autoconf ran"; diag_file "$scratch/$name/out"; return
    fi
    if test $st -ne 0; then ok "$desc: configure fails"; else
        not_ok "$desc: configure fails"; diag_file "$scratch/$name/out"; fi
    printf '%s\n' "$pats" | while IFS= read -r pat; do
        test -n "$pat" || continue
        if grep -F -q -e "$pat" "$scratch/$name/out"; then
            echo "# ok: '$pat'"
        else
            echo "MISSING $pat"
        fi
    done >"$scratch/$name/pats"
    if grep -q '^MISSING' "$scratch/$name/pats"; then
        not_ok "$desc: the message names the culprit"
        sed -n 's/^MISSING /# missing: /p' "$scratch/$name/pats"
        diag_file "$scratch/$name/out"
    else
        ok "$desc: the message names the culprit"
    fi
    check "$desc: no glue is written" test ! -e "$scratch/$name/mirage_main.c"
}

good='MIRAGE_INIT
MIRAGE_TARGET
MIRAGE_RUNTIME_ARG([count], [int], [4], [How many times.])
MIRAGE_DEVICE([clock], [time])
MIRAGE_UNIKERNEL([u], [u_start], [clock], [count])'

configure_case good "$good"
check_status "a correct configure.ac configures" 0 $?
check "and config.status writes mirage_main.c" test -f "$scratch/good/mirage_main.c"
check_grep "configure reports the target" 'unikernel target\.\.\. unix' \
    "$scratch/good/out"

expect_failure unknown-type "unknown device type" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [tiem])
MIRAGE_UNIKERNEL([u], [u_start], [clock])' \
    'configure.ac:3: MIRAGE_DEVICE(clock)' "tiem" "time"

expect_failure unknown-impl "unknown implementation" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time], [hrtimer])
MIRAGE_UNIKERNEL([u], [u_start], [clock])' \
    'configure.ac:3: MIRAGE_DEVICE(clock)' "hrtimer" "default"

expect_failure undeclared-dep "dependency on an undeclared device" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time], [], [net0])
MIRAGE_UNIKERNEL([u], [u_start], [clock])' \
    'configure.ac:3: MIRAGE_DEVICE(clock)' "net0"

expect_failure duplicate "duplicate device name" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time])
MIRAGE_DEVICE([clock], [time])
MIRAGE_UNIKERNEL([u], [u_start], [clock])' \
    'configure.ac:4: MIRAGE_DEVICE(clock)' "configure.ac:3"

expect_failure cycle "dependency cycle" \
    'MIRAGE_INIT
MIRAGE_DEVICE([a], [time], [], [b])
MIRAGE_DEVICE([b], [time], [], [a])
MIRAGE_UNIKERNEL([u], [u_start], [a])' \
    'MIRAGE_DEVICE(a)' "cycle" "a -> b -> a"

expect_failure bad-int "default not an int" \
    'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([count], [int], [many], [How many.])
MIRAGE_UNIKERNEL([u], [u_start], [], [count])' \
    'configure.ac:3: MIRAGE_RUNTIME_ARG(count)' "'many'" "int"

expect_failure int-range "default out of the int range" \
    'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([count], [int], [99999999999], [How many.])
MIRAGE_UNIKERNEL([u], [u_start], [], [count])' \
    'MIRAGE_RUNTIME_ARG(count)' "99999999999" "range"

expect_failure bad-bool "default not a bool" \
    'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([verbose], [bool], [yes], [Talk more.])
MIRAGE_UNIKERNEL([u], [u_start], [], [verbose])' \
    'MIRAGE_RUNTIME_ARG(verbose)' "'yes'" "true or false"

expect_failure unknown-arg-type "unknown argument type" \
    'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([ratio], [float], [1.5], [A ratio.])
MIRAGE_UNIKERNEL([u], [u_start], [], [ratio])' \
    'MIRAGE_RUNTIME_ARG(ratio)' "float" "string"

expect_failure reserved-arg "argument name reserved by the runtime" \
    'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([help], [string], [x], [Clashes.])
MIRAGE_UNIKERNEL([u], [u_start], [], [help])' \
    'MIRAGE_RUNTIME_ARG(help)' "reserved"

expect_failure before-init "MIRAGE_DEVICE before MIRAGE_INIT" \
    'MIRAGE_DEVICE([clock], [time])
MIRAGE_INIT
MIRAGE_UNIKERNEL([u], [u_start], [clock])' \
    'configure.ac:2: MIRAGE_DEVICE(clock)' "before MIRAGE_INIT"

expect_failure undeclared-in-unikernel "unikernel uses an undeclared device" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time])
MIRAGE_UNIKERNEL([u], [u_start], [clok])' \
    'configure.ac:4: MIRAGE_UNIKERNEL(u)' "clok"

expect_failure no-unikernel "no MIRAGE_UNIKERNEL" \
    'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time])' \
    "MIRAGE_UNIKERNEL"

expect_failure two-unikernels "two MIRAGE_UNIKERNEL" \
    'MIRAGE_INIT
MIRAGE_UNIKERNEL([u], [u_start])
MIRAGE_UNIKERNEL([v], [v_start])' \
    'configure.ac:4: MIRAGE_UNIKERNEL(v)' "configure.ac:3"

expect_failure unknown-target "unknown target" "$good" \
    "MIRAGE_TARGET" "'vmware'" "unix, spt, hvt, virtio, xen" \
    -- --with-target=vmware

expect_failure empty-target "--with-target without a value" "$good" \
    "MIRAGE_TARGET" "needs a value" -- --with-target

# A build without the virtio target: its pkg-config files left out.
(
    mkdir -p "$scratch/no-virtio"
    for pc in "$top_builddir"/pkgconfig/*.pc; do
        case $pc in *mirage-virtio*) ;; *) cp "$pc" "$scratch/no-virtio/" ;; esac
    done
    PKG_CONFIG_PATH=$scratch/no-virtio PKG_CONFIG_LIBDIR=$scratch/no-virtio
    export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR
    expect_failure missing-target "a target this build lacks" "$good" \
        "MIRAGE_TARGET" "target virtio is not available in this build of mirage" \
        -- --with-target=virtio
    tap_counts_save
)
tap_counts_load

# Without mirage.pc and without $MIRAGE, MIRAGE_INIT says how to fix it.
(
    PKG_CONFIG_PATH=$scratch/nowhere PKG_CONFIG_LIBDIR=$scratch/nowhere
    export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR
    expect_failure no-toolkit "toolkit not installed" "$good" \
        "MIRAGE_INIT" "mirage.pc" "PKG_CONFIG_PATH"
    tap_counts_save
)
tap_counts_load

# $MIRAGE pointing at something that is not a program.
(
    MIRAGE=$scratch/not-there; export MIRAGE
    expect_failure bad-helper "MIRAGE names no program" "$good" \
        "MIRAGE_INIT" "$scratch/not-there"
    tap_counts_save
)
tap_counts_load

# DEFAULT and DOC are literal: brackets, quotes, dollars, backslashes, a
# macro name and a newline survive into the glue unchanged.
configure_case literal 'MIRAGE_INIT
MIRAGE_RUNTIME_ARG([greeting], [string], [Say "hi" [now] $HOME \n MIRAGE_INIT],
  [A greeting,
   on two lines; `quotes` stay.])
MIRAGE_UNIKERNEL([u], [u_start], [], [greeting])'
check_status "literal DEFAULT and DOC configure" 0 $?
check_grep "the default reaches the glue unchanged" \
    '"Say \\"hi\\" \[now\] \$HOME \\\\n MIRAGE_INIT"' \
    "$scratch/literal/mirage_main.c"
check_grep "the doc is folded to one line" \
    '"A greeting, on two lines; `quotes` stay\."' \
    "$scratch/literal/mirage_main.c"

# The image's folder: the one configured file with @MIRAGE_RULES@, or the
# fifth argument; two such files, or a folder outside the tree, stop.
mkdir -p "$scratch/subdir/vm" "$scratch/subdir/lib"
echo '@MIRAGE_RULES@' >"$scratch/subdir/vm/Makefile.in"
echo 'all:' >"$scratch/subdir/lib/Makefile.in"
configure_case subdir "$good
AC_CONFIG_FILES([lib/Makefile vm/Makefile])"
check_status "@MIRAGE_RULES@ in vm/Makefile.in: configure succeeds" 0 $?
check "the spec, the rules and the glue are in vm/" test -f \
    "$scratch/subdir/vm/mirage.spec" -a -f "$scratch/subdir/vm/mirage.mk" \
    -a -f "$scratch/subdir/vm/mirage_main.c"
check "and not at the top" test ! -e "$scratch/subdir/mirage.spec"
check_grep "vm/Makefile holds the rules" '^mirage_main.c: mirage.spec' \
    "$scratch/subdir/vm/Makefile"

mkdir -p "$scratch/explicit/img"
configure_case explicit 'MIRAGE_INIT
MIRAGE_UNIKERNEL([u], [u_start], [], [], [img/])'
check_status "a folder in the fifth argument: configure succeeds" 0 $?
check "the glue is in that folder" test -f "$scratch/explicit/img/mirage_main.c"

mkdir -p "$scratch/tworules/a" "$scratch/tworules/b"
echo '@MIRAGE_RULES@' >"$scratch/tworules/a/Makefile.in"
echo '@MIRAGE_RULES@' >"$scratch/tworules/b/Makefile.in"
expect_failure tworules "@MIRAGE_RULES@ in two files" "$good
AC_CONFIG_FILES([a/Makefile b/Makefile])" \
    "MIRAGE_UNIKERNEL: @MIRAGE_RULES@ is in more than one configured file" \
    "a/Makefile b/Makefile" "fifth argument"

# Without mirage.m4 (no ACLOCAL_PATH), the guard line that every template
# has after AC_INIT stops autoconf with a message that says what to do.
if test -f "$(aclocal --print-ac-dir 2>/dev/null)/mirage.m4"; then
    skip "without mirage.m4, autoconf stops" "mirage.m4 is installed in aclocal's own folder"
else
    mkdir -p "$scratch/nomacros"
    cp "$top_srcdir/examples/noop/configure.ac" "$scratch/nomacros/"
    (cd "$scratch/nomacros" && unset ACLOCAL_PATH && aclocal && autoconf) \
        >"$scratch/nomacros/out" 2>&1
    st=$?
    check "without mirage.m4, autoconf stops" test "$st" -ne 0
    check_grep "saying to set ACLOCAL_PATH" \
        'configure.ac:[0-9]+: error: the MIRAGE_\* macros were not found: install mirage, or set ACLOCAL_PATH' \
        "$scratch/nomacros/out"
fi

# Device names are lower-case; a start function never takes a libc name;
# a warning is printed once (by mirage check, not again by generate).
expect_failure upper-device "an upper-case device name" 'MIRAGE_INIT
MIRAGE_DEVICE([Clock], [time])
MIRAGE_UNIKERNEL([u], [u_start], [Clock])' \
    "configure.ac:3: MIRAGE_DEVICE(Clock): 'Clock' is not a valid device name; use a lower-case C identifier"
expect_failure libc-start "a start function named exit" 'MIRAGE_INIT
MIRAGE_UNIKERNEL([my-vm], [exit])' \
    "MIRAGE_UNIKERNEL(my-vm): start function 'exit' is the name of a C library function" \
    "(such as 'my_vm_start')"
expect_failure malloc-start "a start function named malloc" 'MIRAGE_INIT
MIRAGE_UNIKERNEL([u], [malloc])' "start function 'malloc' is the name of a C library function"
configure_case warn-once 'MIRAGE_INIT
MIRAGE_DEVICE([clock], [time])
MIRAGE_UNIKERNEL([u], [u_start])'
check_status "an unused device configures" 0 $?
n=$(grep -c "warning: MIRAGE_DEVICE(clock): device 'clock' is not used" \
    "$scratch/warn-once/out")
check_status "its warning is printed once" 1 "$n"

# Implementation parameters are checked as the device checks them at boot.
expect_failure ramdisk-odd "ramdisk size not a sector multiple" 'MIRAGE_INIT
MIRAGE_DEVICE([disk], [block], [ramdisk(1000)])
MIRAGE_UNIKERNEL([u], [u_start], [disk])' \
    "configure.ac:3: MIRAGE_DEVICE(disk): bad BYTES '1000' in implementation 'ramdisk(1000)' of 'block': not a positive multiple of the 512-byte sector"
expect_failure ramdisk-abc "ramdisk size not a number" 'MIRAGE_INIT
MIRAGE_DEVICE([disk], [block], [ramdisk(abc)])
MIRAGE_UNIKERNEL([u], [u_start], [disk])' \
    "MIRAGE_DEVICE(disk): bad BYTES 'abc'" "not a decimal number of bytes"
configure_case ramdisk-ok 'MIRAGE_INIT
MIRAGE_DEVICE([disk], [block], [ramdisk(4096)])
MIRAGE_UNIKERNEL([u], [u_start], [disk])'
check_status "ramdisk(4096) configures" 0 $?

# The VM's memory and boot arguments, from configure's options.
expect_failure badmem "--with-memory not a number" "$good" \
    "MIRAGE_UNIKERNEL(u): bad memory '12x' (configure's --with-memory=MIB)" \
    -- --with-memory=12x
expect_failure lowmem "--with-memory too small" "$good" \
    "bad memory '1'" "from 2 to" -- --with-memory=1
expect_failure nomem "--with-memory without a value" "$good" \
    "MIRAGE_TARGET: --with-memory needs a number of MiB" -- --with-memory
if test -f "$top_builddir/pkgconfig/mirage-xen-uninstalled.pc"; then
    configure_case vmxen "$good" --with-target=xen --with-memory=96 \
        "--with-boot-args=--count=7 --name='a b'"
    check_status "--with-memory and --with-boot-args on xen configure" 0 $?
    check_grep "u.xl has the memory given" '^memory = 96$' "$scratch/vmxen/u.xl"
    check_grep "u.xl has the boot arguments given" \
        "^extra = \"--count=7 --name='a b'\"\$" "$scratch/vmxen/u.xl"
    configure_case vmdefault "$good" --with-target=xen
    check_grep "without them, u.xl says mirage run's 64 MiB" '^memory = 64$' \
        "$scratch/vmdefault/u.xl"
    check_grep "and no boot arguments" '^extra = ""$' "$scratch/vmdefault/u.xl"
else
    skip "--with-memory and --with-boot-args on xen" "the xen target was not built"
fi

# A stack with no implementation named: the target's default, and on
# targets other than unix the net device 'service' that the helper adds.
stack_only='MIRAGE_INIT
MIRAGE_TARGET
MIRAGE_DEVICE([stack], [stack])
MIRAGE_UNIKERNEL([u], [u_start], [stack])'
configure_case stack-unix "$stack_only"
check_status "a stack with no implementation configures on unix" 0 $?
check_grep "with the socket stack" \
    'rc = mirage_stack_socket_connect\(&dev_stack, "stack", arg_ipv4, arg_ipv6,' \
    "$scratch/stack-unix/mirage_main.c"
if test -f "$top_builddir/pkgconfig/mirage-spt-uninstalled.pc"; then
    configure_case stack-spt "$stack_only" --with-target=spt
    check_status "and on spt" 0 $?
    check_grep "with the direct stack over a net device 'service'" \
        'rc = mirage_stack_direct_connect\(&dev_stack, "stack", dev_service, arg_ipv4,' \
        "$scratch/stack-spt/mirage_main.c"
    check_grep "which the tender attaches" \
        '\{\.name = "service", \.type = MIRAGE_TENDER_DEV_NET\},' \
        "$scratch/stack-spt/mirage_main.c"
else
    skip "a stack with no implementation on spt" "the spt target was not built"
fi
if test -f "$top_builddir/pkgconfig/mirage-xen-uninstalled.pc"; then
    configure_case stack-xen "$stack_only" --with-target=xen \
        --with-xen-bridge=br-web
    check_status "and on xen (netfront)" 0 $?
    check_grep "with the direct stack over a net device 'service'" \
        'rc = mirage_stack_direct_connect\(&dev_stack, "stack", dev_service, arg_ipv4,' \
        "$scratch/stack-xen/mirage_main.c"
    check_grep "u.xl gives it a vif on the bridge of --with-xen-bridge" \
        '^vif = \[ "bridge=br-web" \]$' "$scratch/stack-xen/u.xl"
    expect_failure xen-bridge "a bad --with-xen-bridge" "$stack_only" \
        "bad bridge 'br,x' (configure's --with-xen-bridge)" -- \
        --with-target=xen --with-xen-bridge=br,x
else
    skip "a stack on xen" "the xen target was not built"
fi

# An implementation that needs a feature of the toolkit's build (its
# registry entry's `needs`): tls bearssl needs BearSSL. A toolkit without
# it refuses the device, named or the type's default; the helper
# tests/unit/mirage-without-features plays such a toolkit in every build.
# With BearSSL the device passes (configure and mirage generate only: the
# device's connect function is not written yet).
# tls_body IMPL: the tls device over one device of each type of its
# registry entry's deps, in order (random pclock certs: a crunched kv_ro
# `certs`, the others their type's default), at line $tls_line.
tls_deps=$(sed -n 's/^deps = //p' "$top_srcdir/devices/tls/bearssl/registry.def")
tls_body() {
    echo MIRAGE_INIT
    tls_names=
    for t in $tls_deps; do
        case $t in
        kv_ro) n=certs; echo 'MIRAGE_DEVICE([certs], [kv_ro], [crunch(certs)])' ;;
        *) n=$t; echo "MIRAGE_DEVICE([$t], [$t])" ;;
        esac
        tls_names="$tls_names $n"
    done
    echo "MIRAGE_DEVICE([tls], [tls], [$1], [${tls_names# }])"
    echo 'MIRAGE_UNIKERNEL([u], [u_start], [tls])'
}
# shellcheck disable=SC2086 # the list of types, one word each
tls_line=$((3 + $(printf '%s\n' $tls_deps | wc -l)))
no_bearssl="implementation 'bearssl' of 'tls' is not in this build of mirage: it needs the feature 'bearssl', which this build lacks (configured without BearSSL); install libbearssl-dev and configure mirage again"
no_default="the default implementation of 'tls', 'bearssl', is not in this build of mirage: it needs the feature 'bearssl', which this build lacks (configured without BearSSL); install libbearssl-dev and configure mirage again"
mkdir -p "$scratch/tls-without/certs" "$scratch/tls-without-default/certs" \
    "$scratch/tls-build/certs"
without=$top_builddir/tests/unit/mirage-without-features
if test -x "$without"; then
    (
        MIRAGE=$without; export MIRAGE
        expect_failure tls-without "tls bearssl in a toolkit without BearSSL" \
            "$(tls_body bearssl)" "configure.ac:$tls_line: MIRAGE_DEVICE(tls): $no_bearssl"
        expect_failure tls-without-default \
            "tls's default in a toolkit without BearSSL" "$(tls_body '')" \
            "configure.ac:$tls_line: MIRAGE_DEVICE(tls): $no_default"
        tap_counts_save
    )
    tap_counts_load
else
    skip "tls in a toolkit without BearSSL" \
        "tests/unit/mirage-without-features is not built (make check builds it)"
fi
if grep -q '^#define MIRAGE_HAVE_BEARSSL 1' "$top_builddir/config.h"; then
    configure_case tls-build "$(tls_body bearssl)"
    check_status "tls bearssl in this toolkit, built with BearSSL, configures" 0 $?
    check_grep "and the glue connects it" \
        'rc = mirage_tls_bearssl_connect\(&dev_tls, "tls", "server", dev_random,' \
        "$scratch/tls-build/mirage_main.c"
else
    expect_failure tls-build "tls bearssl in this toolkit, built without BearSSL" \
        "$(tls_body bearssl)" "configure.ac:$tls_line: MIRAGE_DEVICE(tls): $no_bearssl"
fi

expect_failure outside "a folder outside the tree" 'MIRAGE_INIT
MIRAGE_UNIKERNEL([u], [u_start], [], [], [../elsewhere])' \
    "MIRAGE_UNIKERNEL(u): the folder '../elsewhere' must be relative"
done_testing
