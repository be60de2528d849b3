#!/bin/sh
# SPDX-License-Identifier: ISC
# helper-cli.sh: the command line of `mirage`, run on spec files written here.
#
# Each validation error of doc/spec-format.md must stop `mirage check` with
# status 1 and a line naming the location, the macro, the name and what is
# wrong; a valid spec must give glue that compiles and runs.

: "${top_builddir:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"
MIRAGE=$top_builddir/src/mirage
CC=${CC:-cc}
CFLAGS_STRICT="-std=gnu11 -Wall -Wextra -Werror -Wmissing-prototypes \
-Wstrict-prototypes -I$top_srcdir/runtime/include"

tmp=$scratch
trap 'exit 1' HUP INT TERM

# fail DESCRIPTION: a failed test point, with what the helper said on
# stderr as TAP comments.
fail() {
    not_ok "$1"
    if test -s "$tmp/err"; then sed 's/^/# stderr: /' "$tmp/err"; fi
}
# check DESCRIPTION COMMAND...: tests/lib.sh's check, showing the helper's
# stderr on a failure.
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# run ARGS...: runs the helper; stdout in $tmp/out, stderr in $tmp/err, $rc
run() {
    rc=0
    "$MIRAGE" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# line_has FILE STRING...: one line of FILE holds every STRING
line_has() {
    f=$1
    shift
    cp "$f" "$tmp/match"
    for s in "$@"; do
        grep -F -e "$s" "$tmp/match" >"$tmp/match2" || return 1
        mv "$tmp/match2" "$tmp/match"
    done
}

# Spec sections. dev NAME TYPE IMPL DEPENDS LINE
dev() {
    printf '[device %s]\nlocation = configure.ac:%s\ntype = %s\n' "$1" "$5" "$2"
    printf 'implementation = %s\ndepends = %s\n\n' "$3" "$4"
}
# arg NAME TYPE DEFAULT LINE [SECTION]; DEFAULT "@none": no default key
arg() {
    printf '[arg %s]\nlocation = configure.ac:%s\ntype = %s\n' "$1" "$4" "$2"
    if test "x$3" != x@none; then printf 'default = %s\n' "$3"; fi
    printf 'doc = The %s.\nsection = %s\n\n' "$1" "${5-options}"
}
# uk NAME START DEVICES ARGS TARGET LINE
uk() {
    printf '[unikernel %s]\nlocation = configure.ac:%s\nstart = %s\n' \
        "$1" "$6" "$2"
    printf 'devices = %s\nargs = %s\nversion = 1.0\ntarget = %s\n\n' \
        "$3" "$4" "$5"
}

# bad DESCRIPTION STRING...: `mirage check` on $S, the spec under test,
# exits 1 with a line holding every STRING
mkdir "$tmp/bad"
S=$tmp/bad/mirage.spec
bad() {
    desc=$1
    shift
    (cd "$tmp/bad" && "$MIRAGE" check mirage.spec) >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if test $rc -eq 1 && line_has "$tmp/err" "$@"; then
        ok "$desc"
    else
        diag "exit status $rc, expected 1; wanted a line with: $*"
        fail "$desc"
    fi
}

## The command line

run --help
check "--help exits 0" test $rc -eq 0
check "--help prints the usage and the commands" \
    line_has "$tmp/out" "Usage: mirage COMMAND"
check "--help lists generate" line_has "$tmp/out" "generate [-o DIR] SPEC"
check "--help lists run" \
    line_has "$tmp/out" "run [OPTION]... IMAGE [QEMU-OPTION]... [-- ARG...]"
check "--help lists symbolize" line_has "$tmp/out" "symbolize IMAGE [LOG]..."
check "--help documents \$QEMU" line_has "$tmp/out" "QEMU "
run --version
check "--version exits 0" test $rc -eq 0
check "--version names the program and package" \
    line_has "$tmp/out" "mirage (Mirage in C) "
check "--version states the licence" line_has "$tmp/out" "License ISC"
for c in check generate describe types crunch run symbolize; do
    run $c --help
    check "$c --help exits 0 with its usage" \
        line_has "$tmp/out" "Usage: mirage $c"
done
run frobnicate x.spec
check "an unknown command exits 2" test $rc -eq 2
check "and is named" line_has "$tmp/err" "unknown command 'frobnicate'"
check "with a pointer to --help" line_has "$tmp/err" "Try 'mirage --help'"
run --frobnicate
check "an unknown option exits 2" test $rc -eq 2
check "and is named" line_has "$tmp/err" "unrecognized option '--frobnicate'"
run generate --colour mirage.spec
check "an unknown option of a command exits 2" test $rc -eq 2
check "and is named with the command" \
    line_has "$tmp/err" "mirage generate: unrecognized option '--colour'" 
run describe --dot=yes mirage.spec
check "an argument to --dot is refused" test $rc -eq 2
run generate mirage.spec -o
check "-o without its argument is refused" test $rc -eq 2
check "and named" line_has "$tmp/err" "option '-o' requires an argument"
run check
check "a missing SPEC exits 2" test $rc -eq 2
check "and says so" line_has "$tmp/err" "missing SPEC"
run check a.spec b.spec
check "two SPECs exit 2" test $rc -eq 2
run
check "no command exits 2" test $rc -eq 2
run check "$tmp/does-not-exist.spec"
check "an unreadable SPEC exits 1" test $rc -eq 1
check "and names the file" line_has "$tmp/err" "does-not-exist.spec"
run types
check "types exits 0" test $rc -eq 0
check "types lists the time type" line_has "$tmp/out" "time:"
check "types names its default implementation" \
    line_has "$tmp/out" "implementation default"
check "types lists the argument types" line_has "$tmp/out" "int64"
check "types gives an address type's C type" \
    line_has "$tmp/out" "ipv4-prefix: struct mirage_ipv4_prefix"
check "types lists enum" line_has "$tmp/out" "enum(A|B|...): const char *"
check "types lists the forms" line_has "$tmp/out" "repeated(T)" \
    "struct mirage_list_T"
check "types gives the C type of an optional value" \
    line_has "$tmp/out" "optional(T)" "const T *"

## Syntax errors of the spec file itself

printf '[devcie clock]\nlocation = configure.ac:3\n' >"$S"
bad "unknown section kind" "mirage.spec:1:" "unknown section kind 'devcie'"
printf '# comment\ntype = time\n' >"$S"
bad "key outside a section" "mirage.spec:2:" "outside any section"
printf '[arg a]\nlocation = configure.ac:3\ndoc = \\q\n' >"$S"
bad "bad escape" "mirage.spec:3:" "bad escape '\\q'"
printf '[arg a]\nlocation = configure.ac:3\ncolour = red\n' >"$S"
bad "unknown key" "mirage.spec:3:" "unknown key 'colour'" "known keys"
printf '\n[device a]\ntype = time\n' >"$S"
bad "missing location" "mirage.spec:2:" "no 'location' key"

## MIRAGE_DEVICE

{ dev clock "" "" "" 3; uk u start clock "" unix 9; } >"$S"
bad "empty device type" "configure.ac:3: MIRAGE_DEVICE(clock):" \
    "no device type" "time"
{ dev clock clok "" "" 3; uk u start clock "" unix 9; } >"$S"
bad "unknown device type" "configure.ac:3: MIRAGE_DEVICE(clock):" \
    "unknown device type 'clok'" "known types: time"
{ dev clock time fast "" 3; uk u start clock "" unix 9; } >"$S"
bad "unknown implementation" "configure.ac:3: MIRAGE_DEVICE(clock):" \
    "no implementation 'fast'" "known implementations: default"
{ dev 9lives time "" "" 3; uk u start "" "" unix 9; } >"$S"
bad "invalid device name" "configure.ac:3: MIRAGE_DEVICE(9lives):" \
    "not a valid device name"
{ dev int time "" "" 3; uk u start "" "" unix 9; } >"$S"
bad "device name that is a C keyword" "configure.ac:3: MIRAGE_DEVICE(int):" \
    "C keyword"
{ dev clock time "" "" 3; dev clock time "" "" 4; uk u start clock "" unix 9; } >"$S"
bad "duplicate device" "configure.ac:4: MIRAGE_DEVICE(clock):" \
    "already declared at configure.ac:3"
{ dev clock time "" "ghost" 3; uk u start clock "" unix 9; } >"$S"
bad "undeclared dependency" "configure.ac:3: MIRAGE_DEVICE(clock):" \
    "depends on 'ghost'" "no MIRAGE_DEVICE declares"
{ dev a time "" "" 3; dev b time "" "a" 4; uk u start b "" unix 9; } >"$S"
bad "wrong number of dependencies" "configure.ac:4: MIRAGE_DEVICE(b):" \
    "takes no dependencies, but 1 is given"
{ dev a time "" b 3; dev b time "" a 4; uk u start a "" unix 9; } >"$S"
bad "dependency cycle, even where no dependency is allowed" \
    "configure.ac:3: MIRAGE_DEVICE(a):" "dependency cycle: a -> b -> a"
{ dev a time "" a 3; uk u start a "" unix 9; } >"$S"
bad "a device depending on itself" "configure.ac:3: MIRAGE_DEVICE(a):" \
    "dependency cycle: a -> a"

## MIRAGE_RUNTIME_ARG

{ arg Hello string x 5; uk u start "" Hello unix 9; } >"$S"
bad "invalid argument name" "configure.ac:5: MIRAGE_RUNTIME_ARG(Hello):" \
    "not a valid argument name"
for r in help version logs delay fiber-stack l; do
    { arg $r string x 5; uk u start "" $r unix 9; } >"$S"
    bad "reserved argument name $r" \
        "configure.ac:5: MIRAGE_RUNTIME_ARG($r):" "'$r' is reserved"
done
{ arg a string x 5; arg a string y 6; uk u start "" a unix 9; } >"$S"
bad "duplicate argument" "configure.ac:6: MIRAGE_RUNTIME_ARG(a):" \
    "already declared at configure.ac:5"
{ arg a float 1.5 5; uk u start "" a unix 9; } >"$S"
bad "unknown argument type" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "unknown argument type 'float'" "string, bool, int, int64"
{ arg a int abc 5; uk u start "" a unix 9; } >"$S"
bad "default that is not an int" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default 'abc' is not a valid int" "expected a decimal"
{ arg a int 4294967296 5; uk u start "" a unix 9; } >"$S"
bad "int default out of range" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default '4294967296' is out of range for int"
{ arg a bool yes 5; uk u start "" a unix 9; } >"$S"
bad "default that is not a bool" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default 'yes' is not a valid bool" "true or false"
{ arg a 'lst(int)' x 5; uk u start "" a unix 9; } >"$S"
bad "unknown argument form" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "unknown argument type 'lst(int)'" "ipv4, ipv4-prefix, ipv6, ipv6-prefix"
{ arg a 'list(float)' "" 5; uk u start "" a unix 9; } >"$S"
bad "unknown type in a form" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "unknown argument type 'float' in 'list(float)'"
{ arg a 'list(list(int))' "" 5; uk u start "" a unix 9; } >"$S"
bad "nested forms" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "list(...) cannot hold list(...)"
{ arg a 'list(int' "" 5; uk u start "" a unix 9; } >"$S"
bad "a missing parenthesis" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "list( lacks its closing ')'"
{ arg a 'enum()' "" 5; uk u start "" a unix 9; } >"$S"
bad "enum without choices" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "enum needs at least one choice"
{ arg a 'enum(fast|slow|fast)' fast 5; uk u start "" a unix 9; } >"$S"
bad "duplicate enum choice" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "enum choice 'fast' is listed twice"
{ arg a 'enum(fast,slow)' fast 5; uk u start "" a unix 9; } >"$S"
bad "enum choices separated by commas" \
    "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "enum choice 'fast,slow' is not a word" "separated by '|'"
{ arg a 'enum(fast|slow)' medium 5; uk u start "" a unix 9; } >"$S"
bad "default that is not a choice" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default 'medium' is not a valid enum(fast|slow)" "one of fast, slow"
{ arg a ipv4 01.2.3.4 5; uk u start "" a unix 9; } >"$S"
bad "default that is not an ipv4 address" \
    "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default '01.2.3.4' is not a valid ipv4" "such as 192.168.1.10"
{ arg a ipv4-prefix 10.0.0.1/33 5; uk u start "" a unix 9; } >"$S"
bad "ipv4 prefix length out of range" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default '10.0.0.1/33' is out of range for ipv4-prefix" "0 to 32"
{ arg a ipv6 1::2::3 5; uk u start "" a unix 9; } >"$S"
bad "default that is not an ipv6 address" \
    "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default '1::2::3' is not a valid ipv6" "at most one '::'"
{ arg a ipv6-prefix fe80::1/129 5; uk u start "" a unix 9; } >"$S"
bad "ipv6 prefix length out of range" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default 'fe80::1/129' is out of range for ipv6-prefix" "0 to 128"
{ arg a 'list(ipv4)' 1.1.1.1,1.1.1,8.8.8.8 5; uk u start "" a unix 9; } >"$S"
bad "list default with a bad element" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "default '1.1.1.1,1.1.1,8.8.8.8' has an element '1.1.1' that is not a valid ipv4"
{ arg a 'repeated(int)' 1,99999999999 5; uk u start "" a unix 9; } >"$S"
bad "repeated default with an element out of range" \
    "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "has an element '99999999999' that is out of range for int"
{ arg a 'optional(int)' 5 5; uk u start "" a unix 9; } >"$S"
bad "optional with a default" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "optional(int) takes no default; remove the default '5'" "NULL"
{ arg a 'required(string)' x 5; uk u start "" a unix 9; } >"$S"
bad "required with a default" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "required(string) takes no default; remove the default 'x'"
{ arg a int "" 5; uk u start "" a unix 9; } >"$S"
bad "an empty default for int points to optional and required" \
    "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" "default '' is not a valid int" \
    "use optional(int) or required(int)"
{ arg a string x 5 misc; uk u start "" a unix 9; } >"$S"
bad "unknown section" "configure.ac:5: MIRAGE_RUNTIME_ARG(a):" \
    "unknown section 'misc'" "arguments, options, network, disk, log, runtime"

## MIRAGE_UNIKERNEL

dev clock time "" "" 3 >"$S"
bad "no unikernel" "mirage.spec: MIRAGE_UNIKERNEL:" \
    "MIRAGE_UNIKERNEL is missing"
{ uk one start "" "" unix 8; uk two start "" "" unix 9; } >"$S"
bad "two unikernels" "configure.ac:9: MIRAGE_UNIKERNEL(two):" \
    "first called at configure.ac:8"
uk u 1start "" "" unix 9 >"$S"
bad "start function not an identifier" "configure.ac:9: MIRAGE_UNIKERNEL(u):" \
    "start function '1start' is not a valid C identifier"
uk u main "" "" unix 9 >"$S"
bad "start function called main" "configure.ac:9: MIRAGE_UNIKERNEL(u):" \
    "start function 'main' clashes"
uk u start ghost "" unix 9 >"$S"
bad "undeclared device" "configure.ac:9: MIRAGE_UNIKERNEL(u):" \
    "device 'ghost' is not declared"
uk u start "" ghost unix 9 >"$S"
bad "undeclared argument" "configure.ac:9: MIRAGE_UNIKERNEL(u):" \
    "argument 'ghost' is not declared"
uk u start "" "" vmware 9 >"$S"
bad "unknown target" "configure.ac:9: MIRAGE_UNIKERNEL(u):" \
    "unknown target 'vmware'" "unix, spt, hvt, virtio, xen"
{ dev my_a time "" "" 3; arg my-a string x 5; uk u start my_a my-a unix 9; } >"$S"
bad "device and argument with the same C name" \
    "configure.ac:9: MIRAGE_UNIKERNEL(u):" "parameter 'my_a'"

# every error is reported, not only the first
{ dev a clok "" "" 3; arg b int x 5; uk u start a "b ghost" unix 9; } >"$S"
bad "several errors" "configure.ac:3: MIRAGE_DEVICE(a):"
check "all errors of a spec are reported" \
    test "$(grep -c 'configure.ac:[0-9]*: MIRAGE_' "$tmp/err")" -eq 3

# warnings: nothing uses a declaration
mkdir "$tmp/warn"
{
    dev clock time "" "" 3
    dev spare time "" "" 4
    arg hello string x 5
    arg unused int 1 6
    uk u start clock hello unix 9
} >"$tmp/warn/mirage.spec"
run check "$tmp/warn/mirage.spec"
check "warnings alone exit 0" test $rc -eq 0
check "an unused device is a warning" line_has "$tmp/err" \
    "configure.ac:4: warning: MIRAGE_DEVICE(spare):" "not used"
check "an unused argument is a warning" line_has "$tmp/err" \
    "configure.ac:6: warning: MIRAGE_RUNTIME_ARG(unused):" "not used"
check "used ones are not warned about" \
    test "$(grep -c warning: "$tmp/err")" -eq 2

## generate

mkdir "$tmp/gen" "$tmp/other"
{
    printf '# mirage.spec: written by configure\n'
    printf '[arg greeting]\nlocation = configure.ac:6\ntype = string\n'
    printf 'default = Say "hi"\\\\ to\\n\\tall ??= \\\\n\n'
    printf 'doc = How to say hello.\nsection =\n\n'
    arg count int -0x10 7
    arg verbose bool true 8 log
    arg big int64 @none 9
    arg spare string "" 10
    dev clock time "" "" 11
    dev later time default "" 12
    dev unused time "" "" 13
    uk hello hello_start "later clock" "greeting count verbose big" unix 14
} >"$tmp/gen/mirage.spec"

run generate "$tmp/gen/mirage.spec"
check "generate exits 0 on a valid spec (with warnings)" test $rc -eq 0
check "generate writes mirage_main.c beside the spec" \
    test -f "$tmp/gen/mirage_main.c"
check "generate writes mirage_main.h beside the spec" \
    test -f "$tmp/gen/mirage_main.h"
check "both files say they are generated" \
    line_has "$tmp/gen/mirage_main.h" \
    "/* Generated by mirage" "from mirage.spec (configure.ac); do not edit. */"
check "the header declares the start function" \
    line_has "$tmp/gen/mirage_main.h" \
    "int hello_start(struct mirage_time *later, struct mirage_time *clock,"
check "the header includes the device types' headers" \
    line_has "$tmp/gen/mirage_main.h" "#include <mirage/time.h>"
check "an unused device is not started" \
    test "$(grep -c unused "$tmp/gen/mirage_main.c")" -eq 0
check "an absent default is NULL" \
    line_has "$tmp/gen/mirage_main.c" ".default_value = NULL,"
check "an empty default is \"\"" \
    line_has "$tmp/gen/mirage_main.c" '.default_value = "",'
check "the section is set" \
    line_has "$tmp/gen/mirage_main.c" ".section = MIRAGE_SECTION_LOG,"

# a second generate keeps the timestamps of unchanged files
touch -t 200001010000 "$tmp/gen/mirage_main.c" "$tmp/gen/mirage_main.h"
touch -t 200001020000 "$tmp/stamp"
run generate "$tmp/gen/mirage.spec"
check "a second generate exits 0" test $rc -eq 0
check "an unchanged glue keeps its mtime" \
    test -z "$(find "$tmp/gen" -name 'mirage_main.*' -newer "$tmp/stamp")"
check "and leaves no temporary file behind" \
    test "$(ls -A "$tmp/gen" | wc -l)" -eq 3
sed 's/^default = -0x10$/default = 42/' "$tmp/gen/mirage.spec" \
    >"$tmp/other/mirage.spec"
cp "$tmp/other/mirage.spec" "$tmp/gen/mirage.spec"
run generate "$tmp/gen/mirage.spec"
check "a changed default rewrites mirage_main.c" \
    test -n "$(find "$tmp/gen" -name mirage_main.c -newer "$tmp/stamp")"
check "but not the unchanged mirage_main.h" \
    test -z "$(find "$tmp/gen" -name mirage_main.h -newer "$tmp/stamp")"

run generate --output-dir="$tmp/other" "$tmp/gen/mirage.spec"
check "--output-dir=DIR writes into DIR" test -f "$tmp/other/mirage_main.c"
rm -f "$tmp/other/mirage_main.c"
run generate -o "$tmp/other" "$tmp/gen/mirage.spec"
check "-o DIR writes into DIR" test -f "$tmp/other/mirage_main.c"
cmp -s "$tmp/gen/mirage_main.c" "$tmp/other/mirage_main.c"
check "the glue does not depend on where it is written" test $? -eq 0
run generate -o "$tmp/no/such/dir" "$tmp/gen/mirage.spec"
check "an unwritable output exits 1" test $rc -eq 1

mkdir "$tmp/invalid"
{ dev a clok "" "" 3; uk u start a "" unix 9; } >"$tmp/invalid/mirage.spec"
run generate "$tmp/invalid/mirage.spec"
check "generate of an invalid spec exits 1" test $rc -eq 1
check "and writes nothing" test ! -e "$tmp/invalid/mirage_main.c"

## the xen target: the domain configuration NAME.xl and its template

check "on unix, no NAME.xl is written" \
    test -z "$(find "$tmp/gen" "$tmp/other" -name '*.xl*')"
mkdir "$tmp/xen" "$tmp/xenout"
{
    arg greeting string hi 5
    dev clock time "" "" 6
    dev scratch block "ramdisk(4096)" "" 7
    uk web web_start "clock scratch" "greeting" xen 9
} >"$tmp/xen/mirage.spec"
run generate "$tmp/xen/mirage.spec"
check "generate for xen exits 0" test $rc -eq 0
check "it writes web.xl beside the glue" test -f "$tmp/xen/web.xl"
check "and the template web.xl.in" test -f "$tmp/xen/web.xl.in"
check "web.xl names the domain" line_has "$tmp/xen/web.xl" 'name = "web"'
check "a PVH guest" line_has "$tmp/xen/web.xl" 'type = "pvh"'
check "its kernel is web.xen" line_has "$tmp/xen/web.xl" 'kernel = "web.xen"'
check "with 64 MiB, as mirage run" line_has "$tmp/xen/web.xl" 'memory = 64'
check "no boot argument" line_has "$tmp/xen/web.xl" 'extra = ""'
check "a crash is kept for inspection" \
    line_has "$tmp/xen/web.xl" 'on_crash = "preserve"'
check "a ramdisk needs no host disk" \
    test -z "$(grep -e '^disk' -e '^vif' "$tmp/xen/web.xl")"
check "web.xl says it is generated" \
    line_has "$tmp/xen/web.xl" "# Generated by mirage" \
    "from mirage.spec (configure.ac); do not edit."
for p in '"@NAME@"' '"@KERNEL@"' '= @MEMORY@' '"@EXTRA@"'; do
    check "the template holds $p" line_has "$tmp/xen/web.xl.in" "$p"
done
check "web.xl has no placeholder" test -z "$(grep @ "$tmp/xen/web.xl")"
sed -e 's/@NAME@/web/' -e 's/@KERNEL@/web.xen/' -e 's/@MEMORY@/64/' \
    -e 's/@EXTRA@//' "$tmp/xen/web.xl.in" | sed -n '/^name = /,$p' \
    >"$tmp/filled"
sed -n '/^name = /,$p' "$tmp/xen/web.xl" >"$tmp/plain"
check "the template filled in with sed gives web.xl" \
    cmp -s "$tmp/filled" "$tmp/plain"
touch -t 200001010000 "$tmp/xen/web.xl" "$tmp/xen/web.xl.in"
run generate "$tmp/xen/mirage.spec"
check "a second generate exits 0" test $rc -eq 0
check "and keeps the mtime of the unchanged web.xl and web.xl.in" \
    test -z "$(find "$tmp/xen" -name 'web.xl*' -newer "$tmp/stamp")"
run generate -o "$tmp/xenout" "$tmp/xen/mirage.spec"
check "-o DIR puts web.xl into DIR" \
    test -f "$tmp/xenout/web.xl" -a -f "$tmp/xenout/web.xl.in"
sed 's/^target = xen$/target = unix/' "$tmp/xen/mirage.spec" \
    >"$tmp/xenout/unix.spec"
mkdir "$tmp/xenunix"
cp "$tmp/xenout/unix.spec" "$tmp/xenunix/mirage.spec"
run generate "$tmp/xenunix/mirage.spec"
check "the same spec for unix writes no web.xl" \
    test $rc -eq 0 -a ! -e "$tmp/xenunix/web.xl" -a ! -e "$tmp/xenunix/web.xl.in"

# devices that Xen gives the domain: a vif per net device, a disk per
# block device of implementation xen, in start-up order
mkdir "$tmp/xendev"
{
    dev stack stack direct "" 5
    dev data block xen "" 6
    dev logs block xen "" 7
    dev scratch block "ramdisk(4096)" "" 8
    uk web web_start "stack data logs scratch" "" xen 9
    printf 'xen_bridge = br-test\nxen_disk_dir = /srv/disks\n'
} >"$tmp/xendev/mirage.spec"
run generate "$tmp/xendev/mirage.spec"
check "generate with a stack and two xen disks exits 0" test $rc -eq 0
check "the stack's net device 'service' gets a vif on the bridge given" \
    line_has "$tmp/xendev/web.xl" 'vif = [ "bridge=br-test" ]'
check "the comment above names the vif's device" \
    line_has "$tmp/xendev/web.xl" "connects them: 0 service."
check "disk data is xvda, in the disk folder given" \
    line_has "$tmp/xendev/web.xl" \
    'disk = [ "format=raw, vdev=xvda, access=rw, target=/srv/disks/data.img",'
check "disk logs is xvdb" line_has "$tmp/xendev/web.xl" \
    '"format=raw, vdev=xvdb, access=rw, target=/srv/disks/logs.img" ]'
check "the ramdisk gets no disk" \
    test -z "$(grep scratch "$tmp/xendev/web.xl")"
check "the template's vif holds @BRIDGE@" \
    line_has "$tmp/xendev/web.xl.in" 'vif = [ "bridge=@BRIDGE@" ]'
check "the template's disks hold @DISK_data@ and @DISK_logs@" \
    line_has "$tmp/xendev/web.xl.in" 'target=@DISK_data@' &&
    line_has "$tmp/xendev/web.xl.in" 'target=@DISK_logs@'
sed -e 's/@NAME@/web/' -e 's/@KERNEL@/web.xen/' -e 's/@MEMORY@/64/' \
    -e 's/@EXTRA@//' -e 's/@BRIDGE@/br-test/' \
    -e 's|@DISK_\([a-z]*\)@|/srv/disks/\1.img|' "$tmp/xendev/web.xl.in" |
    sed -n '/^name = /,$p' >"$tmp/filled"
sed -n '/^name = /,$p' "$tmp/xendev/web.xl" >"$tmp/plain"
check "the template with its devices filled in gives web.xl" \
    cmp -s "$tmp/filled" "$tmp/plain"
sed -e '/^xen_bridge/d' -e '/^xen_disk_dir/d' "$tmp/xendev/mirage.spec" \
    >"$tmp/xendev/plain.spec"
mkdir "$tmp/xendef"
cp "$tmp/xendev/plain.spec" "$tmp/xendef/mirage.spec"
run generate "$tmp/xendef/mirage.spec"
check "without --with-xen-bridge the vif joins xenbr0" \
    line_has "$tmp/xendef/web.xl" 'vif = [ "bridge=xenbr0" ]'
check "without --with-xen-disk-dir a disk is relative to xl's folder" \
    line_has "$tmp/xendef/web.xl" 'target=data.img"'
for b in 'br,0' 'a-bridge-name-too-long' 'br"0'; do
    sed "s/^xen_bridge = .*/xen_bridge = $b/" "$tmp/xendev/mirage.spec" \
        >"$tmp/xendef/mirage.spec"
    run check "$tmp/xendef/mirage.spec"
    check "bridge '$b' is refused (exit 1)" test $rc -eq 1
    check "naming --with-xen-bridge" grep -q -e 'bad bridge.*--with-xen-bridge' \
        "$tmp/err"
done
sed "s|^xen_disk_dir = .*|xen_disk_dir = /a,b|" "$tmp/xendev/mirage.spec" \
    >"$tmp/xendef/mirage.spec"
run check "$tmp/xendef/mirage.spec"
check "a disk folder with ',' is refused, naming --with-xen-disk-dir" \
    test $rc -eq 1 && grep -q 'bad disk folder.*--with-xen-disk-dir' "$tmp/err"

## the virtio target: the libvirt domain NAME_libvirt.xml

check "on unix and xen, no NAME_libvirt.xml is written" \
    test -z "$(find "$tmp/gen" "$tmp/other" "$tmp/xen" -name '*_libvirt.xml')"
mkdir "$tmp/virtio" "$tmp/virtioout"
{
    dev clock time "" "" 5
    dev disk block virtio "" 6
    dev uplink net "" "" 7
    dev data block virtio "" 8
    dev scratch block "ramdisk(4096)" "" 9
    dev mgmt net default "" 10
    uk web web_start "clock disk uplink data scratch mgmt" "" virtio 12
} >"$tmp/virtio/mirage.spec"
run generate "$tmp/virtio/mirage.spec"
check "generate for virtio exits 0" test $rc -eq 0
X=$tmp/virtio/web_libvirt.xml
abs=$(cd "$tmp/virtio" && pwd -P)
check "it writes web_libvirt.xml beside the glue" test -f "$X"
check "and no web.xl" test ! -e "$tmp/virtio/web.xl"
check "a KVM domain" line_has "$X" "<domain type='kvm'>"
check "named web" line_has "$X" "<name>web</name>"
check "with 64 MiB" line_has "$X" "<memory unit='MiB'>64</memory>"
check "and one vCPU" line_has "$X" "<vcpu>1</vcpu>"
check "on the q35 machine" \
    line_has "$X" "<type arch='x86_64' machine='q35'>hvm</type>"
check "its kernel is web.virtio, by its absolute path" \
    line_has "$X" "<kernel>$abs/web.virtio</kernel>"
check "no boot argument" line_has "$X" "<cmdline></cmdline>"
for e in "<on_poweroff>destroy</on_poweroff>" "<on_reboot>destroy</on_reboot>" \
    "<on_crash>destroy</on_crash>" "<serial type='pty'>" \
    "<console type='pty'>" "<target type='serial' port='0'/>" \
    "<memballoon model='none'/>"; do
    check "it has $e" line_has "$X" "$e"
done
# each disk as "FILE DEV SERIAL", in the order of the file
sed -n -e "s/.*<source file='\([^']*\)'.*/\1/p" \
    -e "s/.*<target dev='\([^']*\)' bus='virtio'.*/\1/p" \
    -e "s/.*<serial>\(.*\)<\/serial>.*/\1/p" "$X" | tr '\n' ' ' \
    >"$tmp/disks"
printf '%s ' "$abs/disk.img" vda disk "$abs/data.img" vdb data >"$tmp/want"
check "two disks, vda and vdb in declaration order, serials their names" \
    cmp -s "$tmp/want" "$tmp/disks" || sed 's/^/# got: /' "$tmp/disks"
test -s "$tmp/disks" || echo "# no disk found in $X"
check "each a raw file on virtio" test "$(grep -c \
    -e "<disk type='file' device='disk'>" -e "<driver name='qemu' type='raw'/>" \
    "$X")" -eq 4
check "a ramdisk needs no disk" test "$(grep -c '<disk ' "$X")" -eq 2
check "the disk files are placeholders, and it says so" \
    line_has "$X" "placeholder"
check "two NICs on the bridge virbr0" \
    test "$(grep -c "<source bridge='virbr0'/>" "$X")" -eq 2 -a \
    "$(grep -c "<interface type='bridge'>" "$X")" -eq 2 -a \
    "$(grep -c "<model type='virtio'/>" "$X")" -eq 2
check "in declaration order, which the guest binds them in" \
    sh -c "grep -e '<!-- device uplink' -e '<!-- device mgmt' '$X' |
        tr -d '\n' | grep -q 'uplink.*mgmt'"
check "it says the NIC order matters" line_has "$X" "in this order"
check "it says it is generated" \
    line_has "$X" "Generated by mirage" "from mirage.spec (configure.ac); do not edit."
if command -v xmllint >/dev/null 2>&1; then
    check "web_libvirt.xml is well-formed XML" xmllint --noout "$X"
else
    skip "web_libvirt.xml is well-formed XML" "xmllint is not installed"
fi
# virt_validate DESCRIPTION FILE: libvirt's schema accepts FILE as a domain
virt_validate() {
    if command -v virt-xml-validate >/dev/null 2>&1; then
        virt-xml-validate "$2" domain >"$tmp/err" 2>&1
        check "$1" test $? -eq 0
    else
        skip "$1" \
            "virt-xml-validate is not installed (Debian: libvirt-clients)"
    fi
}
virt_validate "virt-xml-validate accepts web_libvirt.xml" "$X"
touch -t 200001010000 "$X"
run generate "$tmp/virtio/mirage.spec"
check "a second generate keeps the mtime of the unchanged web_libvirt.xml" \
    test $rc -eq 0 -a -z "$(find "$tmp/virtio" -name web_libvirt.xml \
    -newer "$tmp/stamp")"
run generate -o "$tmp/virtioout" "$tmp/virtio/mirage.spec"
check "-o DIR puts web_libvirt.xml into DIR" \
    test -f "$tmp/virtioout/web_libvirt.xml"
check "whose paths are DIR's" line_has "$tmp/virtioout/web_libvirt.xml" \
    "<kernel>$(cd "$tmp/virtioout" && pwd -P)/web.virtio</kernel>"
mkdir "$tmp/virtiounix"
sed 's/^target = virtio$/target = unix/; s/^implementation = virtio$/implementation = file(d.img)/' \
    "$tmp/virtio/mirage.spec" | sed '/^\[device uplink\]/,/^$/d; /^\[device mgmt\]/,/^$/d; s/ uplink//; s/ mgmt//' \
    >"$tmp/virtiounix/mirage.spec"
run generate "$tmp/virtiounix/mirage.spec"
check "the same spec for unix writes no web_libvirt.xml" \
    test $rc -eq 0 -a ! -e "$tmp/virtiounix/web_libvirt.xml"
# paths are escaped for XML; a byte XML cannot hold stops generate
odd="$tmp/a&b<c>'d\"e--f"
mkdir "$odd"
cp "$tmp/virtio/mirage.spec" "$odd/"
run generate "$odd/mirage.spec"
check "generate in a folder named with & < > ' \" and -- exits 0" \
    test $rc -eq 0
check "the kernel's path is escaped" line_has "$odd/web_libvirt.xml" \
    "a&amp;b&lt;c&gt;&apos;d&quot;e--f/web.virtio</kernel>"
check "so are the disks' paths" line_has "$odd/web_libvirt.xml" \
    "a&amp;b&lt;c&gt;&apos;d&quot;e--f/disk.img'/>"
virt_validate "virt-xml-validate accepts it" "$odd/web_libvirt.xml"
odd="$tmp/$(printf 'ctl\001x')"
if mkdir "$odd" 2>/dev/null; then
    cp "$tmp/virtio/mirage.spec" "$odd/"
    run generate "$odd/mirage.spec"
    check "a control character in the folder's path exits 1" test $rc -eq 1
    check "saying XML cannot hold it" line_has "$tmp/err" \
        "_libvirt.xml: the folder's absolute path holds a byte that XML cannot hold"
else
    skip "" "no folder with a control character here"
fi

# the glue compiles with the user's matching start function...
cat >"$tmp/gen/unikernel.c" <<'EOF'
#include <stdio.h>
#include <inttypes.h>
#include "mirage_main.h"

int hello_start(struct mirage_time *later, struct mirage_time *clock,
                const char *greeting, int count, bool verbose, int64_t big)
{
    printf("devices %s %s\n", later->name, clock->name);
    printf("greeting [%s]\n", greeting);
    printf("count %d verbose %d big %" PRId64 "\n", count, verbose, big);
    return 7;
}
EOF
(cd "$tmp/gen" && $CC $CFLAGS_STRICT -c mirage_main.c unikernel.c) \
    >"$tmp/err" 2>&1
check "the glue compiles with a matching unikernel.c, without warnings" \
    test $? -eq 0

# ...and runs it: a stand-in for the runtime sets the values and calls run
cat >"$tmp/gen/stub.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mirage/mirage.h>
#include <mirage/time.h>

int mirage_time_default_connect(struct mirage_time **dev, const char *name)
{
    struct mirage_time *t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    t->name = name;
    *dev = t;
    printf("connect %s\n", name);
    return 0;
}

int mirage_device_failed(const char *name, const char *type, int err)
{
    printf("failed %s %s %d\n", name, type, err);
    return MIRAGE_EXIT_INTERNAL;
}

int main(void)
{
    for (size_t i = 0; i < mirage_image.nargs; i++) {
        const struct mirage_arg *a = &mirage_image.args[i];
        const char *v = a->default_value ? a->default_value : "5";
        switch (a->type) {
        case MIRAGE_ARG_STRING:
            *(const char **)a->value = v;
            break;
        case MIRAGE_ARG_BOOL:
            *(bool *)a->value = strcmp(v, "true") == 0;
            break;
        case MIRAGE_ARG_INT:
            *(int *)a->value = (int)strtol(v, NULL, 0);
            break;
        case MIRAGE_ARG_INT64:
            *(int64_t *)a->value = strtoll(v, NULL, 0);
            break;
        default:
            break;
        }
    }
    printf("image %s %s %s, %zu args, %zu devices:", mirage_image.name,
           mirage_image.version, mirage_image.target, mirage_image.nargs,
           mirage_image.ndevices);
    for (size_t i = 0; i < mirage_image.ndevices; i++)
        printf(" %s", mirage_image.devices[i].name);
    printf("\n");
    return mirage_image.run();
}
EOF
cat >"$tmp/expected" <<'EOF'
image hello 1.0 unix, 5 args, 2 devices: clock later
connect clock
connect later
devices later clock
greeting [Say "hi"\ to
	all ??= \n]
count 42 verbose 1 big 5
EOF
status=0
(cd "$tmp/gen" && $CC $CFLAGS_STRICT -o glue mirage_main.c unikernel.c stub.c \
    && ./glue >"$tmp/ran") >"$tmp/err" 2>&1 || status=$?
check "the glue connects devices in order, passes the values, returns the \
start function's status" test $status -eq 7
check "strings survive escaping, devices start in order" \
    cmp -s "$tmp/expected" "$tmp/ran"

# ...and a wrong signature does not compile
cat >"$tmp/gen/wrong.c" <<'EOF'
#include "mirage_main.h"

int hello_start(struct mirage_time *later, const char *greeting)
{
    (void)later;
    (void)greeting;
    return 0;
}
EOF
(cd "$tmp/gen" && $CC $CFLAGS_STRICT -c wrong.c) >"$tmp/err" 2>&1
check "a unikernel.c with a wrong signature fails to compile" test $? -ne 0

# every type and form gives glue that compiles with a matching start function
mkdir "$tmp/types"
{
    arg s string "a b" 3
    arg b bool false 4
    arg i int -1 5
    arg n64 int64 0x10 6
    arg a4 ipv4 10.0.0.1 7
    arg p4 ipv4-prefix 10.0.0.2/24 8 network
    arg a6 ipv6 ::1 9
    arg p6 ipv6-prefix fe80::1/64 10
    arg e 'enum(fast|slow)' fast 11
    arg ls 'list(string)' "x,y" 12
    arg lb 'list(bool)' "" 13
    arg li 'list(int)' 1,2 14
    arg ll 'list(int64)' "" 15
    arg l4 'list(ipv4)' 1.1.1.1,8.8.8.8 16
    arg lp4 'list(ipv4-prefix)' "" 17
    arg l6 'list(ipv6)' "" 18
    arg lp6 'list(ipv6-prefix)' "" 19
    arg le 'list(enum(a|b))' a,b 20
    arg r4 'repeated(ipv4)' "" 21
    arg rs 'repeated(string)' p,q 22
    arg os 'optional(string)' "" 23
    arg ob 'optional(bool)' "" 24
    arg oi 'optional(int)' @none 25
    arg ol 'optional(int64)' "" 26
    arg o4 'optional(ipv4)' "" 27
    arg op4 'optional(ipv4-prefix)' "" 28
    arg o6 'optional(ipv6)' "" 29
    arg op6 'optional(ipv6-prefix)' "" 30
    arg oe 'optional(enum(on|off))' "" 31
    arg qs 'required(string)' "" 32
    arg q6 'required(ipv6-prefix)' "" 33
    arg qe 'required(enum(x|y))' "" 34
    uk typed typed_start "" "s b i n64 a4 p4 a6 p6 e ls lb li ll l4 lp4 l6 lp6 \
le r4 rs os ob oi ol o4 op4 o6 op6 oe qs q6 qe" unix 40
} >"$tmp/types/mirage.spec"
run generate "$tmp/types/mirage.spec"
check "a spec with every type and form generates" test $rc -eq 0
check "the prototype takes a struct for an address" \
    line_has "$tmp/types/mirage_main.h" "struct mirage_ipv4 a4,"
check "a list struct for a list" \
    line_has "$tmp/types/mirage_main.h" "struct mirage_list_ipv4 l4,"
check "a string list for a list of enums" \
    line_has "$tmp/types/mirage_main.h" "struct mirage_list_string le,"
check "a pointer for an optional value" \
    line_has "$tmp/types/mirage_main.h" "const struct mirage_ipv6_prefix *op6,"
check "a plain string for an optional string" \
    line_has "$tmp/types/mirage_main.h" "const char *os,"
check "the enum's choices are an array" \
    line_has "$tmp/types/mirage_main.c" \
    'static const char *const image_choices_e[] = {"fast", "slow", NULL};'
check "the table says the form" \
    line_has "$tmp/types/mirage_main.c" ".form = MIRAGE_ARG_REPEATED,"
check "optional and required arguments have no default" \
    test "$(grep -c '\.default_value = NULL,' "$tmp/types/mirage_main.c")" -eq 12
cat >"$tmp/types/unikernel.c" <<'EOF'
#include <inttypes.h>
#include <stdio.h>
#include "mirage_main.h"

int typed_start(const char *s, bool b, int i, int64_t n64,
                struct mirage_ipv4 a4,
                struct mirage_ipv4_prefix p4, struct mirage_ipv6 a6,
                struct mirage_ipv6_prefix p6, const char *e,
                struct mirage_list_string ls, struct mirage_list_bool lb,
                struct mirage_list_int li, struct mirage_list_int64 ll,
                struct mirage_list_ipv4 l4,
                struct mirage_list_ipv4_prefix lp4,
                struct mirage_list_ipv6 l6,
                struct mirage_list_ipv6_prefix lp6,
                struct mirage_list_string le, struct mirage_list_ipv4 r4,
                struct mirage_list_string rs, const char *os, const bool *ob,
                const int *oi, const int64_t *ol, const struct mirage_ipv4 *o4,
                const struct mirage_ipv4_prefix *op4,
                const struct mirage_ipv6 *o6,
                const struct mirage_ipv6_prefix *op6, const char *oe,
                const char *qs, struct mirage_ipv6_prefix q6, const char *qe)
{
    char buf[MIRAGE_IPV6_PREFIX_STRLEN];

    mirage_ipv4_to_string(&a4, buf, sizeof(buf));
    mirage_ipv4_prefix_to_string(&p4, buf, sizeof(buf));
    mirage_ipv6_to_string(&a6, buf, sizeof(buf));
    mirage_ipv6_prefix_to_string(&p6, buf, sizeof(buf));
    printf("%s %d %d %" PRId64 " %s %s %zu %zu %zu %zu %zu %zu %zu %zu %zu\n",
           s, b, i, n64, e, ls.items[0], lb.len, li.len, ll.len, l4.len,
           lp4.len, l6.len, lp6.len, le.len, r4.len);
    printf("%zu %s %d %d %p %p %p %p %p %s %s %d %s\n", rs.len, os, ob && *ob,
           oi ? *oi : 0, (const void *)ol, (const void *)o4,
           (const void *)op4, (const void *)o6, (const void *)op6, oe, qs,
           q6.length, qe);
    return 0;
}
EOF
(cd "$tmp/types" && $CC $CFLAGS_STRICT -Wshadow -Wpointer-arith \
    -Wwrite-strings -c mirage_main.c unikernel.c) >"$tmp/err" 2>&1
check "the glue of every type compiles with -Wall -Wextra -Werror" \
    test $? -eq 0
(cd "$tmp/types" && sed 's/struct mirage_list_ipv4 r4/struct mirage_list_ipv6 r4/' \
    unikernel.c >wrong.c && $CC $CFLAGS_STRICT -c wrong.c) >"$tmp/err" 2>&1
check "a start function with a wrong list type does not compile" \
    test $? -ne 0

# no devices, no arguments
mkdir "$tmp/empty"
uk noop noop_start "" "" xen 3 >"$tmp/empty/mirage.spec"
run generate "$tmp/empty/mirage.spec"
check "a unikernel without devices or arguments generates" test $rc -eq 0
check "its start function takes void" \
    line_has "$tmp/empty/mirage_main.h" "int noop_start(void);"
check "and no array is declared" \
    test "$(grep -c '\[\] =' "$tmp/empty/mirage_main.c")" -eq 0
cat >"$tmp/empty/unikernel.c" <<'EOF'
#include "mirage_main.h"

int noop_start(void)
{
    return 0;
}
EOF
(cd "$tmp/empty" && $CC $CFLAGS_STRICT -c mirage_main.c unikernel.c) \
    >"$tmp/err" 2>&1
check "and compiles without warnings" test $? -eq 0

## describe

run describe "$tmp/gen/mirage.spec"
check "describe exits 0" test $rc -eq 0
check "describe names the unikernel" \
    line_has "$tmp/out" "unikernel hello, version 1.0, target unix"
check "describe shows the start function" \
    line_has "$tmp/out" "hello_start(later, clock, greeting, count, verbose, big)"
sed -n '/start-up order/,/^$/p' "$tmp/out" | grep '^  [a-z]' >"$tmp/order"
printf '  clock: time/default (configure.ac:11)\n  later: time/default (configure.ac:12)\n' \
    >"$tmp/order.want"
check "describe lists the started devices in start-up order" \
    cmp -s "$tmp/order" "$tmp/order.want"
check "describe lists the unused device apart" line_has "$tmp/out" "  unused:"
check "describe lists the arguments with type and default" \
    line_has "$tmp/out" "--count=INT: int, default \"42\""
check "describe says a required argument is required" \
    line_has "$tmp/out" "--big=INT64: int64, required"

run describe "$tmp/types/mirage.spec"
check "describe shows a list with its value name and default" \
    line_has "$tmp/out" "--l4=IPV4,...: list(ipv4), default \"1.1.1.1,8.8.8.8\""
check "describe shows an enum's choices" \
    line_has "$tmp/out" "--e=fast|slow: enum(fast|slow), default \"fast\""
check "describe says a repeated argument may be repeated" \
    line_has "$tmp/out" "--rs=STRING: repeated(string), default \"p,q\", may be repeated"
check "describe says an optional argument is NULL when absent" \
    line_has "$tmp/out" "--o4=IPV4: optional(ipv4), optional (NULL when absent)"
check "describe says a required(T) argument is required" \
    line_has "$tmp/out" "--q6=PREFIX: required(ipv6-prefix), required (no default)"

run describe --dot "$tmp/gen/mirage.spec"
check "describe --dot exits 0" test $rc -eq 0
check "describe --dot prints a digraph" line_has "$tmp/out" 'digraph "hello" {'
check "with an edge from the unikernel to a device" \
    line_has "$tmp/out" '"unikernel:hello" -> "device:clock";'
if test -n "${DOT-}"; then
    "$DOT" -Tsvg "$tmp/out" >"$tmp/svg" 2>"$tmp/err"
    check "dot -Tsvg accepts describe --dot" test $? -eq 0
else
    skip "" "dot not installed"
fi

run describe "$tmp/invalid/mirage.spec"
check "describe of an invalid spec exits 1" test $rc -eq 1

## Devices with parameters and boot arguments (doc/devices.md)

mkdir "$tmp/bad/htdocs"
{ dev net stack "socket(x)" "" 3; uk u start net "" unix 9; } >"$S"
bad "a parameter to an implementation that takes none" \
    "configure.ac:3: MIRAGE_DEVICE(net):" \
    "implementation 'socket' of 'stack' takes no parameter, but 'x' is given"
{ dev kv kv_ro crunch "" 3; uk u start kv "" unix 9; } >"$S"
bad "a missing required parameter" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "implementation 'crunch' of 'kv_ro' needs a parameter, DIR" \
    "write crunch(DIR)"
{ dev kv kv_ro "direct()" "" 3; uk u start kv "" unix 9; } >"$S"
bad "an empty required parameter" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "implementation 'direct' of 'kv_ro' needs a parameter"
{ dev d block file "" 3; uk u start d "" unix 9; } >"$S"
bad "block file without its PATH" "configure.ac:3: MIRAGE_DEVICE(d):" \
    "needs a parameter, PATH"
{ dev kv kv_ro "crunch(htdocs" "" 3; uk u start kv "" unix 9; } >"$S"
bad "an unclosed parenthesis" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "unbalanced parentheses in implementation 'crunch(htdocs'"
{ dev kv kv_ro "crunch htdocs)" "" 3; uk u start kv "" unix 9; } >"$S"
bad "a ')' without '('" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "unbalanced parentheses in implementation 'crunch htdocs)'"
{ dev kv kv_ro "crunch(a(b)" "" 3; uk u start kv "" unix 9; } >"$S"
bad "unbalanced parentheses inside the parameter" \
    "configure.ac:3: MIRAGE_DEVICE(kv):" "unbalanced parentheses in the parameter"
{ dev kv kv_ro "crunch(a)b" "" 3; uk u start kv "" unix 9; } >"$S"
bad "text after the parameter" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "text after the parameter in implementation 'crunch(a)b'"
{ dev kv kv_ro "(htdocs)" "" 3; uk u start kv "" unix 9; } >"$S"
bad "a parameter without an implementation" \
    "configure.ac:3: MIRAGE_DEVICE(kv):" "has a parameter but no name"
{ dev kv kv_ro "crunch(../htdocs)" "" 3; uk u start kv "" unix 9; } >"$S"
bad "a crunch directory with '..'" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "crunch directory '../htdocs' has a '..' component"
{ dev kv kv_ro "crunch(nothere)" "" 3; uk u start kv "" unix 9; } >"$S"
bad "a crunch directory that does not exist" \
    "configure.ac:3: MIRAGE_DEVICE(kv):" "crunch directory 'nothere' not found"
{ dev kv kv_ro "direct(/srv)" "" 3; uk u start kv "" spt 9; } >"$S"
bad "a unix-only implementation on spt" "configure.ac:3: MIRAGE_DEVICE(kv):" \
    "implementation 'direct' of 'kv_ro' is not available on target 'spt'"
{ dev d block "file(a.img)" "" 3; uk u start d "" xen 9; } >"$S"
bad "block file on xen" "configure.ac:3: MIRAGE_DEVICE(d):" \
    "'file' of 'block' is not available on target 'xen'"
{ dev net stack socket "" 3; uk u start net "" hvt 9; } >"$S"
bad "the socket stack on hvt" "configure.ac:3: MIRAGE_DEVICE(net):" \
    "'socket' of 'stack' is not available on target 'hvt'"
{ arg ipv4 string x 2; dev net stack socket "" 3; uk u start net ipv4 unix 9; } >"$S"
bad "a device's boot argument clashing with a user's, naming both" \
    "configure.ac:3: MIRAGE_DEVICE(net):" "boot argument --ipv4 of device 'net'" \
    "clashes with MIRAGE_RUNTIME_ARG(ipv4) at configure.ac:2"
{ arg block-disk string x 2; dev disk block "file(a.img)" "" 3
  uk u start disk block-disk unix 9; } >"$S"
bad "a device-named boot argument clashing with a user's" \
    "configure.ac:3: MIRAGE_DEVICE(disk):" "--block-disk of device 'disk'" \
    "MIRAGE_RUNTIME_ARG(block-disk) at configure.ac:2"
{ dev n1 stack socket "" 3; dev n2 stack socket "" 4
  uk u start "n1 n2" "" unix 9; } >"$S"
bad "two devices whose boot arguments clash, naming both" \
    "configure.ac:4: MIRAGE_DEVICE(n2):" "--ipv4, --ipv6, --ipv4-only, --ipv6-only" \
    "of device 'n2' (stack/socket)" "device 'n1' (stack/socket) at configure.ac:3"
{ dev Disk block "file(a.img)" "" 3; uk u start Disk "" unix 9; } >"$S"
bad "a device name that makes an invalid boot argument name" \
    "configure.ac:3: MIRAGE_DEVICE(Disk):" "'block-Disk' is not a valid argument name"
{ dev my_disk block "file(a.img)" "" 3; uk u start my_disk "" unix 9; } >"$S"
run check "$S"
check "a device name with '_' gives an argument with '-'" test $rc -eq 0
run describe "$S"
check "describe names it --block-my-disk" line_has "$tmp/out" "--block-my-disk"

# the glue of every device type compiles, against stub device headers that
# declare exactly the connect functions of doc/devices.md
mkdir -p "$tmp/dev/stub/mirage" "$tmp/dev/src/htdocs/sub"
printf 'hello' >"$tmp/dev/src/htdocs/index.html"
printf 'b' >"$tmp/dev/src/htdocs/sub/b.txt"
stub() { # stub HEADER TYPE CONNECT-DECLARATIONS...
    h=$1 t=$2
    shift 2
    {
        printf '#ifndef STUB_%s\n#define STUB_%s\n' "$t" "$t"
        printf '#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n'
        printf '#include <mirage/ipaddr.h>\n'
        printf 'struct mirage_%s { const char *name; };\n' "$t"
        for decl in "$@"; do printf '%s;\n' "$decl"; done
        printf '#endif\n'
    } >"$tmp/dev/stub/mirage/$h"
}
stub mclock.h mclock \
    'int mirage_mclock_default_connect(struct mirage_mclock **, const char *)'
stub pclock.h pclock \
    'int mirage_pclock_default_connect(struct mirage_pclock **, const char *)'
stub random.h random \
    'int mirage_random_default_connect(struct mirage_random **, const char *)'
stub kv_rw.h kv_rw \
    'int mirage_kv_rw_memory_connect(struct mirage_kv_rw **, const char *)'
stub block.h block \
    'int mirage_block_file_connect(struct mirage_block **, const char *, const char *, const char *)' \
    'int mirage_block_ramdisk_connect(struct mirage_block **, const char *, const char *)'
stub stack.h stack \
    'int mirage_stack_socket_connect(struct mirage_stack **, const char *, struct mirage_ipv4_prefix, struct mirage_ipv6_prefix, bool, bool)'
stub kv_ro.h kv_ro \
    'struct mirage_kv_crunch_file { const char *key; const unsigned char *data; size_t size; int64_t mtime_ns; const unsigned char *sha256; }' \
    'struct mirage_kv_crunch { size_t count; const struct mirage_kv_crunch_file *files; }' \
    'int mirage_kv_ro_crunch_connect(struct mirage_kv_ro **, const char *, const struct mirage_kv_crunch *)' \
    'int mirage_kv_ro_direct_connect(struct mirage_kv_ro **, const char *, const char *)'
{
    dev mclock mclock "" "" 3
    dev pclock pclock default "" 4
    dev rng random "" "" 5
    dev store kv_rw "" "" 6
    dev disk block "file(disk \"1\".img)" "" 7
    dev scratch block ramdisk "" 8
    dev big block "ramdisk(4096)" "" 9
    dev net stack socket "" 10
    dev web kv_ro "crunch(htdocs)" "" 11
    dev host kv_ro " direct ( /srv/data ) " "" 12
    uk u start "mclock pclock rng store disk scratch big net web host" "" unix 20
    printf 'srcdir = %s/dev/src\n' "$tmp"
} >"$tmp/dev/mirage.spec"
run generate "$tmp/dev/mirage.spec"
check "generate with every device type exits 0" test $rc -eq 0
G=$tmp/dev/mirage_main.c
check "the file block device gets its parameter, then its boot argument" \
    line_has "$G" 'mirage_block_file_connect(&dev_disk, "disk", "disk \"1\".img",'
check "its boot argument is --block-disk, defaulting to the parameter" \
    line_has "$G" '.default_value = "disk \"1\".img"'
check "in section disk" line_has "$G" ".section = MIRAGE_SECTION_DISK"
check "ramdisk gets the default size" \
    line_has "$G" 'mirage_block_ramdisk_connect(&dev_scratch, "scratch", "1048576");'
check "ramdisk gets a given size" \
    line_has "$G" 'mirage_block_ramdisk_connect(&dev_big, "big", "4096");'
check "the socket stack gets its typed boot arguments" \
    line_has "$G" 'mirage_stack_socket_connect(&dev_net, "net", arg_ipv4, arg_ipv6,'
check "and the stack's arguments are stored with their C types" \
    line_has "$G" "static struct mirage_ipv4_prefix arg_ipv4;"
check "crunch passes the generated data" \
    line_has "$G" 'mirage_kv_ro_crunch_connect(&dev_web, "web",'
check "mirage_main.c includes the crunch source" \
    line_has "$G" '#include "mirage_crunch_web.c"'
check "direct gets its parameter, trimmed" \
    line_has "$G" 'mirage_kv_ro_direct_connect(&dev_host, "host", "/srv/data");'
check "generate writes mirage_crunch_web.c" test -s "$tmp/dev/mirage_crunch_web.c"
check "and mirage_crunch_web.d" test -s "$tmp/dev/mirage_crunch_web.d"
check "the .d file makes the crunch source depend on the directory" \
    line_has "$tmp/dev/mirage_crunch_web.d" "$tmp/dev/src/htdocs \\"
check "and on every file below it" \
    line_has "$tmp/dev/mirage_crunch_web.d" "$tmp/dev/src/htdocs/sub/b.txt"
check "with an empty rule per file, for files that disappear" \
    line_has "$tmp/dev/mirage_crunch_web.d" "$tmp/dev/src/htdocs/index.html:"
cat >"$tmp/dev/unikernel.c" <<'EOF'
#include "mirage_main.h"

int start(struct mirage_mclock *mclock, struct mirage_pclock *pclock,
          struct mirage_random *rng, struct mirage_kv_rw *store,
          struct mirage_block *disk, struct mirage_block *scratch,
          struct mirage_block *big, struct mirage_stack *net,
          struct mirage_kv_ro *web, struct mirage_kv_ro *host)
{
    (void)mclock, (void)pclock, (void)rng, (void)store, (void)disk;
    (void)scratch, (void)big, (void)net, (void)web, (void)host;
    return 0;
}
EOF
(cd "$tmp/dev" && $CC $CFLAGS_STRICT -Wshadow -Wpointer-arith -Wwrite-strings \
    -I"$tmp/dev/stub" -I"$top_srcdir/runtime/include" \
    -c mirage_main.c unikernel.c) >"$tmp/err" 2>&1
check "the glue of every device type compiles with -Wall -Wextra -Werror" \
    test $? -eq 0
missing=
for h in mclock pclock random kv_ro kv_rw block stack; do
    test -f "$top_srcdir/runtime/include/mirage/$h.h" || missing="$missing $h.h"
done
if test -z "$missing"; then
    (cd "$tmp/dev" && $CC $CFLAGS_STRICT -Wshadow -Wpointer-arith \
        -Wwrite-strings -c mirage_main.c unikernel.c) >"$tmp/err" 2>&1
    check "and against the runtime's own device headers" test $? -eq 0
else
    skip "" "runtime device headers missing:$missing"
fi
run describe "$tmp/dev/mirage.spec"
check "describe shows a device's parameter" \
    line_has "$tmp/out" 'parameter PATH: "disk \"1\".img"'
check "describe shows a device's boot arguments" \
    line_has "$tmp/out" "boot arguments: --ipv4 --ipv6 --ipv4-only --ipv6-only"
check "describe lists a device's argument with its default and device" \
    line_has "$tmp/out" '--ipv4=PREFIX: ipv4-prefix, default "0.0.0.0/0", section network, passed to device net'
run types
check "types shows a required parameter" \
    line_has "$tmp/out" "parameter: file(PATH), required"
check "types shows a parameter's default" \
    line_has "$tmp/out" "parameter: ramdisk(BYTES), optional (default 1048576)"
check "types shows an implementation's boot arguments" \
    line_has "$tmp/out" "--block-NAME: string, default the parameter, section disk"
check "types says which implementations are unix-only" \
    sh -c "grep -A1 'implementation direct' '$tmp/out' | grep -q 'targets: unix\$'"

## mirage crunch

C=$tmp/crunch
mkdir -p "$C/a/sub" "$C/b/sub" "$C/empty"
# the same files, created in opposite orders
for f in z.txt m.bin sub/y a.txt; do printf '%s\n' "$f" >"$C/a/$f"; done
: >"$C/a/nothing"
: >"$C/b/nothing"
for f in a.txt sub/y m.bin z.txt; do printf '%s\n' "$f" >"$C/b/$f"; done
head -c 300 /dev/urandom >"$C/a/m.bin" && cp "$C/a/m.bin" "$C/b/m.bin"
run crunch "$C/a" --name site -o "$C/a1.c"
check "crunch exits 0" test $rc -eq 0
run crunch "$C/a" --name site -o "$C/a2.c"
check "two runs are byte-identical" cmp -s "$C/a1.c" "$C/a2.c"
run crunch --name site "$C/b"
check "crunch writes standard output without -o" test $rc -eq 0
check "and the output does not depend on the order files were made in" \
    cmp -s "$C/a1.c" "$tmp/out"
check "crunch defines mirage_crunch_NAME" \
    line_has "$C/a1.c" "const struct mirage_kv_crunch mirage_crunch_site = {"
check "crunch includes <mirage/kv_ro.h>" line_has "$C/a1.c" "#include <mirage/kv_ro.h>"
grep -o '{"[^"]*", mirage_crunch' "$C/a1.c" | sed 's/{"//; s/", .*//' >"$C/keys"
printf 'a.txt\nm.bin\nnothing\nsub/y\nz.txt\n' >"$C/keys.want"
check "keys are sorted bytewise, with sub-folders as 'sub/y'" \
    cmp -s "$C/keys" "$C/keys.want"
check "an empty file has size 0" \
    line_has "$C/a1.c" '{"nothing", mirage_crunch_site_2, 0, 0, mirage_crunch_site_2_sha256},'
check "no modification times without --mtime" \
    line_has "$C/a1.c" '{"a.txt", mirage_crunch_site_0, 6, 0, mirage_crunch_site_0_sha256},'
# the SHA-256 of each file, as sha256sum computes it, in the array
for k in 0:a.txt 1:m.bin 2:nothing 3:sub/y; do
    want=$(sha256sum "$C/a/${k#*:}" | cut -d' ' -f1)
    got=$(sed -n "/^static const unsigned char mirage_crunch_site_${k%%:*}_sha256\[\]/,/^};/p" \
        "$C/a1.c" | grep -o '0x[0-9a-f][0-9a-f]' | sed 's/0x//' | tr -d '\n')
    check "the SHA-256 of ${k#*:} is crunched with it" test "$got" = "$want"
done
run crunch --mtime --name site "$C/a"
check "--mtime records modification times" line_has "$tmp/out" "INT64_C("
# SOURCE_DATE_EPOCH bounds the times: a file newer than the build's date
# gets that date, an older one keeps its own
mkdir -p "$C/dated"
printf 'old\n' >"$C/dated/old" && touch -d @1000000000 "$C/dated/old"
printf 'new\n' >"$C/dated/new" && touch -d @2000000000 "$C/dated/new"
SOURCE_DATE_EPOCH=1500000000
export SOURCE_DATE_EPOCH
run crunch --mtime --name d "$C/dated"
check "--mtime with SOURCE_DATE_EPOCH exits 0" test $rc -eq 0
check "a file newer than SOURCE_DATE_EPOCH gets its date" \
    line_has "$tmp/out" '{"new", mirage_crunch_d_0, 4, INT64_C(1500000000000000000), mirage_crunch_d_0_sha256},'
check "an older file keeps its modification time" \
    line_has "$tmp/out" '{"old", mirage_crunch_d_1, 4, INT64_C(1000000000000000000), mirage_crunch_d_1_sha256},'
SOURCE_DATE_EPOCH=
run crunch --mtime --name d "$C/dated"
check "an empty SOURCE_DATE_EPOCH is as if unset" \
    line_has "$tmp/out" '{"new", mirage_crunch_d_0, 4, INT64_C(2000000000000000000), mirage_crunch_d_0_sha256},'
SOURCE_DATE_EPOCH=yesterday
run crunch --mtime --name d "$C/dated"
check "a SOURCE_DATE_EPOCH that is not a number stops crunch --mtime (exit 1)" \
    test $rc -eq 1
check "and the message names it and says what it must be" \
    line_has "$tmp/err" "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01 UTC"
SOURCE_DATE_EPOCH=99999999999999999999
run crunch --mtime --name d "$C/dated"
check "a SOURCE_DATE_EPOCH too large for nanoseconds stops crunch --mtime" \
    test $rc -eq 1
SOURCE_DATE_EPOCH=yesterday
run crunch --name d "$C/dated"
check "without --mtime SOURCE_DATE_EPOCH is not read" test $rc -eq 0
unset SOURCE_DATE_EPOCH
run crunch "$C/a/"
check "the default name is the directory's" \
    line_has "$tmp/out" "mirage_crunch_a = {"
run crunch --name site "$C/empty"
check "an empty directory crunches to no files" \
    line_has "$tmp/out" ".count = 0,"
printf '%s\n' '#include "site.c"' '#include <stdio.h>' '#include <string.h>' \
    'int main(void)' '{' \
    '    for (size_t i = 0; i < mirage_crunch_site.count; i++) {' \
    '        const struct mirage_kv_crunch_file *f = &mirage_crunch_site.files[i];' \
    '        if (strcmp(f->key, "sub/y") == 0)' \
    '            return f->size == 6 && memcmp(f->data, "sub/y\n", 6) == 0 ? 0 : 2;' \
    '    }' \
    '    return 1;' '}' >"$C/find.c"
cp "$C/a1.c" "$C/site.c"
(cd "$C" && $CC $CFLAGS_STRICT -Wshadow -Wpointer-arith -Wwrite-strings \
    -I"$tmp/dev/stub" -o find find.c && ./find) >"$tmp/err" 2>&1
check "the crunched C compiles and a program finds a file's bytes in it" \
    test $? -eq 0
cp "$tmp/out" "$C/empty.c"
(cd "$C" && $CC $CFLAGS_STRICT -I"$tmp/dev/stub" -c empty.c) >"$tmp/err" 2>&1
check "an empty directory's C compiles" test $? -eq 0
ln -s a.txt "$C/a/link"
run crunch "$C/a"
check "a symbolic link is refused" test $rc -eq 1
check "and named" line_has "$tmp/err" "$C/a/link' is a symbolic link"
rm "$C/a/link"
run crunch "$C/a/../b"
check "a '..' component is refused" test $rc -eq 1
check "and named" line_has "$tmp/err" "has a '..' component"
if command -v mkfifo >/dev/null 2>&1 && mkfifo "$C/b/fifo" 2>/dev/null; then
    run crunch "$C/b"
    check "a FIFO is refused" line_has "$tmp/err" "is a FIFO"
    rm -f "$C/b/fifo"
else
    skip "" "mkfifo not available"
fi
run crunch "$C/a/a.txt"
check "a file instead of a directory is refused" line_has "$tmp/err" "not a directory"
run crunch --name 9x "$C/a"
check "an invalid --name is refused" test $rc -eq 2
run crunch
check "a missing DIR is refused" test $rc -eq 2

done_testing
