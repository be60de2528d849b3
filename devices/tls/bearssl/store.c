/* SPDX-License-Identifier: ISC */
/* store.c: the server's certificates and keys, the client's anchors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/kv_ro.h>

#include "tls_bearssl.h"

/* The largest PEM file read: a chain or a CA bundle. */
#define TLS_PEM_MAX (4u << 20)

/* A PEM object: its label ("CERTIFICATE") and DER bytes. */
struct pem_obj {
    char label[64];
    unsigned char *der;
    size_t len, cap;
};

struct pem_list {
    struct pem_obj *objs;
    size_t n;
    int err;
};

static void pem_list_free(struct pem_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->objs[i].der)
            memset(l->objs[i].der, 0, l->objs[i].cap);
        free(l->objs[i].der);
    }
    free(l->objs);
    memset(l, 0, sizeof(*l));
}

static void pem_append(void *ctx, const void *buf, size_t len)
{
    struct pem_list *l = ctx;
    struct pem_obj *o = &l->objs[l->n - 1];

    if (l->err)
        return;
    if (o->len + len > o->cap) {
        size_t cap = (o->cap ? o->cap * 2 : 1024);
        unsigned char *p;
        while (cap < o->len + len)
            cap *= 2;
        p = malloc(cap);
        if (!p) {
            l->err = -ENOMEM;
            return;
        }
        if (o->der) {
            memcpy(p, o->der, o->len);
            memset(o->der, 0, o->cap);
            free(o->der);
        }
        o->der = p;
        o->cap = cap;
    }
    memcpy(o->der + o->len, buf, len);
    o->len += len;
}

/* Splits (text) into its PEM objects. 0, -EINVAL (not PEM), -ENOMEM. */
static int pem_split(const unsigned char *text, size_t len, struct pem_list *l)
{
    br_pem_decoder_context pc;
    bool inside = false;

    memset(l, 0, sizeof(*l));
    br_pem_decoder_init(&pc);
    while (len > 0 || inside) {
        size_t used;
        int ev;

        if (len == 0) {
            /* a last line without its newline */
            used = br_pem_decoder_push(&pc, "\n", 1);
            (void)used;
        } else {
            used = br_pem_decoder_push(&pc, text, len);
            text += used;
            len -= used;
        }
        ev = br_pem_decoder_event(&pc);
        if (ev == BR_PEM_BEGIN_OBJ) {
            struct pem_obj *o = realloc(l->objs, (l->n + 1) * sizeof(*l->objs));
            if (!o) {
                pem_list_free(l);
                return -ENOMEM;
            }
            l->objs = o;
            memset(&o[l->n], 0, sizeof(o[l->n]));
            /* labels we look for are short: a longer one is cut */
            {
                const char *name = br_pem_decoder_name(&pc);
                size_t k = strlen(name);
                if (k >= sizeof(o[l->n].label))
                    k = sizeof(o[l->n].label) - 1;
                memcpy(o[l->n].label, name, k);
            }
            l->n++;
            br_pem_decoder_setdest(&pc, pem_append, l);
            inside = true;
        } else if (ev == BR_PEM_END_OBJ) {
            inside = false;
        } else if (ev == BR_PEM_ERROR) {
            pem_list_free(l);
            return -EINVAL;
        } else if (len == 0 && inside) {
            /* the text ended inside an object */
            pem_list_free(l);
            return -EINVAL;
        }
        if (l->err) {
            int err = l->err;
            pem_list_free(l);
            return err;
        }
    }
    return 0;
}

/* Reads (key) of (store) whole into a NUL-ended buffer in (*text). */
static int read_file(struct tls_dev *d, struct mirage_kv_ro *store,
                     const char *key, unsigned char **text, size_t *len)
{
    uint64_t size;
    size_t got;
    int rc = mirage_kv_ro_size(store, key, &size);

    if (rc < 0) {
        mirage_log_err(&tls_bearssl_log, "%s: %s of kv_ro %s: %s", d->dev.name,
                       key, store->name,
                       rc == -ENOENT ? "no such file" : "cannot be read");
        return rc;
    }
    if (size > TLS_PEM_MAX) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: %s of kv_ro %s has %llu bytes; at most %u",
                       d->dev.name, key, store->name, (unsigned long long)size,
                       TLS_PEM_MAX);
        return -EFBIG;
    }
    *text = malloc((size_t)size + 1);
    if (!*text)
        return -ENOMEM;
    rc = mirage_kv_ro_get(store, key, *text, (size_t)size, &got);
    if (rc < 0) {
        free(*text);
        mirage_log_err(&tls_bearssl_log, "%s: %s of kv_ro %s cannot be read",
                       d->dev.name, key, store->name);
        return rc;
    }
    (*text)[got] = 0;
    *len = got;
    return 0;
}

/* Reads the PEM objects of (key). */
static int read_pem(struct tls_dev *d, struct mirage_kv_ro *store,
                    const char *key, struct pem_list *l)
{
    unsigned char *text;
    size_t len;
    int rc = read_file(d, store, key, &text, &len);

    if (rc < 0)
        return rc;
    rc = pem_split(text, len, l);
    memset(text, 0, len);
    free(text);
    if (rc == -EINVAL)
        mirage_log_err(&tls_bearssl_log, "%s: %s of kv_ro %s is not PEM",
                       d->dev.name, key, store->name);
    return rc;
}

static unsigned char *dup_bytes(const void *p, size_t n)
{
    unsigned char *q = malloc(n ? n : 1);

    if (q && n)
        memcpy(q, p, n);
    return q;
}

/* Takes the private key of (l) into (c). */
static int take_key(struct tls_cert *c, struct pem_list *l)
{
    br_skey_decoder_context kc;

    for (size_t i = 0; i < l->n; i++) {
        const char *lab = l->objs[i].label;
        if (strcmp(lab, "RSA PRIVATE KEY") && strcmp(lab, "EC PRIVATE KEY") &&
            strcmp(lab, "PRIVATE KEY"))
            continue;
        br_skey_decoder_init(&kc);
        br_skey_decoder_push(&kc, l->objs[i].der, l->objs[i].len);
        if (br_skey_decoder_last_error(&kc) != 0)
            return -EINVAL;
        c->key_type = br_skey_decoder_key_type(&kc);
        if (c->key_type == BR_KEYTYPE_RSA) {
            const br_rsa_private_key *k = br_skey_decoder_get_rsa(&kc);
            c->rsa = *k;
            c->rsa.p = dup_bytes(k->p, k->plen);
            c->rsa.q = dup_bytes(k->q, k->qlen);
            c->rsa.dp = dup_bytes(k->dp, k->dplen);
            c->rsa.dq = dup_bytes(k->dq, k->dqlen);
            c->rsa.iq = dup_bytes(k->iq, k->iqlen);
            if (!c->rsa.p || !c->rsa.q || !c->rsa.dp || !c->rsa.dq ||
                !c->rsa.iq)
                return -ENOMEM;
        } else if (c->key_type == BR_KEYTYPE_EC) {
            const br_ec_private_key *k = br_skey_decoder_get_ec(&kc);
            c->ec = *k;
            c->ec.x = dup_bytes(k->x, k->xlen);
            if (!c->ec.x)
                return -ENOMEM;
        } else {
            return -EINVAL;
        }
        memset(&kc, 0, sizeof(kc));
        return 0;
    }
    return -ENOENT;
}

/* Does the private key of (c) belong to the public key of its leaf? */
static bool key_matches(struct tls_cert *c)
{
    br_x509_decoder_context xd;
    const br_x509_pkey *pk;
    bool ok = false;

    br_x509_decoder_init(&xd, NULL, NULL);
    br_x509_decoder_push(&xd, c->chain[0].data, c->chain[0].data_len);
    pk = br_x509_decoder_get_pkey(&xd);
    if (!pk || br_x509_decoder_last_error(&xd) != 0)
        return false;
    if (c->key_type == BR_KEYTYPE_RSA && pk->key_type == BR_KEYTYPE_RSA) {
        br_rsa_compute_modulus mod = br_rsa_compute_modulus_get_default();
        size_t n = mod(NULL, &c->rsa);
        unsigned char *m = n ? malloc(n) : NULL;
        const unsigned char *pn = pk->key.rsa.n;
        size_t pnlen = pk->key.rsa.nlen;
        while (pnlen > 0 && *pn == 0)
            pn++, pnlen--;
        if (m && mod(m, &c->rsa) == n) {
            const unsigned char *q = m;
            size_t qlen = n;
            while (qlen > 0 && *q == 0)
                q++, qlen--;
            ok = qlen == pnlen && memcmp(q, pn, qlen) == 0;
        }
        free(m);
    } else if (c->key_type == BR_KEYTYPE_EC && pk->key_type == BR_KEYTYPE_EC) {
        unsigned char pub[BR_EC_KBUF_PUB_MAX_SIZE];
        br_ec_public_key ecpub;
        size_t n = br_ec_compute_pub(br_ec_get_default(), &ecpub, pub, &c->ec);
        ok = n > 0 && ecpub.curve == pk->key.ec.curve &&
             ecpub.qlen == pk->key.ec.qlen &&
             memcmp(ecpub.q, pk->key.ec.q, ecpub.qlen) == 0;
    }
    return ok;
}

static int load_cert(struct tls_dev *d, struct mirage_kv_ro *store,
                     const char *label, struct tls_cert *c)
{
    char key[256];
    struct pem_list l;
    int rc;

    c->label = (char *)dup_bytes(label, strlen(label) + 1);
    if (!c->label)
        return -ENOMEM;
    snprintf(key, sizeof(key), "%s.pem", label);
    rc = read_pem(d, store, key, &l);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < l.n; i++) {
        if (strcmp(l.objs[i].label, "CERTIFICATE") != 0 &&
            strcmp(l.objs[i].label, "X509 CERTIFICATE") != 0)
            continue;
        br_x509_certificate *ch =
            realloc(c->chain, (c->chain_len + 1) * sizeof(*ch));
        if (!ch) {
            pem_list_free(&l);
            return -ENOMEM;
        }
        c->chain = ch;
        ch[c->chain_len].data = l.objs[i].der;
        ch[c->chain_len].data_len = l.objs[i].len;
        l.objs[i].der = NULL; /* taken */
        c->chain_len++;
    }
    pem_list_free(&l);
    if (!c->chain_len) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: %s of kv_ro %s holds no CERTIFICATE", d->dev.name,
                       key, store->name);
        return -EINVAL;
    }
    rc = tls_names_of_cert(c->chain[0].data, c->chain[0].data_len, &c->names);
    if (rc < 0) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: the first certificate of %s (kv_ro %s) does not "
                       "parse",
                       d->dev.name, key, store->name);
        return rc;
    }
    snprintf(key, sizeof(key), "%s.key", label);
    rc = read_pem(d, store, key, &l);
    if (rc < 0)
        return rc;
    rc = take_key(c, &l);
    pem_list_free(&l);
    if (rc == -ENOENT || rc == -EINVAL) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: %s of kv_ro %s holds no RSA or EC private key "
                       "that BearSSL reads (PEM: RSA PRIVATE KEY, EC PRIVATE "
                       "KEY or unencrypted PKCS#8 PRIVATE KEY)",
                       d->dev.name, key, store->name);
        return -EINVAL;
    }
    if (rc < 0)
        return rc;
    if (!key_matches(c)) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: the key %s.key is not the key of the certificate "
                       "%s.pem (kv_ro %s)",
                       d->dev.name, label, label, store->name);
        return -EINVAL;
    }
    return 0;
}

/* DN bytes collected by the X.509 decoder. */
struct dn_buf {
    unsigned char *p;
    size_t len, cap;
    bool nomem;
};

static void dn_append(void *ctx, const void *buf, size_t len)
{
    struct dn_buf *b = ctx;

    if (b->nomem)
        return;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        unsigned char *p;
        while (cap < b->len + len)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p) {
            b->nomem = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, buf, len);
    b->len += len;
}

/* Makes a trust anchor of certificate (der). 0, -EINVAL, -ENOMEM. */
static int make_anchor(const unsigned char *der, size_t len,
                       br_x509_trust_anchor *ta)
{
    br_x509_decoder_context xd;
    struct dn_buf dn = {0};
    const br_x509_pkey *pk;

    br_x509_decoder_init(&xd, dn_append, &dn);
    br_x509_decoder_push(&xd, der, len);
    pk = br_x509_decoder_get_pkey(&xd);
    if (dn.nomem) {
        free(dn.p);
        return -ENOMEM;
    }
    if (!pk || br_x509_decoder_last_error(&xd) != 0) {
        free(dn.p);
        return -EINVAL;
    }
    memset(ta, 0, sizeof(*ta));
    ta->dn.data = dn.p;
    ta->dn.len = dn.len;
    ta->flags = br_x509_decoder_isCA(&xd) ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        ta->pkey.key.rsa.n = dup_bytes(pk->key.rsa.n, pk->key.rsa.nlen);
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.e = dup_bytes(pk->key.rsa.e, pk->key.rsa.elen);
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
        if (!ta->pkey.key.rsa.n || !ta->pkey.key.rsa.e)
            return -ENOMEM;
    } else if (pk->key_type == BR_KEYTYPE_EC) {
        ta->pkey.key.ec.curve = pk->key.ec.curve;
        ta->pkey.key.ec.q = dup_bytes(pk->key.ec.q, pk->key.ec.qlen);
        ta->pkey.key.ec.qlen = pk->key.ec.qlen;
        if (!ta->pkey.key.ec.q)
            return -ENOMEM;
    } else {
        return -EINVAL;
    }
    return 0;
}

static int load_anchors(struct tls_dev *d, struct mirage_kv_ro *store,
                        const char *key)
{
    struct pem_list l;
    size_t skipped = 0;
    int rc = read_pem(d, store, key, &l);

    if (rc < 0)
        return rc;
    d->anchors = calloc(l.n ? l.n : 1, sizeof(*d->anchors));
    if (!d->anchors) {
        pem_list_free(&l);
        return -ENOMEM;
    }
    for (size_t i = 0; i < l.n; i++) {
        if (strcmp(l.objs[i].label, "CERTIFICATE") != 0 &&
            strcmp(l.objs[i].label, "TRUSTED CERTIFICATE") != 0)
            continue;
        rc =
            make_anchor(l.objs[i].der, l.objs[i].len, &d->anchors[d->nanchors]);
        if (rc == -ENOMEM) {
            pem_list_free(&l);
            return rc;
        }
        if (rc < 0) {
            skipped++; /* a key type BearSSL lacks (Ed25519, DSA) */
            continue;
        }
        d->nanchors++;
    }
    pem_list_free(&l);
    if (skipped)
        mirage_log_info(&tls_bearssl_log,
                        "%s: %zu certificate%s of %s that BearSSL cannot use "
                        "skipped",
                        d->dev.name, skipped, skipped == 1 ? "" : "s", key);
    if (!d->nanchors) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: %s of kv_ro %s holds no usable CERTIFICATE",
                       d->dev.name, key, store->name);
        return -EINVAL;
    }
    return 0;
}

int tls_store_load(struct tls_dev *d, struct mirage_kv_ro *store,
                   struct mirage_list_string certs, const char *anchors)
{
    int rc;

    if (certs.len) {
        d->certs = calloc(certs.len, sizeof(*d->certs));
        if (!d->certs)
            return -ENOMEM;
    }
    for (size_t i = 0; i < certs.len; i++) {
        if (!*certs.items[i])
            continue;
        /* The default name, absent from a store, means "no server". */
        if (certs.len == 1 && strcmp(certs.items[i], "server") == 0 &&
            mirage_kv_ro_exists(store, "server.pem") == MIRAGE_KV_ABSENT &&
            mirage_kv_ro_exists(store, "server.key") == MIRAGE_KV_ABSENT)
            break;
        rc = load_cert(d, store, certs.items[i], &d->certs[d->ncerts++]);
        if (rc < 0)
            return rc;
    }
    if (*anchors) {
        /* The default bundle, absent from a store, means "no client". */
        rc = mirage_kv_ro_exists(store, anchors);
        if (rc == MIRAGE_KV_ABSENT && strcmp(anchors, "ca.pem") == 0)
            return 0;
        if (rc != MIRAGE_KV_VALUE) {
            mirage_log_err(&tls_bearssl_log, "%s: %s of kv_ro %s: %s",
                           d->dev.name, anchors, store->name,
                           rc == MIRAGE_KV_ABSENT ? "no such file"
                                                  : "not a file");
            return rc < 0 ? rc : -ENOENT;
        }
        /* read at the first client: a bundle of a few hundred CAs costs
         * time that a unikernel that never makes a client should not pay */
        d->store = store;
        d->anchors_key = (char *)dup_bytes(anchors, strlen(anchors) + 1);
        if (!d->anchors_key)
            return -ENOMEM;
    }
    return 0;
}

int tls_store_load_anchors(struct tls_dev *d)
{
    if (d->anchors_tried)
        return d->anchors_err;
    d->anchors_tried = true;
    if (d->anchors_key) {
        d->anchors_err = load_anchors(d, d->store, d->anchors_key);
        if (d->anchors_err == 0)
            mirage_log_info(&tls_bearssl_log, "%s: %zu trust anchor%s from %s",
                            d->dev.name, d->nanchors,
                            d->nanchors == 1 ? "" : "s", d->anchors_key);
    }
    return d->anchors_err;
}

void tls_store_free(struct tls_dev *d)
{
    for (size_t i = 0; i < d->ncerts; i++) {
        struct tls_cert *c = &d->certs[i];
        for (size_t k = 0; k < c->chain_len; k++)
            free(c->chain[k].data);
        free(c->chain);
        free(c->label);
        if (c->key_type == BR_KEYTYPE_RSA) {
            free(c->rsa.p), free(c->rsa.q), free(c->rsa.dp);
            free(c->rsa.dq), free(c->rsa.iq);
        } else if (c->key_type == BR_KEYTYPE_EC) {
            free(c->ec.x);
        }
        tls_names_free(&c->names);
    }
    free(d->certs);
    d->certs = NULL;
    d->ncerts = 0;
    for (size_t i = 0; i < d->nanchors; i++) {
        br_x509_trust_anchor *ta = &d->anchors[i];
        free(ta->dn.data);
        if (ta->pkey.key_type == BR_KEYTYPE_RSA) {
            free(ta->pkey.key.rsa.n), free(ta->pkey.key.rsa.e);
        } else {
            free(ta->pkey.key.ec.q);
        }
    }
    free(d->anchors);
    d->anchors = NULL;
    d->nanchors = 0;
    free(d->anchors_key);
    d->anchors_key = NULL;
}
