# SPDX-License-Identifier: ISC
# tests/targets/spt-common.sh: what the spt-*.sh tests share: the set-up,
# building an example for the spt target, and `run' for the expect_NAME
# functions of tests/examples/expect-*.sh, which hold what each example
# must do on every target. Sourced after tests/lib.sh.

. "$top_srcdir/tests/examples/expect-common.sh"
target=spt

# On spt, as on unix, the console (stdout) and the diagnostics (stderr)
# are apart: nothing may go to stderr when nothing went wrong.
check_no_stderr() {
    check "$1" test ! -s "$scratch/err"
}

# spt_setup: skips the whole script without the spt runtime, the tender
# (tenders/spt/mirage-spt) or autoreconf.
spt_setup() {
    test -f "$top_builddir/pkgconfig/mirage-spt-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-spt.a" ||
        skip_all "the spt target was not built (the C compiler does not target x86-64 Linux)"
    tender=
    for t in "$top_builddir/tenders/spt/mirage-spt" \
        "$top_builddir/tenders/mirage-spt"; do
        if test -x "$t"; then tender=$t; break; fi
    done
    test -n "$tender" || skip_all "the spt tender is not built"
    need_autotools
    use_build_tree
    spt_opts=
}

# spt_build NAME [CONFIGURE-ARGS...]: copies examples/NAME to $scratch/NAME
# and builds it for spt; 0 when NAME.spt is there (then $p is the project
# and $image the image), with the ABI note of the spt target (a SKIP line
# without readelf).
spt_build() {
    name=$1; shift
    p=$scratch/$name
    image=$p/$name.spt
    copy_project "$top_srcdir/examples/$name" "$p"
    if build_project "$p" --with-target=spt "$@" && test -f "$image"; then
        ok "$name builds for spt ($name.spt)"
    else
        not_ok "$name builds for spt ($name.spt)"
        diag_file "$p/build.log"
        return 1
    fi
    if command -v readelf >/dev/null 2>&1; then
        # the ABI note: version 2, target 2 (spt), in a PT_NOTE segment
        if readelf -n "$image" 2>/dev/null | grep -A1 'MirageC.*0x4d414249' |
            grep -q 'description data: 02 00 00 00 02 00 00 00'; then
            ok "$name.spt carries the ABI note of the spt target"
        else
            not_ok "$name.spt carries the ABI note of the spt target"
        fi
    else
        skip "$name.spt carries the ABI note of the spt target" \
            "no readelf (GNU binutils)"
    fi
}

# run ARGS...: runs $image in the tender with the options $spt_opts (not
# quoted: --block:NAME=PATH options without spaces) and ARGS; stdout and
# stderr apart, as on unix; the status is the tender's, the unikernel's
# (124: still running after $(scaled 60) s, stopped).
run() {
    # shellcheck disable=SC2086 # $spt_opts is a list of options
    test_timeout 60 "$tender" $spt_opts "$image" "$@" >"$scratch/out" \
        2>"$scratch/err"
    status=$?
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    split_log
}
