# SPDX-License-Identifier: ISC
# tests/examples/expect-wx.sh: what examples/wx does when it runs, on every
# target (see expect-common.sh): no page is both writable and executable.

# expect_wx: without --try it exits with 0; each try is stopped by the
# platform with a crash (255), never carried out (wx would exit with 1).
expect_wx() {
    run
    check_status "without --try it exits with 0" 0 "$status"
    check_grep "and says so" '^wx: nothing tried$' "$scratch/all"

    # unix: read-only or non-executable pages make the kernel send SIGSEGV;
    # the freestanding targets' page tables make the CPU fault.
    if test "$target" = unix; then
        why='SIGSEGV \(access not permitted\)'
    else
        why='page fault'
    fi
    for try in write-text exec-data exec-stack exec-heap write-rodata; do
        run --try=$try
        check_status "$try: stopped by the platform (exit 255)" 255 \
            "$status"
        check_grep "$try: with a crash report: $why" \
            "^mirage: crash: $why" "$scratch/all"
        check_no_grep "$try: never carried out" 'was NOT stopped' \
            "$scratch/all"
    done
}
