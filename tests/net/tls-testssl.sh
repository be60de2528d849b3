#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/net/tls-testssl.sh: testssl.sh (Debian's testssl.sh) scans
# examples/static_website_tls on unix (the socket stack) in a namespace of
# the test's own, offline: protocols, cipher suites, the server's
# preferences, the certificate (trusted through the test CA) and every
# vulnerability it knows; none may be found. Not in make check (about a
# minute here): make check-tls-long.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/direct-common.sh"
target=unix
need_autotools
use_build_tree
testssl=$(command -v testssl 2>/dev/null || command -v testssl.sh 2>/dev/null)
test -n "$testssl" ||
    skip_all "testssl.sh is not installed (Debian: apt-get install testssl.sh)"
for tool in openssl python3; do
    command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
direct_ns_setup 19

p=$scratch/static_website_tls
copy_project "$top_srcdir/examples/static_website_tls" "$p"
if build_project "$p" && test -x "$p/static_website_tls"; then
    ok "static_website_tls builds for unix (sockets)"
else
    not_ok "static_website_tls builds for unix (sockets)"
    diag_file "$p/build.log"
    done_testing; exit
fi
(cd "$p" && exec ip netns exec "$ns" ./static_website_tls --ipv4=127.0.0.1/8 \
    --https-port=4443 --http-port=8080 --tls-certs=server,other.example.test) \
    >"$scratch/site.log" 2>&1 &
guest=$!
if ! wait_until 30 direct_seen "$scratch/site.log" 'listening on port' ||
    ! grep -q 'listening on port' "$scratch/site.log"; then
    not_ok "static_website_tls listens on 127.0.0.1:4443"
    diag_file "$scratch/site.log"
    done_testing; exit
fi
ok "static_website_tls listens on 127.0.0.1:4443"

# The whole default scan, by name (--ip: no DNS), the test CA trusted.
in_ns timeout "$(scaled 300)" "$testssl" --quiet --color 0 --warnings batch \
    --connect-timeout 10 --openssl-timeout 10 --jsonfile "$scratch/ts.json" \
    --add-ca "$p/certs/ca.pem" --ip 127.0.0.1 https://www.example.test:4443 \
    >"$scratch/ts.out" 2>&1
st=$?
check_status "testssl.sh ran to its end (in $(scaled 300) s at most)" 0 "$st"
test "$st" -eq 0 || diag_file "$scratch/ts.out"
sed -n '/^ Testing vulnerabilities/,/^ RC4 /p' "$scratch/ts.out" |
    sed 's/^/# /'

# Its findings, by severity. Some are not the TLS server's and are
# expected here: listed, with why, as notes.
python3 - "$scratch/ts.json" >"$scratch/verdict" 2>&1 <<'PY'
import json, sys
expected = {
    "cert_revocation": "the test certificate names no CRL or OCSP responder",
    "DNS_CAArecord": "offline: no DNS to ask for a CAA record",
    "HSTS": "an HTTP header of the site, not TLS",
    "security_headers": "HTTP headers of the site, not TLS",
}
bad = 0
findings = json.load(open(sys.argv[1]))
print("findings %d" % len(findings))
for f in findings:
    sev = f.get("severity", "")
    if sev in ("OK", "INFO", "LOW") and f["id"] not in expected:
        continue
    if f["id"] in expected:
        print("note %s %s: %s (%s)" % (f["id"], sev, f["finding"],
                                       expected[f["id"]]))
    else:
        bad += 1
        print("FOUND %s %s: %s" % (f["id"], sev, f["finding"]))
print("bad %d" % bad)
PY
sed 's/^/# /' "$scratch/verdict"
if grep -q '^bad 0$' "$scratch/verdict" &&
    ! grep -q '^findings 0$' "$scratch/verdict"; then
    ok "testssl.sh: no vulnerability, weakness or scan problem (MEDIUM, HIGH, CRITICAL, WARN, FATAL)"
else
    not_ok "testssl.sh: no vulnerability, weakness or scan problem (MEDIUM, HIGH, CRITICAL, WARN, FATAL)"
fi
for v in heartbleed CCS ticketbleed ROBOT secure_renego \
    secure_client_renego CRIME_TLS POODLE_SSL fallback_SCSV SWEET32 FREAK \
    DROWN LOGJAM BEAST LUCKY13 RC4; do
    python3 -c 'import json, sys
ids = [f["id"] for f in json.load(open(sys.argv[1]))
       if f["severity"] in ("OK", "INFO", "LOW")]
sys.exit(0 if sys.argv[2] in ids else 1)' "$scratch/ts.json" "$v"
    check_status "testssl.sh checked $v: not vulnerable" 0 $?
done
direct_stop "$guest"
guest=
check_no_grep "no crash or error in the unikernel's log" 'overflow|crash|ERR ' \
    "$scratch/site.log"
done_testing
