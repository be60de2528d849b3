#!/bin/sh
# SPDX-License-Identifier: ISC
# runtime-image.sh: an image linked with libmirage-unix.a: main, exit
# statuses, stdout and stderr, and the library's exported symbols.
. "$top_srcdir/tests/lib.sh"
image=$top_builddir/tests/unit/runtime_image
lib=$top_builddir/runtime/libmirage-unix.a
tmp=$scratch

# verdict STATUS DESCRIPTION: a test point that passes when STATUS is 0; a
# failure shows the last run's stdout and stderr as TAP comments.
verdict() {
    if [ "$1" = 0 ]; then ok "$2"; else
        not_ok "$2"
        diag "stdout:"; sed 's/^/#   /' "$tmp/out"
        diag "stderr:"; sed 's/^/#   /' "$tmp/err"
    fi
}

# run STATUS DESCRIPTION ARGS...: runs the image, checks its exit status
run() {
    want=$1; what=$2; shift 2
    "$image" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" = "$want" ]
    verdict $? "$what: exit status $want (got $got)"
}

# has FILE PATTERN DESCRIPTION: the file has a line matching the pattern
has() {
    grep -q -e "$2" "$tmp/$1"
    verdict $? "$3"
}

empty() {
    [ ! -s "$tmp/$1" ]
    verdict $? "$2"
}

run 0 "no arguments"
has out '^hello from the image$' "the start function ran"
empty err "nothing on stderr"

run 5 "--status 5" --status 5
run 125 "--status=300" --status=300
has out ' ERR \[mirage\] internal error: the start function returned 300' \
    "a bad status is logged on stdout"
run 125 "--status=-1" --status=-1

run 64 "unknown option" --helo
has err "^image: unknown option '--helo'\\." "the error names the option"
has err "^Try 'image --help' for more information\\.\$" "the hint follows"
empty out "usage errors print nothing on stdout"

run 63 "--help" --help
has out '^RUNTIME OPTIONS$' "the man page on stdout"
has out '^       --sleep-ms=MS (absent=0)$' "an image option is listed"
has out '^       -l LEVELS, --logs=LEVELS (absent=info)$' "--logs is listed"
# Only the sources of this image: the runtime's and those of the device
# types it declares (a time device), not every device in the runtime.
tr -s ' \n' '  ' <"$tmp/out" | grep -q 'The sources are: mirage, time\. '
verdict $? "the log sources of this image are listed, and only those"
empty err "--help prints nothing on stderr"

run 63 "--version" --version
has out '^image 9\.8\.7$' "the name and the version"

run 0 "-l debug" -l debug
has out ' DBG \[mirage\] device clock: time (default)$' "a debug line per device"
has out ' DBG \[time\] clock: connected$' "the time device logs under 'time'"
run 0 "-l time:debug" -l time:debug --sleep-ms 1
has out ' DBG \[time\] clock: sleeping 1000000 ns$' "per-source threshold"
run 64 "-l loud" -l loud
run 0 "unknown log source" --logs=nosuch:debug
has err "unknown log source 'nosuch'" "the warning names the source"

run 0 "a sleeping image" --sleep-ms=20 --greeting=woke
has out '^woke$' "the image woke up"

# printf output and log lines keep their order through a pipe
"$image" -l debug --greeting=between >"$tmp/out" 2>"$tmp/err"
awk '/DBG \[time\] clock: connected/ { c = NR } /^between$/ { b = NR }
     /DBG \[mirage\] exit status 0/ { e = NR }
     END { exit !(c && b && e && c < b && b < e) }' "$tmp/out"
verdict $? "stdio output stays in order with log lines"

if command -v nm >/dev/null 2>&1; then
    nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 { print $3 }' \
        | grep -v -e '^mirage_' -e '^main$' -e '^br_prng_seeder_system$' \
        >"$tmp/out"
    [ ! -s "$tmp/out" ]
    # br_prng_seeder_system: BearSSL's, replaced (devices/tls/bearssl)
    verdict $? "the library exports only mirage_*, main and BearSSL's seeder"
else
    skip "" "nm not found"
fi
done_testing
