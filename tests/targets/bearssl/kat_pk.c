/* SPDX-License-Identifier: ISC */
/* kat_pk.c: ECDSA P-256 and RSA-2048 signatures, known answers. */
#include <string.h>

#include <bearssl.h>

#include "check.h"
#include "rsa_key.h"

/*
 * RFC 6979, A.2.5: the P-256 key, and its deterministic signature of
 * "sample" with SHA-256 (BearSSL's ECDSA derives k as RFC 6979 does).
 */
static const char ec_x[] =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
static const char ec_pub[] =
    "04"
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
static const char ec_sig_sample[] =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

static void ecdsa(void)
{
    const br_ec_impl *ec = br_ec_get_default();
    unsigned char x[32], kbuf[BR_EC_KBUF_PUB_MAX_SIZE], hash[32];
    unsigned char raw[64], asn1[BR_EC_KBUF_PUB_MAX_SIZE + 8];
    br_ec_private_key sk = {BR_EC_secp256r1, x, sizeof(x)};
    br_ec_public_key pk;
    br_sha256_context sc;
    size_t len;

    unhex(x, sizeof(x), ec_x);
    len = br_ec_compute_pub(ec, &pk, kbuf, &sk);
    check(len == 65 && pk.curve == BR_EC_secp256r1,
          "ecdsa p256: the public key is 65 bytes");
    check_bytes(pk.q, pk.qlen, ec_pub,
                "ecdsa p256: the public key of RFC 6979's key");
    br_sha256_init(&sc);
    br_sha256_update(&sc, "sample", 6);
    br_sha256_out(&sc, hash);
    len = br_ecdsa_i31_sign_raw(ec, &br_sha256_vtable, hash, &sk, raw);
    check(len == 64, "ecdsa p256: sign_raw gives r and s");
    check_bytes(raw, 64, ec_sig_sample,
                "ecdsa p256: the signature of \"sample\" is RFC 6979's");
    len = br_ecdsa_i31_sign_asn1(ec, &br_sha256_vtable, hash, &sk, asn1);
    check(len > 64 && len <= 72, "ecdsa p256: sign_asn1 gives a DER SEQUENCE");
    check(br_ecdsa_i31_vrfy_asn1(ec, hash, sizeof(hash), &pk, asn1, len) == 1,
          "ecdsa p256: vrfy_asn1 accepts the signature");
    hash[0] ^= 1;
    check(br_ecdsa_i31_vrfy_asn1(ec, hash, sizeof(hash), &pk, asn1, len) == 0,
          "ecdsa p256: vrfy_asn1 refuses it for another hash");
}

/* The parts of the fixed key, decoded. */
struct rsa_parts {
    unsigned char n[256], e[4], p[128], q[128], dp[128], dq[128], iq[128];
    br_rsa_private_key sk;
    br_rsa_public_key pk;
};

static void rsa_decode(struct rsa_parts *k)
{
    k->sk.n_bitlen = 2048;
    k->sk.p = k->p;
    k->sk.plen = unhex(k->p, sizeof(k->p), rsa_p);
    k->sk.q = k->q;
    k->sk.qlen = unhex(k->q, sizeof(k->q), rsa_q);
    k->sk.dp = k->dp;
    k->sk.dplen = unhex(k->dp, sizeof(k->dp), rsa_dp);
    k->sk.dq = k->dq;
    k->sk.dqlen = unhex(k->dq, sizeof(k->dq), rsa_dq);
    k->sk.iq = k->iq;
    k->sk.iqlen = unhex(k->iq, sizeof(k->iq), rsa_iq);
    k->pk.n = k->n;
    k->pk.nlen = unhex(k->n, sizeof(k->n), rsa_modulus);
    k->pk.e = k->e;
    k->pk.elen = unhex(k->e, sizeof(k->e), rsa_exponent);
}

static void rsa(void)
{
    static struct rsa_parts k;
    unsigned char hash[32], sig[256], back[32];
    br_sha256_context sc;
    br_rsa_pkcs1_sign sign = br_rsa_pkcs1_sign_get_default();
    br_rsa_pkcs1_vrfy vrfy = br_rsa_pkcs1_vrfy_get_default();

    rsa_decode(&k);
    check(k.pk.nlen == 256 && k.sk.plen == 128 && k.sk.iqlen == 128,
          "rsa 2048: the test key decodes");
    br_sha256_init(&sc);
    br_sha256_update(&sc, "abc", 3);
    br_sha256_out(&sc, hash);
    check(sign(BR_HASH_OID_SHA256, hash, sizeof(hash), &k.sk, sig) == 1,
          "rsa 2048: the default pkcs1 signer signs");
    check_bytes(sig, sizeof(sig), rsa_sig_abc,
                "rsa 2048: the default signer's signature is openssl's");
    memset(sig, 0, sizeof(sig));
    check(br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, hash, sizeof(hash), &k.sk,
                                sig) == 1,
          "rsa 2048: i31 signs");
    check_bytes(sig, sizeof(sig), rsa_sig_abc,
                "rsa 2048: i31's signature is openssl's");
    check(vrfy(sig, sizeof(sig), BR_HASH_OID_SHA256, sizeof(back), &k.pk,
               back) == 1 &&
              memcmp(back, hash, sizeof(hash)) == 0,
          "rsa 2048: the default verifier recovers the hash");
    sig[100] ^= 0x40;
    check(br_rsa_i31_pkcs1_vrfy(sig, sizeof(sig), BR_HASH_OID_SHA256,
                                sizeof(back), &k.pk, back) == 0 ||
              memcmp(back, hash, sizeof(hash)) != 0,
          "rsa 2048: a changed signature does not verify");
}

void kat_pk(void)
{
    ecdsa();
    rsa();
}
