/* SPDX-License-Identifier: ISC */
/* kat_sym.c: SHA-256, HMAC, AES-128-GCM and ChaCha20-Poly1305 answers. */
#include <stdio.h>
#include <string.h>

#include <bearssl.h>

#include "check.h"

/* FIPS 180-2's examples: "abc" and the two-block message. */
static void sha256(void)
{
    static const char two[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    br_sha256_context sc;
    unsigned char out[32];

    br_sha256_init(&sc);
    br_sha256_update(&sc, "abc", 3);
    br_sha256_out(&sc, out);
    check_bytes(out, 32,
                "ba7816bf8f01cfea414140de5dae2223"
                "b00361a396177a9cb410ff61f20015ad",
                "sha256 of abc");
    br_sha256_init(&sc);
    for (size_t i = 0; i < sizeof(two) - 1; i++)
        br_sha256_update(&sc, two + i, 1);
    br_sha256_out(&sc, out);
    check_bytes(out, 32,
                "248d6a61d20638b8e5c026930c3e6039"
                "a33ce45964ff2167f6ecedd419db06c1",
                "sha256 of the 56-byte message, a byte at a time");
}

/* RFC 4231, test case 2. */
static void hmac(void)
{
    static const char data[] = "what do ya want for nothing?";
    br_hmac_key_context kc;
    br_hmac_context hc;
    unsigned char out[32];

    br_hmac_key_init(&kc, &br_sha256_vtable, "Jefe", 4);
    br_hmac_init(&hc, &kc, 0);
    br_hmac_update(&hc, data, sizeof(data) - 1);
    check(br_hmac_out(&hc, out) == 32, "hmac-sha256 gives 32 bytes");
    check_bytes(out, 32,
                "5bdcc146bf60754e6a042426089575c7"
                "5a003f089d2739839dec58b964ec3843",
                "hmac-sha256 of RFC 4231 case 2");
}

/* The GCM specification's test case 4 (AES-128, 60 bytes, 20 of AAD). */
static const char gcm_key[] = "feffe9928665731c6d6a8f9467308308";
static const char gcm_iv[] = "cafebabefacedbaddecaf888";
static const char gcm_aad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
static const char gcm_plain[] =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
static const char gcm_cipher[] =
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
static const char gcm_tag[] = "5bc94fbc3221a5db94fae95ae7121a47";

/* Encrypts and decrypts test case 4 with the CTR implementation (ctr) and
 * the GHASH (gh); (label) names the pair in the points. */
static void gcm_with(const br_block_ctr_class *ctr, br_ghash gh,
                     const char *label)
{
    br_aes_gen_ctr_keys keys;
    br_gcm_context gc;
    unsigned char key[16], iv[12], aad[20], buf[60], tag[16];
    char name[96];

    unhex(key, sizeof(key), gcm_key);
    unhex(iv, sizeof(iv), gcm_iv);
    unhex(aad, sizeof(aad), gcm_aad);
    unhex(buf, sizeof(buf), gcm_plain);
    ctr->init(&keys.vtable, key, sizeof(key));
    br_gcm_init(&gc, &keys.vtable, gh);
    br_gcm_reset(&gc, iv, sizeof(iv));
    br_gcm_aad_inject(&gc, aad, sizeof(aad));
    br_gcm_flip(&gc);
    br_gcm_run(&gc, 1, buf, sizeof(buf));
    br_gcm_get_tag(&gc, tag);
    snprintf(name, sizeof(name), "aes128-gcm %s: ciphertext", label);
    check_bytes(buf, sizeof(buf), gcm_cipher, name);
    snprintf(name, sizeof(name), "aes128-gcm %s: tag", label);
    check_bytes(tag, sizeof(tag), gcm_tag, name);

    br_gcm_reset(&gc, iv, sizeof(iv));
    br_gcm_aad_inject(&gc, aad, sizeof(aad));
    br_gcm_flip(&gc);
    br_gcm_run(&gc, 0, buf, sizeof(buf));
    snprintf(name, sizeof(name), "aes128-gcm %s: decrypts, tag checks", label);
    check(br_gcm_check_tag(&gc, tag) == 1, name);
    snprintf(name, sizeof(name), "aes128-gcm %s: plaintext back", label);
    check_bytes(buf, sizeof(buf), gcm_plain, name);
    tag[15] ^= 1;
    snprintf(name, sizeof(name), "aes128-gcm %s: a changed tag is refused",
             label);
    check(br_gcm_check_tag(&gc, tag) == 0, name);
}

static void gcm(void)
{
    const br_block_ctr_class *ni = br_aes_x86ni_ctr_get_vtable();
    br_ghash pclmul = br_ghash_pclmul_get();

    note("aes-gcm best", ni && pclmul ? "aes-ni, pclmul"
                         : ni         ? "aes-ni, ctmul64"
                         : pclmul     ? "ct64, pclmul"
                                      : "ct64, ctmul64");
    gcm_with(ni ? ni : &br_aes_ct64_ctr_vtable,
             pclmul ? pclmul : &br_ghash_ctmul64, "best");
    gcm_with(&br_aes_ct64_ctr_vtable, &br_ghash_ctmul64, "ct64");
}

/* RFC 8439, 2.8.2: the AEAD example. */
static const char cc_plain[] =
    "Ladies and Gentlemen of the class of '99: If I could offer you only "
    "one tip for the future, sunscreen would be it.";
static const char cc_cipher[] =
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
    "3ff4def08e4b7a9de576d26586cec64b6116";
static const char cc_tag[] = "1ae10b594f09e26a7e902ecbd0600691";

static void chacha_with(br_chacha20_run run, const char *label)
{
    unsigned char key[32], iv[12], aad[12], buf[sizeof(cc_plain) - 1];
    unsigned char tag[16], tag2[16];
    char name[96];

    for (size_t i = 0; i < sizeof(key); i++)
        key[i] = (unsigned char)(0x80 + i);
    unhex(iv, sizeof(iv), "070000004041424344454647");
    unhex(aad, sizeof(aad), "50515253c0c1c2c3c4c5c6c7");
    memcpy(buf, cc_plain, sizeof(buf));
    br_poly1305_ctmul_run(key, iv, buf, sizeof(buf), aad, sizeof(aad), tag, run,
                          1);
    snprintf(name, sizeof(name), "chacha20-poly1305 %s: ciphertext", label);
    check_bytes(buf, sizeof(buf), cc_cipher, name);
    snprintf(name, sizeof(name), "chacha20-poly1305 %s: tag", label);
    check_bytes(tag, sizeof(tag), cc_tag, name);
    br_poly1305_ctmul_run(key, iv, buf, sizeof(buf), aad, sizeof(aad), tag2,
                          run, 0);
    snprintf(name, sizeof(name), "chacha20-poly1305 %s: decrypts", label);
    check(memcmp(buf, cc_plain, sizeof(buf)) == 0 &&
              memcmp(tag, tag2, sizeof(tag)) == 0,
          name);
}

static void chacha(void)
{
    br_chacha20_run sse2 = br_chacha20_sse2_get();

    note("chacha20 best", sse2 ? "sse2" : "ct");
    chacha_with(sse2 ? sse2 : br_chacha20_ct_run, "best");
    chacha_with(br_chacha20_ct_run, "ct");
}

void kat_sym(void)
{
    sha256();
    hmac();
    gcm();
    chacha();
}
