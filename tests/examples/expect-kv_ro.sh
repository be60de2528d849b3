# SPDX-License-Identifier: ISC
# tests/examples/expect-kv_ro.sh: what examples/kv_ro does when it runs, on
# every target (see expect-common.sh).

# The value of key `secret' in examples/kv_ro/t, and its SHA-256.
kv_ro_text='The password is swordfish.'
kv_ro_sum=1b0f3b7e479fb72e007dd4851b014ddf39ff3588d8e56492032ae363c3bcf3ef

# expect_secret NAME TEXT SUM OUT: OUT logs TEXT and SUM.
expect_secret() {
    check_grep "$1: it logs the secret" \
        "${log_stamp}INF \[kv_ro\] secret: $2\$" "$4"
    check_grep "$1: it logs its SHA-256" \
        "${log_stamp}INF \[kv_ro\] sha256: $3\$" "$4"
}

# expect_kv_ro_crunch DIR: the image built in DIR with the crunch kv_ro
# (the default) has t inside: it needs no file at run time, and make
# embeds a changed file again.
expect_kv_ro_crunch() {
    run
    check_status "crunch: it exits with 0 away from t" 0 "$status"
    expect_secret crunch "$kv_ro_text" "$kv_ro_sum" "$scratch/all"
    printf 'Changed.\n' >"$1/t/secret"
    if (cd "$1" && ${MAKE:-make}) >>"$1/build.log" 2>&1; then
        run
        check_grep "crunch: make embeds a changed file" \
            "INF \[kv_ro\] secret: Changed\.\$" "$scratch/all"
    else
        not_ok "crunch: make after a change"; diag_file "$1/build.log"
    fi
}
