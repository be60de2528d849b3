# SPDX-License-Identifier: ISC
# tests/hostile/hostile-common.sh: what the hostile-guest tests share: the
# tenders to attack (the built one and its ASan build), a hang guard, and
# the one check every attack ends with. Sourced after tests/lib.sh.

# ASan's report must get through the tender's seccomp filter (what it
# may do there: tenders/common/asan_allow.c): color=auto would ask
# isatty(2), an ioctl the filter kills, and symbolize=1 would read the
# program's debug information; a report names each frame's module and
# offset (addr2line -f -e MODULE OFFSET). The tenders end with _exit:
# nothing for the leak checker to do.
ASAN_OPTIONS=detect_leaks=0:color=never:symbolize=0
export ASAN_OPTIONS

# hostile_tenders KIND: $tenders lists tenders/KIND/mirage-KIND and, when
# it is built and runs, tests/hostile/mirage-KIND-asan; otherwise
# $asan_skip says why not.
hostile_tenders() {
    tenders="$top_builddir/tenders/$1/mirage-$1"
    asan=$top_builddir/tests/hostile/mirage-$1-asan
    asan_skip=
    if ! test -x "$asan"; then
        asan_skip="mirage-$1-asan is not built (configure found no AddressSanitizer)"
    elif ! "$asan" --version >"$scratch/asan.out" 2>"$scratch/asan.err"; then
        asan_skip="mirage-$1-asan does not run here: $(head -n 1 "$scratch/asan.err")"
    else
        tenders="$tenders $asan"
    fi
}

# hostile_guard: the command that bounds a run, so that a tender that
# hangs fails the test rather than stalls it (status 124); the bound is
# generous, never a measure of speed: 200 s, scaled (tests/lib.sh).
hostile_guard=
if command -v timeout >/dev/null 2>&1; then
    hostile_guard="timeout $(scaled 200)"
fi

# hostile_run COMMAND...: runs it; stdout in $scratch/out, stderr in
# $scratch/err, the status in $status.
hostile_run() {
    $hostile_guard "$@" </dev/null >"$scratch/out" 2>"$scratch/err"
    status=$?
}

# check_ended DESCRIPTION STATUS STDERR DISK WANT: one TAP point for the
# run just made: its status is STATUS (never a signal: 128 + N, nor the
# guard's 124); the guest printed no "FAIL" line; stderr has no ASan
# report, and matches the ERE STDERR on its first line, or is empty when
# STDERR is empty; the disk file DISK is byte for byte WANT (cksum, size).
check_ended() {
    why=
    if test "$status" -eq 124 && test -n "$hostile_guard"; then
        why="the tender hung: stopped by '$hostile_guard'"
    elif test "$status" -ne "$2"; then
        why="exit status $status, expected $2"
        if test "$status" -gt 128; then
            why="$why (killed by signal $((status - 128))?)"
        fi
    fi
    if grep -q 'AddressSanitizer' "$scratch/err"; then
        why="${why:+$why; }AddressSanitizer reports an error"
    fi
    if grep -q '^FAIL' "$scratch/out"; then
        why="${why:+$why; }the guest got a wrong answer"
    fi
    if test -z "$3"; then
        if test -s "$scratch/err"; then
            why="${why:+$why; }stderr is not empty"
        fi
    elif ! head -n 1 "$scratch/err" | grep -E -q -e "$3"; then
        why="${why:+$why; }stderr does not say: $3"
    fi
    if ! cmp -s "$4" "$5"; then
        why="${why:+$why; }the disk is $(cksum <"$4"), expected $(cksum <"$5") (CRC, bytes)"
    fi
    if test -z "$why"; then
        ok "$1"
    else
        not_ok "$1"
        diag "$why"
        grep '^FAIL' "$scratch/out" | head -n 10 | sed 's/^/# | /'
        head -n 20 "$scratch/err" | sed 's/^/# | /'
    fi
}
