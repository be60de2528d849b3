# SPDX-License-Identifier: ISC
# tests/examples/expect-block.sh: what examples/block does when it runs, on
# every target (see expect-common.sh), whatever block device it has.

# expect_block_ran SECTORS: the last run found a read-write disk of SECTORS
# sectors of 512 bytes, and wrote and verified every one.
expect_block_ran() {
    check_grep "it reports the disk" \
        "INF \\[block\\] disk: $1 sectors of 512 bytes, read-write\$" \
        "$scratch/all"
    check_grep "it logs a summary" \
        "INF \\[block\\] disk: wrote and verified $1 sectors \\($(($1 * 512)) bytes\\)" \
        "$scratch/all"
    # strerror(-ERANGE): the host's words on unix, mirage_strerror's elsewhere
    case $target in
    unix) why='.*out of range' ;;
    *) why='out of range \(ERANGE\)' ;;
    esac
    check_grep "strerror names why a read past the end is refused" \
        "INF \\[block\\] disk: a read past the end is refused: $why\$" \
        "$scratch/all"
}
