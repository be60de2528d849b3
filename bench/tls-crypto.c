/* SPDX-License-Identifier: ISC */
/* tls-crypto.c: BearSSL's public-key operations of a full handshake, timed
 * in-process (bench/tls compares them with `openssl speed`). */
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One operation to time; returns 0 when it went wrong. */
typedef int (*op_fn)(void);

static br_hmac_drbg_context rng;
static br_ec_private_key ec_sk;
static unsigned char ec_kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
static unsigned char x_priv[32], x_pub[32], hash[32];

/* The ECDSA P-256 signature of a SHA-256 hash, as a server's
 * ServerKeyExchange takes it. */
static int ecdsa_sign(void)
{
    unsigned char sig[80];
    return br_ecdsa_i31_sign_asn1(&br_ec_all_m31, &br_sha256_vtable, hash,
                                  &ec_sk, sig) != 0;
}

/* X25519: the server's ephemeral public key (the base point times its
 * secret). */
static int x25519_mulgen(void)
{
    unsigned char r[32];
    return br_ec_all_m31.mulgen(r, x_priv, sizeof x_priv, BR_EC_curve25519) ==
           32;
}

/* X25519: the shared secret (the client's point times the secret). */
static int x25519_mul(void)
{
    unsigned char g[32];
    memcpy(g, x_pub, sizeof g);
    return br_ec_all_m31.mul(g, sizeof g, x_priv, sizeof x_priv,
                             BR_EC_curve25519) == 1;
}

/* Runs OP for about SECONDS and prints its rate; 1 if it failed. */
static int time_op(const char *name, op_fn op, double seconds)
{
    unsigned long n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 10; i++) {
            if (!op()) {
                fprintf(stderr, "tls-crypto: %s failed\n", name);
                return 1;
            }
        }
        n += 10;
        t = now() - t0;
    } while (t < seconds);
    printf("%-28s %10.1f/s %10.1f us\n", name, (double)n / t, t * 1e6 / n);
    return 0;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (seconds <= 0)
        seconds = 1.0;
    static const char seed[] = "bench/tls-crypto: a fixed seed";
    br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof seed);
    if (br_ec_keygen(&rng.vtable, &br_ec_all_m31, &ec_sk, ec_kbuf,
                     BR_EC_secp256r1) == 0) {
        fprintf(stderr, "tls-crypto: no P-256 key\n");
        return 1;
    }
    br_hmac_drbg_generate(&rng, hash, sizeof hash);
    br_hmac_drbg_generate(&rng, x_priv, sizeof x_priv);
    if (br_ec_all_m31.mulgen(x_pub, x_priv, sizeof x_priv, BR_EC_curve25519) !=
        32) {
        fprintf(stderr, "tls-crypto: no X25519 point\n");
        return 1;
    }
    br_hmac_drbg_generate(&rng, x_priv, sizeof x_priv);
    printf("BearSSL, br_ec_all_m31%s, %.1f s an operation\n",
           br_ec_get_default() == &br_ec_all_m31 ? " (br_ec_get_default)" : "",
           seconds);
    int bad = time_op("ecdsa p256 sign (i31)", ecdsa_sign, seconds);
    bad |= time_op("x25519 mulgen (keygen)", x25519_mulgen, seconds);
    bad |= time_op("x25519 mul (shared)", x25519_mul, seconds);
    return bad;
}
