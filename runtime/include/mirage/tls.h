/* SPDX-License-Identifier: ISC */
/* tls.h: the `tls` device type: TLS 1.2 servers and clients over TCP. */
#ifndef MIRAGE_TLS_H
#define MIRAGE_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/args.h>
#include <mirage/kv_ro.h>
#include <mirage/mclock.h>
#include <mirage/pclock.h>
#include <mirage/random.h>
#include <mirage/stack.h>

/*
 * A `tls` device holds what TLS needs from boot: the server's certificate
 * chains and private keys and the client's trust anchors (read from a
 * kv_ro), a session cache, a source of entropy (a `random`) and the time
 * (a `pclock`, for the validity of certificates). It wraps a TCP flow of
 * any stack (mirage/stack.h) into a TLS flow, itself a mirage_tcp_flow:
 * mirage_tcp_read, mirage_tcp_write, mirage_tcp_shutdown, mirage_tcp_close,
 * mirage_tcp_endpoints and mirage_tcp_setopt work on it with the same
 * contract, so code written for a TCP flow (the HTTP server and client,
 * mirage/http_server.h and mirage/http_client.h) runs over TLS unchanged.
 *
 * The handshake runs at the first read or write (or at
 * mirage_tls_handshake), in the calling fiber, within that call's
 * timeout. A TLS failure ends the flow: the call and every later one
 * return -EPROTO (the peer broke the protocol or refused ours: no common
 * cipher suite or version, a bad record or MAC, an alert),
 * -EKEYREJECTED (the server's certificate chain failed verification: not
 * trusted, another host name, a bad signature) or -EKEYEXPIRED (a
 * certificate of the chain is expired or not yet valid);
 * mirage_tls_error says why in words, and the device logs it (log source
 * "tls", warning). doc/tls.md describes the device, its boot arguments
 * and how to provide certificates.
 *
 * Functions return 0 (or a count) or a negative errno value.
 */

struct mirage_tls;

/* What a handshake agreed (mirage_tls_info). */
struct mirage_tls_info {
    unsigned version;      /* 0x0303 for TLS 1.2; 0 before the handshake */
    char cipher[64];       /* the suite's IANA name, TLS_ECDHE_..._SHA256 */
    char alpn[32];         /* the protocol agreed by ALPN; "" for none */
    char server_name[256]; /* SNI: the name sent (client) or received */
    bool resumed;          /* the session was resumed (abbreviated) */
};

/* Operations of a `tls` implementation; see the functions below. */
struct mirage_tls_ops {
    int (*server)(struct mirage_tls *dev, struct mirage_tcp_flow *raw,
                  struct mirage_tcp_flow **flow);
    int (*client)(struct mirage_tls *dev, struct mirage_tcp_flow *raw,
                  const char *host, struct mirage_tcp_flow **flow);
    int (*handshake)(struct mirage_tls *dev, struct mirage_tcp_flow *flow,
                     uint64_t timeout_ns);
    int (*info)(struct mirage_tls *dev, struct mirage_tcp_flow *flow,
                struct mirage_tls_info *info);
    const char *(*error)(struct mirage_tls *dev, struct mirage_tcp_flow *flow);
};

/* A `tls` device: operations plus the implementation's own state. */
struct mirage_tls {
    const struct mirage_tls_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Wraps (raw), a TCP flow accepted from a stack, into the server side of
 * a TLS flow, stored in (*flow); the handshake waits for its first read
 * or write. The TLS flow owns (raw) from then on: mirage_tcp_close on it
 * sends a close_notify alert and closes (raw). Returns 0; -EINVAL for a
 * NULL argument; -ENOKEY when the device has no certificate (its kv_ro
 * has none of those named at boot); -ENOMEM. On failure (raw) is the
 * caller's still.
 */
static inline int mirage_tls_server(struct mirage_tls *dev,
                                    struct mirage_tcp_flow *raw,
                                    struct mirage_tcp_flow **flow)
{
    return dev->ops->server(dev, raw, flow);
}

/*
 * Wraps (raw), a TCP flow connected to a server, into the client side of a
 * TLS flow for (host), stored in (*flow): the name sent by SNI (unless it
 * is an IP address) and the one the server's certificate must hold (a DNS
 * name, or an IP address in its subjectAltName). The chain must lead to
 * one of the device's trust anchors. Ownership of (raw) as for
 * mirage_tls_server. Returns 0; -EINVAL for a NULL argument or an empty
 * or too long (over 255 bytes) host; -ENOKEY when the device has no trust
 * anchor; -ENOMEM.
 */
static inline int mirage_tls_client(struct mirage_tls *dev,
                                    struct mirage_tcp_flow *raw,
                                    const char *host,
                                    struct mirage_tcp_flow **flow)
{
    return dev->ops->client(dev, raw, host, flow);
}

/*
 * Runs the handshake of (flow), a TLS flow of (dev), if it has not run,
 * waiting up to (timeout_ns). Returns 0 once it is complete; -ETIMEDOUT,
 * -ECANCELED; the TLS errors above; -EPIPE when the peer closed the
 * connection first; or the error of the TCP flow under it. -EINVAL when
 * (flow) is not a TLS flow of (dev).
 */
static inline int mirage_tls_handshake(struct mirage_tls *dev,
                                       struct mirage_tcp_flow *flow,
                                       uint64_t timeout_ns)
{
    return dev->ops->handshake(dev, flow, timeout_ns);
}

/*
 * Stores what the handshake of (flow) agreed in (*info) (zeroed before it
 * completes). Returns 0, or -EINVAL when (flow) is not a TLS flow of (dev).
 */
static inline int mirage_tls_info(struct mirage_tls *dev,
                                  struct mirage_tcp_flow *flow,
                                  struct mirage_tls_info *info)
{
    return dev->ops->info(dev, flow, info);
}

/*
 * Why (flow), a TLS flow of (dev), failed, in words ("the certificate of
 * web.test has expired"), or NULL when it has not failed (or is not a TLS
 * flow of dev). Valid until the flow is closed.
 */
static inline const char *mirage_tls_error(struct mirage_tls *dev,
                                           struct mirage_tcp_flow *flow)
{
    return dev->ops->error(dev, flow);
}

/*
 * Connects the `bearssl` implementation as device (name) (its parameter,
 * (certs_default), is the default of --NAME-certs, which the glue has
 * already applied to (certs): it is not read here): entropy from
 * (random), the time of certificates from (pclock), timeouts on (mclock),
 * certificates and keys from (store).
 * (certs) names the server's certificates: for each NAME, the chain (leaf
 * first) in NAME.pem and its private key (RSA or EC, PEM) in NAME.key;
 * SNI picks the one whose names match, else the first. (anchors) is the
 * key of a PEM bundle of trust anchors for clients ("" for none). (ciphers)
 * is "modern" (ECDHE with AES-GCM or ChaCha20-Poly1305) or "compat" (also
 * ECDHE with AES-CBC and SHA-256/384). (session_cache) is the number of
 * sessions the server keeps for resumption (0: none). (alpn) lists the
 * protocols offered by ALPN, in order of preference. What is named but
 * missing or unreadable is logged and refused. Returns 0, -EINVAL (a bad
 * argument, a certificate or key that does not parse or match), -ENOENT
 * (a named file missing from the store), -ENOMEM.
 */
int mirage_tls_bearssl_connect(
    struct mirage_tls **dev, const char *name, const char *certs_default,
    struct mirage_random *random, struct mirage_pclock *pclock,
    struct mirage_mclock *mclock, struct mirage_kv_ro *store,
    struct mirage_list_string certs, const char *anchors, const char *ciphers,
    int session_cache, struct mirage_list_string alpn);

#endif
