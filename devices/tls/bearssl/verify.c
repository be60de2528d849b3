/* SPDX-License-Identifier: ISC */
/* verify.c: a client's check of the server's chain, names and times. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tls_bearssl.h"

/* The largest leaf kept for an address check. */
#define TLS_LEAF_MAX 16384

/* Days from 1 January of year 0 (proleptic Gregorian) to 1970-01-01. */
#define TLS_DAYS_TO_EPOCH 719528

static struct tls_verify *self(const br_x509_class **ctx)
{
    return (struct tls_verify *)(void *)ctx;
}

static void v_start_chain(const br_x509_class **ctx, const char *server_name)
{
    struct tls_verify *v = self(ctx);

    v->depth = 0;
    v->leaf_len = 0;
    v->leaf_overflow = false;
    v->minimal.vtable->start_chain(&v->minimal.vtable, server_name);
}

static void v_start_cert(const br_x509_class **ctx, uint32_t length)
{
    struct tls_verify *v = self(ctx);

    v->depth++;
    v->minimal.vtable->start_cert(&v->minimal.vtable, length);
}

static void v_append(const br_x509_class **ctx, const unsigned char *buf,
                     size_t len)
{
    struct tls_verify *v = self(ctx);

    if (v->depth == 1 && v->f->host_iplen) {
        if (len > v->leaf_cap - v->leaf_len)
            v->leaf_overflow = true;
        else {
            memcpy(v->leaf + v->leaf_len, buf, len);
            v->leaf_len += len;
        }
    }
    v->minimal.vtable->append(&v->minimal.vtable, buf, len);
}

static void v_end_cert(const br_x509_class **ctx)
{
    struct tls_verify *v = self(ctx);

    v->minimal.vtable->end_cert(&v->minimal.vtable);
}

/* Is the host's address among the leaf's iPAddress names? */
static bool leaf_has_address(struct tls_verify *v)
{
    struct tls_names names;
    bool found = false;

    if (v->leaf_overflow || tls_names_of_cert(v->leaf, v->leaf_len, &names) < 0)
        return false;
    for (size_t i = 0; i < names.nip && !found; i++)
        found = names.iplen[i] == v->f->host_iplen &&
                memcmp(names.ip[i], v->f->host_ip, names.iplen[i]) == 0;
    tls_names_free(&names);
    return found;
}

static unsigned v_end_chain(const br_x509_class **ctx)
{
    struct tls_verify *v = self(ctx);
    unsigned err = v->minimal.vtable->end_chain(&v->minimal.vtable);

    if (err == 0 && v->f->host_iplen && !leaf_has_address(v))
        err = BR_ERR_X509_BAD_SERVER_NAME;
    return err;
}

static const br_x509_pkey *v_get_pkey(const br_x509_class *const *ctx,
                                      unsigned *usages)
{
    const struct tls_verify *v = (const struct tls_verify *)(const void *)ctx;

    return v->minimal.vtable->get_pkey(&v->minimal.vtable, usages);
}

static const br_x509_class verify_class = {
    .context_size = sizeof(struct tls_verify),
    .start_chain = v_start_chain,
    .start_cert = v_start_cert,
    .append = v_append,
    .end_cert = v_end_cert,
    .end_chain = v_end_chain,
    .get_pkey = v_get_pkey,
};

int tls_verify_init(struct tls_flow *f)
{
    struct tls_verify *v = &f->verify;
    struct tls_dev *d = f->d;
    int64_t now = 0;
    uint64_t ps;

    v->vtable = &verify_class;
    v->f = f;
    if (f->host_iplen) {
        v->leaf = malloc(TLS_LEAF_MAX);
        if (!v->leaf)
            return -ENOMEM;
        v->leaf_cap = TLS_LEAF_MAX;
    }
    br_x509_minimal_init(&v->minimal, &br_sha256_vtable, d->anchors,
                         d->nanchors);
    br_x509_minimal_set_hash(&v->minimal, br_sha256_ID, &br_sha256_vtable);
    br_x509_minimal_set_hash(&v->minimal, br_sha384_ID, &br_sha384_vtable);
    br_x509_minimal_set_hash(&v->minimal, br_sha512_ID, &br_sha512_vtable);
    br_x509_minimal_set_rsa(&v->minimal, br_rsa_pkcs1_vrfy_get_default());
    br_x509_minimal_set_ecdsa(&v->minimal, br_ec_get_default(),
                              br_ecdsa_vrfy_asn1_get_default());
    /* Certificates are valid or not at the wall clock's time; a clock
     * before 1970 (unset) makes every certificate "not yet valid". */
    if (mirage_pclock_now(d->pclock, &now, &ps) < 0 || now < 0)
        now = 0;
    br_x509_minimal_set_time(&v->minimal,
                             (uint32_t)(now / 86400) + TLS_DAYS_TO_EPOCH,
                             (uint32_t)(now % 86400));
    return 0;
}

void tls_verify_free(struct tls_flow *f)
{
    free(f->verify.leaf);
    f->verify.leaf = NULL;
}
