/* SPDX-License-Identifier: ISC */
/* test_tls_names.c: the names a certificate answers to, and SNI matching. */
#include <errno.h>
#include <string.h>

#include "fuzz_tls_certs.h"
#include "tap.h"
#include "tls_fake.h"

/* The names of the certificate (pem); its status. */
static int names_of(const char *pem, struct tls_names *nm)
{
    static unsigned char der[4096];
    size_t len = tls_fake_pem_der(pem, der, sizeof der);

    return len ? tls_names_of_cert(der, len, nm) : -EINVAL;
}

static void san_names(void)
{
    struct tls_names nm;
    int rc = names_of(fuzz_tls_server_pem, &nm);

    TAP_OK(rc == 0, "the EC leaf's names read (%d)", rc);
    if (rc < 0)
        return;
    TAP_OK(nm.ndns == 2 && strcmp(nm.dns[0], "fuzz.test") == 0 &&
               strcmp(nm.dns[1], "*.wild.fuzz.test") == 0,
           "its dNSNames, in order: fuzz.test, *.wild.fuzz.test");
    TAP_OK(nm.nip == 1 && nm.iplen[0] == 4 &&
               memcmp(nm.ip[0], "\x7f\0\0\x01", 4) == 0,
           "its iPAddress: 127.0.0.1, 4 bytes");
    tls_names_free(&nm);
    TAP_OK(!nm.dns && !nm.ndns && !nm.ip && !nm.nip,
           "tls_names_free leaves nothing");

    rc = names_of(fuzz_tls_cnsan_pem, &nm);
    TAP_OK(rc == 0 && nm.ndns == 1 && strcmp(nm.dns[0], "san.test") == 0 &&
               nm.nip == 0,
           "a DNS name in the SAN: the CN (ignored.test) is not one; "
           "San.Test. read as san.test; the e-mail name skipped");
    if (rc == 0)
        tls_names_free(&nm);
}

static void cn_fallback(void)
{
    struct tls_names nm;
    int rc = names_of(fuzz_tls_cnip_pem, &nm);

    TAP_OK(rc == 0 && nm.ndns == 1 && strcmp(nm.dns[0], "cn-only.test") == 0,
           "only addresses in the SAN: the CN is the DNS name, lowercase");
    TAP_OK(rc == 0 && nm.nip == 2 && nm.iplen[0] == 4 &&
               memcmp(nm.ip[0], "\x0a\0\0\x01", 4) == 0 && nm.iplen[1] == 16 &&
               memcmp(nm.ip[1], "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01",
                      16) == 0,
           "and the addresses: 10.0.0.1 (4 bytes), 2001:db8::1 (16)");
    if (rc == 0)
        tls_names_free(&nm);
    rc = names_of(fuzz_tls_nosan_pem, &nm);
    TAP_OK(rc == 0 && nm.ndns == 1 && strcmp(nm.dns[0], "nosan.test") == 0 &&
               nm.nip == 0,
           "no SAN: the last CN of the subject");
    if (rc == 0)
        tls_names_free(&nm);
    rc = names_of(fuzz_tls_ca_pem, &nm);
    TAP_OK(rc == 0 && nm.ndns == 0 && nm.nip == 0,
           "a CN with a space (Mirage fuzz CA) is no name");
    if (rc == 0)
        tls_names_free(&nm);
}

static void bad_input(void)
{
    static unsigned char der[4096];
    size_t len = tls_fake_pem_der(fuzz_tls_server_pem, der, sizeof der);
    struct tls_names nm;
    int cut_ok = 1;

    for (size_t n = 0; n < len; n++) {
        int rc = tls_names_of_cert(der, n, &nm);
        if (rc == 0)
            tls_names_free(&nm);
        else if (rc != -EINVAL || nm.ndns || nm.nip)
            cut_ok = 0;
    }
    TAP_OK(cut_ok,
           "every cut of the leaf (%zu lengths): -EINVAL and no "
           "names, or read",
           len);
    TAP_OK(tls_names_of_cert(der, 1, &nm) == -EINVAL, "one byte: -EINVAL");
    der[0] = 0x31;
    TAP_OK(tls_names_of_cert(der, len, &nm) == -EINVAL,
           "a SET where the certificate's SEQUENCE goes: -EINVAL");
}

static void wildcards(void)
{
    static const struct {
        const char *pattern, *host;
        bool match;
    } cases[] = {
        {"*.a.test", "b.a.test", true},
        {"*.a.test", "a.test", false},
        {"*.a.test", "c.b.a.test", false},
        {"*.a.test", ".a.test", false},
        {"*.test", "a.test", false},
        {"*.test", "*.test", true}, /* the same string */
        {"a.test", "a.test", true},
        {"a.test", "b.test", false},
        {"a.test", "x.a.test", false},
        {"b*.a.test", "bc.a.test", false},
        {"*.a.test", "*.a.test", true},
        {"x.*.test", "x.a.test", false},
        {"*", "a", false},
        {"", "", true},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        TAP_OK(tls_name_matches(cases[i].pattern, cases[i].host) ==
                   cases[i].match,
               "'%s' %s '%s'", cases[i].pattern,
               cases[i].match ? "matches" : "does not match", cases[i].host);
}

int main(void)
{
    san_names();
    cn_fallback();
    bad_input();
    wildcards();
    return tap_done();
}
