#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/targets/xen-examples.sh: builds the first examples (noop, hello,
# hello-key, app_info, args) for the xen target (a PVH image), boots them
# under QEMU (-kernel, the arguments through -append) and checks, on the
# serial console and in the status from isa-debug-exit, exactly what their
# unix tests check (tests/examples/expect-NAME.sh). xen-fibers.sh,
# xen-devices.sh and xen-faults.sh do the same for the other examples, so
# that `make -j check' runs them side by side.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/xen-common.sh"
for n in noop hello hello-key app_info args; do
    . "$top_srcdir/tests/examples/expect-$n.sh"
done
xen_setup

if xen_build noop; then
    expect_noop
    # the command line is split as a shell would: a quote must end
    run_cmdline "--logs='debug"
    check_status "an unterminated quote exits with 64" 64 "$status"
    check_grep "and says so" 'unterminated quote' "$scratch/out"
fi

if xen_build hello; then expect_hello; fi
if xen_build hello-key; then expect_hello_key; fi

if xen_build app_info; then
    expect_app_info
    # the wall clock comes from the RTC: the log's date is today's (UTC)
    run
    today=$(date -u +%Y-%m-%d)
    yesterday=$(date -u -d yesterday +%Y-%m-%d 2>/dev/null || echo "$today")
    check_grep "the log's date is the host's (the CMOS RTC)" \
        "^($today|$yesterday) " "$scratch/out"
fi

if xen_build args; then expect_args; fi
done_testing
