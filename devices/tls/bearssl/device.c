/* SPDX-License-Identifier: ISC */
/* device.c: the `bearssl` tls device: connect, and wrapping TCP flows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/ipaddr.h>

#include "tls_bearssl.h"

MIRAGE_LOG_DEVICE_SOURCE(tls_bearssl_log, "tls", "TLS on BearSSL", "tls");

/*
 * The suites, in the server's order: the first TLS_SUITES_MODERN are
 * ECDHE with AEAD ciphers only (forward secrecy, no CBC, no SHA-1);
 * "compat" adds ECDHE with AES-CBC and SHA-2 (still no SHA-1 MAC, no RSA
 * key exchange). Without AES-NI, ChaCha20-Poly1305 goes first (suites_set).
 */
static const uint16_t suites_all[TLS_SUITES_MAX] = {
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
    BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
};
#define TLS_SUITES_MODERN 6

static bool suite_is_chacha(uint16_t s)
{
    return s == BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ||
           s == BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
}

/* Fills (d)'s suites: modern or compat, ChaCha20-Poly1305 first when the
 * CPU has no AES-NI (it is then faster in constant-time software). */
static void suites_set(struct tls_dev *d, bool compat)
{
    size_t n = compat ? TLS_SUITES_MAX : TLS_SUITES_MODERN, k = 0;
    bool chacha_first = br_aes_x86ni_ctr_get_vtable() == NULL;

    for (int pass = chacha_first ? 0 : 1; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if (pass == 1 ? !chacha_first || !suite_is_chacha(suites_all[i])
                          : suite_is_chacha(suites_all[i]))
                d->suites[k++] = suites_all[i];
    d->nsuites = k;
    d->compat = compat;
}

/* Bytes of a flow's output buffer: whole records of 16 KiB. */
#define TLS_OUT_BUFSIZE BR_SSL_BUFSIZE_OUTPUT

uint64_t tls_deadline(struct tls_dev *d, uint64_t timeout_ns)
{
    uint64_t now = mirage_mclock_elapsed_ns(d->mclock);

    if (timeout_ns == MIRAGE_FOREVER || timeout_ns > MIRAGE_FOREVER - now)
        return MIRAGE_FOREVER;
    return now + timeout_ns;
}

uint64_t tls_left(struct tls_dev *d, uint64_t deadline)
{
    uint64_t now;

    if (deadline == MIRAGE_FOREVER)
        return MIRAGE_FOREVER;
    now = mirage_mclock_elapsed_ns(d->mclock);
    return deadline > now ? deadline - now : 0;
}

/* The settings both sides share: version, suites, hashes, ciphers, ALPN,
 * buffers, and entropy from the device's random. */
static int engine_setup(struct tls_flow *f)
{
    struct tls_dev *d = f->d;
    br_ssl_engine_context *eng = f->eng;
    unsigned char seed[32];
    int rc;

    br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
    br_ssl_engine_set_suites(eng, d->suites, d->nsuites);
    br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
    br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
    br_ssl_engine_set_hash(eng, br_sha512_ID, &br_sha512_vtable);
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_default_aes_gcm(eng);
    br_ssl_engine_set_default_chapol(eng);
    if (d->compat)
        br_ssl_engine_set_default_aes_cbc(eng);
    br_ssl_engine_set_ec(eng, br_ec_get_default());
    br_ssl_engine_add_flags(eng, BR_OPT_NO_RENEGOTIATION);
    if (d->nalpn)
        br_ssl_engine_set_protocol_names(eng, d->alpn, d->nalpn);
    f->iobuf_len = BR_SSL_BUFSIZE_INPUT + TLS_OUT_BUFSIZE;
    f->iobuf = malloc(f->iobuf_len);
    if (!f->iobuf)
        return -ENOMEM;
    br_ssl_engine_set_buffers_bidi(eng, f->iobuf, BR_SSL_BUFSIZE_INPUT,
                                   f->iobuf + BR_SSL_BUFSIZE_INPUT,
                                   TLS_OUT_BUFSIZE);
    rc = mirage_random_fill(d->random, seed, sizeof(seed));
    if (rc < 0)
        return rc;
    br_ssl_engine_inject_entropy(eng, seed, sizeof(seed));
    memset(seed, 0, sizeof(seed));
    return 0;
}

static struct tls_flow *flow_new(struct tls_dev *d, struct mirage_tcp_flow *raw,
                                 bool server)
{
    struct tls_flow *f = calloc(1, sizeof(*f));

    if (!f)
        return NULL;
    /* Each write is whole records, and the handshake's last records
     * (ChangeCipherSpec, Finished) come one write each: with Nagle, the
     * second would wait for the peer's delayed ACK of the first (40 ms and
     * more a handshake). The caller may turn Nagle on again. */
    (void)mirage_tcp_setopt(raw, MIRAGE_TCP_NODELAY, 1);
    mirage_fiber_keep_fp_control();
    f->flow.stack = &d->pseudo;
    f->d = d;
    f->raw = raw;
    f->server = server;
    f->turn = (struct mirage_cond)MIRAGE_COND_INIT;
    d->flows++;
    return f;
}

static void flow_free(struct tls_flow *f)
{
    if (!f)
        return;
    if (!f->server)
        tls_verify_free(f);
    if (f->iobuf) {
        memset(f->iobuf, 0, f->iobuf_len);
        free(f->iobuf);
    }
    memset(&f->u, 0, sizeof(f->u));
    free(f);
}

/* The TLS flow of (d) that (flow) is, or NULL. */
static struct tls_flow *flow_of(struct tls_dev *d, struct mirage_tcp_flow *flow)
{
    if (!flow || flow->stack != &d->pseudo)
        return NULL;
    return (struct tls_flow *)flow;
}

/* Ends the wrapping of (f): (reset) is BearSSL's reset (1: done, 0: its
 * error) or a negative errno of the setup. On success (*out) is the flow;
 * on failure (f) is freed and its TCP flow left to the caller. */
static int flow_started(struct tls_flow *f, int reset,
                        struct mirage_tcp_flow **out)
{
    int rc = reset;

    if (reset == 1) {
        *out = &f->flow;
        return 0;
    }
    if (reset == 0)
        rc = tls_error_errno(br_ssl_engine_last_error(f->eng));
    f->raw = NULL;
    flow_free(f);
    return rc;
}

static int tls_server(struct mirage_tls *dev, struct mirage_tcp_flow *raw,
                      struct mirage_tcp_flow **out)
{
    struct tls_dev *d = dev ? dev->state : NULL;
    struct tls_flow *f;
    int rc;

    if (!d || !raw || !out)
        return -EINVAL;
    if (!d->ncerts)
        return -ENOKEY;
    f = flow_new(d, raw, true);
    if (!f)
        return -ENOMEM;
    f->eng = &f->u.s.eng;
    br_ssl_server_zero(&f->u.s);
    rc = engine_setup(f);
    if (rc < 0)
        goto fail;
    /* the server's order: AES-GCM first where the CPU has AES-NI, else
     * ChaCha20-Poly1305, which is faster in constant-time software */
    br_ssl_engine_add_flags(f->eng, BR_OPT_ENFORCE_SERVER_PREFERENCES);
    tls_policy_init(f);
    if (d->cache_on)
        br_ssl_server_set_cache(&f->u.s, &d->cache.vtable);
    return flow_started(f, br_ssl_server_reset(&f->u.s), out);
fail:
    return flow_started(f, rc, out);
}

/* The session kept for (host), or NULL. */
static struct tls_client_session *session_find(struct tls_dev *d,
                                               const char *host)
{
    for (size_t i = 0; i < sizeof(d->sessions) / sizeof(d->sessions[0]); i++)
        if (d->sessions[i].used && strcmp(d->sessions[i].host, host) == 0)
            return &d->sessions[i];
    return NULL;
}

static int tls_client(struct mirage_tls *dev, struct mirage_tcp_flow *raw,
                      const char *host, struct mirage_tcp_flow **out)
{
    struct tls_dev *d = dev ? dev->state : NULL;
    struct mirage_ipv4 v4;
    struct mirage_ipv6 v6;
    struct tls_flow *f;
    size_t n;
    int rc;

    if (!d || !raw || !host || !out)
        return -EINVAL;
    n = strlen(host);
    if (n == 0 || n >= sizeof(f->host))
        return -EINVAL;
    if (tls_store_load_anchors(d) < 0 || !d->nanchors)
        return -ENOKEY;
    f = flow_new(d, raw, false);
    if (!f)
        return -ENOMEM;
    for (size_t i = 0; i <= n; i++)
        f->host[i] =
            (char)((host[i] >= 'A' && host[i] <= 'Z') ? host[i] - 'A' + 'a'
                                                      : host[i]);
    if (n && f->host[n - 1] == '.')
        f->host[n - 1] = '\0'; /* an absolute name: the same host */
    if (mirage_ipv4_from_string(&v4, f->host) == 0) {
        memcpy(f->host_ip, v4.bytes, 4);
        f->host_iplen = 4;
    } else if (mirage_ipv6_from_string(&v6, f->host) == 0) {
        memcpy(f->host_ip, v6.bytes, 16);
        f->host_iplen = 16;
    }
    f->eng = &f->u.c.eng;
    br_ssl_client_zero(&f->u.c);
    rc = engine_setup(f);
    if (rc < 0)
        goto fail;
    br_ssl_client_set_default_rsapub(&f->u.c);
    br_ssl_engine_set_default_rsavrfy(f->eng);
    br_ssl_engine_set_default_ecdsa(f->eng);
    rc = tls_verify_init(f);
    if (rc < 0)
        goto fail;
    br_ssl_engine_set_x509(f->eng, &f->verify.vtable);
    /* A session kept for this host is offered for resumption. An address
     * is no SNI name (RFC 6066, 3): none is sent, and the address is
     * checked against the leaf by verify.c. */
    {
        struct tls_client_session *cs = session_find(d, f->host);
        if (cs) {
            br_ssl_engine_set_session_parameters(f->eng, &cs->params);
            memcpy(f->offered_id, cs->params.session_id, 32);
            f->offered = cs->params.session_id_len > 0;
            cs->used = ++d->session_stamp;
        }
    }
    return flow_started(f,
                        br_ssl_client_reset(&f->u.c,
                                            f->host_iplen ? NULL : f->host,
                                            f->offered),
                        out);
fail:
    return flow_started(f, rc, out);
}

/* Logs the end of (f)'s handshake, at debug level. */
static void log_handshake(struct tls_flow *f)
{
    br_ssl_session_parameters sp;
    const char *suite, *alpn = br_ssl_engine_get_selected_protocol(f->eng);

    br_ssl_engine_get_session_parameters(f->eng, &sp);
    suite = tls_suite_name(sp.cipher_suite);
    mirage_log_debug(&tls_bearssl_log, "%s: %s %s: TLS 1.2, %s, %s%s%s",
                     f->d->dev.name, f->server ? "client for" : "server",
                     f->host[0] ? f->host : "(no SNI)", suite ? suite : "?",
                     f->resumed ? "resumed" : "full handshake",
                     alpn ? ", ALPN " : "", alpn ? alpn : "");
}

void tls_handshake_done(struct tls_flow *f)
{
    struct tls_dev *d = f->d;
    struct tls_client_session *cs;
    br_ssl_session_parameters sp;

    if (f->server) {
        log_handshake(f);
        return;
    }
    br_ssl_engine_get_session_parameters(f->eng, &sp);
    f->resumed = f->offered && sp.session_id_len > 0 &&
                 memcmp(sp.session_id, f->offered_id, 32) == 0;
    log_handshake(f);
    if (sp.session_id_len == 0 || !d->cache_on)
        return;
    cs = session_find(d, f->host);
    if (!cs) { /* the empty or least recently used slot */
        cs = &d->sessions[0];
        for (size_t i = 1; i < sizeof(d->sessions) / sizeof(d->sessions[0]);
             i++)
            if (d->sessions[i].used < cs->used)
                cs = &d->sessions[i];
        snprintf(cs->host, sizeof(cs->host), "%s", f->host);
    }
    cs->params = sp;
    cs->used = ++d->session_stamp;
}

static int tls_handshake(struct mirage_tls *dev, struct mirage_tcp_flow *flow,
                         uint64_t timeout_ns)
{
    struct tls_dev *d = dev ? dev->state : NULL;
    struct tls_flow *f = d ? flow_of(d, flow) : NULL;

    if (!f)
        return -EINVAL;
    return tls_pump(f, 0, tls_deadline(d, timeout_ns));
}

static int tls_info(struct mirage_tls *dev, struct mirage_tcp_flow *flow,
                    struct mirage_tls_info *info)
{
    struct tls_dev *d = dev ? dev->state : NULL;
    struct tls_flow *f = d ? flow_of(d, flow) : NULL;
    br_ssl_session_parameters sp;
    const char *s;

    if (!f || !info)
        return -EINVAL;
    memset(info, 0, sizeof(*info));
    if (!f->handshaken)
        return 0;
    info->version = br_ssl_engine_get_version(f->eng);
    br_ssl_engine_get_session_parameters(f->eng, &sp);
    s = tls_suite_name(sp.cipher_suite);
    if (s)
        snprintf(info->cipher, sizeof(info->cipher), "%s", s);
    else
        snprintf(info->cipher, sizeof(info->cipher), "0x%04x",
                 (unsigned)sp.cipher_suite);
    s = br_ssl_engine_get_selected_protocol(f->eng);
    if (s)
        snprintf(info->alpn, sizeof(info->alpn), "%s", s);
    if (f->server)
        snprintf(info->server_name, sizeof(info->server_name), "%s",
                 br_ssl_engine_get_server_name(f->eng));
    else if (!f->host_iplen)
        snprintf(info->server_name, sizeof(info->server_name), "%s", f->host);
    info->resumed = f->resumed;
    return 0;
}

static const char *tls_error(struct mirage_tls *dev,
                             struct mirage_tcp_flow *flow)
{
    struct tls_dev *d = dev ? dev->state : NULL;
    struct tls_flow *f = d ? flow_of(d, flow) : NULL;

    return f && f->err ? f->why : NULL;
}

static const struct mirage_tls_ops ops = {
    .server = tls_server,
    .client = tls_client,
    .handshake = tls_handshake,
    .info = tls_info,
    .error = tls_error,
};

void tls_flow_free(struct tls_flow *f)
{
    flow_free(f);
}

/* The session cache: BearSSL's LRU, which says when it resumes one. */
static void cache_save(const br_ssl_session_cache_class **ctx,
                       br_ssl_server_context *server_ctx,
                       const br_ssl_session_parameters *params)
{
    struct tls_cache *c = (struct tls_cache *)(void *)ctx;

    c->lru.vtable->save(&c->lru.vtable, server_ctx, params);
}

static int cache_load(const br_ssl_session_cache_class **ctx,
                      br_ssl_server_context *server_ctx,
                      br_ssl_session_parameters *params)
{
    struct tls_cache *c = (struct tls_cache *)(void *)ctx;
    int found = c->lru.vtable->load(&c->lru.vtable, server_ctx, params);

    if (found) {
        struct tls_flow *f =
            (struct tls_flow *)(void *)((char *)server_ctx -
                                        offsetof(struct tls_flow, u));
        f->resumed = true;
    }
    return found;
}

static const br_ssl_session_cache_class cache_class = {
    .context_size = sizeof(struct tls_cache),
    .save = cache_save,
    .load = cache_load,
};

/* One of (list) is (s)? */
static bool one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

int mirage_tls_bearssl_connect(
    struct mirage_tls **dev, const char *name, const char *certs_default,
    struct mirage_random *random, struct mirage_pclock *pclock,
    struct mirage_mclock *mclock, struct mirage_kv_ro *store,
    struct mirage_list_string certs, const char *anchors, const char *ciphers,
    int session_cache, struct mirage_list_string alpn)
{
    static const char *const cipher_names[] = {"modern", "compat", NULL};
    struct tls_dev *d;
    size_t nalpn = 0;
    int rc;

    (void)certs_default; /* the default of (certs), applied by the glue */
    if (!dev || !name || !random || !pclock || !mclock || !store || !anchors ||
        !ciphers)
        return -EINVAL;
    if (!one_of(ciphers, cipher_names)) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: --%s-ciphers=%s: give modern or compat", name, name,
                       ciphers);
        return -EINVAL;
    }
    if (session_cache < 0 || session_cache > 1000000) {
        mirage_log_err(&tls_bearssl_log,
                       "%s: --%s-session-cache=%d: give 0 to 1000000 "
                       "sessions",
                       name, name, session_cache);
        return -EINVAL;
    }
    for (size_t i = 0; i < alpn.len; i++) {
        size_t n = strlen(alpn.items[i]);
        if (n > 255) {
            mirage_log_err(&tls_bearssl_log,
                           "%s: --%s-alpn: a protocol name has at most 255 "
                           "bytes",
                           name, name);
            return -EINVAL;
        }
        nalpn += n > 0;
    }
    d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->dev.ops = &ops;
    d->dev.state = d;
    d->dev.name = name;
    d->pseudo.ops = &tls_flow_ops;
    d->pseudo.state = d;
    d->pseudo.name = name;
    d->random = random;
    d->pclock = pclock;
    d->mclock = mclock;
    suites_set(d, strcmp(ciphers, "compat") == 0);
    if (nalpn) {
        d->alpn = calloc(nalpn, sizeof(*d->alpn));
        if (!d->alpn) {
            rc = -ENOMEM;
            goto fail;
        }
        for (size_t i = 0; i < alpn.len; i++)
            if (*alpn.items[i])
                d->alpn[d->nalpn++] = alpn.items[i];
    }
    if (session_cache > 0) {
        size_t bytes = (size_t)session_cache * 100;
        d->cache_store = malloc(bytes);
        if (!d->cache_store) {
            rc = -ENOMEM;
            goto fail;
        }
        br_ssl_session_cache_lru_init(&d->cache.lru, d->cache_store, bytes);
        d->cache.vtable = &cache_class;
        d->cache_on = true;
    }
    rc = tls_store_load(d, store, certs, anchors);
    if (rc < 0)
        goto fail;
    /* BearSSL is SSE code: fibers keep their MXCSR from the first code of
     * it that runs (the server's keys were checked; else the first flow) */
    if (d->ncerts)
        mirage_fiber_keep_fp_control();
    mirage_log_info(&tls_bearssl_log,
                    "%s: %zu certificate%s, trust anchors %s%s, %s suites, "
                    "session cache %d",
                    name, d->ncerts, d->ncerts == 1 ? "" : "s",
                    d->anchors_key ? d->anchors_key : "none",
                    d->anchors_key ? " (read at the first client)" : "",
                    ciphers, session_cache);
    *dev = &d->dev;
    return 0;
fail:
    tls_store_free(d);
    free(d->cache_store);
    free(d->alpn);
    free(d);
    return rc;
}
