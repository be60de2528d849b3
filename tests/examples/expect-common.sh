# SPDX-License-Identifier: ISC
# tests/examples/expect-common.sh: what the expect-NAME.sh files share. An
# expect-NAME.sh file holds what example NAME must do when it runs, once for
# every target: the unix test (tests/examples/NAME.sh) and the tests that
# boot it elsewhere (tests/targets/xen-*.sh) call the same expect_NAME.
#
# The caller sets $target (unix, xen, ...) and defines `run ARGS...', which
# boots the image with ARGS and leaves:
#   $status          its exit status;
#   $scratch/out     what it wrote to stdout (xen: the whole console);
#   $scratch/err     what it wrote to stderr (xen: the whole console too);
#   $scratch/all     both;
#   $scratch/lines   the log lines of $scratch/out without their timestamps.
# On unix, run_unix below is that function. Sourced after tests/lib.sh.

# The timestamp that begins every log line.
log_stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}'
log_stamp="$log_stamp -00:00: "

# split_log: $scratch/lines from $scratch/out.
split_log() {
    sed -n 's/^[0-9-]* [0-9:.]* -00:00: //p' "$scratch/out" >"$scratch/lines"
}

# run_unix ARGS...: `run' for the unix target: runs $image with ARGS in
# $run_dir (if set; else the current directory).
run_unix() {
    if test -n "${run_dir:-}"; then
        (cd "$run_dir" && "$image" "$@") >"$scratch/out" 2>"$scratch/err"
    else
        "$image" "$@" >"$scratch/out" 2>"$scratch/err"
    fi
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    split_log
}

# check_no_stderr DESCRIPTION: on unix, nothing went to stderr; on a target
# with one console, every line of it is a log line (no diagnostics).
check_no_stderr() {
    if test "$target" = unix; then
        check "$1" test ! -s "$scratch/err"
    elif grep -E -v -q -e "$log_stamp" "$scratch/out"; then
        not_ok "$1 (the console has log lines only)"
        grep -E -v -e "$log_stamp" "$scratch/out" | head -n 10 |
            sed 's/^/# | /'
    else
        ok "$1 (the console has log lines only)"
    fi
}

# check_count DESCRIPTION EXPECTED PATTERN FILE: EXPECTED lines of FILE
# match the ERE PATTERN.
check_count() {
    check_status "$1" "$2" "$(grep -E -c -e "$3" "$4")"
}

# check_sandboxed TENDER ARGS...: runs TENDER ARGS (hello in a tender: it
# lives four seconds) in the background and, once the first hello is out,
# reads /proc: the tender runs under its seccomp filter (Seccomp: 2, the
# filter mode) with no_new_privs set. Then waits for it to end.
check_sandboxed() {
    "$@" >"$scratch/sandbox.out" 2>&1 &
    sandboxed=$!
    wait_until 20 grep -q hello "$scratch/sandbox.out"
    seccomp=$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$sandboxed/status")
    nnp=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' "/proc/$sandboxed/status")
    wait "$sandboxed"
    check_status "$target: the running tender is under its seccomp filter" \
        2 "${seccomp:-none}"
    check_status "$target: with no_new_privs" 1 "${nnp:-none}"
}
