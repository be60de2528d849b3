/* SPDX-License-Identifier: ISC */
/* http_client.h: an HTTP/1.1 client over a `stack`, and http:// URLs. */
#ifndef MIRAGE_HTTP_CLIENT_H
#define MIRAGE_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/http.h>
#include <mirage/ipaddr.h>
#include <mirage/stack.h>
#include <mirage/tls.h>

/*
 * A client talks to one server, an endpoint of a `stack` (an address and
 * a port: a host name is resolved by the caller first, by a `dns` device,
 * and given as the Host field), over one connection kept open between
 * requests (keep-alive) and opened again when the server closed it. A
 * request is sent whole (its body from memory, with Content-Length, or
 * streamed, chunked); the response's head is returned, and its body is
 * read as a stream (decoded from chunked). doc/http.md describes it.
 *
 * Functions return 0 (or a count) or a negative errno value.
 */

/* What mirage_http_url_parse finds in "http[s]://HOST[:PORT][/PATH][?Q]". */
struct mirage_http_url {
    struct mirage_http_slice host;   /* a name, or an address (IPv6 without
                                        its brackets) */
    struct mirage_http_slice target; /* "/PATH?QUERY": "/" when empty */
    uint16_t port;                   /* PORT, or 80 (https: 443) */
    bool https;                      /* the scheme is https */
    bool has_port;                   /* PORT was given */
    bool host_is_ipv4;               /* HOST is a dotted quad: (ipv4) */
    bool host_is_ipv6;               /* HOST was "[...]" */
    struct mirage_ipv4 ipv4;
};

/*
 * Splits the NUL-terminated (url), whose slices (u) then points into:
 * scheme http or https (any case: (https) says which), a host of a name's
 * or an address's bytes, a port of 1 to 65535, a path and query of visible
 * ASCII; a fragment ("#...") is dropped. Returns 0, -EPROTONOSUPPORT for
 * another scheme, or -EINVAL (no "//", userinfo, an empty or malformed host
 * or port, a byte that is not visible ASCII).
 */
int mirage_http_url_parse(const char *url, struct mirage_http_url *u);

/* A client's settings (mirage_http_client_config_default). */
struct mirage_http_client_config {
    uint64_t connect_timeout_ns; /* opening a connection [10 s] */
    uint64_t timeout_ns;         /* each read or write wait [30 s] */
    /* The parser's limits [the codec's defaults, but max_body: no limit:
     * the caller reads the body as a stream] */
    struct mirage_http_limits limits;
    size_t buffer;          /* bytes read at once, and of a head [4096] */
    const char *user_agent; /* the User-Agent (NULL: none) ["mirage"] */
    /* HTTPS: each connection is wrapped by this `tls` device (mirage/tls.h;
     * NULL: plain HTTP) for the server name (tls_name), which its
     * certificate must hold (NULL: the Host, without a port) [NULL] */
    struct mirage_tls *tls;
    const char *tls_name;
};

/* A request (mirage_http_client_request). */
struct mirage_http_client_request {
    const char *method; /* "GET", "POST", ... (NULL: GET) */
    const char *target; /* "/path?query" */
    /* More fields: name, value, name, value, ..., NULL (or NULL) */
    const char *const *fields;
    /* A body from memory, sent with Content-Length (POST and PUT always
     * say their length, 0 too); or, when (body_read) is set, one streamed
     * chunked: it returns bytes put in (buf), 0 at the end, or an error */
    const void *body;
    size_t body_len;
    int (*body_read)(void *arg, void *buf, size_t cap);
    void *body_arg;
};

/* A response's head (valid until the next request or the close). */
struct mirage_http_client_response {
    int status;                            /* 200, 404, ... */
    const struct mirage_http_message *msg; /* its fields, framing, ... */
    int64_t content_length;                /* -1 when not said */
};

/* Counters of a client. */
struct mirage_http_client_stats {
    uint64_t connections; /* connections opened */
    uint64_t requests;    /* requests sent (a retry counts once more) */
    uint64_t retries;     /* requests sent again on a new connection */
};

struct mirage_http_client;

/* Fills (cfg) with the defaults above. */
void mirage_http_client_config_default(struct mirage_http_client_config *cfg);

/*
 * A client of (server) (version 4 or 6, a port) on (stack), sending (host)
 * as Host (NULL: the endpoint's text form), with (cfg) (NULL: defaults),
 * in (*c). The connection opens at the first request. Returns 0, -EINVAL
 * (a NULL argument, a version 0 endpoint, port 0, a Host the serializer
 * refuses, a limit the codec refuses, a buffer under 256 bytes) or
 * -ENOMEM.
 */
int mirage_http_client_new(struct mirage_http_client **c,
                           struct mirage_stack *stack,
                           const struct mirage_stack_endpoint *server,
                           const char *host,
                           const struct mirage_http_client_config *cfg);

/*
 * Sends (rq) and reads the head of its response (1xx ones are skipped)
 * into (*resp). The body of the response before, if not read to its end,
 * is given up (the connection is closed). On a connection kept from
 * before, a request that finds it closed by the server before any byte of
 * an answer is sent once more on a new one, when its method is idempotent
 * and its body is not streamed. Returns 0; -EINVAL; the errors of
 * mirage_tcp_connect, _read and _write; -EBADMSG when the response is
 * malformed; -ECONNRESET when the server closed the connection without a
 * response.
 */
int mirage_http_client_request(struct mirage_http_client *c,
                               const struct mirage_http_client_request *rq,
                               struct mirage_http_client_response *resp);

/*
 * Reads up to (cap) bytes of the response's body into (buf). Returns the
 * bytes read, 0 at its end (then the connection is ready for the next
 * request, or closed if the server said so), -EBADMSG when the body is
 * malformed or cut short, -EPROTO when no response is being read, or a
 * network error.
 */
int mirage_http_client_read(struct mirage_http_client *c, void *buf,
                            size_t cap);

/* Copies the client's counters to (*st). */
void mirage_http_client_stats(struct mirage_http_client *c,
                              struct mirage_http_client_stats *st);

/* Closes the connection, if any, and frees (c). */
void mirage_http_client_free(struct mirage_http_client *c);

#endif
