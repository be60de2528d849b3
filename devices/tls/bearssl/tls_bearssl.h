/* SPDX-License-Identifier: ISC */
/* tls_bearssl.h: the `bearssl` implementation's state, shared by its files. */
#ifndef MIRAGE_TLS_BEARSSL_H
#define MIRAGE_TLS_BEARSSL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/mclock.h>
#include <mirage/tls.h>

#include "br.h"

/* The log source "tls" (a device source of type tls). */
extern struct mirage_log_src tls_bearssl_log;

/* Names a certificate answers to: DNS names (lowercase, maybe "*.x")
 * and IP addresses (4 or 16 bytes), from its subjectAltName, else the
 * subject's common name. */
struct tls_names {
    char **dns;
    size_t ndns;
    uint8_t (*ip)[16];
    uint8_t *iplen; /* 4 or 16 per entry of ip */
    size_t nip;
};

/* One of the server's certificates: its chain and private key. */
struct tls_cert {
    char *label;                /* NAME of --NAME-certs */
    br_x509_certificate *chain; /* leaf first */
    size_t chain_len;
    int key_type;           /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
    br_rsa_private_key rsa; /* key_type RSA: buffers owned */
    br_ec_private_key ec;   /* key_type EC: buffer owned */
    struct tls_names names; /* of the leaf */
};

/* The most cipher suites a device offers (device.c). */
#define TLS_SUITES_MAX 10

/* The device. */
struct tls_dev {
    struct mirage_tls dev;
    struct mirage_stack pseudo; /* the "stack" of its TLS flows */
    struct mirage_random *random;
    struct mirage_pclock *pclock;
    struct mirage_mclock *mclock;
    struct tls_cert *certs;
    size_t ncerts;
    br_x509_trust_anchor *anchors;
    size_t nanchors;
    struct mirage_kv_ro *store;      /* where the anchors are */
    char *anchors_key;               /* their file; NULL: none */
    bool anchors_tried;              /* read (at the first client) */
    int anchors_err;                 /* and how that went */
    uint16_t suites[TLS_SUITES_MAX]; /* in the server's order */
    size_t nsuites;
    bool compat; /* --NAME-ciphers=compat: AES-CBC too */
    bool cache_on;
    struct tls_cache {
        const br_ssl_session_cache_class *vtable; /* notes resumptions */
        br_ssl_session_cache_lru lru;
    } cache;
    unsigned char *cache_store;
    const char **alpn;
    size_t nalpn;
    /* A client's sessions, to resume with the same server name. */
    struct tls_client_session {
        char host[256];
        br_ssl_session_parameters params;
        uint64_t used; /* the stamp of its last use; 0: empty */
    } sessions[8];
    uint64_t session_stamp;
    uint64_t flows; /* flows made, for log lines */
};

/* The server's certificate choice (SNI), a BearSSL policy. */
struct tls_policy {
    const br_ssl_server_policy_class *vtable;
    struct tls_flow *f;
};

/* Client verification: BearSSL's minimal validator, wrapped to check an
 * IP address host against the leaf's subjectAltName. */
struct tls_verify {
    const br_x509_class *vtable;
    br_x509_minimal_context minimal;
    struct tls_flow *f;
    unsigned depth;      /* certificates begun so far */
    unsigned char *leaf; /* the leaf's DER, when the host is an address */
    size_t leaf_len, leaf_cap;
    bool leaf_overflow;
};

/* A TLS flow. */
struct tls_flow {
    struct mirage_tcp_flow flow; /* .stack = &dev->pseudo */
    struct tls_dev *d;
    struct mirage_tcp_flow *raw;
    bool server;
    union {
        br_ssl_server_context s;
        br_ssl_client_context c;
    } u;
    br_ssl_engine_context *eng;
    struct tls_policy policy; /* server */
    struct tls_verify verify; /* client */
    unsigned char *iobuf;
    size_t iobuf_len;
    char host[256]; /* client: the server's name; server: SNI received */
    uint8_t host_ip[16];
    int host_iplen; /* 4 or 16 when host is an address, else 0 */
    int err;        /* sticky: the negative errno the flow ended with */
    char why[200];  /* and why, in words */
    bool handshaken;
    bool resumed; /* the session was resumed (abbreviated handshake) */
    bool offered; /* client: a session was offered to resume */
    unsigned char offered_id[32]; /* and its ID */
    bool eof;                     /* close_notify (or the TCP end) received */
    bool closed;                  /* mirage_tcp_close was called */
    bool rx_busy;                 /* a fiber is reading from raw */
    bool tx_busy;                 /* a fiber is writing to raw */
    bool shut_write;              /* close_notify queued */
    int users;                    /* fibers inside a call */
    struct mirage_cond turn;      /* rx_busy or tx_busy changed */
};

/* Loads what the device names from its kv_ro (store.c): the server's
 * certificates and the client's anchors. 0 or a negative errno (logged). */
int tls_store_load(struct tls_dev *d, struct mirage_kv_ro *store,
                   struct mirage_list_string certs, const char *anchors);

/* Reads the client's trust anchors, once (store.c): at the first client.
 * 0, or the negative errno it failed with (logged), each time. */
int tls_store_load_anchors(struct tls_dev *d);

/* Frees what tls_store_load made. */
void tls_store_free(struct tls_dev *d);

/* Reads the names of a DER certificate (names.c): 0, -EINVAL (not a
 * certificate it understands), -ENOMEM. */
int tls_names_of_cert(const unsigned char *der, size_t len,
                      struct tls_names *out);

/* Frees (names)' arrays. */
void tls_names_free(struct tls_names *names);

/* Does (host), lowercase DNS name, match (pattern) ("*.x" matches one
 * leftmost label)? */
bool tls_name_matches(const char *pattern, const char *host);

/* Sets up the server's policy on (f) (policy.c). */
void tls_policy_init(struct tls_flow *f);

/* Sets up client verification on (f) (verify.c). 0 or -ENOMEM. */
int tls_verify_init(struct tls_flow *f);

/* Frees what tls_verify_init allocated. */
void tls_verify_free(struct tls_flow *f);

/* The flow operations of the pseudo stack (flow.c). */
extern const struct mirage_stack_ops tls_flow_ops;

/* tls_pump's (want) for "every record sent". */
#define TLS_WANT_FLUSHED 0x10000u

/* Runs the engine of (f) until (want) (BR_SSL_SENDAPP or BR_SSL_RECVAPP) or
 * the handshake's end (want 0) (pump.c). 0, or a negative errno. */
int tls_pump(struct tls_flow *f, unsigned want, uint64_t deadline_ns);

/* Ends (f) with (err) and the reason (why), logged once (pump.c). */
int tls_fail(struct tls_flow *f, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the engine's error as the flow's failure (errors.c):
 * the errno of BearSSL's (code) and the words for it. */
int tls_fail_engine(struct tls_flow *f, int code);

/* The negative errno of BearSSL's error (code), and its words. */
int tls_error_errno(int code);
const char *tls_error_text(int code);

/* The IANA name of cipher suite (id), or NULL. */
const char *tls_suite_name(uint16_t id);

/* Notes the end of (f)'s handshake (device.c): a client keeps its session
 * to resume it, and learns whether the one it offered was. */
void tls_handshake_done(struct tls_flow *f);

/* Frees (f) and its buffers (device.c). */
void tls_flow_free(struct tls_flow *f);

/* Monotonic deadline of a timeout from now. */
uint64_t tls_deadline(struct tls_dev *d, uint64_t timeout_ns);

/* What is left of (deadline): MIRAGE_FOREVER stays, else 0 when passed. */
uint64_t tls_left(struct tls_dev *d, uint64_t deadline);

#endif
