#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/helper-deps.sh: a type's default implementation per target
# (default.TARGET) and the devices of an implementation's default
# dependencies (deps_default), as `mirage types`, check, generate and
# describe use them: the stack is the socket stack on unix and the direct
# stack elsewhere, over a net device 'service' that the helper adds when
# none is declared. Only generate, describe, check and types run: no image
# is linked.
. "$top_srcdir/tests/lib.sh"
MIRAGE=$top_builddir/src/mirage
test -x "$MIRAGE" || skip_all "the helper src/mirage is not built"

# run ARGS...: runs the helper; stdout in $scratch/out, stderr in
# $scratch/err, the status in $rc.
run() {
    rc=0
    "$MIRAGE" "$@" >"$scratch/out" 2>"$scratch/err" || rc=$?
}
# has DESCRIPTION FILE LINE: FILE has LINE, a whole line, as written.
has() {
    if grep -F -x -q -e "$3" "$2"; then ok "$1"; else
        not_ok "$1"
        diag "no line: $3"
        diag_file "$2"
    fi
}
# hasnt DESCRIPTION FILE TEXT: no line of FILE holds TEXT.
hasnt() {
    if grep -F -q -e "$3" "$2"; then
        not_ok "$1"
        grep -F -e "$3" "$2" | sed 's/^/# found: /'
    else
        ok "$1"
    fi
}
# line_no FILE LINE: the number of the first line of FILE that is LINE
# (0 when none).
line_no() {
    grep -F -x -n -e "$2" "$1" | sed -n '1s/:.*//p' | grep . || echo 0
}
# before DESCRIPTION FILE FIRST SECOND: both lines are in FILE, FIRST above.
before() {
    a=$(line_no "$2" "$3")
    b=$(line_no "$2" "$4")
    if test "$a" -gt 0 && test "$b" -gt "$a"; then ok "$1"; else
        not_ok "$1"
        diag "line $a: $3" "line $b: $4"
    fi
}

# Spec sections. dev NAME TYPE IMPL DEPENDS LINE
dev() {
    printf '[device %s]\nlocation = configure.ac:%s\ntype = %s\n' "$1" "$5" "$2"
    printf 'implementation = %s\ndepends = %s\n\n' "$3" "$4"
}
# uk DEVICES TARGET
uk() {
    printf '[unikernel u]\nlocation = configure.ac:9\nstart = start\n'
    printf 'devices = %s\nargs =\nversion = 1.0\ntarget = %s\n\n' "$1" "$2"
}
# spec NAME: the folder $scratch/NAME, with mirage.spec from stdin.
spec() {
    mkdir -p "$scratch/$1"
    cat >"$scratch/$1/mirage.spec"
}

## mirage types

run types
check "types exits 0" test "$rc" -eq 0
has "the socket stack is the default on unix" "$scratch/out" \
    "      implementation socket (default on unix): the host's sockets"
grep -F -e "      implementation direct (default elsewhere): our own TCP/IP" \
    "$scratch/out" >/dev/null
check_status "the direct stack is the default elsewhere" 0 $?
has "the direct stack's net device is 'service' by default" "$scratch/out" \
    "          dependencies: net (by default the device service)"
has "a type with one default says (default)" "$scratch/out" \
    "      implementation ramdisk (default): a disk in memory, zeroed at boot"
check "no implementation of a type with defaults per target says just (default)" \
    test -z "$(sed -n '/^  stack: /,/^  [a-z_]*: /p' "$scratch/out" |
        grep -F '(default)')"

## MIRAGE_DEVICE([stack], [stack]) on each target

for t in unix spt hvt virtio xen; do
    { dev stack stack "" "" 5; uk stack $t; } | spec "$t"
    run check "$scratch/$t/mirage.spec"
    check "$t: the stack alone checks, silently" \
        test "$rc" -eq 0 -a ! -s "$scratch/err"
    run generate "$scratch/$t/mirage.spec"
    check "$t: generate exits 0" test "$rc" -eq 0
done

G=$scratch/unix/mirage_main.c
has "unix: the socket stack" "$G" "    /* stack: stack/socket, configure.ac:5 */"
has "unix: connected with its boot arguments" "$G" \
    '    rc = mirage_stack_socket_connect(&dev_stack, "stack", arg_ipv4, arg_ipv6,'
hasnt "unix: no net device is added" "$G" "service"
run describe "$scratch/unix/mirage.spec"
has "unix: describe shows the socket stack" "$scratch/out" \
    "  stack: stack/socket (configure.ac:5)"

for t in spt hvt virtio xen; do
    G=$scratch/$t/mirage_main.c
    added="    /* service: net/default, added for stack 'stack' (configure.ac:5) */"
    has "$t: the glue connects a net device 'service' the helper added" \
        "$G" "$added"
    has "$t: with the net type's default" "$G" \
        '    rc = mirage_net_default_connect(&dev_service, "service");'
    has "$t: then the direct stack over it" "$G" \
        '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_service, arg_ipv4,'
    before "$t: the net device is connected first" "$G" "$added" \
        "    /* stack: stack/direct, configure.ac:5 */"
    has "$t: the stack's entry lists its dependency" "$G" \
        '        .depends = "service",'
    has "$t: the net device's entry says its implementation" "$G" \
        '        .implementation = "default",'
    has "$t: a failed connect names the added device" "$G" \
        '        return mirage_device_failed("service", "net", rc);'
    run describe "$scratch/$t/mirage.spec"
    has "$t: describe marks the net device as added for the stack" \
        "$scratch/out" \
        "  service: net/default (added for stack 'stack', configure.ac:5)"
    has "$t: and says the stack's dependency is the default one" \
        "$scratch/out" "      depends on: service (by default)"
    before "$t: describe lists the net device first" "$scratch/out" \
        "  service: net/default (added for stack 'stack', configure.ac:5)" \
        "  stack: stack/direct (configure.ac:5)"
done

# The tender attaches the added device like a declared one.
for t in spt hvt; do
    G=$scratch/$t/mirage_main.c
    has "$t: one device in the manifest" "$G" "        .count = 1,"
    has "$t: the tender attaches the net device 'service'" "$G" \
        '            {.name = "service", .type = MIRAGE_TENDER_DEV_NET},'
    has "$t: its manifest entry says where it comes from" "$G" \
        "            /* net/default, added for stack 'stack' (configure.ac:5) */"
done
X=$scratch/virtio/u_libvirt.xml
has "virtio: the libvirt domain has a NIC for the net device 'service'" "$X" \
    "    <!-- device service (net/default) -->"
before "virtio: a virtio-net interface" "$X" \
    "    <!-- device service (net/default) -->" "      <model type='virtio'/>"
check "unix: no NAME_libvirt.xml" test ! -e "$scratch/unix/u_libvirt.xml"

run describe --dot "$scratch/spt/mirage.spec"
has "describe --dot: the added device's node says so" "$scratch/out" \
    '    "device:service" [shape="box", label="service\nnet/default\n(added)"];'
has "describe --dot: the stack's edge to it" "$scratch/out" \
    '    "device:stack" -> "device:service";'

# On xen the added device is a vif of the domain, in NAME.xl.
has "xen: u.xl gives the net device 'service' a vif" "$scratch/xen/u.xl" \
    'vif = [ "bridge=xenbr0" ]'
has "xen: and names the vif's device" "$scratch/xen/u.xl" \
    "# connects them: 0 service."

## a declared 'service' is the stack's

{
    dev stack stack "" "" 3
    dev service net default "" 5
    uk stack spt
} | spec declared
run generate "$scratch/declared/mirage.spec"
G=$scratch/declared/mirage_main.c
check "a declared net device 'service' (after the stack): generate exits 0" \
    test "$rc" -eq 0 -a ! -s "$scratch/err"
has "the glue connects the declared device" "$G" \
    "    /* service: net/default, configure.ac:5 */"
check "once" test "$(grep -c 'mirage_net_default_connect(' "$G")" -eq 1
has "the stack gets it" "$G" \
    '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_service, arg_ipv4,'
hasnt "nothing is added" "$G" "added for"
run describe "$scratch/declared/mirage.spec"
has "describe: the declared device at its own line" "$scratch/out" \
    "  service: net/default (configure.ac:5)"

# its implementation is the user's: null needs no host, so no manifest entry
{
    dev service net null "" 2
    dev stack stack "" "" 3
    uk stack spt
} | spec declared_null
run generate "$scratch/declared_null/mirage.spec"
G=$scratch/declared_null/mirage_main.c
check "a declared null 'service': generate exits 0" test "$rc" -eq 0
has "the stack is over the null device" "$G" \
    '    rc = mirage_net_null_connect(&dev_service, "service");'
has "and the tender attaches nothing" "$G" "        .count = 0,"

# declared on xen, it is used instead of the default
{
    dev service net null "" 2
    dev stack stack "" "" 3
    uk stack xen
} | spec declared_xen
run generate "$scratch/declared_xen/mirage.spec"
check "xen: with a declared net device 'service', generate exits 0" \
    test "$rc" -eq 0
has "xen: the direct stack is over it" "$scratch/declared_xen/mirage_main.c" \
    '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_service, arg_ipv4,'

## an explicit list of dependencies is honoured

{
    dev uplink net "" "" 3
    dev stack stack "" uplink 5
    uk stack spt
} | spec explicit
run generate "$scratch/explicit/mirage.spec"
G=$scratch/explicit/mirage_main.c
check "a stack over a declared 'uplink': generate exits 0" test "$rc" -eq 0
has "the stack is connected over it" "$G" \
    '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_uplink, arg_ipv4,'
hasnt "no device 'service' is added" "$G" "service"
has "the tender attaches uplink" "$G" \
    '            {.name = "uplink", .type = MIRAGE_TENDER_DEV_NET},'
run describe "$scratch/explicit/mirage.spec"
has "describe: its dependency, not by default" "$scratch/out" \
    "      depends on: uplink"

# direct asked for on unix, over a net device of unix
{
    dev wire net null "" 3
    dev stack stack direct wire 5
    uk stack unix
} | spec unix_direct
run generate "$scratch/unix_direct/mirage.spec"
check "unix: the direct stack named, over a declared device: generate exits 0" \
    test "$rc" -eq 0
has "unix: the direct stack" "$scratch/unix_direct/mirage_main.c" \
    '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_wire, arg_ipv4,'

# a 'service' that is declared but not the stack's stays as it is
{
    dev service net default "" 3
    dev uplink net default "" 4
    dev stack stack "" uplink 5
    uk "stack service" spt
} | spec both
run generate "$scratch/both/mirage.spec"
check "a stack over uplink, beside a 'service': generate exits 0" \
    test "$rc" -eq 0
has "the stack is over uplink" "$scratch/both/mirage_main.c" \
    '    rc = mirage_stack_direct_connect(&dev_stack, "stack", dev_uplink, arg_ipv4,'

## wrong types and misuse

{
    dev service block ramdisk "" 3
    dev stack stack "" "" 5
    uk stack spt
} | spec wrong
run check "$scratch/wrong/mirage.spec"
check "a 'service' that is no net device is refused" test "$rc" -eq 1
has "the message names both devices" "$scratch/err" \
    "configure.ac:5: MIRAGE_DEVICE(stack): stack 'stack' (direct) takes a net device, by default the device 'service', but 'service' (configure.ac:3) is a block device; name its net device, as MIRAGE_DEVICE([stack], [stack], [direct], [DEVICE]), or rename the block device 'service'"
check "and it is the only error (the block device is not used: a warning)" \
    test "$(grep -v -c ': warning: ' "$scratch/err")" -eq 1

# the stack is not used: only it is warned about, not what it would add
{
    dev clock time "" "" 3
    dev stack stack "" "" 5
    uk clock spt
} | spec unused
run generate "$scratch/unused/mirage.spec"
check "an unused stack: generate exits 0" test "$rc" -eq 0
grep -F -e "configure.ac:5: warning: MIRAGE_DEVICE(stack): device 'stack' is not used" \
    "$scratch/err" >/dev/null
check_status "the stack is warned about" 0 $?
hasnt "the device added for it is not" "$scratch/err" "'service'"
hasnt "nor started" "$scratch/unused/mirage_main.c" "dev_service"
has "nor attached by the tender" "$scratch/unused/mirage_main.c" \
    "        .count = 0,"

# a wrong number of dependencies is refused as before
{
    dev a net default "" 2
    dev b net default "" 3
    dev stack stack "" "a b" 5
    uk stack spt
} | spec two
run check "$scratch/two/mirage.spec"
check "two dependencies for the direct stack are refused" test "$rc" -eq 1
grep -F -e "configure.ac:5: MIRAGE_DEVICE(stack): implementation 'direct' of 'stack' takes 1 dependency" \
    "$scratch/err" >/dev/null
check_status "with the count it takes" 0 $?

# an implementation with no parameter named, per target, in messages
{
    dev stack stack "(x)" "" 5
    uk stack unix
} | spec param
run check "$scratch/param/mirage.spec"
has "unix: a parameter with no implementation suggests the target's default" \
    "$scratch/err" \
    "configure.ac:5: MIRAGE_DEVICE(stack): implementation '(x)' has a parameter but no name; write IMPLEMENTATION(PARAMETER), such as socket(x)"
{
    dev stack stack fast "" 5
    uk stack spt
} | spec unknown
run check "$scratch/unknown/mirage.spec"
has "spt: an unknown implementation lists the others, with the default on spt" \
    "$scratch/err" \
    "configure.ac:5: MIRAGE_DEVICE(stack): device type 'stack' has no implementation 'fast'; known implementations: socket, direct (the default)"
done_testing
