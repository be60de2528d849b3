/* SPDX-License-Identifier: ISC */
/* frame.c: a message's framing and connection semantics from its fields. */
#include <string.h>

#include "http_internal.h"

/*
 * RFC 9112 section 6.3, strictly: Content-Length and Transfer-Encoding
 * together are refused (the shape of request smuggling), so are
 * Content-Length values that differ, chunked applied twice, and a
 * request whose codings do not end with chunked. What a request may
 * carry is refused in the order: malformed fields (400), then codings we
 * do not implement (501), then a body over the limit (413).
 */

/* What the fields say, gathered in one pass. */
struct framing {
    size_t hosts;
    bool has_length;
    uint64_t length;
    bool has_coding;
    unsigned chunked;   /* how many times chunked is listed */
    bool chunked_final; /* the last coding listed is chunked */
    bool other;         /* a coding but chunked is listed */
    bool close;         /* Connection: close */
    bool keep_alive;    /* Connection: keep-alive */
    bool expect_continue, expect_other;
};

/* Whether the field (f) is named (name), of (len) bytes. */
static bool named(const struct mirage_http_field *f, const char *name,
                  size_t len)
{
    return f->name.len == len &&
           mirage_http_case_equal(f->name.ptr, f->name.len, name);
}

/*
 * A Content-Length value: one or more decimal numbers separated by commas
 * (OWS around them), all equal to each other and to any value seen
 * before (RFC 9110 section 8.6).
 */
static enum mirage_http_error content_length(struct framing *fr,
                                             struct mirage_http_slice v)
{
    size_t i = 0;

    for (;;) {
        uint64_t n = 0;
        size_t digits = 0;

        while (i < v.len && http_is_ows((unsigned char)v.ptr[i]))
            i++;
        for (; i < v.len && http_is((unsigned char)v.ptr[i], HTTP_C_DIGIT);
             i++, digits++) {
            unsigned d = (unsigned)(v.ptr[i] - '0');

            if (n > (UINT64_MAX - d) / 10)
                return MIRAGE_HTTP_E_CONTENT_LENGTH;
            n = n * 10 + d;
        }
        if (digits == 0)
            return MIRAGE_HTTP_E_CONTENT_LENGTH;
        while (i < v.len && http_is_ows((unsigned char)v.ptr[i]))
            i++;
        if (fr->has_length && fr->length != n)
            return MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT;
        fr->has_length = true;
        fr->length = n;
        if (i == v.len)
            return MIRAGE_HTTP_E_NONE;
        if (v.ptr[i++] != ',')
            return MIRAGE_HTTP_E_CONTENT_LENGTH;
    }
}

/* A Transfer-Encoding value: a list of codings, each a token [; params]. */
static enum mirage_http_error transfer_encoding(struct framing *fr,
                                                struct mirage_http_slice v)
{
    struct mirage_http_slice e;

    fr->has_coding = true;
    while (mirage_http_list_next(&v, &e)) {
        size_t n = 0;

        while (n < e.len && http_is((unsigned char)e.ptr[n], HTTP_C_TCHAR))
            n++;
        if (n == 0)
            return MIRAGE_HTTP_E_TRANSFER_ENCODING;
        if (n < e.len) {
            size_t j = n;

            while (j < e.len && http_is_ows((unsigned char)e.ptr[j]))
                j++;
            if (j == e.len || e.ptr[j] != ';')
                return MIRAGE_HTTP_E_TRANSFER_ENCODING;
        }
        if (mirage_http_case_equal(e.ptr, n, "chunked")) {
            if (n < e.len) /* chunked has no parameters */
                return MIRAGE_HTTP_E_TRANSFER_ENCODING;
            fr->chunked++;
            fr->chunked_final = true;
        } else {
            fr->other = true;
            fr->chunked_final = false;
        }
    }
    return MIRAGE_HTTP_E_NONE;
}

/* Connection and Expect: lists of tokens, compared in any case. */
static void tokens(struct framing *fr, struct mirage_http_slice v, bool expect)
{
    struct mirage_http_slice e;

    while (mirage_http_list_next(&v, &e)) {
        if (expect) {
            if (mirage_http_case_equal(e.ptr, e.len, "100-continue"))
                fr->expect_continue = true;
            else
                fr->expect_other = true;
        } else if (mirage_http_case_equal(e.ptr, e.len, "close")) {
            fr->close = true;
        } else if (mirage_http_case_equal(e.ptr, e.len, "keep-alive")) {
            fr->keep_alive = true;
        }
    }
}

/* A Host value: uri-host [":" port], by its bytes (RFC 9112 3.2). */
static bool host_ok(struct mirage_http_slice v)
{
    for (size_t i = 0; i < v.len; i++)
        if (!http_is((unsigned char)v.ptr[i], HTTP_C_HOST))
            return false;
    return true;
}

/* Reads the fields of (msg) into (fr); the first malformed one's error. */
static enum mirage_http_error gather(const struct mirage_http_message *msg,
                                     bool request, struct framing *fr)
{
    enum mirage_http_error e = MIRAGE_HTTP_E_NONE;

    memset(fr, 0, sizeof *fr);
    for (size_t i = 0; i < msg->nfields && e == MIRAGE_HTTP_E_NONE; i++) {
        const struct mirage_http_field *f = &msg->fields[i];

        if (named(f, "content-length", 14)) {
            e = content_length(fr, f->value);
        } else if (named(f, "transfer-encoding", 17)) {
            e = transfer_encoding(fr, f->value);
        } else if (named(f, "connection", 10)) {
            tokens(fr, f->value, false);
        } else if (request && named(f, "host", 4)) {
            fr->hosts++;
            if (!host_ok(f->value))
                e = MIRAGE_HTTP_E_HOST;
        } else if (request && named(f, "expect", 6)) {
            tokens(fr, f->value, true);
        }
    }
    return e;
}

/* Whether a response (msg) to (method) has no body whatever its fields. */
static bool bodiless_response(const struct mirage_http_message *msg,
                              enum mirage_http_method method)
{
    return method == MIRAGE_HTTP_HEAD || msg->status < 200 ||
           msg->status == 204 || msg->status == 304 ||
           (method == MIRAGE_HTTP_CONNECT && msg->status < 300);
}

enum mirage_http_error http_frame(struct mirage_http_parser *p)
{
    struct mirage_http_message *msg = &p->msg;
    bool request = !p->response;
    struct framing fr;
    enum mirage_http_error e = gather(msg, request, &fr);

    if (e != MIRAGE_HTTP_E_NONE)
        return e;
    if (fr.has_coding && fr.has_length)
        return MIRAGE_HTTP_E_LENGTH_AND_CODING;
    if (fr.has_coding && msg->version_minor == 0)
        return MIRAGE_HTTP_E_CODING_IN_HTTP10;
    if (fr.has_coding && (fr.chunked > 1 || (!fr.chunked && !fr.other)))
        return MIRAGE_HTTP_E_TRANSFER_ENCODING;
    if (request && (fr.hosts > 1 || (fr.hosts == 0 && msg->version_minor)))
        return MIRAGE_HTTP_E_HOST;
    if (request && fr.has_coding && !fr.chunked_final)
        return MIRAGE_HTTP_E_CHUNKED_NOT_FINAL;
    if (request && fr.other)
        return MIRAGE_HTTP_E_CODING_UNKNOWN;

    if (!request && bodiless_response(msg, p->request_method))
        msg->body = MIRAGE_HTTP_BODY_NONE;
    else if (fr.has_coding)
        msg->body = fr.chunked_final ? MIRAGE_HTTP_BODY_CHUNKED
                                     : MIRAGE_HTTP_BODY_UNTIL_CLOSE;
    else if (fr.has_length)
        msg->body = MIRAGE_HTTP_BODY_LENGTH;
    else
        msg->body =
            request ? MIRAGE_HTTP_BODY_NONE : MIRAGE_HTTP_BODY_UNTIL_CLOSE;
    if (msg->body == MIRAGE_HTTP_BODY_LENGTH) {
        if (fr.length > p->lim.max_body)
            return MIRAGE_HTTP_E_BODY_TOO_LARGE;
        msg->content_length = fr.length;
    }
    msg->other_codings =
        !request && msg->body != MIRAGE_HTTP_BODY_NONE && fr.other;

    msg->keep_alive =
        msg->version_minor ? !fr.close : fr.keep_alive && !fr.close;
    if (msg->body == MIRAGE_HTTP_BODY_UNTIL_CLOSE)
        msg->keep_alive = false;
    if (request && msg->version_minor) {
        msg->expect_continue = fr.expect_continue;
        msg->expect_other = fr.expect_other;
    }

    switch (msg->body) {
    case MIRAGE_HTTP_BODY_NONE:
        p->state = HTTP_S_BODY_NONE;
        break;
    case MIRAGE_HTTP_BODY_LENGTH:
        p->remain = msg->content_length;
        p->state = HTTP_S_BODY_LENGTH;
        break;
    case MIRAGE_HTTP_BODY_CHUNKED:
        p->chunk = 0;
        p->chunk_len = 0;
        p->state = HTTP_S_CHUNK_START;
        break;
    default:
        p->state = HTTP_S_BODY_CLOSE;
        break;
    }
    return MIRAGE_HTTP_E_NONE;
}
