#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/examples/timeout1.sh: builds examples/timeout1; a task whose length
# comes from --seed returns before the 200 ms timeout or is cancelled.
. "$top_srcdir/tests/lib.sh"
need_autotools
use_build_tree
name=timeout1
lost_word=Cancelled
lost_desc="the task is cancelled"
. "$top_srcdir/tests/examples/timeout-common.sh"
