/* SPDX-License-Identifier: ISC */
/* policy.c: the server's choice of certificate by SNI and key type. */
#include <string.h>

#include "tls_bearssl.h"

/* Can the client use certificate (c): does it offer an ECDHE suite of
 * the certificate's key type? */
static bool client_can_use(const br_ssl_server_context *cc,
                           const struct tls_cert *c)
{
    size_t n;
    const br_suite_translated *s = br_ssl_server_get_client_suites(cc, &n);

    for (size_t i = 0; i < n; i++) {
        unsigned kx = (s[i][1] >> 12) & 0xf;
        if ((c->key_type == BR_KEYTYPE_EC && kx == BR_SSLKEYX_ECDHE_ECDSA) ||
            (c->key_type == BR_KEYTYPE_RSA && kx == BR_SSLKEYX_ECDHE_RSA))
            return true;
    }
    return false;
}

static bool cert_has_name(const struct tls_cert *c, const char *name)
{
    for (size_t i = 0; i < c->names.ndns; i++)
        if (tls_name_matches(c->names.dns[i], name))
            return true;
    return false;
}

/* The certificate for this handshake: the first that has the SNI name
 * and a key type the client can use; else the first the client can use;
 * else the first. */
static const struct tls_cert *pick(const struct tls_dev *d,
                                   const br_ssl_server_context *cc)
{
    const char *sni = br_ssl_engine_get_server_name(&cc->eng);
    char name[256];
    size_t i, n = strlen(sni);

    if (n >= sizeof(name))
        n = sizeof(name) - 1;
    for (i = 0; i < n; i++)
        name[i] = (char)((sni[i] >= 'A' && sni[i] <= 'Z') ? sni[i] - 'A' + 'a'
                                                          : sni[i]);
    name[n] = 0;
    if (n)
        for (i = 0; i < d->ncerts; i++)
            if (cert_has_name(&d->certs[i], name) &&
                client_can_use(cc, &d->certs[i]))
                return &d->certs[i];
    for (i = 0; i < d->ncerts; i++)
        if (client_can_use(cc, &d->certs[i]))
            return &d->certs[i];
    return &d->certs[0];
}

/* Picks the certificate, then hands the rest of the handshake to
 * BearSSL's policy for that one chain and key. */
static int policy_choose(const br_ssl_server_policy_class **pctx,
                         const br_ssl_server_context *cc,
                         br_ssl_server_choices *choices)
{
    struct tls_policy *p = (struct tls_policy *)(void *)pctx;
    br_ssl_server_context *sc = &p->f->u.s;
    const struct tls_cert *c = pick(p->f->d, cc);

    if (c->key_type == BR_KEYTYPE_RSA)
        br_ssl_server_set_single_rsa(
            sc, c->chain, c->chain_len, &c->rsa, BR_KEYTYPE_SIGN,
            br_rsa_private_get_default(), br_rsa_pkcs1_sign_get_default());
    else
        br_ssl_server_set_single_ec(
            sc, c->chain, c->chain_len, &c->ec, BR_KEYTYPE_SIGN, BR_KEYTYPE_EC,
            br_ec_get_default(), br_ecdsa_sign_asn1_get_default());
    return (*sc->policy_vtable)->choose(sc->policy_vtable, cc, choices);
}

/* Never called: choose replaced this policy by the chosen one. */
static uint32_t policy_do_keyx(const br_ssl_server_policy_class **pctx,
                               unsigned char *data, size_t *len)
{
    (void)pctx, (void)data, (void)len;
    return 0;
}

static size_t policy_do_sign(const br_ssl_server_policy_class **pctx,
                             unsigned algo_id, unsigned char *data,
                             size_t hv_len, size_t len)
{
    (void)pctx, (void)algo_id, (void)data, (void)hv_len, (void)len;
    return 0;
}

static const br_ssl_server_policy_class policy_class = {
    .context_size = sizeof(struct tls_policy),
    .choose = policy_choose,
    .do_keyx = policy_do_keyx,
    .do_sign = policy_do_sign,
};

void tls_policy_init(struct tls_flow *f)
{
    f->policy.vtable = &policy_class;
    f->policy.f = f;
    br_ssl_server_set_policy(&f->u.s, &f->policy.vtable);
}
