# SPDX-License-Identifier: ISC
# tests/lib.sh: what the shell tests share: TAP output, a scratch folder
# removed on exit, and building a unikernel project against the build tree.
# Sourced by each test; the harness exports top_srcdir and top_builddir.
# The one TAP producer of the shell tests (tests/unit/tap.h is the C one):
# no test prints an "ok" or "not ok" line or a plan by itself.

set -u
tap_n=0
tap_failed=0

# ok DESCRIPTION / not_ok DESCRIPTION: one TAP test point.
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() {
    tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $*"
}
# skip DESCRIPTION REASON: a test point that cannot run here ("ok N # SKIP
# REASON" when DESCRIPTION is empty).
skip() {
    tap_n=$((tap_n + 1))
    if test -n "$1"; then echo "ok $tap_n - $1 # SKIP $2"; else
        echo "ok $tap_n # SKIP $2"; fi
}
# todo DESCRIPTION REASON: a point that fails for a known, documented
# reason ("not ok N - DESCRIPTION # TODO REASON"): TAP counts it apart
# (XFAIL), and it does not fail the script.
todo() { tap_n=$((tap_n + 1)); echo "not ok $tap_n - $1 # TODO $2"; }
# skip_all REASON: the whole script cannot run here.
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
# bail_out REASON: the script cannot go on (an error, not a failure).
bail_out() { echo "Bail out! $*"; exit 99; }
# diag TEXT...: a TAP comment (each line prefixed with '# ').
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# diag_file FILE: the last lines of FILE as TAP comments.
diag_file() { tail -n 30 "$1" 2>/dev/null | sed 's/^/# | /'; }
# done_testing: prints the plan; the exit status says whether all passed.
done_testing() { echo "1..$tap_n"; test "$tap_failed" -eq 0; }
# tap_counts_save / tap_counts_load: the points counted in a subshell
# ( ...; tap_counts_save ) count in the script after tap_counts_load.
tap_counts_save() { echo "$tap_n $tap_failed" >"$scratch/tap-counts"; }
tap_counts_load() { read -r tap_n tap_failed <"$scratch/tap-counts"; }

# Every time limit of the suite is multiplied by MIRAGE_TEST_TIMEOUT_SCALE
# (a whole number, default 3): limits only stop what hangs, so they are
# generous, and a loaded machine may scale them further
# (`make check MIRAGE_TEST_TIMEOUT_SCALE=10`). The shell tests use scaled,
# test_timeout and wait_until below (qemu.sh's $boot_timeout and the hang
# guards of tests/hostile are scaled too); the C tests read the same
# variable through tests/unit/tap.h (tap_scaled_s, tap_scaled_ns,
# tap_alarm). A limit is never a verdict: no test asserts that something
# took less than some time; what must happen first is checked by events,
# and clocks by readings taken before and after.
timeout_scale=${MIRAGE_TEST_TIMEOUT_SCALE:-3}
case $timeout_scale in
'' | *[!0-9]* | 0) timeout_scale=3 ;;
esac
# scaled SECONDS: SECONDS times the scale.
scaled() { echo $(($1 * timeout_scale)); }
# test_timeout SECONDS COMMAND...: COMMAND, stopped after SECONDS (scaled);
# its status, or 124 when stopped.
test_timeout() {
    test_timeout_s=$(scaled "$1")
    shift
    timeout "$test_timeout_s" "$@"
}
# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it
# succeeds (0), or until SECONDS (scaled) have passed (1): a wait for an
# event, bounded only so that a hang ends.
wait_until() {
    wait_until_end=$(($(date +%s) + $(scaled "$1")))
    shift
    until "$@"; do
        test "$(date +%s)" -lt "$wait_until_end" || return 1
        sleep 0.1
    done
}

# free_port: prints a TCP port of 127.0.0.1 that nobody uses right now
# (python3; a test that calls it checks for python3 first).
free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# port_start PROGRAM DIR LOG ARGS...: runs ./PROGRAM in DIR on a free port
# of 127.0.0.1 (--ipv4=127.0.0.1/8 --port=$port ARGS; five tries) until
# it logs "listening on port $port"; its PID in $pid, its output in LOG.
# 1 if it never listens.
port_start() {
    ps_prog=$1 ps_dir=$2 ps_log=$3
    shift 3
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        (cd "$ps_dir" && exec "./$ps_prog" --ipv4=127.0.0.1/8 \
            --port="$port" "$@") >"$ps_log" 2>&1 &
        pid=$!
        if wait_until 10 port_seen_or_ended "$ps_log" \
            "listening on port $port\$" &&
            grep -q "listening on port $port\$" "$ps_log"; then
            return 0
        fi
        wait "$pid"
    done
    pid=
    return 1
}
# port_seen_or_ended LOG PATTERN: LOG has PATTERN, or $pid has ended.
port_seen_or_ended() {
    grep -q -e "$2" "$1" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null
}

# kvm_usable [sse]: 0 when this user can run a KVM guest, as the check
# program tests/targets/kvm_probe proves by running one (a VM, a vCPU in
# 64-bit mode, a port write; with `sse', an SSE instruction first, as
# images that use SSE need: BearSSL's, the tls device's); else 1, with the
# reason in $kvm_why. Only this
# probe may turn the hvt tests into SKIPs: what fails after it is a
# failure of the tender or the image, never of the host.
kvm_usable() {
    kvm_why=
    kvm_probe=$top_builddir/tests/targets/kvm_probe
    if ! test -x "$kvm_probe"; then
        kvm_why="the KVM probe (tests/targets/kvm_probe) is not built"
        return 1
    fi
    test_timeout 20 "$kvm_probe" ${1:-} >"$scratch/kvm_probe.out" 2>&1
    kvm_rc=$?
    case $kvm_rc in
    0) return 0 ;;
    77) kvm_why=$(sed -n '1s/^kvm_probe: //p' "$scratch/kvm_probe.out") ;;
    124) kvm_why="a KVM guest of 3 instructions ran $(scaled 20) s" ;;
    *) kvm_why="the KVM probe stopped with $kvm_rc: $(head -n 1 \
        "$scratch/kvm_probe.out")" ;;
    esac
    return 1
}

# tender_image KIND OUT SRC [CFLAGS...]: compiles the hand-made freestanding
# test image SRC (tests/unit/tender_*_image.c, tests/hostile/hostile_*.c)
# for the KIND tender (spt or hvt) into OUT with $CC, laid out by
# tests/unit/tender_spt.lds, or by the script $LDS when set. hvt images use
# no SSE (kvm_pvm cannot emulate all of it) and keep frame pointers.
tender_image() {
    tender_image_kind=$1 tender_image_out=$2 tender_image_src=$3
    shift 3
    set -- -std=gnu11 -O2 -ffreestanding -fno-pie -no-pie -nostdlib -static \
        -fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin \
        -fcf-protection=none -I"$top_srcdir/runtime/include" "$@"
    test "$tender_image_kind" = hvt && set -- -mgeneral-regs-only \
        -fno-omit-frame-pointer -fno-optimize-sibling-calls "$@"
    ${CC:-cc} "$@" -Wl,-T,"${LDS:-$top_srcdir/tests/unit/tender_spt.lds}" \
        -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,norelro \
        -o "$tender_image_out" "$tender_image_src"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
    desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# check_status DESCRIPTION EXPECTED ACTUAL
check_status() {
    if test "$2" -eq "$3"; then ok "$1"; else
        not_ok "$1"; diag "exit status $3, expected $2"; fi
}
# check_grep DESCRIPTION PATTERN FILE: FILE has a line matching the ERE.
check_grep() {
    if grep -E -q -e "$2" "$3"; then ok "$1"; else
        not_ok "$1"; diag "no line matches: $2"; diag_file "$3"; fi
}
# check_no_grep DESCRIPTION PATTERN FILE: no line of FILE matches.
check_no_grep() {
    if grep -E -q -e "$2" "$3"; then
        not_ok "$1"; diag "unexpected match: $2"; diag_file "$3"
    else ok "$1"; fi
}

: "${top_srcdir:?run the tests with make check}"
: "${top_builddir:?run the tests with make check}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mirage-test.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT

# use_build_tree: macros and pkg-config modules come from this build tree
# (m4/ and the -uninstalled .pc files), never from an installed mirage.
use_build_tree() {
    ACLOCAL_PATH=$top_srcdir/m4
    PKG_CONFIG_PATH=$top_builddir/pkgconfig
    export ACLOCAL_PATH PKG_CONFIG_PATH
    unset MIRAGE PKG_CONFIG_LIBDIR || :
}

# need_autotools: skips the whole script without autoreconf.
need_autotools() {
    AUTORECONF=${AUTORECONF:-autoreconf}
    command -v "$AUTORECONF" >/dev/null 2>&1 ||
        skip_all "autoreconf is not installed"
}

# copy_project SRC DEST: a writable copy (the source may be read-only, as
# in make distcheck).
copy_project() {
    rm -rf "$2" && cp -R "$1" "$2" && chmod -R u+w "$2"
}

# run_lines ARGS...: runs the image $image with ARGS; stdout to $scratch/out,
# stderr to $scratch/err, the status to $status, and the log lines without
# their timestamps to $scratch/lines.
run_lines() {
    "$image" "$@" >"$scratch/out" 2>"$scratch/err"
    status=$?
    sed -n 's/^[0-9-]* [0-9:.]* -00:00: //p' "$scratch/out" >"$scratch/lines"
}

# check_lines DESCRIPTION LINE...: $scratch/lines holds exactly the LINEs.
check_lines() {
    desc=$1; shift
    printf '%s\n' "$@" >"$scratch/want"
    if cmp -s "$scratch/want" "$scratch/lines"; then ok "$desc"; else
        not_ok "$desc"; diff "$scratch/want" "$scratch/lines" | sed 's/^/# /'
    fi
}

# build_project DIR [CONFIGURE-ARGS...]: autoreconf, configure and make a
# unikernel project in DIR, logging to DIR/build.log. Returns the status.
build_project() {
    dir=$1; shift
    (
        cd "$dir" &&
            "$AUTORECONF" -fi >build.log 2>&1 &&
            ./configure "$@" >>build.log 2>&1 &&
            ${MAKE:-make} >>build.log 2>&1
    )
}
