#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz-hvt.sh: a long fuzzing campaign of mirage-hvt's hypercall handlers
# (`make fuzz-hvt FUZZ_SECONDS=600`). Uses, the first that works: clang
# with libFuzzer and AddressSanitizer; $CC with the standalone driver under
# AddressSanitizer and UndefinedBehaviorSanitizer; $CC plain.
# Environment: top_srcdir, top_builddir, CC, FUZZ_SECONDS (default 600).
: "${top_srcdir:?}" "${top_builddir:?}"
CC=${CC:-cc}
seconds=${FUZZ_SECONDS:-600}
out=$top_builddir/tests/fuzz/campaign-hvt
mkdir -p "$out/corpus" || exit 1
t=$top_srcdir/tenders/hvt
src="$top_srcdir/tests/fuzz/fuzz_hvt_hypercall.c $t/hypercall.c $t/console.c $t/block.c $t/net.c"
inc="-I$t -I$top_srcdir/tests/unit -I$top_srcdir/tenders/common -I$top_srcdir/runtime/include"
flags="-std=gnu11 -g -O1 -fno-omit-frame-pointer -Wl,--wrap=ppoll -Wl,--wrap=__ppoll_chk"

if command -v clang >/dev/null 2>&1 &&
    clang $flags -fsanitize=fuzzer,address,undefined -DMIRAGE_FUZZ_LIBFUZZER \
        $inc -o "$out/fuzz_libfuzzer" $src 2>"$out/clang.log"; then
    echo "fuzz-hvt: libFuzzer + ASan/UBSan, $seconds s, corpus $out/corpus"
    exec "$out/fuzz_libfuzzer" -max_total_time="$seconds" -timeout=5 \
        -max_len=70000 "$out/corpus"
fi
# shellcheck disable=SC2086
if $CC $flags -fsanitize=address,undefined -fno-sanitize-recover=all $inc \
    -o "$out/fuzz_asan" $src 2>"$out/cc.log" &&
    "$out/fuzz_asan" -n 1 >/dev/null 2>&1; then
    echo "fuzz-hvt: standalone driver + ASan/UBSan, $seconds s"
    exec "$out/fuzz_asan" -n 18446744073709551615 -t "$seconds" \
        -s "$(date +%s)"
fi
# shellcheck disable=SC2086
$CC $flags $inc -o "$out/fuzz_plain" $src || exit 1
echo "fuzz-hvt: standalone driver without sanitizers, $seconds s"
exec "$out/fuzz_plain" -n 18446744073709551615 -t "$seconds" -s "$(date +%s)"
