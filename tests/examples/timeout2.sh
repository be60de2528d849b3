#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/timeout2.sh: builds examples/timeout2; a task whose length
# comes from --seed and a 200 ms timeout race in a pick; the first wins.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree
name=timeout2
lost_word=Timeout
lost_desc="the timeout wins"
. "$top_srcdir/tests/examples/timeout-common.sh"
