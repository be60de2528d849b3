# SPDX-License-Identifier: ISC
# tests/examples/timeout-common.sh: the body of timeout1.sh and timeout2.sh,
# which differ only in the example's name and in the word it logs when the
# 200 ms timeout wins: set name, lost_word and lost_desc, then source this.
# What the image does is in expect-timeout.sh, shared with other targets.
. "$top_srcdir/tests/examples/expect-common.sh"
. "$top_srcdir/tests/examples/expect-timeout.sh"
target=unix
run() { run_unix "$@"; }

p=$scratch/$name
image=$p/$name
copy_project "$top_srcdir/examples/$name" "$p"
if build_project "$p"; then ok "$name builds"; else
    not_ok "$name builds"; diag_file "$p/build.log"; done_testing; exit; fi

expect_timeout "$name" "$lost_word" "$lost_desc"
done_testing
