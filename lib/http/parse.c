/* SPDX-License-Identifier: ISC */
/* parse.c: the incremental parser of HTTP/1.1 messages (RFC 9112). */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

/*
 * The head (start line, header fields) and every framing line of a
 * chunked body are read one byte at a time by step(), a state machine
 * whose every decision depends only on the bytes before: so the result is
 * the same however the input is split. Bodies are handed out in runs,
 * pointing into the input. The start line's parts and the fields are
 * copied into the parser's memory (its `store'), which the limits bound:
 * the bytes stored of a line are never more than the line's.
 */

/* What step() found. */
enum {
    STEP_ON = 0,  /* go on */
    STEP_ERROR,   /* p->error is set */
    STEP_HEAD,    /* the header section ended */
    STEP_TRAILER, /* the trailer section ended */
};

void mirage_http_limits_default(struct mirage_http_limits *lim)
{
    lim->max_line = 8192;
    lim->max_head = 16384;
    lim->max_fields = 100;
    lim->max_body = 1024 * 1024;
    lim->max_chunk_line = 1024;
    lim->max_trailer = 4096;
    lim->allow_bare_lf = false;
    lim->keep_trailers = false;
}

/* The store's bytes for (lim), or 0 if a limit is 0 or the sum overflows. */
static size_t store_size(const struct mirage_http_limits *lim)
{
    size_t n = lim->max_line, t = lim->keep_trailers ? lim->max_trailer : 0;

    if (!lim->max_line || !lim->max_head || !lim->max_fields ||
        !lim->max_chunk_line || !lim->max_trailer)
        return 0;
    if (n > SIZE_MAX - lim->max_head)
        return 0;
    n += lim->max_head;
    if (n > SIZE_MAX - t)
        return 0;
    return n + t;
}

size_t mirage_http_parser_mem_size(const struct mirage_http_limits *lim)
{
    struct mirage_http_limits def;
    size_t store, fields;

    if (!lim) {
        mirage_http_limits_default(&def);
        lim = &def;
    }
    store = store_size(lim);
    if (!store || lim->max_fields > SIZE_MAX / sizeof(struct mirage_http_field))
        return 0;
    fields = lim->max_fields * sizeof(struct mirage_http_field);
    if (store > SIZE_MAX - fields)
        return 0;
    return fields + store;
}

/* Forgets the message: the next byte starts one. */
static void start_message(struct mirage_http_parser *p)
{
    memset(&p->msg, 0, sizeof p->msg);
    p->msg.fields = p->fieldv;
    p->body.ptr = NULL;
    p->body.len = 0;
    p->status = 0;
    p->error = MIRAGE_HTTP_E_NONE;
    p->request_method = MIRAGE_HTTP_GET;
    p->state = p->response ? HTTP_S_RESP_VERSION : HTTP_S_REQ_START;
    p->store_len = 0;
    p->count = 0;
    p->mark = 0;
    p->remain = 0;
    p->seen = 0;
    p->chunk = 0;
    p->chunk_len = 0;
    p->vpos = 0;
    p->major = 0;
    p->trailer = false;
}

int mirage_http_parser_init(struct mirage_http_parser *p, bool response,
                            const struct mirage_http_limits *lim, void *mem,
                            size_t mem_len)
{
    size_t need;

    memset(p, 0, sizeof *p);
    if (lim)
        p->lim = *lim;
    else
        mirage_http_limits_default(&p->lim);
    need = mirage_http_parser_mem_size(&p->lim);
    if (!need || !mem || mem_len < need ||
        (uintptr_t)mem % _Alignof(struct mirage_http_field) != 0)
        return -EINVAL;
    p->response = response;
    p->fieldv = mem;
    p->maxfields = p->lim.max_fields;
    p->store = (char *)mem + p->maxfields * sizeof(struct mirage_http_field);
    p->store_cap = need - p->maxfields * sizeof(struct mirage_http_field);
    start_message(p);
    return 0;
}

int mirage_http_parser_next(struct mirage_http_parser *p)
{
    if (p->state != HTTP_S_DONE)
        return -EINVAL;
    start_message(p);
    return 0;
}

void mirage_http_parser_response_to(struct mirage_http_parser *p,
                                    enum mirage_http_method m)
{
    p->request_method = m;
}

/* Refuses the message for (e). */
static int fail(struct mirage_http_parser *p, enum mirage_http_error e)
{
    p->error = e;
    p->status = mirage_http_error_status(e);
    p->state = HTTP_S_ERROR;
    return STEP_ERROR;
}

/* Appends (c) to the store; false (never, by the limits) if it is full. */
static bool put(struct mirage_http_parser *p, unsigned char c)
{
    if (p->store_len >= p->store_cap)
        return false;
    p->store[p->store_len++] = (char)c;
    return true;
}

/* The field being read (the last one begun). */
static struct mirage_http_field *cur_field(struct mirage_http_parser *p)
{
    return &p->fieldv[p->msg.nfields + p->msg.ntrailers - 1];
}

/* Whether the fields read go to the store (not trailers being skipped). */
static bool keeping(const struct mirage_http_parser *p)
{
    return !p->trailer || p->lim.keep_trailers;
}

/* A line ends at (c), a CR or (allowed) a bare LF: the state after it. */
static int line_end(struct mirage_http_parser *p, unsigned char c, int cr_state,
                    int (*lf)(struct mirage_http_parser *))
{
    if (c == '\r') {
        p->state = cr_state;
        return STEP_ON;
    }
    if (!p->lim.allow_bare_lf)
        return fail(p, MIRAGE_HTTP_E_BARE_LF);
    return lf(p);
}

/* The LF of the start line: the header section starts. */
static int start_line_lf(struct mirage_http_parser *p)
{
    p->state = HTTP_S_FIELD_START;
    p->count = 0;
    return STEP_ON;
}

/* The LF ending a field line. */
static int field_lf(struct mirage_http_parser *p)
{
    if (keeping(p)) {
        struct mirage_http_field *f = cur_field(p);

        f->value.len = p->mark;
        /* the OWS after the value is not kept */
        p->store_len = (size_t)(f->value.ptr - p->store) + p->mark;
    }
    p->state = HTTP_S_FIELD_START;
    return STEP_ON;
}

/* The LF ending a section (header or trailer). */
static int section_lf(struct mirage_http_parser *p)
{
    if (p->trailer) {
        p->msg.trailers = p->fieldv + p->msg.nfields;
        p->state = HTTP_S_DONE;
        return STEP_TRAILER;
    }
    return STEP_HEAD;
}

/* The LF ending a chunk-size line. */
static int chunk_lf(struct mirage_http_parser *p)
{
    if (p->chunk == 0) {
        p->trailer = true;
        p->count = 0;
        p->state = HTTP_S_FIELD_START;
        return STEP_ON;
    }
    if (p->chunk > p->lim.max_body - p->seen)
        return fail(p, MIRAGE_HTTP_E_BODY_TOO_LARGE);
    p->remain = p->chunk;
    p->state = HTTP_S_CHUNK_DATA;
    return STEP_ON;
}

/* The LF after a chunk's data. */
static int chunk_data_lf(struct mirage_http_parser *p)
{
    p->chunk = 0;
    p->chunk_len = 0;
    p->state = HTTP_S_CHUNK_START;
    return STEP_ON;
}

/* A byte of "HTTP/x.y" at p->vpos; returns whether it is one. */
static bool version_byte(struct mirage_http_parser *p, unsigned char c)
{
    static const char http[] = "HTTP/";

    if (p->vpos < 5) {
        if (c != (unsigned char)http[p->vpos])
            return false;
    } else if (p->vpos == 5) {
        if (!http_is(c, HTTP_C_DIGIT))
            return false;
        p->major = c - '0';
    } else if (p->vpos == 6) {
        if (c != '.')
            return false;
    } else if (p->vpos == 7) {
        if (!http_is(c, HTTP_C_DIGIT))
            return false;
        p->msg.version_minor = c - '0';
    } else {
        return false;
    }
    p->vpos++;
    return true;
}

/* Whether the version read is one we speak (1.0 or 1.1). */
static bool version_ok(const struct mirage_http_parser *p)
{
    return p->major == 1 && p->msg.version_minor <= 1;
}

/* A byte of the start line (not its end): counts it against max_line. */
static bool line_byte(struct mirage_http_parser *p)
{
    return ++p->count <= p->lim.max_line;
}

/* The request line's states. */
static int step_request_line(struct mirage_http_parser *p, unsigned char c)
{
    switch (p->state) {
    case HTTP_S_REQ_START:
        if (c == '\r' || c == '\n') {
            /* blank lines before a request are skipped (RFC 9112 2.2),
             * up to max_line bytes of them */
            if (++p->count > p->lim.max_line)
                return fail(p, MIRAGE_HTTP_E_START_LINE);
            if (c == '\n' && !p->lim.allow_bare_lf)
                return fail(p, MIRAGE_HTTP_E_BARE_LF);
            if (c == '\r')
                p->state = HTTP_S_REQ_START_LF;
            return STEP_ON;
        }
        if (!http_is(c, HTTP_C_TCHAR))
            return fail(p, MIRAGE_HTTP_E_METHOD);
        p->count = 0;
        p->msg.method.ptr = p->store + p->store_len;
        p->state = HTTP_S_METHOD;
        /* fall through */
    case HTTP_S_METHOD:
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (c == ' ') {
            p->msg.method_id =
                mirage_http_method_of(p->msg.method.ptr, p->msg.method.len);
            p->msg.target.ptr = p->store + p->store_len;
            p->state = HTTP_S_TARGET;
            return STEP_ON;
        }
        if (!http_is(c, HTTP_C_TCHAR))
            return fail(p, MIRAGE_HTTP_E_METHOD);
        if (!put(p, c))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        p->msg.method.len++;
        return STEP_ON;
    case HTTP_S_REQ_START_LF:
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_BARE_CR);
        if (++p->count > p->lim.max_line)
            return fail(p, MIRAGE_HTTP_E_START_LINE);
        p->state = HTTP_S_REQ_START;
        return STEP_ON;
    case HTTP_S_TARGET:
        if (c == ' ' && p->msg.target.len > 0) {
            if (!line_byte(p))
                return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
            p->state = HTTP_S_REQ_VERSION;
            return STEP_ON;
        }
        if (c == '\r' || c == '\n')
            return fail(p, MIRAGE_HTTP_E_START_LINE);
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (!http_is(c, HTTP_C_VCHAR))
            return fail(p, MIRAGE_HTTP_E_TARGET);
        if (!put(p, c))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        p->msg.target.len++;
        return STEP_ON;
    default: /* HTTP_S_REQ_VERSION */
        if (p->vpos == 8 && (c == '\r' || c == '\n')) {
            if (c == '\n' && !p->lim.allow_bare_lf)
                return fail(p, MIRAGE_HTTP_E_BARE_LF);
            if (!version_ok(p))
                return fail(p, MIRAGE_HTTP_E_VERSION_UNSUP);
            return line_end(p, c, HTTP_S_LINE_LF, start_line_lf);
        }
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (!version_byte(p, c))
            return fail(p, MIRAGE_HTTP_E_VERSION);
        return STEP_ON;
    }
}

/* The status line's states. */
static int step_status_line(struct mirage_http_parser *p, unsigned char c)
{
    switch (p->state) {
    case HTTP_S_RESP_VERSION:
        if (p->vpos == 8 && c == ' ') {
            if (!line_byte(p))
                return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
            if (!version_ok(p))
                return fail(p, MIRAGE_HTTP_E_VERSION_UNSUP);
            p->state = HTTP_S_STATUS;
            p->vpos = 0;
            return STEP_ON;
        }
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (!version_byte(p, c))
            return fail(p, MIRAGE_HTTP_E_VERSION);
        return STEP_ON;
    case HTTP_S_STATUS:
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (!http_is(c, HTTP_C_DIGIT))
            return fail(p, MIRAGE_HTTP_E_STATUS);
        p->msg.status = p->msg.status * 10 + (c - '0');
        if (++p->vpos == 3) {
            if (p->msg.status < 100 || p->msg.status > 599)
                return fail(p, MIRAGE_HTTP_E_STATUS);
            p->state = HTTP_S_STATUS_SP;
        }
        return STEP_ON;
    case HTTP_S_STATUS_SP:
        if (c == '\r' || c == '\n') /* no SP, no reason: taken */
            return line_end(p, c, HTTP_S_LINE_LF, start_line_lf);
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (c != ' ')
            return fail(p, MIRAGE_HTTP_E_STATUS);
        p->msg.reason.ptr = p->store + p->store_len;
        p->state = HTTP_S_REASON;
        return STEP_ON;
    default: /* HTTP_S_REASON */
        if (c == '\r' || c == '\n')
            return line_end(p, c, HTTP_S_LINE_LF, start_line_lf);
        if (!line_byte(p))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        if (!http_is(c, HTTP_C_FVALUE))
            return fail(p, MIRAGE_HTTP_E_REASON);
        if (!put(p, c))
            return fail(p, MIRAGE_HTTP_E_LINE_TOO_LONG);
        p->msg.reason.len++;
        return STEP_ON;
    }
}

/* A field line's first byte (a name's) at (c). */
static int begin_field(struct mirage_http_parser *p, unsigned char c)
{
    struct mirage_http_field *f;

    if (!http_is(c, HTTP_C_TCHAR))
        return fail(p, MIRAGE_HTTP_E_FIELD_NAME);
    if (!keeping(p)) {
        p->state = HTTP_S_NAME;
        return STEP_ON;
    }
    if (p->msg.nfields + p->msg.ntrailers >= p->maxfields)
        return fail(p, MIRAGE_HTTP_E_TOO_MANY_FIELDS);
    if (p->trailer)
        p->msg.ntrailers++;
    else
        p->msg.nfields++;
    f = cur_field(p);
    f->name.ptr = p->store + p->store_len;
    f->name.len = 0;
    f->value.ptr = NULL;
    f->value.len = 0;
    p->state = HTTP_S_NAME;
    return STEP_ON;
}

/* Stores (c) as the current field's name or value byte (if kept). */
static int keep_byte(struct mirage_http_parser *p, unsigned char c, bool name)
{
    struct mirage_http_field *f;

    if (!keeping(p))
        return STEP_ON;
    f = cur_field(p);
    if (!put(p, c))
        return fail(p, p->trailer ? MIRAGE_HTTP_E_TRAILER_TOO_LARGE
                                  : MIRAGE_HTTP_E_HEAD_TOO_LARGE);
    if (name)
        f->name.len++;
    else
        f->value.len++;
    return STEP_ON;
}

/* The header and trailer sections' states. */
static int step_fields(struct mirage_http_parser *p, unsigned char c)
{
    size_t max = p->trailer ? p->lim.max_trailer : p->lim.max_head;

    if (p->state == HTTP_S_LINE_LF) { /* the start line's */
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_BARE_CR);
        return start_line_lf(p);
    }
    if (++p->count > max)
        return fail(p, p->trailer ? MIRAGE_HTTP_E_TRAILER_TOO_LARGE
                                  : MIRAGE_HTTP_E_HEAD_TOO_LARGE);
    switch (p->state) {
    case HTTP_S_FIELD_START:
        if (c == '\r' || c == '\n')
            return line_end(p, c, HTTP_S_SECTION_LF, section_lf);
        if (http_is_ows(c)) /* obs-fold, or SP before the first field */
            return fail(p, MIRAGE_HTTP_E_OBS_FOLD);
        if (begin_field(p, c) != STEP_ON)
            return STEP_ERROR;
        return keep_byte(p, c, true);
    case HTTP_S_NAME:
        if (c == ':') {
            if (keeping(p))
                cur_field(p)->value.ptr = p->store + p->store_len;
            p->mark = 0;
            p->state = HTTP_S_VALUE_OWS;
            return STEP_ON;
        }
        if (http_is_ows(c))
            return fail(p, MIRAGE_HTTP_E_SPACE_BEFORE_COLON);
        if (!http_is(c, HTTP_C_TCHAR))
            return fail(p, MIRAGE_HTTP_E_FIELD_NAME);
        return keep_byte(p, c, true);
    case HTTP_S_VALUE_OWS:
        if (http_is_ows(c))
            return STEP_ON;
        p->state = HTTP_S_VALUE;
        /* fall through */
    case HTTP_S_VALUE:
        if (c == '\r' || c == '\n')
            return line_end(p, c, HTTP_S_FIELD_LF, field_lf);
        if (!http_is(c, HTTP_C_FVALUE))
            return fail(p, MIRAGE_HTTP_E_FIELD_VALUE);
        if (keep_byte(p, c, false) != STEP_ON)
            return STEP_ERROR;
        if (!http_is_ows(c) && keeping(p))
            p->mark = cur_field(p)->value.len;
        return STEP_ON;
    case HTTP_S_FIELD_LF:
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_BARE_CR);
        return field_lf(p);
    default: /* HTTP_S_SECTION_LF */
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_BARE_CR);
        return section_lf(p);
    }
}

/* A byte of a chunk-size line; (c) ends it (CR or LF) or is bad. */
static int chunk_line_end(struct mirage_http_parser *p, unsigned char c,
                          enum mirage_http_error e)
{
    if (c == '\r' || c == '\n')
        return line_end(p, c, HTTP_S_CHUNK_LF, chunk_lf);
    return fail(p, e);
}

/* The chunked coding's framing states (RFC 9112 section 7.1). */
static int step_chunked(struct mirage_http_parser *p, unsigned char c)
{
    int d;

    if (p->state <= HTTP_S_EXT_AFTER_QUOTED && c != '\r' && c != '\n' &&
        ++p->chunk_len > p->lim.max_chunk_line)
        return fail(p, MIRAGE_HTTP_E_CHUNK_LINE_TOO_LONG);
    switch (p->state) {
    case HTTP_S_CHUNK_START:
        if (http_hex_value(c) < 0)
            return fail(p, MIRAGE_HTTP_E_CHUNK_SIZE);
        p->state = HTTP_S_CHUNK_SIZE;
        /* fall through */
    case HTTP_S_CHUNK_SIZE:
        d = http_hex_value(c);
        if (d >= 0) {
            if (p->chunk > UINT64_MAX >> 4)
                return fail(p, MIRAGE_HTTP_E_CHUNK_OVERFLOW);
            p->chunk = p->chunk << 4 | (uint64_t)d;
            return STEP_ON;
        }
        if (http_is_ows(c)) {
            p->state = HTTP_S_CHUNK_BWS;
            return STEP_ON;
        }
        if (c == ';') {
            p->state = HTTP_S_EXT_NAME_START;
            return STEP_ON;
        }
        return chunk_line_end(p, c, MIRAGE_HTTP_E_CHUNK_SIZE);
    case HTTP_S_CHUNK_BWS: /* only before a ';' */
        if (http_is_ows(c))
            return STEP_ON;
        if (c == ';') {
            p->state = HTTP_S_EXT_NAME_START;
            return STEP_ON;
        }
        return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
    case HTTP_S_EXT_NAME_START:
        if (http_is_ows(c))
            return STEP_ON;
        if (!http_is(c, HTTP_C_TCHAR))
            return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
        p->state = HTTP_S_EXT_NAME;
        return STEP_ON;
    case HTTP_S_EXT_NAME:
        if (http_is(c, HTTP_C_TCHAR))
            return STEP_ON;
        if (http_is_ows(c)) {
            p->state = HTTP_S_EXT_AFTER_NAME;
            return STEP_ON;
        }
        if (c == '=') {
            p->state = HTTP_S_EXT_VALUE_START;
            return STEP_ON;
        }
        if (c == ';') {
            p->state = HTTP_S_EXT_NAME_START;
            return STEP_ON;
        }
        return chunk_line_end(p, c, MIRAGE_HTTP_E_CHUNK_EXT);
    case HTTP_S_EXT_AFTER_NAME:
        if (http_is_ows(c))
            return STEP_ON;
        if (c == '=') {
            p->state = HTTP_S_EXT_VALUE_START;
            return STEP_ON;
        }
        if (c == ';') {
            p->state = HTTP_S_EXT_NAME_START;
            return STEP_ON;
        }
        return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
    case HTTP_S_EXT_VALUE_START:
        if (http_is_ows(c))
            return STEP_ON;
        if (c == '"') {
            p->state = HTTP_S_EXT_QUOTED;
            return STEP_ON;
        }
        if (!http_is(c, HTTP_C_TCHAR))
            return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
        p->state = HTTP_S_EXT_TOKEN;
        return STEP_ON;
    case HTTP_S_EXT_TOKEN:
    case HTTP_S_EXT_AFTER_QUOTED:
        if (p->state == HTTP_S_EXT_TOKEN && http_is(c, HTTP_C_TCHAR))
            return STEP_ON;
        if (http_is_ows(c)) {
            p->state = HTTP_S_CHUNK_BWS;
            return STEP_ON;
        }
        if (c == ';') {
            p->state = HTTP_S_EXT_NAME_START;
            return STEP_ON;
        }
        return chunk_line_end(p, c, MIRAGE_HTTP_E_CHUNK_EXT);
    case HTTP_S_EXT_QUOTED:
        if (c == '"') {
            p->state = HTTP_S_EXT_AFTER_QUOTED;
            return STEP_ON;
        }
        if (c == '\\') {
            p->state = HTTP_S_EXT_QPAIR;
            return STEP_ON;
        }
        if (!http_is(c, HTTP_C_FVALUE))
            return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
        return STEP_ON;
    case HTTP_S_EXT_QPAIR:
        if (!http_is(c, HTTP_C_FVALUE))
            return fail(p, MIRAGE_HTTP_E_CHUNK_EXT);
        p->state = HTTP_S_EXT_QUOTED;
        return STEP_ON;
    case HTTP_S_CHUNK_LF:
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_BARE_CR);
        return chunk_lf(p);
    case HTTP_S_CHUNK_DATA_CR:
        if (c == '\r') {
            p->state = HTTP_S_CHUNK_DATA_LF;
            return STEP_ON;
        }
        if (c == '\n' && p->lim.allow_bare_lf)
            return chunk_data_lf(p);
        return fail(p, MIRAGE_HTTP_E_CHUNK_END);
    default: /* HTTP_S_CHUNK_DATA_LF */
        if (c != '\n')
            return fail(p, MIRAGE_HTTP_E_CHUNK_END);
        return chunk_data_lf(p);
    }
}

/* One byte (c) of a head or of chunked framing, in p->state. */
static int step(struct mirage_http_parser *p, unsigned char c)
{
    if (p->state <= HTTP_S_TARGET || p->state == HTTP_S_REQ_VERSION)
        return step_request_line(p, c);
    if (p->state <= HTTP_S_REASON)
        return step_status_line(p, c);
    if (p->state <= HTTP_S_SECTION_LF)
        return step_fields(p, c);
    return step_chunked(p, c);
}

/*
 * Takes, from the (n) bytes at (s), the run of bytes that step() would
 * take one by one in the current state without leaving it, ending a line
 * or meeting a limit: a field name's or value's bytes, a target's. The
 * byte that stops the run is step()'s. Returns how many were taken.
 */
static size_t run(struct mirage_http_parser *p, const unsigned char *s,
                  size_t n)
{
    size_t room = p->store_cap - p->store_len, i = 0;
    struct mirage_http_field *f;
    unsigned cls;
    size_t *len;

    switch (p->state) {
    case HTTP_S_TARGET:
        if (p->count >= p->lim.max_line)
            return 0;
        if (n > p->lim.max_line - p->count)
            n = p->lim.max_line - p->count;
        cls = HTTP_C_VCHAR;
        len = &p->msg.target.len;
        break;
    case HTTP_S_NAME:
    case HTTP_S_VALUE: {
        size_t max = p->trailer ? p->lim.max_trailer : p->lim.max_head;

        if (!keeping(p) || p->count >= max)
            return 0;
        if (n > max - p->count)
            n = max - p->count;
        f = cur_field(p);
        cls = p->state == HTTP_S_NAME ? HTTP_C_TCHAR : HTTP_C_FVALUE;
        len = p->state == HTTP_S_NAME ? &f->name.len : &f->value.len;
        break;
    }
    default:
        return 0;
    }
    if (n > room)
        n = room;
    while (i < n && http_is(s[i], cls))
        i++;
    memcpy(p->store + p->store_len, s, i);
    if (cls == HTTP_C_FVALUE) {
        size_t k = i;

        while (k > 0 && http_is_ows(s[k - 1]))
            k--;
        if (k > 0) /* the value's end, OWS trimmed, moves */
            p->mark = *len + k;
    }
    p->store_len += i;
    p->count += i;
    *len += i;
    return i;
}

/* The head is in: what its fields say; EV_HEAD or EV_ERROR. */
static enum mirage_http_event head_end(struct mirage_http_parser *p)
{
    enum mirage_http_error e;

    if (!p->msg.method.ptr)
        p->msg.method.ptr = "";
    if (!p->msg.target.ptr)
        p->msg.target.ptr = "";
    if (!p->msg.reason.ptr)
        p->msg.reason.ptr = "";
    e = http_frame(p);
    if (e != MIRAGE_HTTP_E_NONE) {
        fail(p, e);
        return MIRAGE_HTTP_EV_ERROR;
    }
    return MIRAGE_HTTP_EV_HEAD;
}

/* Hands out up to (n) body bytes at (s): EV_BODY. */
static enum mirage_http_event body(struct mirage_http_parser *p,
                                   const unsigned char *s, size_t n,
                                   size_t *used)
{
    p->body.ptr = (const char *)s;
    p->body.len = n;
    p->seen += n;
    *used += n;
    return MIRAGE_HTTP_EV_BODY;
}

enum mirage_http_event mirage_http_parse(struct mirage_http_parser *p,
                                         const void *in, size_t len,
                                         size_t *used)
{
    const unsigned char *s = in;
    size_t i = 0, n;

    *used = 0;
    p->body.ptr = NULL;
    p->body.len = 0;
    for (;;) {
        switch (p->state) {
        case HTTP_S_ERROR:
            return MIRAGE_HTTP_EV_ERROR;
        case HTTP_S_DONE:
            return MIRAGE_HTTP_EV_DONE;
        case HTTP_S_BODY_NONE:
            p->state = HTTP_S_DONE;
            return MIRAGE_HTTP_EV_DONE;
        case HTTP_S_BODY_LENGTH:
            if (p->remain == 0) {
                p->state = HTTP_S_DONE;
                return MIRAGE_HTTP_EV_DONE;
            }
            if (i == len)
                return MIRAGE_HTTP_EV_MORE;
            n = len - i < p->remain ? len - i : (size_t)p->remain;
            p->remain -= n;
            return body(p, s + i, n, used);
        case HTTP_S_BODY_CLOSE:
            if (i == len)
                return MIRAGE_HTTP_EV_MORE;
            if (p->seen == p->lim.max_body) {
                fail(p, MIRAGE_HTTP_E_BODY_TOO_LARGE);
                return MIRAGE_HTTP_EV_ERROR;
            }
            n = len - i;
            if (n > p->lim.max_body - p->seen)
                n = (size_t)(p->lim.max_body - p->seen);
            return body(p, s + i, n, used);
        case HTTP_S_CHUNK_DATA:
            if (p->remain == 0) {
                p->state = HTTP_S_CHUNK_DATA_CR;
                continue;
            }
            if (i == len)
                return MIRAGE_HTTP_EV_MORE;
            n = len - i < p->remain ? len - i : (size_t)p->remain;
            p->remain -= n;
            return body(p, s + i, n, used);
        default:
            break;
        }
        if (i == len)
            return MIRAGE_HTTP_EV_MORE;
        i += run(p, s + i, len - i);
        if (i == len) {
            *used = i;
            return MIRAGE_HTTP_EV_MORE;
        }
        switch (step(p, s[i++])) {
        case STEP_ON:
            *used = i;
            continue;
        case STEP_ERROR:
            *used = i;
            return MIRAGE_HTTP_EV_ERROR;
        case STEP_TRAILER:
            *used = i;
            return MIRAGE_HTTP_EV_DONE;
        default: /* STEP_HEAD */
            *used = i;
            return head_end(p);
        }
    }
}

enum mirage_http_event mirage_http_parser_eof(struct mirage_http_parser *p)
{
    switch (p->state) {
    case HTTP_S_ERROR:
        return MIRAGE_HTTP_EV_ERROR;
    case HTTP_S_DONE:
        return MIRAGE_HTTP_EV_DONE;
    case HTTP_S_BODY_NONE:
    case HTTP_S_BODY_CLOSE:
        p->state = HTTP_S_DONE;
        return MIRAGE_HTTP_EV_DONE;
    case HTTP_S_BODY_LENGTH:
        if (p->remain == 0) {
            p->state = HTTP_S_DONE;
            return MIRAGE_HTTP_EV_DONE;
        }
        break;
    case HTTP_S_REQ_START:
    case HTTP_S_REQ_START_LF:
        return MIRAGE_HTTP_EV_CLOSED;
    case HTTP_S_RESP_VERSION:
        if (p->count == 0)
            return MIRAGE_HTTP_EV_CLOSED;
        break;
    default:
        break;
    }
    fail(p, MIRAGE_HTTP_E_TRUNCATED);
    return MIRAGE_HTTP_EV_ERROR;
}
