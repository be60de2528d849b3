/* SPDX-License-Identifier: ISC */
/* server_internal.h: what the server's files share: connections, output. */
#ifndef MIRAGE_LIB_HTTP_SERVER_INTERNAL_H
#define MIRAGE_LIB_HTTP_SERVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>
#include <mirage/http_server.h>
#include <mirage/log.h>

/* The least stack of a connection fiber that does TLS handshakes. */
#define HTTP_TLS_FIBER_STACK (32 * 1024)

/* The server's log source ("http"). */
extern struct mirage_log_src http_server_log;

/* Where a response is. */
enum http_resp_state {
    HTTP_R_NONE = 0, /* not begun */
    HTTP_R_HEAD,     /* status line written, fields being added */
    HTTP_R_BODY,     /* head sent, a body being streamed */
    HTTP_R_DONE,     /* complete */
};

/* Where a request's body is. */
enum http_body_state {
    HTTP_B_OPEN = 0, /* bytes may follow */
    HTTP_B_DONE,     /* read to its end (or there was none) */
    HTTP_B_FAILED,   /* refused, timed out or cut: the connection ends */
};

struct http_conn;

struct mirage_http_response {
    struct http_conn *c;
    enum http_resp_state state;
    int status;
    bool no_body;    /* HEAD, 1xx, 204, 304: a body is counted, dropped */
    bool chunked;    /* Transfer-Encoding: chunked */
    bool has_length; /* Content-Length: (remain) counts down */
    bool has_date, has_server;
    uint64_t remain;   /* bytes of the Content-Length still to come */
    uint64_t sent;     /* body bytes given by the handler */
    size_t space_head; /* _space: the bytes kept before the data (chunked) */
    size_t space_room; /* _space: the room handed out */
};

/* A connection being served. */
struct http_conn {
    struct http_conn *next, *prev; /* the server's live connections */
    struct mirage_http_server *srv;
    struct mirage_tcp_flow *flow; /* NULL once closed by stop */
    struct mirage_http_parser parser;
    struct mirage_http_request req;
    struct mirage_http_response resp;
    char *in;          /* read_buffer bytes */
    size_t in_off;     /* the first byte not parsed yet */
    size_t in_len;     /* bytes not parsed yet */
    char *out;         /* write_buffer bytes */
    size_t out_len;    /* bytes waiting to be written */
    uint64_t nreq;     /* requests so far */
    uint64_t accepted; /* when (mclock) */
    uint64_t body_deadline;
    int err;         /* the first network error (sticky), or 0 */
    int body_err;    /* why the body failed (HTTP_B_FAILED) */
    int body_status; /* the status answering it (413, 400, 408) */
    enum http_body_state body;
    bool idle;          /* waiting for a request's first byte */
    bool close;         /* the connection ends after this response */
    bool continue_sent; /* 100 Continue went out for this request */
};

struct mirage_http_server {
    struct mirage_stack *stack;
    struct mirage_tcp_listener *listener;
    struct mirage_http_server_config cfg;
    mirage_http_handler handler;
    void *arg;
    size_t parser_mem;          /* bytes a parser needs */
    size_t conn_size;           /* bytes of a connection, all in one */
    struct http_conn *live;     /* connections being served */
    struct mirage_cond changed; /* a connection ended, or stop */
    bool running, stopping;
    struct mirage_http_server_stats st;
    int64_t date_s; /* the second (date) is of */
    char date[MIRAGE_HTTP_DATE_LEN + 1];
};

/* server.c: the monotonic time, in nanoseconds. */
uint64_t http_srv_now(const struct mirage_http_server *srv);

/* server.c: Date's value now, or NULL without a pclock. */
const char *http_srv_date(struct mirage_http_server *srv);

/* server_conn.c: serves connection (arg) until it ends; a fiber. */
int http_conn_main(void *arg);

/* server_out.c: writes out what is buffered. 0 or the network error. */
int http_out_flush(struct http_conn *c);

/* server_out.c: appends (len) bytes to the output (written out directly
 * when they do not fit). 0 or the network error. */
int http_out_put(struct http_conn *c, const void *data, size_t len);

/* server_out.c: starts (r) for a request of (c): nothing begun. */
void http_resp_reset(struct http_conn *c, bool head_request);

/* server_out.c: finishes (c)'s response after the handler returned (rc):
 * the answer to a response not begun, the end of a head or of a stream. */
void http_resp_finish(struct http_conn *c, int rc);

/* server_out.c: a whole error answer (status) with Connection: close. */
int http_resp_error(struct http_conn *c, int status);

/* server_conn.c: the next piece of the body, as mirage_http_request_read
 * returns (1 with (*piece) set, 0 at the end, or an error), taking at
 * most (cap) bytes of input. */
int http_body_next(struct http_conn *c, size_t cap,
                   struct mirage_http_slice *piece);

#endif
