#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/crypto.sh: builds examples/crypto and checks its output
# against the published test vectors (FIPS 180-4, RFC 4231, RFC 8439).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-crypto.sh"
target=unix
run() { run_unix "$@"; }
need_autotools
use_build_tree

p=$scratch/crypto
copy_project "$top_srcdir/examples/crypto" "$p"
if build_project "$p"; then ok "crypto builds"; else
    not_ok "crypto builds"; diag_file "$p/build.log"; done_testing; exit; fi

image=$p/crypto
expect_crypto
done_testing
