# SPDX-License-Identifier: ISC
# tests/examples/expect-app_info.sh: what examples/app_info does when it
# runs, on every target (see expect-common.sh).

# expect_app_info: it logs the image's name, version, target ($target) and
# devices, one per line; --version agrees.
expect_app_info() {
    run
    check_status "app_info exits with 0" 0 "$status"
    check_no_stderr "nothing on stderr"
    check_lines "name, version, target and devices, one per line" \
        'INF [app_info] name: app_info' 'INF [app_info] version: 1.0' \
        "INF [app_info] target: $target" \
        'INF [app_info] device: clock1 (time, default)' \
        'INF [app_info] device: clock2 (time, default)' \
        'INF [app_info] slept on clock1 and clock2'

    run --version
    check_status "--version exits with 63" 63 "$status"
    check_grep "--version agrees" '(^| )1\.0$' "$scratch/all"
}
