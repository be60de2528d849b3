#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/kv_ro.sh: builds examples/kv_ro with the crunch and the
# direct kv_ro, runs each, and checks the value and digest of `secret'.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-kv_ro.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

text=$kv_ro_text
sum=$kv_ro_sum

# crunch (the default): t is in the image, whatever the working directory.
p=$scratch/crunch
copy_project "$top_srcdir/examples/kv_ro" "$p"
if build_project "$p"; then ok "crunch: kv_ro builds"; else
    not_ok "crunch: kv_ro builds"; diag_file "$p/build.log"; done_testing
    exit; fi
check_grep "crunch: the device is declared crunch(t)" 'crunch\(t\)' \
    "$p/mirage.spec"
image=$p/kv_ro
run_dir=$scratch
expect_kv_ro_crunch "$p"

# direct: t is read at run time from the working directory.
p=$scratch/direct
copy_project "$top_srcdir/examples/kv_ro" "$p"
if build_project "$p" --with-kv-ro=direct; then ok "direct: kv_ro builds"
else not_ok "direct: kv_ro builds"; diag_file "$p/build.log"; done_testing
    exit; fi
(cd "$p" && ./kv_ro) >"$scratch/out" 2>&1
check_status "direct: it exits with 0 in the folder holding t" 0 $?
expect_secret direct "$text" "$sum" "$scratch/out"
printf 'Read at run time.\n' >"$p/t/secret"
(cd "$p" && ./kv_ro) >"$scratch/out" 2>&1
check_grep "direct: a changed file is read without a rebuild" \
    "INF \[kv_ro\] secret: Read at run time\.\$" "$scratch/out"
mkdir "$scratch/empty"
(cd "$scratch/empty" && "$p/kv_ro") >"$scratch/out" 2>&1
check_status "direct: without t, connect fails (exit 125)" 125 $?
check_grep "direct: the log names the device, the folder and the cause" \
    "\[kv-direct\] secrets: cannot open directory 't': No such file" \
    "$scratch/out"

# a wrong --with-kv-ro stops configure
p=$scratch/bad
copy_project "$top_srcdir/examples/kv_ro" "$p"
if build_project "$p" --with-kv-ro=magic; then
    not_ok "--with-kv-ro=magic stops configure"
else
    check_grep "--with-kv-ro=magic stops configure with a message" \
        "must be crunch or direct, not 'magic'" "$p/build.log"
fi
done_testing
