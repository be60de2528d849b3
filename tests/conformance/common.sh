# SPDX-License-Identifier: ISC
# tests/conformance/common.sh: the runner that the device suites share. A
# suite is one C file, tests/conformance/TYPE/suite.c, in a unikernel
# project (TYPE/configure.ac, with suite.am as its Makefile.am) whose
# configure option --with-impl=IMPL[(PARAM)] picks the implementation under
# test. For every implementation of TYPE that the registry lists (`mirage
# types`) and every target it exists on, the runner builds the image once
# and runs it there; the guest's TAP points become the runner's own, each
# prefixed with "TARGET/IMPL: ". A pair that cannot run here (a target not
# built, no QEMU, no KVM for hvt, an implementation that needs a feature
# this build of the toolkit lacks) is one SKIP line with the reason.
# Sourced after tests/lib.sh; TYPE.sh defines conf_pair (below).

. "$top_srcdir/tests/targets/qemu.sh"
. "$top_srcdir/tests/targets/virtio-common.sh"

mirage=$top_builddir/src/mirage

# conf_init TYPE: the set-up of TYPE.sh: the helper, autotools and the
# build tree's macros; then the project, copied and autoreconf'd once (the
# pairs are VPATH builds of it).
conf_init() {
    conf_type=$1
    test -x "$mirage" || skip_all "the helper src/mirage is not built"
    need_autotools
    use_build_tree
    conf_src=$scratch/src
    copy_project "$top_srcdir/tests/conformance/$1" "$conf_src" &&
        cp "$top_srcdir/tests/conformance/suite.am" "$conf_src/Makefile.am" &&
        chmod u+w "$conf_src/Makefile.am"
    if ! (cd "$conf_src" && "$AUTORECONF" -fi >autoreconf.log 2>&1); then
        not_ok "$1: autoreconf of the suite's project"
        diag_file "$conf_src/autoreconf.log"
        done_testing
        exit
    fi
    "$mirage" types >"$scratch/types" 2>&1 || {
        not_ok "$1: mirage types"
        diag_file "$scratch/types"
        done_testing
        exit
    }
    conf_accel_done=
}

# conf_impls: one line per implementation of $conf_type, as `mirage types`
# lists them: "IMPL PARAM TARGET...", PARAM being none, required or
# optional.
conf_impls() {
    awk -v type="$conf_type" '
        /^Argument types/ { exit }
        /^  [a-z0-9_]+: / { cur = $1; sub(/:$/, "", cur); impl = ""; next }
        cur != type { next }
        /^      implementation / { impl = $2; sub(/:$/, "", impl); next }
        impl != "" && /^          targets: / {
            sub(/^ *targets: */, ""); targets = $0; next
        }
        impl != "" && /^          parameter: / {
            param = "none"
            if ($0 ~ /, required/) param = "required"
            else if ($0 ~ /, optional/) param = "optional"
            print impl, param, targets
            impl = ""
        }' "$scratch/types"
}

# conf_missing IMPL: empty when this build of the toolkit has every
# feature that IMPL of $conf_type needs, else its needs as `mirage types`
# gives them ("bearssl (not in this build: configured without ...)").
conf_missing() {
    awk -v type="$conf_type" -v impl="$1" '
        /^Argument types/ { exit }
        /^  [a-z0-9_]+: / { cur = $1; sub(/:$/, "", cur); i = ""; next }
        cur != type { next }
        /^      implementation / { i = $2; sub(/:$/, "", i); next }
        i == impl && /^          needs: / && /not in this build/ {
            sub(/^ *needs: */, ""); print
        }' "$scratch/types"
}

# conf_targets: the targets, in the order `mirage types` gives them.
conf_targets() {
    sed -n 's/^Targets (--with-target): //p' "$scratch/types"
}

# conf_reg IMPL KEY: the value of KEY in the registry entry of IMPL of
# $conf_type (devices/TYPE/IMPL/registry.def), empty when absent.
conf_reg() {
    awk -v key="$2" '
        /^#/ { next }
        /^[ \t]/ { if (on) val = val " " $0; next }
        { on = 0 }
        $1 == key && $2 == "=" { on = 1; val = $0; sub(/^[^=]*= */, "", val) }
        END { gsub(/[ \t]+/, " ", val); print val }' \
        "$top_srcdir/devices/$conf_type/$1/registry.def"
}

# conf_why TARGET: empty when images of TARGET can run here, else why not
# (checked once per target; the hvt tender and KVM by kvm_usable, QEMU by
# need_qemu's test).
conf_why() {
    eval "why=\${conf_why_$1-unknown}"
    test "$why" = unknown || return 0
    why=
    test -f "$top_builddir/pkgconfig/mirage-$1-uninstalled.pc" &&
        test -f "$top_builddir/runtime/libmirage-$1.a" ||
        why="the $1 target was not built"
    case $1 in
    spt | hvt)
        conf_w_t=$top_builddir/tenders/$1/mirage-$1
        eval "conf_tender_$1=\$conf_w_t"
        if test -z "$why" && ! test -x "$conf_w_t"; then
            why="the $1 tender (mirage-$1) is not built"
        fi
        if test -z "$why" && test "$1" = hvt && ! kvm_usable; then
            why="KVM cannot run a guest here: $kvm_why"
        fi
        ;;
    virtio | xen)
        if test -z "$why" && ! command -v "$qemu" >/dev/null 2>&1; then
            why="$qemu is not installed (Debian: qemu-system-x86)"
        fi
        ;;
    esac
    eval "conf_why_$1=\$why"
}

# conf_each: for every pair (TARGET, IMPL) of the registry: conf_pair
# TARGET IMPL PARAM when TARGET can run here, else one SKIP line. An
# implementation with dependencies is skipped unless the suite attaches
# them (conf_attaches_deps=yes: its configure.ac declares them).
# Per target, the implementations that need nothing of the host come
# first, so that QEMU's accelerator is chosen (conf_run) on one of them.
conf_each() {
    conf_impls >"$scratch/impls"
    if ! test -s "$scratch/impls"; then
        not_ok "$conf_type: mirage types lists its implementations"
        return
    fi
    : >"$scratch/impls.own"
    : >"$scratch/impls.host"
    while read -r impl rest; do
        if test -n "$(conf_reg "$impl" host)"; then
            echo "$impl $rest" >>"$scratch/impls.host"
        else
            echo "$impl $rest" >>"$scratch/impls.own"
        fi
    done <"$scratch/impls"
    cat "$scratch/impls.own" "$scratch/impls.host" >"$scratch/impls"
    for target in $(conf_targets); do
        while read -r impl param targets; do
            case " $targets " in *" $target "*) ;; *) continue ;; esac
            conf_why "$target"
            deps=$(conf_reg "$impl" deps)
            missing=$(conf_missing "$impl")
            if test -n "$why"; then
                skip "$target/$impl: the $conf_type suite" "$why"
            elif test -n "$missing"; then
                skip "$target/$impl: the $conf_type suite" \
                    "this toolkit lacks what it needs: $missing"
            elif test -n "$deps" && test -z "${conf_attaches_deps:-}"; then
                skip "$target/$impl: the $conf_type suite" \
                    "it depends on $deps, which the runner does not attach yet"
            else
                conf_pair "$target" "$impl" "$param" </dev/null
            fi
        done <"$scratch/impls"
    done
}

# conf_build TARGET NAME SPEC [CONFIGURE-ARGS...]: configures and makes
# the suite for TARGET with --with-impl=SPEC (none when SPEC is empty) and
# CONFIGURE-ARGS in $scratch/TARGET-NAME (a VPATH build); 0 when the image
# is there: then $dir is the build folder and $image the image. The pairs
# of one target share configure's cache.
conf_build() {
    dir=$scratch/$1-$2
    image=$dir/suite
    test "$1" = unix || image=$dir/suite.$1
    mkdir -p "$dir"
    conf_b_target=$1 conf_b_name=$2 conf_b_spec=$3
    shift 3
    test -z "$conf_b_spec" || set -- --with-impl="$conf_b_spec" "$@"
    if (cd "$dir" && "$conf_src/configure" --with-target="$conf_b_target" \
        --cache-file="$scratch/config.cache.$conf_b_target" "$@" \
        CPPFLAGS="-I$top_srcdir/tests/unit -I$top_srcdir/tests/conformance" \
        >build.log 2>&1 && ${MAKE:-make} >>build.log 2>&1) &&
        test -f "$image"; then
        return 0
    fi
    not_ok "$conf_b_target/$conf_b_name: the $conf_type suite builds ($*)"
    diag_file "$dir/build.log"
    return 1
}

# conf_run TARGET ARGS...: runs $image on TARGET with the boot arguments
# ARGS; the console (TAP and log lines) in $scratch/run.out, the status
# in $status. Set before: $conf_cwd (unix: the working folder; default
# $dir), $conf_opts (spt, hvt: tender options, unquoted), $qemu_extra
# (virtio, xen: QEMU options), $conf_wrap (a command that runs the rest,
# such as the read-only mount of conf_ro_wrap; unquoted).
conf_run() {
    conf_t=$1
    shift
    case $conf_t in
    unix)
        # shellcheck disable=SC2086 # $conf_wrap is a command, unquoted
        (cd "${conf_cwd:-$dir}" &&
            test_timeout 60 ${conf_wrap:-} "$image" "$@") \
            >"$scratch/run.out" 2>"$scratch/run.err"
        status=$?
        ;;
    spt | hvt)
        eval "tender=\$conf_tender_$conf_t"
        # shellcheck disable=SC2086 # $conf_opts is a list of options
        test_timeout 60 ${conf_wrap:-} "$tender" ${conf_opts:-} "$image" \
            "$@" >"$scratch/run.out" 2>"$scratch/run.err"
        status=$?
        ;;
    virtio | xen)
        # the first image booted chooses KVM or TCG (qemu_probe_kvm): it
        # must exit with 0 without boot arguments (conf_each runs one that
        # needs nothing of the host first)
        if test -z "$conf_accel_done"; then
            conf_accel_done=yes
            pick_accel
            qemu_probe_kvm "$image"
        fi
        qemu_boot "$image" boot "$(cmdline_quote "$@")"
        cp "$scratch/boot.out" "$scratch/run.out"
        cp "$scratch/boot.err" "$scratch/run.err"
        ;;
    esac
}

# conf_todo LABEL DESCRIPTION REASON: a known deviation of an
# implementation from the documented contract, not yet fixed: the guest's
# failing point DESCRIPTION (a shell pattern) of the run LABEL (a pattern
# too, such as "*/direct") is relayed as TODO with REASON. Each one is
# explained in doc/devices.md; a TODO point that passes says so.
conf_todos=
conf_todo() {
    conf_todos="$conf_todos$1	$2	$3
"
}

# conf_todo_why LABEL DESCRIPTION: the reason of a conf_todo that matches,
# in $todo_why (empty when none does).
conf_todo_why() {
    todo_why=
    while IFS='	' read -r todo_label todo_desc todo_reason; do
        test -n "$todo_label" || continue
        # shellcheck disable=SC2254 # the patterns are meant as patterns
        case $1 in $todo_label) ;; *) continue ;; esac
        # shellcheck disable=SC2254
        case $2 in $todo_desc) todo_why=$todo_reason ;; *) continue ;; esac
        return 0
    done <<EOF
$conf_todos
EOF
}

# conf_relay LABEL: the guest's TAP points of the last run, each as a point
# of ours whose description starts with "LABEL: " (SKIP and TODO kept, and
# TODO added where conf_todo says), its comments as comments; then one
# point that the suite ran to its end: its plan came, with as many points,
# and its exit status was 1 if a point failed, else 0.
conf_relay() {
    awk '
        /^(not )?ok [0-9]+/ {
            kind = ($1 == "not") ? "not_ok" : "ok"
            line = $0
            sub(/^(not )?ok [0-9]+ *(- )?/, "", line)
            if (kind == "not_ok" && line ~ /# *[Tt][Oo][Dd][Oo]/)
                kind = "todo"
            print kind "\t" line
            next
        }
        /^1\.\.[0-9]+/ { sub(/^1\.\./, ""); print "plan\t" $1; next }
        /^# / { sub(/^# /, ""); print "diag\t" $0 }' \
        "$scratch/run.out" >"$scratch/relay"
    relay_n=0 relay_plan= relay_failed=0
    while IFS='	' read -r kind text; do
        case $kind in
        ok)
            ok "$1: $text"
            conf_todo_why "$1" "$text"
            test -z "$todo_why" ||
                diag "$1: this known deviation passes now: drop its conf_todo"
            ;;
        not_ok)
            relay_failed=$((relay_failed + 1))
            conf_todo_why "$1" "$text"
            if test -n "$todo_why"; then
                todo "$1: $text" "$todo_why"
            else
                not_ok "$1: $text"
            fi
            ;;
        todo) # the guest's own TODO point: "DESCRIPTION # TODO WHY"
            relay_failed=$((relay_failed + 1))
            todo "$1: ${text%% # TODO *}" "${text#* # TODO }"
            ;;
        plan) relay_plan=$text ;;
        diag) diag "$1: $text" ;;
        esac
        case $kind in ok | not_ok | todo) relay_n=$((relay_n + 1)) ;; esac
    done <"$scratch/relay"
    want=0
    test "$relay_failed" -eq 0 || want=1
    what="$1: the suite ran to its end (${relay_plan:-no} plan, $relay_n points, status $status)"
    if test -n "$relay_plan" && test "$relay_plan" -eq "$relay_n" &&
        test "$relay_n" -gt 0 && test "$status" -eq "$want"; then
        ok "$what"
    else
        not_ok "$what"
        diag_file "$scratch/run.out"
        diag_file "$scratch/run.err"
    fi
}

# conf_ro_wrap DIR: sets $conf_wrap (and $conf_ro_why when it cannot) so
# that the files in DIR are read-only for the run: as root, a read-only
# bind mount of DIR in a mount namespace of the run's own (root opens a
# file of mode 0444 read-write); else mode 0444 on its files.
conf_ro_wrap() {
    conf_wrap= conf_ro_why=
    if test "$(id -u)" -ne 0; then
        chmod a-w "$1"/*
        return 0
    fi
    if ! command -v unshare >/dev/null 2>&1; then
        conf_ro_why="root writes to any file, and unshare (util-linux) is not installed"
        return 1
    fi
    if ! unshare -m sh -c 'mount --bind -o ro "$1" "$1"' sh "$1" \
        2>"$scratch/ro.err"; then
        conf_ro_why="root writes to any file, and a read-only bind mount failed: $(head -n 1 "$scratch/ro.err")"
        return 1
    fi
    cat >"$scratch/ro-run" <<'EOF'
#!/bin/sh
# runs ARGS... with the folder $1 mounted read-only, in a mount namespace
# (then enters the working folder again: it may be below $1)
dir=$1
shift
mount --bind -o ro "$dir" "$dir" && cd "$PWD" && exec "$@"
EOF
    chmod +x "$scratch/ro-run"
    conf_wrap="unshare -m $scratch/ro-run $1"
}
