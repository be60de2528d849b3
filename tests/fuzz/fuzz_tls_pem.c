/* SPDX-License-Identifier: ISC */
/* fuzz_tls_pem.c: the tls device's loading of certificates, keys, anchors. */
#define FUZZ_NAME    "fuzz_tls_pem"
#define FUZZ_INPUTS  20000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  16384
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

/* The input is three files, split at the byte 0x00: server.pem,
 * server.key and ca.pem (a missing part is an absent file). */
#define SPLIT 0x00

/* What the last input gave: connect's result and the device's counts. */
static struct {
    int rc;
    size_t ncerts, nanchors;
} last;

/* Loads the input's files as a device would at boot, and the anchors as
 * its first client would. It must connect or refuse with one of the
 * errors it documents, and free what it made. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    static const char *const names[3] = {"server.pem", "server.key", "ca.pem"};
    static const char *const certs_list[] = {"server"};
    static const char *const alpn[] = {"http/1.1"};
    struct mirage_list_string certs = {1, certs_list};
    struct mirage_list_string protos = {1, alpn};
    struct tls_fake_kv kv;
    struct tls_fake_rng rng;
    struct mirage_pclock pc;
    struct mirage_mclock mc;
    struct mirage_tls *dev = NULL;
    size_t start = 0, part = 0;

    tls_bearssl_log.level =
        getenv("FUZZ_TLS_LOG") ? MIRAGE_LOG_DEBUG : MIRAGE_LOG_QUIET;
    tls_fake_kv_init(&kv);
    for (size_t i = 0; i <= size && part < 3; i++) {
        if (i == size || copy[i] == SPLIT) {
            if (i > start)
                tls_fake_kv_add(&kv, names[part], copy + start, i - start);
            part++;
            start = i + 1;
        }
    }
    tls_fake_rng_init(&rng, 1);
    tls_fake_pclock_init(&pc, FUZZ_TLS_NOW);
    tls_fake_mclock_init(&mc);
    memset(&last, 0, sizeof(last));
    last.rc = mirage_tls_bearssl_connect(&dev, "tls", "server", &rng.dev, &pc,
                                         &mc, &kv.dev, certs, "ca.pem",
                                         "modern", 4, protos);
    if (last.rc == 0) {
        struct tls_dev *d = dev->state;
        int arc = tls_store_load_anchors(d); /* what a first client does */
        if (arc != 0 && arc != -EINVAL && arc != -ENOMEM && arc != -EFBIG)
            fuzz_fail("the anchors' loading returned %d", arc);
        fuzz_accepted++;
        last.ncerts = d->ncerts;
        last.nanchors = d->nanchors;
        if (d->ncerts > 0 && (d->certs[0].chain_len == 0 ||
                              (d->certs[0].key_type != BR_KEYTYPE_RSA &&
                               d->certs[0].key_type != BR_KEYTYPE_EC)))
            fuzz_fail("a certificate loaded without its chain or key");
        tls_fake_free_dev(dev);
    } else if (last.rc != -EINVAL && last.rc != -ENOENT && last.rc != -ENOMEM &&
               last.rc != -EFBIG) {
        fuzz_fail("connect returned %d, an error it does not document",
                  last.rc);
    }
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* Joins (a), (b) and (c) with SPLIT into (out); the length. */
static size_t join3(uint8_t *out, size_t cap, const char *a, const char *b,
                    const char *c)
{
    size_t n = 0;
    const char *parts[3] = {a, b, c};

    for (int i = 0; i < 3; i++) {
        size_t k = strlen(parts[i]);
        if (n + k + 1 > cap)
            return 0;
        memcpy(out + n, parts[i], k);
        n += k;
        if (i < 2)
            out[n++] = SPLIT;
    }
    return n;
}

/* An EC server with the CA; an RSA server with the CA; the EC chain with
 * the RSA key (refused); only the CA (a client). */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t buf[4][FUZZ_MAXLEN];

    if (max < 4)
        return 0;
    lens[0] = join3(buf[0], sizeof buf[0], fuzz_tls_server_pem,
                    fuzz_tls_server_key, fuzz_tls_ca_pem);
    lens[1] = join3(buf[1], sizeof buf[1], fuzz_tls_rsa_pem, fuzz_tls_rsa_key,
                    fuzz_tls_ca_pem);
    lens[2] = join3(buf[2], sizeof buf[2], fuzz_tls_server_pem,
                    fuzz_tls_rsa_key, fuzz_tls_ca_pem);
    lens[3] = join3(buf[3], sizeof buf[3], "", "", fuzz_tls_ca_pem);
    for (int i = 0; i < 4; i++)
        seeds[i] = buf[i];
    return 4;
}

/* The seeds load as they should: two servers with one anchor, a key
 * that is not its certificate's refused, a client. */
static int fuzz_seeds_ok(char *why, size_t n)
{
    int rc[4];
    size_t certs[4], anchors[4];

    for (int i = 0; i < 4; i++) {
        LLVMFuzzerTestOneInput(fuzz_seed[i], fuzz_seed_len[i]);
        rc[i] = last.rc;
        certs[i] = last.ncerts;
        anchors[i] = last.nanchors;
    }
    if (rc[0] == 0 && certs[0] == 1 && anchors[0] == 1 && rc[1] == 0 &&
        certs[1] == 1 && anchors[1] == 1 && rc[2] == -EINVAL && rc[3] == 0 &&
        certs[3] == 0 && anchors[3] == 1)
        return 1;
    snprintf(why, n, "connect: %d (%zu, %zu) %d (%zu, %zu) %d %d (%zu, %zu)",
             rc[0], certs[0], anchors[0], rc[1], certs[1], anchors[1], rc[2],
             rc[3], certs[3], anchors[3]);
    return 0;
}
#endif
