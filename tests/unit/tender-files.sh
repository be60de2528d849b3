# SPDX-License-Identifier: ISC
# tests/unit/tender-files.sh: what tender-spt.sh and tender-hvt.sh check
# alike of files that are no image: sourced after tests/lib.sh, with
# $tender (the tender's path) and $prog (its name, for its messages).

# bytes_read FILE ARGS...: runs the tender with ARGS under strace; $nread
# is the bytes it read from FILE ($status, $scratch/out and err as run's).
bytes_read() {
    f=$1; shift
    strace -f -qq -P "$f" -e trace=read,pread64 -o "$scratch/trace" \
        "$tender" "$@" >"$scratch/out" 2>"$scratch/err"
    status=$?
    nread=$(sed -n 's/.*) *= *\([0-9][0-9]*\)$/\1/p' "$scratch/trace" |
        awk '{ n += $1 } END { print n + 0 }')
}
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
    strace_ok=yes
else
    strace_ok=no
fi

# check_no_image_files: a FIFO (status 124 would be the timeout's: opening
# it blocked), a directory, a device and a 1 GiB file that is not ELF (only
# its header read, as strace counts) are each refused at once with 125.
check_no_image_files() {
    mkfifo "$scratch/fifo"
    test_timeout 20 "$tender" "$scratch/fifo" >"$scratch/out" 2>"$scratch/err"
    check_status "a FIFO is refused at once" 125 $?
    check_grep "said" "^$prog: .*/fifo: is a FIFO, not an image file$" "$scratch/err"
    run "$scratch"
    check_grep "a directory is refused" "^$prog: .*: is a directory, not an image file$" "$scratch/err"
    run /dev/null
    check_grep "/dev/null is refused" "^$prog: /dev/null: is a character device, not an image file$" "$scratch/err"
    truncate -s 1G "$scratch/big.bin" && printf junk >>"$scratch/big.bin"
    if test "$strace_ok" = yes; then
        bytes_read "$scratch/big.bin" "$scratch/big.bin"
        check "a 1 GiB file that is not ELF: read $nread bytes of it (at most 4096)" \
            test "$nread" -le 4096
    else
        run "$scratch/big.bin"
        skip "a 1 GiB file that is not ELF: bytes read" "strace cannot trace here"
    fi
    check_status "it is refused" 125 "$status"
    check_grep "as not ELF" "^$prog: .*big\.bin: not an ELF file$" "$scratch/err"
    rm -f "$scratch/big.bin"
}
