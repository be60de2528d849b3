/* SPDX-License-Identifier: ISC */
/* http_server.h: an HTTP/1.1 server over a `stack`, and static files. */
#ifndef MIRAGE_HTTP_SERVER_H
#define MIRAGE_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/http.h>
#include <mirage/kv_ro.h>
#include <mirage/mclock.h>
#include <mirage/pclock.h>
#include <mirage/stack.h>
#include <mirage/tls.h>

/*
 * A server listens on a `stack` (mirage/stack.h) and serves each connection
 * in a fiber of its own, one request after the other (pipelined requests
 * are answered in order: the next is read once the answer to the one
 * before is complete). For each request it calls a handler with the
 * request (method, target, fields, and the body as a stream) and a
 * response, which the handler fills: a status, fields, and a body written
 * whole or streamed. The server frames the body (Content-Length or
 * chunked), answers HEAD without a body, sends 100 Continue when the
 * handler reads the body of a request that expects it, adds Date, keeps
 * the connection (persistent connections) unless either side closes it,
 * and answers what the codec refuses (mirage/http.h: 400, 413, 414, 431,
 * 501, 505) and what comes too slowly (408) itself. doc/http.md describes
 * the limits, the timeouts and their defaults.
 *
 * Functions return 0 (or a count) or a negative errno value.
 */

/* The server's settings. mirage_http_server_config_default fills them. */
struct mirage_http_server_config {
    /* Where to listen: {.port = 80} is port 80 of every address. */
    struct mirage_stack_endpoint local;
    int backlog; /* connections waiting to be accepted [16] */
    /* Connections served at once; the next is accepted when one ends [64] */
    unsigned max_connections;
    /* Connections accepted in all before the server stops (0: no end) [0] */
    uint64_t max_accepts;
    /* Requests on one connection; the last is answered with close [1000] */
    unsigned max_requests;
    /* The codec's limits (mirage_http_limits): [4096-byte request line,
     * 8192-byte head, 64 fields, 1 MiB body, 4096-byte trailer] */
    struct mirage_http_limits limits;
    size_t read_buffer;  /* bytes read from the flow at once [4096] */
    size_t write_buffer; /* bytes of a response gathered before a write
                            [4096]; a head must fit in it */
    size_t fiber_stack;  /* a connection fiber's stack [12 KiB; with tls,
                            at least 32 KiB] */
    /* Timeouts in nanoseconds (MIRAGE_FOREVER: none). */
    uint64_t header_timeout_ns; /* a request line and fields, in all, from
                                   their first byte (from the connection for
                                   the first request): then 408 [10 s] */
    uint64_t idle_timeout_ns;   /* between requests [30 s] */
    uint64_t body_timeout_ns;   /* a request body, in all [60 s] */
    uint64_t write_timeout_ns;  /* one write of a response [30 s] */
    uint64_t linger_timeout_ns; /* after an answer that leaves a client's
                                   bytes unread (an error, a close): they
                                   are read and dropped until it is silent
                                   this long, for at most 8 times as long
                                   and 1 MiB, then it is closed [2 s] */
    /* The monotonic clock the timeouts are read on (required). */
    struct mirage_mclock *mclock;
    /* The wall clock for Date (NULL: no Date field). */
    struct mirage_pclock *pclock;
    /* The Server field's value (NULL: none) ["mirage"] */
    const char *server_name;
    /* HTTPS: each connection accepted is wrapped by this `tls` device
     * (mirage/tls.h; NULL: plain HTTP) [NULL]. The handshake runs in the
     * connection's fiber, within header_timeout_ns. */
    struct mirage_tls *tls;
};

struct mirage_http_server;
struct mirage_http_response;

/* A request, as the handler sees it (valid during the handler's call). */
struct mirage_http_request {
    const struct mirage_http_message *msg; /* start line and fields */
    struct mirage_http_target target;      /* msg->target split */
    struct mirage_stack_endpoint peer;     /* the client */
    uint64_t number;                       /* 1, 2, ... on its connection */
    void *conn;                            /* private */
};

/*
 * A handler: answers (req) through (resp) (see mirage_http_response_*),
 * then returns 0, or a negative errno value when it cannot: a response not
 * begun is then answered 500 (or the status of the body's refusal, see
 * mirage_http_request_read), and one half sent ends the connection.
 */
typedef int (*mirage_http_handler)(void *arg, struct mirage_http_request *req,
                                   struct mirage_http_response *resp);

/* Counters of a server (mirage_http_server_stats). */
struct mirage_http_server_stats {
    uint64_t accepted;     /* connections accepted */
    unsigned active;       /* connections being served now */
    unsigned peak;         /* the most at once */
    uint64_t requests;     /* requests handed to the handler */
    uint64_t refused;      /* requests answered with the codec's verdict */
    uint64_t timeouts;     /* 408 answers and idle connections closed */
    uint64_t responses[6]; /* answers by class: [1] 1xx ... [5] 5xx */
};

/*
 * Fills (cfg) with the defaults above (a zeroed local endpoint: port 0,
 * any; no clocks: set mclock, and pclock for Date).
 */
void mirage_http_server_config_default(struct mirage_http_server_config *cfg);

/*
 * Listens on (stack) as (cfg) says (it is copied; server_name is kept as a
 * pointer) and stores the server in (*srv): connections wait in the
 * backlog until mirage_http_server_run accepts them. Returns 0; -EINVAL
 * (a NULL argument, no mclock, a limit the codec refuses, a buffer under
 * 256 bytes, max_connections or max_requests of 0); -ENOMEM; or the error
 * of mirage_tcp_listen (-EADDRINUSE, ...).
 */
int mirage_http_server_listen(struct mirage_http_server **srv,
                              struct mirage_stack *stack,
                              const struct mirage_http_server_config *cfg,
                              mirage_http_handler handler, void *arg);

/* The port the server listens on (useful after port 0), or an error. */
int mirage_http_server_port(struct mirage_http_server *srv);

/*
 * Accepts and serves connections in the calling fiber, each in a fiber of
 * its own, no more than max_connections at once (the next accept waits
 * for one to end: the others wait in the stack's backlog), until
 * max_accepts connections were accepted or mirage_http_server_stop is
 * called; then waits for the connections being served to end (idle ones
 * are closed at once, a request being answered is finished) and returns 0,
 * or the error of accept that stopped it (transient ones, -ENOMEM,
 * -EMFILE, ..., are logged and waited out). Cancelled, it closes every
 * connection and returns -ECANCELED at once: their fibers end at their
 * next wait, and the server may be freed once its stats say none is
 * active.
 */
int mirage_http_server_run(struct mirage_http_server *srv);

/* Asks a running server to stop (callable from a handler); returns 0. */
int mirage_http_server_stop(struct mirage_http_server *srv);

/* Copies the server's counters to (*st). */
void mirage_http_server_stats(struct mirage_http_server *srv,
                              struct mirage_http_server_stats *st);

/* Closes the listener and frees (srv), which must not be running. */
void mirage_http_server_free(struct mirage_http_server *srv);

/* --- a request's body --------------------------------------------------- */

/*
 * Reads up to (cap) bytes of (req)'s body (decoded from the chunked coding)
 * into (buf), sending 100 Continue first when the client expects it.
 * Returns the bytes read, 0 at the end of the body (at once for a request
 * without one), or: -EMSGSIZE when the body is over limits.max_body (413),
 * -EBADMSG when its framing is malformed (400), -ETIMEDOUT when it did not
 * come within body_timeout_ns (408), -ECONNRESET or -EPIPE when the client
 * went away. After an error the connection is closed once the response is
 * sent; a response not begun is the status in brackets.
 */
int mirage_http_request_read(struct mirage_http_request *req, void *buf,
                             size_t cap);

/*
 * The value of (req)'s only field (name) (any case), in (*value): 1, 0 if
 * there is none, -EINVAL if there are several (mirage_http_field_get).
 */
int mirage_http_request_field(const struct mirage_http_request *req,
                              const char *name,
                              struct mirage_http_slice *value);

/* --- the response ------------------------------------------------------- */

/*
 * A response is begun with a status (mirage_http_response_begin), takes
 * fields, then either a whole body (mirage_http_response_send) or a
 * streamed one (mirage_http_response_stream, then _write or _space and
 * _commit, then _end). The server adds Date (with a pclock), Server (when
 * set and not given), the framing (Content-Length or Transfer-Encoding:
 * chunked) and Connection: close when the connection ends after it. A
 * response to HEAD, and a 1xx, 204 or 304 one, gets no body: what is
 * written is counted and dropped. Network errors stick: once a write
 * failed, every call returns that error (-EPIPE, -ECONNRESET, -ETIMEDOUT).
 */

/*
 * Begins the response with (status), 200 to 599 (100 Continue is the
 * server's). Returns 0, -EALREADY if it was begun, -EINVAL for a bad
 * status, or a network error.
 */
int mirage_http_response_begin(struct mirage_http_response *resp, int status);

/*
 * Adds the field "name: value". Framing is the server's: Content-Length
 * and Transfer-Encoding are refused (-EINVAL); "Connection: close" is
 * taken as asking to close the connection after this response (any other
 * Connection value is -EINVAL). Returns 0, -EINVAL (see above, or a name
 * or value the serializer refuses: mirage_http_write_field), -EPROTO if
 * the head was already sent or the response not begun, -ENOSPC when the
 * field alone does not fit in write_buffer, or a network error.
 */
int mirage_http_response_field(struct mirage_http_response *resp,
                               const char *name, const char *value);

/* As mirage_http_response_field, with lengths. */
int mirage_http_response_field_n(struct mirage_http_response *resp,
                                 const char *name, size_t name_len,
                                 const char *value, size_t value_len);

/* "name: DECIMAL" (as mirage_http_response_field). */
int mirage_http_response_field_u64(struct mirage_http_response *resp,
                                   const char *name, uint64_t v);

/* "name: IMF-fixdate" of the Unix time (t) (Last-Modified, Expires). */
int mirage_http_response_field_date(struct mirage_http_response *resp,
                                    const char *name, int64_t t);

/*
 * Ends the head with Content-Length: (len) (none for 1xx, 204, 304) and
 * sends the (len) bytes at (body): the response is complete. Returns 0,
 * -EPROTO if not begun or already sent, or a network error.
 */
int mirage_http_response_send(struct mirage_http_response *resp,
                              const void *body, size_t len);

/*
 * Begins, adds Content-Type (when not NULL) and sends (body): the whole
 * response at once (as _begin, _field, _send).
 */
int mirage_http_respond(struct mirage_http_response *resp, int status,
                        const char *content_type, const void *body, size_t len);

/*
 * Ends the head for a body streamed by _write: of (length) bytes
 * (Content-Length), or of a length not known yet when (length) is
 * negative (chunked to an HTTP/1.1 client; to an HTTP/1.0 one, the body
 * runs until the connection closes). Returns 0, -EPROTO (not begun, or
 * already sent), or a network error.
 */
int mirage_http_response_stream(struct mirage_http_response *resp,
                                int64_t length);

/*
 * Writes (len) bytes of a streamed body (a chunk when chunked). Returns 0,
 * -EPROTO (not streaming), -EMSGSIZE when they would pass the length given
 * to _stream (nothing is written), or a network error.
 */
int mirage_http_response_write(struct mirage_http_response *resp,
                               const void *data, size_t len);

/*
 * Room in the response's own buffer for the next bytes of a streamed body,
 * to fill in place (a file read straight into it, say): stores its size in
 * (*room) (at least 256 bytes; writes out what is buffered to make it) and
 * returns where, or NULL when not streaming or on a network error. Then
 * _commit tells how many bytes were put there.
 */
void *mirage_http_response_space(struct mirage_http_response *resp,
                                 size_t *room);

/*
 * The (len) bytes put at mirage_http_response_space's pointer are the
 * body's next ones. Returns 0, -EINVAL when (len) is more than the room,
 * -EMSGSIZE as _write, -EPROTO, or a network error.
 */
int mirage_http_response_commit(struct mirage_http_response *resp, size_t len);

/* Sends what is buffered now (a streamed body's progress). */
int mirage_http_response_flush(struct mirage_http_response *resp);

/*
 * Ends a streamed body: the last chunk when chunked. Returns 0; -EPIPE if
 * fewer bytes than its Content-Length were written (the connection is
 * closed: the client sees a truncated body); -EPROTO when not streaming;
 * or a network error.
 */
int mirage_http_response_end(struct mirage_http_response *resp);

/* Whether (resp) was begun (a handler's fallback can check). */
bool mirage_http_response_begun(const struct mirage_http_response *resp);

/* --- static files from a kv_ro ----------------------------------------- */

/* What mirage_http_static serves. */
struct mirage_http_static_config {
    struct mirage_kv_ro *store; /* the files (required) */
    const char *index;          /* a directory's file ["index.html"];
                                   NULL: directories are 404 */
    const char *cache_control;  /* a Cache-Control value (NULL: none) */
    size_t etag_cache;          /* ETags kept, by key [64] */
};

struct mirage_http_static;

/*
 * Makes a handler of static files from (cfg)'s store, in (*st): GET and
 * HEAD of the key named by the path (decoded and normalised by
 * mirage_http_path_normalize; a path it refuses is 400, never looked up),
 * with Content-Type by extension, an ETag (from the store's SHA-256
 * digest, kept per key while its size and time stay), Last-Modified when
 * the store knows the time, 304 for If-None-Match or If-Modified-Since,
 * one byte range (206, 416; If-Range), the index file of a directory (a
 * directory's path without its '/' is redirected, 301), 404, and 405 with
 * Allow for other methods. Bodies are read from the store in pieces as
 * they are sent. Returns 0, -EINVAL or -ENOMEM.
 */
int mirage_http_static_new(struct mirage_http_static **st,
                           const struct mirage_http_static_config *cfg);

/* The handler: pass it to the server with the mirage_http_static as arg. */
int mirage_http_static_handler(void *arg, struct mirage_http_request *req,
                               struct mirage_http_response *resp);

/* Frees (st). */
void mirage_http_static_free(struct mirage_http_static *st);

#endif
