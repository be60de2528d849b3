#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/unit/helper-registry.sh: src/registry.awk, which makes the helper's
# registry from the registry.def files of devices/: the build's table is
# the one the tree's entries give, in whatever order they come; a mistake
# in an entry stops it with the file, the line and what is wrong.
# shellcheck disable=SC2046 # lists of entries, split into words on purpose
. "$top_srcdir/tests/lib.sh"
gen=$top_srcdir/src/registry.awk
awk=${AWK:-awk}
table=$top_builddir/src/registry_table.c
test -f "$table" || table=$top_srcdir/src/registry_table.c
test -f "$table" || skip_all "src/registry_table.c is not made"

# The tree's entries, in the order the shell lists them and reversed.
(cd "$top_srcdir" && ls devices/*/registry.def devices/*/*/registry.def) \
    >"$scratch/defs"
check "the tree has registry entries" test -s "$scratch/defs"
(cd "$top_srcdir" && $awk -f "$gen" $(cat "$scratch/defs")) \
    >"$scratch/fwd.c" 2>"$scratch/fwd.err"
check_status "the tree's entries make a table" 0 $?
check "the build's table is the one the tree's entries make" \
    cmp -s "$scratch/fwd.c" "$table"
(cd "$top_srcdir" && $awk -f "$gen" $(sort -r "$scratch/defs")) \
    >"$scratch/rev.c" 2>&1
check "the order of the entries given does not matter" \
    cmp -s "$scratch/fwd.c" "$scratch/rev.c"
check_grep "the table names each entry it comes from" \
    '/\* devices/block/ramdisk/registry\.def \*/' "$scratch/fwd.c"

# ./bootstrap's list of the entries and fragments is the tree's: a folder
# added since is built and registered only once ./bootstrap has run.
list=$top_srcdir/devices/list.mk
sed -n 's/^[[:space:]]*\(devices\/.*registry\.def\).*/\1/p' "$list" | sort \
    >"$scratch/listed"
sort "$scratch/defs" >"$scratch/found"
if cmp -s "$scratch/listed" "$scratch/found"; then
    ok "devices/list.mk names every registry entry of the tree"
else
    not_ok "devices/list.mk names every registry entry of the tree"
    diag "run ./bootstrap; the differences (< listed, > in the tree):"
    diff "$scratch/listed" "$scratch/found" | grep '^[<>]' | sed 's/^/# /'
fi
# shellcheck disable=SC2016 # $(srcdir) is make's, in the text
sed -n 's/^include \$(srcdir)\/\(.*\)$/\1/p' "$list" | sort >"$scratch/listed"
(cd "$top_srcdir" && ls devices/*/local.mk devices/*/*/local.mk) | sort \
    >"$scratch/found"
if cmp -s "$scratch/listed" "$scratch/found"; then
    ok "devices/list.mk includes every build fragment of the tree"
else
    not_ok "devices/list.mk includes every build fragment of the tree"
    diag "run ./bootstrap; the differences (< listed, > in the tree):"
    diff "$scratch/listed" "$scratch/found" | grep '^[<>]' | sed 's/^/# /'
fi

# A small registry: a type t with implementations a (its default) and b.
mkdir -p "$scratch/r/devices/t/a" "$scratch/r/devices/t/b"
cat >"$scratch/r/devices/t/registry.def" <<'EOF'
# the type
order = 1
c_type = struct mirage_t
header = mirage/t.h
default = a
default.spt = b
doc = a type
EOF
cat >"$scratch/r/devices/t/a/registry.def" <<'EOF'
order = 2
doc = the first one, whose doc
  goes on
connect = t_a_connect
EOF
cat >"$scratch/r/devices/t/b/registry.def" <<'EOF'
order = 1
doc = a "quoted" \ name
targets = unix spt
needs = bearssl
connect = t_b_connect
deps = t
deps_default = inner
param = string
param_name = N
param_default = 7
param_doc = a number
param_check = t_b_check
host = disk

arg = b-%s
arg.type = int
arg.default = %p
arg.doc = The b of %s.
arg.docv = COUNT
arg.section = disk
EOF
# run_gen OUT: runs the script on the small registry; its status in $rc.
run_gen() {
    (cd "$scratch/r" && $awk -f "$gen" devices/t/registry.def \
        devices/t/a/registry.def devices/t/b/registry.def) \
        >"$scratch/$1.c" 2>"$scratch/$1.err"
    rc=$?
}
run_gen good
check_status "a good registry makes a table" 0 "$rc"
check_grep "implementations come in their order" \
    '^const size_t registry_table_nimpls = 2;' "$scratch/good.c"
first=$(grep -m 1 '\.name = "[ab]"' "$scratch/good.c")
check "order 1 (b) comes before order 2 (a)" \
    test "$first" = '        .name = "b",'
check_grep "a continuation line joins the value with one space" \
    '\.doc = "the first one, whose doc goes on",' "$scratch/good.c"
check_grep "quotes and backslashes are escaped" \
    '\.doc = "a \\"quoted\\" \\\\ name",' "$scratch/good.c"
check_grep "targets become a NULL-terminated list" \
    't_b_targets\[\] = \{"unix", "spt", NULL\};' "$scratch/good.c"
check_grep "the features it needs become a NULL-terminated list" \
    't_b_needs\[\] = \{"bearssl", NULL\};' "$scratch/good.c"
check_grep "which the implementation points at" \
    '^        \.needs = t_b_needs,$' "$scratch/good.c"
check_grep "an implementation that needs none has NULL" \
    '^        \.needs = NULL,$' "$scratch/good.c"
check_grep "a type's defaults per target become a list" \
    '^static const struct registry_target_default t_target_defaults\[\] = \{$' \
    "$scratch/good.c"
check_grep "of target and implementation" '^    \{"spt", "b"\},$' "$scratch/good.c"
check_grep "which the type points at" \
    '^        \.target_defaults = t_target_defaults,$' "$scratch/good.c"
check_grep "the devices of the default dependencies become a list" \
    't_b_deps_default\[\] = \{"inner", NULL\};' "$scratch/good.c"
check_grep "which the implementation points at" \
    '^        \.deps_default = t_b_deps_default,$' "$scratch/good.c"
check_grep "an implementation without them has none" \
    '^        \.deps_default = NULL,$' "$scratch/good.c"
check_grep "the parameter check is declared" \
    '^const char \*t_b_check\(const char \*param\);' "$scratch/good.c"
check_grep "an argument keeps its template" \
    '\.default_value = "%p",' "$scratch/good.c"
check_grep "and the name of its value (arg.docv)" \
    '^        \.docv = "COUNT",$' "$scratch/good.c"
check "without connect_in_header, the glue declares the connect function" \
    test "$(grep -c '\.glue_declares_connect = true,' "$scratch/good.c")" -eq 2
yes=$(cd "$top_srcdir" && $awk '/^connect_in_header = yes$/ { n++ }
    END { print n + 0 }' $(cat "$scratch/defs"))
check "the tree's entries with connect_in_header = yes are declared by a header" \
    test "$(grep -c '\.glue_declares_connect = false,' "$scratch/fwd.c")" \
    -eq "$yes"
if command -v "${CC:-cc}" >/dev/null 2>&1; then
    printf 'const char *t_b_check(const char *param) { return param; }\n' \
        >>"$scratch/good.c"
    if ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -c \
        -I"$top_srcdir/src" -I"$top_srcdir/runtime/include" \
        "$scratch/good.c" -o "$scratch/good.o" 2>"$scratch/cc.log"; then
        ok "the table compiles against src/registry.h"
    else
        not_ok "the table compiles against src/registry.h"
        diag_file "$scratch/cc.log"
    fi
else
    skip "the table compiles against src/registry.h" "no C compiler"
fi

# bad FILE TEXT DESCRIPTION MESSAGE: with FILE's entry replaced by TEXT,
# the script fails and says MESSAGE (an ERE).
bad() {
    cp "$scratch/r/$1" "$scratch/saved"
    printf '%s\n' "$2" >"$scratch/r/$1"
    run_gen bad
    cp "$scratch/saved" "$scratch/r/$1"
    if test "$rc" -ne 0 && grep -E -q -e "$4" "$scratch/bad.err"; then
        ok "$3"
    else
        not_ok "$3"
        diag "status $rc; expected a message matching: $4"
        diag_file "$scratch/bad.err"
    fi
}
A=devices/t/a/registry.def
T=devices/t/registry.def
bad $A "doc = x
connect = f
colour = red" "an unknown key" \
    "^$A:3: unknown key 'colour' for an implementation"
bad $A "doc = x
connect = f
doc = y" "a key given twice" "^$A:3: 'doc' given twice"
bad $A "doc = x
connect f" "a line that is not KEY = VALUE" "^$A:2: not KEY = VALUE"
bad $A "doc = x

  more
connect = f" "a continuation line after a blank line" \
    "^$A:3: a continuation line"
bad $A "doc = x" "a missing connect function" "^$A: 'connect' is missing"
bad $A "doc = x
connect = f
targets = unix mars" "an unknown target" "^$A: unknown target 'mars'"
bad $A "doc = x
connect = f
needs = bearssl openssl" "a feature that the toolkit does not know" \
    "^$A:3: unknown feature 'openssl' in 'needs' \(features: bearssl\)"
bad $A "doc = x
needs =
connect = f" "an empty needs" "^$A:2: 'needs' is empty"
bad $A "doc = x
connect = f
needs = bearssl bearssl" "a feature given twice in needs" \
    "^$A:3: 'bearssl' is given twice in 'needs'"
bad $A "doc = x
connect = f
deps = nothing" "a dependency on no type" \
    "^$A: unknown type 'nothing' in 'deps'"
bad $A "doc = x
connect = f
param = maybe" "an unknown kind of parameter" \
    "^$A: 'param' is none, string, required or crunch"
bad $A "doc = x
connect = f
param = required" "a parameter without its name and doc" \
    "^$A: 'param_name' is missing"
bad $A "doc = x
connect = f
arg.type = int" "an argument key before any arg" \
    "^$A:3: 'arg.type' before any 'arg = NAME' line"
bad $A "doc = x
connect = f
arg = x
arg.doc = X." "an argument without its type" \
    "^$A: argument x: 'arg.type' is missing"
bad $A "doc = x
connect = f
host = cdrom" "an unknown host resource" "^$A: 'host' is none, net or disk"
bad $A "doc = x
connect = f()" "a connect that is no C name" \
    "^$A: 'connect' is not a C function name"
bad $A "doc = x
connect = f
connect_in_header = maybe" "connect_in_header neither yes nor no" \
    "^$A: 'connect_in_header' is yes or no"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = c
doc = a type" "a default implementation with no entry" \
    "^$T: the default implementation c has no devices/t/c/registry.def"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = a
default.mars = a
doc = a type" "a default for an unknown target" \
    "^$T:4: unknown target 'mars' in 'default.mars' \(targets: unix spt hvt virtio xen\)"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = a
default.unix = c
doc = a type" "a default per target with no entry" \
    "^$T:4: the default implementation on unix, c, has no devices/t/c/registry.def"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = a
doc = a type
default.xen = b" "a default per target that does not run there" \
    "^$T:5: the default implementation on xen, b, does not run on xen \(its targets: unix spt\)"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = a
default.hvt = a
doc = a type" "a default per target that is the type's default" \
    "^$T:4: 'default.hvt' names the type's 'default' \(a\); leave it out"
bad $T "c_type = struct mirage_t
header = mirage/t.h
default = a
default.spt =
doc = a type" "an empty default per target" "^$T:4: 'default.spt' is empty"
bad $A "doc = x
connect = f
deps_default = x" "deps_default without deps" \
    "^$A:3: 'deps_default' with no 'deps'"
bad $A "doc = x
connect = f
deps = t t
deps_default = x" "deps_default shorter than deps" \
    "^$A:4: 'deps_default' names 1 device and 'deps' has 2 types: give one device name per dependency"
bad $A "doc = x
connect = f
deps = t
deps_default = Net0" "deps_default that is no device name" \
    "^$A:4: 'Net0' in 'deps_default' is not a device name"
bad $A "doc = x
connect = f
deps = t t
deps_default = x x" "a name twice in deps_default" \
    "^$A:4: 'x' is given twice in 'deps_default'"
B=devices/t/b/registry.def
bad $B "doc = x
connect = f
targets = unix spt
deps = t
deps_default = inner
param = required
param_name = N
param_doc = a number" "a default dependency whose default needs a parameter" \
    "^$B:5: the t device 'inner' would get t's default implementation b, which needs a parameter"
mkdir -p "$scratch/r/devices/T"
printf 'doc = x\n' >"$scratch/r/devices/T/registry.def"
(cd "$scratch/r" && $awk -f "$gen" devices/T/registry.def) \
    >/dev/null 2>"$scratch/bad.err"
rc=$?
check "an upper-case folder name is refused" test "$rc" -ne 0
check_grep "and the message names the file" \
    '^devices/T/registry.def:1: not devices/TYPE/registry.def' \
    "$scratch/bad.err"
done_testing
