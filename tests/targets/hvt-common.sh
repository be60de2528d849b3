# SPDX-License-Identifier: ISC
# tests/targets/hvt-common.sh: what the hvt-*.sh tests share: the set-up,
# building an example for the hvt target, the KVM probe, and `run' for the
# expect_NAME functions of tests/examples/expect-*.sh, which hold what each
# example must do on every target. Sourced after tests/lib.sh.

. "$top_srcdir/tests/examples/expect-common.sh"
target=hvt

# On hvt the console (the PUTS hypercall: the tender's stdout) carries
# output and diagnostics alike, as xen's one console does; the tender's
# own stderr stays empty when nothing went wrong.
check_no_stderr() {
    if grep -E -v -q -e "$log_stamp" "$scratch/out"; then
        not_ok "$1 (the console has log lines only)"
        grep -E -v -e "$log_stamp" "$scratch/out" | head -n 10 |
            sed 's/^/# | /'
    elif test -s "$scratch/tender.err"; then
        not_ok "$1 (the tender wrote nothing to stderr)"
        head -n 10 "$scratch/tender.err" | sed 's/^/# | /'
    else
        ok "$1 (the console has log lines only)"
    fi
}

# hvt_setup: skips the whole script without the hvt runtime or autoreconf.
# Without the tender (tenders/hvt/mirage-hvt) or a KVM that runs a guest
# (kvm_usable, tests/lib.sh) the images are still built and their layout
# checked; $hvt_skip then says why they cannot run (see hvt_can_run).
# Once the probe has run a guest, every failure to boot is a failure.
hvt_setup() {
    test -f "$top_builddir/pkgconfig/mirage-hvt-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-hvt.a" ||
        skip_all "the hvt target was not built (the C compiler does not target x86-64)"
    need_autotools
    use_build_tree
    hvt_opts=
    hvt_skip=
    tender=
    for t in "$top_builddir/tenders/hvt/mirage-hvt" \
        "$top_builddir/tenders/mirage-hvt"; do
        if test -x "$t"; then tender=$t; break; fi
    done
    if test -z "$tender"; then
        hvt_skip="the hvt tender (mirage-hvt) is not built"
    elif ! kvm_usable; then
        hvt_skip="KVM cannot run a guest here: $kvm_why"
    fi
}

# hvt_can_run: 0 when the images can run here; else one SKIP line with
# the reason, and 1.
hvt_can_run() {
    test -z "$hvt_skip" && return 0
    skip "the examples run in mirage-hvt" "$hvt_skip"
    return 1
}

# hvt_build NAME [CONFIGURE-ARGS...]: copies examples/NAME to $scratch/NAME
# and builds it for hvt; 0 when NAME.hvt is there (then $p is the project
# and $image the image), with the ABI note of the hvt target and the
# layout hvt.lds gives (hvt_check_layout; a SKIP line without readelf).
hvt_build() {
    name=$1; shift
    p=$scratch/$name
    image=$p/$name.hvt
    copy_project "$top_srcdir/examples/$name" "$p"
    if build_project "$p" --with-target=hvt "$@" && test -f "$image"; then
        ok "$name builds for hvt ($name.hvt)"
    else
        not_ok "$name builds for hvt ($name.hvt)"
        diag_file "$p/build.log"
        return 1
    fi
    if command -v readelf >/dev/null 2>&1; then
        hvt_check_layout "$image" "$name.hvt"
    else
        skip "$name.hvt: the ABI note and the segments of hvt.lds" \
            "no readelf (GNU binutils)"
    fi
}

# hvt_check_layout IMAGE LABEL: the ABI note (version 2, target 1: hvt) in
# a PT_NOTE segment; an ET_EXEC whose loaded segments start at 1 MiB and
# are none both writable and executable.
hvt_check_layout() {
    if readelf -n "$1" 2>/dev/null | grep -A1 'MirageC.*0x4d414249' |
        grep -q 'description data: 02 00 00 00 01 00 00 00'; then
        ok "$2 carries the ABI note of the hvt target"
    else
        not_ok "$2 carries the ABI note of the hvt target"
    fi
    readelf -lW "$1" >"$scratch/phdrs" 2>&1
    check_grep "$2 is an ET_EXEC" '^Elf file type is EXEC' "$scratch/phdrs"
    check_grep "$2 is loaded from 1 MiB" \
        '^ +LOAD +0x[0-9a-f]+ 0x0+100000 ' "$scratch/phdrs"
    check_no_grep "$2 has no segment both writable and executable" \
        '^ +LOAD .* RWE +0x' "$scratch/phdrs"
    # hvt.lds: W^X needs its own pages, text R E, rodata R, data RW
    check_count "$2 has three loaded segments: R E, R, RW" 3 \
        '^ +LOAD .* (R E|R|RW) +0x1000$' "$scratch/phdrs"
}

# run ARGS...: runs $image in the tender with the options $hvt_opts (not
# quoted: --block:NAME=PATH options without spaces) and ARGS. The console
# (the tender's stdout) is $scratch/out; the runtime's diagnostics are on
# it too, so $scratch/err is the console followed by the tender's own
# messages (its stderr, also kept apart in $scratch/tender.err); the status
# is the tender's, the unikernel's (255: a crash; 124: still running after
# $hvt_timeout s, default 60, scaled: stopped).
run() {
    # shellcheck disable=SC2086 # $hvt_opts is a list of options
    test_timeout "${hvt_timeout:-60}" "$tender" $hvt_opts "$image" "$@" \
        >"$scratch/out" 2>"$scratch/tender.err"
    status=$?
    cat "$scratch/out" "$scratch/tender.err" >"$scratch/err"
    cp "$scratch/err" "$scratch/all"
    split_log
}
