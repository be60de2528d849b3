/* SPDX-License-Identifier: ISC */
/* errors.c: BearSSL's errors in words and errno values; suite names. */
#include <errno.h>
#include <stdio.h>

#include "tls_bearssl.h"

struct code_text {
    int code;
    const char *text;
};

static const struct code_text engine_texts[] = {
    {BR_ERR_UNSUPPORTED_VERSION,
     "the peer does not speak TLS 1.2 (older versions are refused)"},
    {BR_ERR_BAD_VERSION, "a record had the wrong protocol version"},
    {BR_ERR_BAD_LENGTH, "a record had a bad length"},
    {BR_ERR_TOO_LARGE, "a record was too large"},
    {BR_ERR_BAD_MAC, "a record failed its integrity check (bad MAC)"},
    {BR_ERR_NO_RANDOM, "no entropy to start TLS with"},
    {BR_ERR_UNKNOWN_TYPE, "a record of an unknown type came"},
    {BR_ERR_UNEXPECTED, "an unexpected message came"},
    {BR_ERR_BAD_CCS, "a bad ChangeCipherSpec came"},
    {BR_ERR_BAD_ALERT, "a bad alert came"},
    {BR_ERR_BAD_HANDSHAKE, "a malformed handshake message came"},
    {BR_ERR_OVERSIZED_ID, "a session ID was too long"},
    {BR_ERR_BAD_CIPHER_SUITE, "no cipher suite in common (see --NAME-ciphers)"},
    {BR_ERR_BAD_COMPRESSION, "the peer asked for compression"},
    {BR_ERR_BAD_FRAGLEN, "a bad maximum fragment length"},
    {BR_ERR_BAD_SECRENEG, "secure renegotiation failed"},
    {BR_ERR_EXTRA_EXTENSION, "an extension came that was not asked for"},
    {BR_ERR_BAD_SNI, "a malformed server name (SNI) came"},
    {BR_ERR_BAD_HELLO_DONE, "a malformed ServerHelloDone came"},
    {BR_ERR_LIMIT_EXCEEDED, "a handshake message was beyond limits"},
    {BR_ERR_BAD_FINISHED, "the Finished message was wrong"},
    {BR_ERR_RESUME_MISMATCH, "the resumed session did not match"},
    {BR_ERR_INVALID_ALGORITHM, "an unsupported algorithm was asked for"},
    {BR_ERR_BAD_SIGNATURE, "a handshake signature was wrong"},
    {BR_ERR_WRONG_KEY_USAGE, "a key was used for what it may not do"},
    {BR_ERR_NO_CLIENT_AUTH, "the client sent no certificate"},
    {BR_ERR_IO, "the connection failed"},
    {BR_ERR_X509_EXPIRED,
     "a certificate of the chain has expired or is not yet valid"},
    {BR_ERR_X509_NOT_TRUSTED,
     "the certificate chain does not lead to a trust anchor"},
    {BR_ERR_X509_BAD_SERVER_NAME, "the certificate is for another host name"},
    {BR_ERR_X509_BAD_SIGNATURE, "a certificate's signature is wrong"},
    {BR_ERR_X509_DN_MISMATCH,
     "the chain is out of order (an issuer does not match)"},
    {BR_ERR_X509_NOT_CA, "an issuer of the chain is not a CA"},
    {BR_ERR_X509_EMPTY_CHAIN, "the server sent no certificate"},
    {BR_ERR_X509_TIME_UNKNOWN, "the time is unknown"},
    {BR_ERR_X509_CRITICAL_EXTENSION,
     "a certificate has a critical extension that BearSSL does not know"},
    {BR_ERR_X509_FORBIDDEN_KEY_USAGE,
     "the certificate's key usage forbids this use"},
    {BR_ERR_X509_WEAK_PUBLIC_KEY, "a certificate's key is too weak"},
    {BR_ERR_X509_WRONG_KEY_TYPE, "a certificate's key has the wrong type"},
    {BR_ERR_X509_UNSUPPORTED,
     "a certificate uses an algorithm BearSSL does not support"},
    {BR_ERR_X509_LIMIT_EXCEEDED, "a certificate was beyond limits"},
};

static const struct code_text alert_texts[] = {
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {22, "record_overflow"},
    {40, "handshake_failure"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {110, "unsupported_extension"},
    {112, "unrecognized_name"},
    {120, "no_application_protocol"},
};

static const char *find(const struct code_text *t, size_t n, int code)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return t[i].text;
    return NULL;
}

static bool x509_code(int code)
{
    return code >= BR_ERR_X509_OK && code < BR_ERR_X509_OK + 64;
}

int tls_error_errno(int code)
{
    if (code == BR_ERR_X509_EXPIRED)
        return -EKEYEXPIRED;
    if (x509_code(code))
        return -EKEYREJECTED;
    if (code == BR_ERR_NO_RANDOM)
        return -EIO;
    return -EPROTO;
}

const char *tls_error_text(int code)
{
    const char *t = find(engine_texts,
                         sizeof(engine_texts) / sizeof(engine_texts[0]), code);

    if (t)
        return t;
    return x509_code(code) ? "a certificate of the chain is malformed"
                           : "a TLS protocol error";
}

int tls_fail_engine(struct tls_flow *f, int code)
{
    int err = tls_error_errno(code);

    if (code >= BR_ERR_RECV_FATAL_ALERT && code < BR_ERR_SEND_FATAL_ALERT) {
        int a = code - BR_ERR_RECV_FATAL_ALERT;
        const char *t =
            find(alert_texts, sizeof(alert_texts) / sizeof(alert_texts[0]), a);
        return tls_fail(f, -EPROTO, "the peer refused: alert %d (%s)", a,
                        t ? t : "unknown");
    }
    if (code >= BR_ERR_SEND_FATAL_ALERT) {
        int a = code - BR_ERR_SEND_FATAL_ALERT;
        const char *t =
            find(alert_texts, sizeof(alert_texts) / sizeof(alert_texts[0]), a);
        const char *why = a == 70   ? ": it offered no TLS 1.2 (TLS 1.0 and "
                                      "1.1 are refused)"
                          : a == 40 ? ": no cipher suite, curve or signature "
                                      "in common"
                                    : "";
        return tls_fail(f, -EPROTO, "refused the peer: alert %d (%s)%s", a,
                        t ? t : "unknown", why);
    }
    if (x509_code(code) && !f->server)
        return tls_fail(f, err,
                        "certificate verification failed: %s (BearSSL "
                        "error %d)",
                        tls_error_text(code), code);
    return tls_fail(f, err, "%s (BearSSL error %d)", tls_error_text(code),
                    code);
}

static const struct {
    uint16_t id;
    const char *name;
} suite_names[] = {
    {BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
     "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
     "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
     "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
     "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
     "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
     "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
};

const char *tls_suite_name(uint16_t id)
{
    for (size_t i = 0; i < sizeof(suite_names) / sizeof(suite_names[0]); i++)
        if (suite_names[i].id == id)
            return suite_names[i].name;
    return NULL;
}
