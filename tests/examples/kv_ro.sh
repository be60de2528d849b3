#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/kv_ro.sh: builds examples/kv_ro with the crunch and the
# direct kv_ro, runs each, and checks the value and digest of `secret'.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree

text='The password is swordfish.'
sum=1b0f3b7e479fb72e007dd4851b014ddf39ff3588d8e56492032ae363c3bcf3ef
ts='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ -00:00'

# expect_secret NAME TEXT SUM OUT: OUT logs TEXT and SUM.
expect_secret() {
    check_grep "$1: it logs the secret" "$ts: INF \[kv_ro\] secret: $2\$" "$4"
    check_grep "$1: it logs its SHA-256" "$ts: INF \[kv_ro\] sha256: $3\$" "$4"
}

# crunch (the default): t is in the image, whatever the working directory.
p=$scratch/crunch
copy_project "$top_srcdir/examples/kv_ro" "$p"
if build_project "$p"; then ok "crunch: kv_ro builds"; else
    not_ok "crunch: kv_ro builds"; diag_file "$p/build.log"; done_testing
    exit; fi
check_grep "crunch: the device is declared crunch(t)" 'crunch\(t\)' \
    "$p/mirage.spec"
(cd "$scratch" && "$p/kv_ro") >"$scratch/out" 2>&1
check_status "crunch: it exits with 0 away from t" 0 $?
expect_secret crunch "$text" "$sum" "$scratch/out"
# a changed file is crunched again by make
printf 'Changed.\n' >"$p/t/secret"
if (cd "$p" && ${MAKE:-make}) >>"$p/build.log" 2>&1; then
    "$p/kv_ro" >"$scratch/out" 2>&1
    check_grep "crunch: make embeds a changed file" \
        "INF \[kv_ro\] secret: Changed\.\$" "$scratch/out"
else not_ok "crunch: make after a change"; diag_file "$p/build.log"; fi

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
