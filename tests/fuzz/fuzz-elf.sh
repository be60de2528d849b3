#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz-elf.sh: a long fuzzing campaign of the tenders' ELF loader
# (`make fuzz-elf FUZZ_SECONDS=600`). Uses, the first that works: clang
# with libFuzzer and AddressSanitizer; $CC with the standalone driver under
# AddressSanitizer and UndefinedBehaviorSanitizer; $CC plain.
# Environment: top_srcdir, top_builddir, CC, FUZZ_SECONDS (default 600).
: "${top_srcdir:?}" "${top_builddir:?}"
CC=${CC:-cc}
seconds=${FUZZ_SECONDS:-600}
out=$top_builddir/tests/fuzz/campaign
mkdir -p "$out/corpus" || exit 1
src="$top_srcdir/tests/fuzz/fuzz_elf_load.c $top_srcdir/tenders/common/elf_load.c"
inc="-I$top_srcdir/tests/fuzz -I$top_srcdir/tests/unit -I$top_srcdir/tenders/common -I$top_srcdir/runtime/include"
flags="-std=gnu11 -g -O1 -fno-omit-frame-pointer"

# The seeds, from a plain build of the standalone driver.
# shellcheck disable=SC2086
$CC $flags $inc -o "$out/fuzz_plain" $src || exit 1
"$out/fuzz_plain" -w "$out/corpus" || exit 1

if command -v clang >/dev/null 2>&1 &&
    clang $flags -fsanitize=fuzzer,address -DMIRAGE_FUZZ_LIBFUZZER $inc \
        -o "$out/fuzz_libfuzzer" $src 2>"$out/clang.log"; then
    echo "fuzz-elf: libFuzzer + ASan, $seconds s, corpus $out/corpus"
    exec "$out/fuzz_libfuzzer" -max_total_time="$seconds" -timeout=5 \
        -max_len=16384 "$out/corpus"
fi
if $CC $flags -fsanitize=address,undefined -fno-sanitize-recover=all $inc \
    -o "$out/fuzz_asan" $src 2>"$out/cc.log" &&
    "$out/fuzz_asan" -n 1 >/dev/null 2>&1; then
    echo "fuzz-elf: standalone driver + ASan/UBSan, $seconds s"
    exec "$out/fuzz_asan" -n 18446744073709551615 -t "$seconds" \
        -s "$(date +%s)"
fi
echo "fuzz-elf: standalone driver without sanitizers, $seconds s"
exec "$out/fuzz_plain" -n 18446744073709551615 -t "$seconds" -s "$(date +%s)"
