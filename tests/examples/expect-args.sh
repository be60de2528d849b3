# SPDX-License-Identifier: ISC
# tests/examples/expect-args.sh: what examples/args does when it runs, on
# every target (see expect-common.sh).

# args_has LINE...: each "NAME=VALUE" is a line the image logged.
args_has() {
    for want in "$@"; do
        if grep -q -x -e "[^]]* INF \[args\] $want" "$scratch/out"; then
            ok "logs $want"
        else
            not_ok "logs $want"; diag_file "$scratch/out"
        fi
    done
}

# args_bad WHAT MESSAGE ARGS...: with ARGS it exits with 64 and the error
# "args: MESSAGE", before the start function.
args_bad() {
    what=$1 msg=$2; shift 2
    run "$@"
    check_status "$what: exits with 64" 64 "$status"
    if grep -q -x -F -e "args: $msg" "$scratch/err"; then
        ok "$what: says so"
    else
        not_ok "$what: says so"; diag "want: args: $msg"
        diag_file "$scratch/err"
    fi
    check_no_grep "$what: the image does not start" 'INF \[args\]' \
        "$scratch/out"
}

# expect_args: the defaults, a value for each argument, bad values,
# --version and --help.
expect_args() {
    run --token=s3cret
    check_status "with --token only it exits with 0" 0 "$status"
    args_has 'name=world' 'verbose=false' 'count=3' 'big=-9000000000' \
        'mode=fast' 'ipv4=10\.0\.0\.2/24' 'ipv4-gateway=10\.0\.0\.1' \
        'ipv6=fe80::2/64' 'ipv6-gateway=fe80::1' \
        'dns=\[1\.1\.1\.1, 8\.8\.8\.8\]' 'ports=\[\]' 'speeds=\[slow\]' \
        'peer=\[\]' 'tag=\[a, b\]' 'retries=(none)' 'level=(none)' \
        'route=(none)' 'token=s3cret'

    run --token= --name='le monde' --verbose --count=-7 \
        --big=0x7fffffffffffffff --mode=slow --ipv4=192.168.7.9/16 \
        --ipv4-gateway=192.168.0.1 --ipv6=2001:DB8:0:0::5/48 \
        --ipv6-gateway=::ffff:192.0.2.1 --dns=9.9.9.9 --ports=80,443 \
        --speeds=fast,slow,fast --peer=fe80::a --peer=::1 \
        --peer=2001:db8::b --tag=x --retries=0 --level=high \
        --route=172.16.0.0/12
    check_status "with a value for each argument it exits with 0" 0 "$status"
    args_has 'name=le monde' 'verbose=true' 'count=-7' \
        'big=9223372036854775807' 'mode=slow' 'ipv4=192\.168\.7\.9/16' \
        'ipv4-gateway=192\.168\.0\.1' 'ipv6=2001:db8::5/48' \
        'ipv6-gateway=::ffff:192\.0\.2\.1' 'dns=\[9\.9\.9\.9\]' \
        'ports=\[80, 443\]' 'speeds=\[fast, slow, fast\]' \
        'peer=\[fe80::a, ::1, 2001:db8::b\]' 'tag=\[x\]' 'retries=0' \
        'level=high' 'route=172\.16\.0\.0/12' 'token='

    args_bad "no --token" "required option --token is missing."
    args_bad "a bad enum value" "option '--mode': invalid value 'medium', \
expected one of fast, slow." --token=t --mode=medium
    args_bad "a bad address" "option '--ipv4-gateway': invalid value \
'10.0.0', expected an IPv4 address such as 192.168.1.10: four numbers 0 to \
255 without leading zeros, separated by dots." --token=t \
        --ipv4-gateway=10.0.0
    args_bad "a prefix length out of range" "option '--ipv6': invalid value \
'fe80::1/129', expected an IPv6 address and a prefix length 0 to 128, such \
as fe80::1/64." --token=t --ipv6=fe80::1/129
    args_bad "a bad list element" "option '--dns': invalid element \
'8.8.8.256' in '1.1.1.1,8.8.8.256', expected an IPv4 address such as \
192.168.1.10: four numbers 0 to 255 without leading zeros, separated by \
dots." --token=t --dns=1.1.1.1,8.8.8.256
    args_bad "a bad repeated value" "option '--peer': invalid value \
'1::2::3', expected an IPv6 address such as 2001:db8::1 or ::ffff:192.0.2.1: \
up to eight groups of 1 to 4 hex digits separated by ':', with at most one \
'::'." --token=t --peer=::1 --peer=1::2::3
    args_bad "a list given twice" "option '--dns' cannot be given more than \
once." --token=t --dns=1.1.1.1 --dns=8.8.8.8
    args_bad "a negative --delay" "option '--delay': invalid value '-1', \
expected a whole number of seconds, 0 or more." --token=t --delay=-1

    run --version
    check_status "--version exits with 63" 63 "$status"
    check_grep "--version prints the name and version" '^args 1\.0$' \
        "$scratch/all"

    run --help=plain
    check_status "--help=plain exits with 63" 63 "$status"
    for entry in '--mode=fast\|slow \(absent=fast\)' \
        '--dns=IPV4,\.\.\. \(absent=1\.1\.1\.1,8\.8\.8\.8\)' \
        '--peer=IPV6 \(may be repeated\)' '--route=PREFIX \(optional\)' \
        '--token=STRING \(required\)' '--delay=SECONDS \(absent=0\)'; do
        check_grep "--help lists $entry" "^       $entry\$" "$scratch/all"
    done
    check_grep "EXIT STATUS lists the crash status" '^       255 on a crash' \
        "$scratch/all"
}
