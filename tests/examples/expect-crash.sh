# SPDX-License-Identifier: ISC
# tests/examples/expect-crash.sh: what examples/crash does when it runs, on
# every target (see expect-common.sh). The reasons differ: unix reports the
# signal (SIGSEGV, SIGABRT), the freestanding targets the CPU's exception
# (a page fault) or the libc's own message.

# crash_symbolize_missing: why `mirage symbolize' cannot run, or nothing.
# The helper is part of every build tree: what it does wrong is a failure.
crash_symbolize_missing() {
    if ! test -x "$top_builddir/src/mirage"; then
        echo "the helper src/mirage is not built"
    fi
}

# expect_crash_mode MODE FUNCTION REASON: --crash=MODE ends the unikernel
# with status 255 and a report whose first line matches "mirage: crash:
# REASON" (an ERE), with a backtrace which, symbolized by `mirage
# symbolize $image', names FUNCTION.
expect_crash_mode() {
    mode=$1 fn=$2 reason=$3
    run --crash="$mode"
    check_status "$mode: exits with 255 (a crash)" 255 "$status"
    check_grep "$mode: the report begins with 'mirage: crash:'" \
        '^mirage: crash: ' "$scratch/all"
    check_grep "$mode: it says why: $reason" "^mirage: crash: $reason" \
        "$scratch/all"
    check_grep "$mode: it has a backtrace" '^mirage: backtrace' \
        "$scratch/all"
    check_no_grep "$mode: the unikernel did not go on" 'still alive' \
        "$scratch/all"
    why=$(crash_symbolize_missing)
    desc="$mode: the symbolized backtrace names $fn"
    if test -n "$why"; then
        skip "$desc" "$why"
    elif "$top_builddir/src/mirage" symbolize "$image" <"$scratch/all" \
        >"$scratch/symbolized" 2>"$scratch/symbolize.err"; then
        fn_line="#[0-9]+ .*[ (]$fn[.a-z0-9]*\\+0x[0-9a-f]+"
        check_grep "$desc" "$fn_line" "$scratch/symbolized"
    else
        not_ok "$mode: mirage symbolize $image works"
        diag_file "$scratch/symbolize.err"
    fi
}

# expect_crash: without --crash it exits with 0; each way to crash gives
# status 255 and a report.
expect_crash() {
    run
    check_status "without --crash it exits with 0" 0 "$status"
    check_grep "and says so" '^crash: nothing to do' "$scratch/all"

    if test "$target" = unix; then
        expect_crash_mode null crash_write_null 'SIGSEGV'
    else
        expect_crash_mode null crash_write_null 'page fault'
        check_grep "null: the registers have rip" 'rip=0x[0-9a-f]+' \
            "$scratch/all"
    fi
    check_grep "null: the report has the registers" '^mirage: registers:$' \
        "$scratch/all"
    check_grep "null: and the fault address, 0" 'fault.* 0x0{16}$' \
        "$scratch/all"

    if test "$target" = unix; then
        # glibc's abort() raises SIGABRT in code without frame pointers:
        # the runtime unwinds from there with backtrace(3)
        expect_crash_mode abort crash_call_abort \
            'SIGABRT \(abort\(\) was called\)'
        expect_crash_mode assert crash_assert 'SIGABRT'
        check_grep "assert: the C library names the expression" \
            "Assertion .crash_expected == 42. failed" "$scratch/all"
        expect_crash_mode stack crash_recurse 'stack overflow in fiber main'
    else
        expect_crash_mode abort crash_call_abort 'abort\(\) called'
        expect_crash_mode assert crash_assert \
            'assertion failed: crash_expected == 42 \(unikernel\.c:[0-9]+\)'
        expect_crash_mode stack crash_recurse '(stack overflow|page fault)'
    fi
}
