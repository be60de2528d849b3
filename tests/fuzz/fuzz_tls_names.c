/* SPDX-License-Identifier: ISC */
/* fuzz_tls_names.c: the tls device's certificate name reader and matcher. */
#define FUZZ_NAME    "fuzz_tls_names"
#define FUZZ_INPUTS  1000000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  4096
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_tls_certs.h"
#include "tls_fake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Does (needle) of (n) bytes occur in (hay), ignoring ASCII case? */
static int occurs(const uint8_t *hay, size_t len, const void *needle, size_t n)
{
    const uint8_t *q = needle;

    for (size_t i = 0; n <= len && i <= len - n; i++) {
        size_t k = 0;
        while (k < n) {
            uint8_t a = hay[i + k], b = q[k];
            if (a >= 'A' && a <= 'Z')
                a = (uint8_t)(a - 'A' + 'a');
            if (a != b)
                break;
            k++;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

/* Does (needle) of (n) bytes occur in (hay) as it is? */
static int contains(const uint8_t *hay, size_t len, const void *needle,
                    size_t n)
{
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

/* The wildcard rule, written apart: equal, or "*.R" (R with a dot) and
 * a host of one non-empty label without a dot, a dot, and R. */
static int model_matches(const char *pattern, const char *host)
{
    const char *dot;

    if (strcmp(pattern, host) == 0)
        return 1;
    if (strncmp(pattern, "*.", 2) != 0 || !strchr(pattern + 2, '.'))
        return 0;
    dot = strchr(host, '.');
    if (!dot || dot == host)
        return 0;
    return strcmp(dot + 1, pattern + 2) == 0;
}

/*
 * The input is a DER certificate: tls_names_of_cert returns 0, -EINVAL or
 * -ENOMEM, leaves nothing behind when it fails, and gives DNS names of 1
 * to 253 printable bytes, lowercase, read from the input (a trailing dot
 * dropped), and addresses of 4 or 16 bytes of the input; each name
 * matches itself. The input as text, cut at its first byte's place into
 * a pattern and a host, matches as the model says.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    struct tls_names nm;
    int rc = tls_names_of_cert(copy, size, &nm);

    if (rc != 0 && rc != -EINVAL && rc != -ENOMEM)
        fuzz_fail("tls_names_of_cert returned %d", rc);
    if (rc < 0 && (nm.dns || nm.ndns || nm.ip || nm.iplen || nm.nip))
        fuzz_fail("a failure (%d) left names behind", rc);
    if (rc == 0) {
        fuzz_accepted++;
        for (size_t i = 0; i < nm.ndns; i++) {
            const char *s = nm.dns[i];
            size_t n = strlen(s);
            if (n == 0 || n > 253)
                fuzz_fail("name %zu has %zu bytes", i, n);
            for (size_t k = 0; k < n; k++)
                if (s[k] <= 0x20 || s[k] >= 0x7f ||
                    (s[k] >= 'A' && s[k] <= 'Z'))
                    fuzz_fail("name %zu has byte 0x%02x", i,
                              (unsigned)(unsigned char)s[k]);
            if (!occurs(copy, size, s, n))
                fuzz_fail("name %zu, '%s', is not in the input", i, s);
            if (!tls_name_matches(s, s))
                fuzz_fail("name '%s' does not match itself", s);
        }
        for (size_t i = 0; i < nm.nip; i++) {
            if (nm.iplen[i] != 4 && nm.iplen[i] != 16)
                fuzz_fail("address %zu has %u bytes", i, nm.iplen[i]);
            if (!contains(copy, size, nm.ip[i], nm.iplen[i]))
                fuzz_fail("address %zu is not in the input", i);
        }
        tls_names_free(&nm);
        if (nm.dns || nm.ndns || nm.ip || nm.nip)
            fuzz_fail("tls_names_free left names behind");
    }
    fuzz_input_free(copy);

    /* the matcher on the input as text: the pattern before the byte at
     * (data[0] % size), the host after it (NULs read as dots) */
    if (size > 1) {
        char *t = malloc(size + 1);
        size_t cut = 1 + data[0] % (size - 1);
        const char *pattern, *host;
        if (!t)
            abort();
        memcpy(t, data, size);
        t[size] = 0;
        for (size_t i = 0; i < size; i++)
            if (t[i] == 0)
                t[i] = '.';
        t[cut] = 0;
        pattern = t + 1;
        host = t + cut + 1;
        if (tls_name_matches(pattern, host) !=
            (model_matches(pattern, host) != 0))
            fuzz_fail("'%s' against '%s': %d, the model says %d", pattern, host,
                      (int)tls_name_matches(pattern, host),
                      model_matches(pattern, host));
        free(t);
    }
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* The certificates of fuzz_tls_certs.h: the EC leaf (SAN: two DNS names,
 * one a wildcard, and an address), the RSA leaf (one DNS name), the CA
 * (a common name with a space, no SAN); two texts for the matcher; the
 * name reader's three (a CN beside addresses, a CN beside a DNS name, two
 * CNs). */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t der[6][2048];
    static uint8_t t1[] = "\x0b*.wild.test.a.wild.test";
    static uint8_t t2[] = "\x0b*.wild.test.a.b.wild.test";

    static const char *const more[] = {fuzz_tls_cnip_pem, fuzz_tls_cnsan_pem,
                                       fuzz_tls_nosan_pem};

    if (max < 8)
        return 0;
    lens[0] = tls_fake_pem_der(fuzz_tls_server_pem, der[0], sizeof der[0]);
    lens[1] = tls_fake_pem_der(fuzz_tls_rsa_pem, der[1], sizeof der[1]);
    lens[2] = tls_fake_pem_der(fuzz_tls_ca_pem, der[2], sizeof der[2]);
    for (int i = 0; i < 3; i++)
        seeds[i] = der[i];
    seeds[3] = t1;
    lens[3] = sizeof t1 - 1;
    seeds[4] = t2;
    lens[4] = sizeof t2 - 1;
    for (int i = 0; i < 3; i++) {
        lens[5 + i] = tls_fake_pem_der(more[i], der[3 + i], sizeof der[3 + i]);
        seeds[5 + i] = der[3 + i];
    }
    return 8;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    struct tls_names nm[3];
    int rc[3], ok;

    for (int i = 0; i < 3; i++)
        rc[i] = tls_names_of_cert(fuzz_seed[i], fuzz_seed_len[i], &nm[i]);
    ok = rc[0] == 0 && nm[0].ndns == 2 && nm[0].nip == 1 &&
         strcmp(nm[0].dns[0], "fuzz.test") == 0 &&
         strcmp(nm[0].dns[1], "*.wild.fuzz.test") == 0 && nm[0].iplen[0] == 4 &&
         memcmp(nm[0].ip[0], "\x7f\0\0\x01", 4) == 0 && rc[1] == 0 &&
         nm[1].ndns == 1 && strcmp(nm[1].dns[0], "rsa.fuzz.test") == 0 &&
         rc[2] == 0 && nm[2].ndns == 0 && nm[2].nip == 0;
    for (int i = 0; i < 3; i++)
        if (rc[i] == 0)
            tls_names_free(&nm[i]);
    if (!ok)
        snprintf(why, n, "the names read: %d %d %d", rc[0], rc[1], rc[2]);
    return ok;
}
#endif
