/* SPDX-License-Identifier: ISC */
/* fields.c: field lookup, lists and tokens, methods, verdicts' names. */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

bool mirage_http_case_equal(const char *a, size_t len, const char *b)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!b[i] ||
            http_lower((unsigned char)a[i]) != http_lower((unsigned char)b[i]))
            return false;
    return b[i] == '\0';
}

bool mirage_http_is_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!http_is((unsigned char)s[i], HTTP_C_TCHAR))
            return false;
    return true;
}

int mirage_http_field_find(const struct mirage_http_field *fields, size_t n,
                           const char *name, size_t from)
{
    for (size_t i = from; i < n; i++)
        if (mirage_http_case_equal(fields[i].name.ptr, fields[i].name.len,
                                   name))
            return (int)i;
    return -1;
}

int mirage_http_field_get(const struct mirage_http_message *msg,
                          const char *name, struct mirage_http_slice *value)
{
    int i = mirage_http_field_find(msg->fields, msg->nfields, name, 0);

    value->ptr = "";
    value->len = 0;
    if (i < 0)
        return 0;
    if (mirage_http_field_find(msg->fields, msg->nfields, name,
                               (size_t)i + 1) >= 0)
        return -EINVAL;
    *value = msg->fields[i].value;
    return 1;
}

int mirage_http_list_next(struct mirage_http_slice *list,
                          struct mirage_http_slice *elem)
{
    const char *s = list->ptr;
    size_t n = list->len, i = 0, start, end;
    bool quoted = false;

    while (i < n && (s[i] == ',' || http_is_ows((unsigned char)s[i])))
        i++;
    if (i == n) {
        list->ptr = s + n;
        list->len = 0;
        elem->ptr = s + n;
        elem->len = 0;
        return 0;
    }
    start = i;
    for (; i < n; i++) {
        if (quoted) {
            if (s[i] == '\\' && i + 1 < n)
                i++;
            else if (s[i] == '"')
                quoted = false;
        } else if (s[i] == '"') {
            quoted = true;
        } else if (s[i] == ',') {
            break;
        }
    }
    end = i;
    while (end > start && http_is_ows((unsigned char)s[end - 1]))
        end--;
    elem->ptr = s + start;
    elem->len = end - start;
    list->ptr = s + i;
    list->len = n - i;
    return 1;
}

/* The (len) bytes at (s) up to a ';' (a parameter) and OWS before it. */
static size_t before_params(const char *s, size_t len)
{
    size_t n = 0;

    while (n < len && s[n] != ';')
        n++;
    while (n > 0 && http_is_ows((unsigned char)s[n - 1]))
        n--;
    return n;
}

int mirage_http_field_has_token(const struct mirage_http_message *msg,
                                const char *name, const char *token)
{
    for (int i = mirage_http_field_find(msg->fields, msg->nfields, name, 0);
         i >= 0; i = mirage_http_field_find(msg->fields, msg->nfields, name,
                                            (size_t)i + 1)) {
        struct mirage_http_slice list = msg->fields[i].value, e;

        while (mirage_http_list_next(&list, &e))
            if (mirage_http_case_equal(e.ptr, before_params(e.ptr, e.len),
                                       token))
                return 1;
    }
    return 0;
}

/* The methods' names, by enum mirage_http_method. */
static const char *const method_names[] = {
    NULL,     "GET",     "HEAD",    "POST",  "PUT",
    "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
};

enum mirage_http_method mirage_http_method_of(const char *s, size_t len)
{
    for (size_t m = 1; m < sizeof method_names / sizeof method_names[0]; m++)
        if (strlen(method_names[m]) == len &&
            memcmp(method_names[m], s, len) == 0)
            return (enum mirage_http_method)m;
    return MIRAGE_HTTP_OTHER;
}

const char *mirage_http_method_name(enum mirage_http_method m)
{
    if ((size_t)m >= sizeof method_names / sizeof method_names[0])
        return NULL;
    return method_names[m];
}

/* Each verdict's name and status, by enum mirage_http_error. */
static const struct {
    const char *name;
    int status;
} errors[] = {
    [MIRAGE_HTTP_E_NONE] = {"no error", 0},
    [MIRAGE_HTTP_E_START_LINE] = {"malformed start line", 400},
    [MIRAGE_HTTP_E_METHOD] = {"malformed method", 400},
    [MIRAGE_HTTP_E_TARGET] = {"malformed request target", 400},
    [MIRAGE_HTTP_E_VERSION] = {"malformed HTTP version", 400},
    [MIRAGE_HTTP_E_VERSION_UNSUP] = {"HTTP version not supported", 505},
    [MIRAGE_HTTP_E_STATUS] = {"malformed status code", 400},
    [MIRAGE_HTTP_E_REASON] = {"malformed reason phrase", 400},
    [MIRAGE_HTTP_E_LINE_TOO_LONG] = {"start line too long", 414},
    [MIRAGE_HTTP_E_FIELD_NAME] = {"malformed field name", 400},
    [MIRAGE_HTTP_E_SPACE_BEFORE_COLON] = {"whitespace before colon", 400},
    [MIRAGE_HTTP_E_OBS_FOLD] = {"obs-fold", 400},
    [MIRAGE_HTTP_E_FIELD_VALUE] = {"malformed field value", 400},
    [MIRAGE_HTTP_E_BARE_CR] = {"bare CR", 400},
    [MIRAGE_HTTP_E_BARE_LF] = {"bare LF", 400},
    [MIRAGE_HTTP_E_HEAD_TOO_LARGE] = {"header section too large", 431},
    [MIRAGE_HTTP_E_TOO_MANY_FIELDS] = {"too many fields", 431},
    [MIRAGE_HTTP_E_HOST] = {"missing, repeated or malformed Host", 400},
    [MIRAGE_HTTP_E_CONTENT_LENGTH] = {"malformed Content-Length", 400},
    [MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT] = {"conflicting Content-Length",
                                               400},
    [MIRAGE_HTTP_E_LENGTH_AND_CODING] =
        {"Content-Length with Transfer-Encoding", 400},
    [MIRAGE_HTTP_E_TRANSFER_ENCODING] = {"malformed Transfer-Encoding", 400},
    [MIRAGE_HTTP_E_CHUNKED_NOT_FINAL] = {"chunked is not the final coding",
                                         400},
    [MIRAGE_HTTP_E_CODING_UNKNOWN] = {"transfer coding not implemented", 501},
    [MIRAGE_HTTP_E_CODING_IN_HTTP10] = {"Transfer-Encoding in HTTP/1.0", 400},
    [MIRAGE_HTTP_E_BODY_TOO_LARGE] = {"body too large", 413},
    [MIRAGE_HTTP_E_CHUNK_SIZE] = {"malformed chunk size", 400},
    [MIRAGE_HTTP_E_CHUNK_OVERFLOW] = {"chunk size overflow", 400},
    [MIRAGE_HTTP_E_CHUNK_EXT] = {"malformed chunk extension", 400},
    [MIRAGE_HTTP_E_CHUNK_LINE_TOO_LONG] = {"chunk-size line too long", 400},
    [MIRAGE_HTTP_E_CHUNK_END] = {"chunk data without CRLF", 400},
    [MIRAGE_HTTP_E_TRAILER_TOO_LARGE] = {"trailer section too large", 431},
    [MIRAGE_HTTP_E_TRUNCATED] = {"message truncated", 400},
};

int mirage_http_error_status(enum mirage_http_error e)
{
    if ((size_t)e >= sizeof errors / sizeof errors[0])
        return 400;
    return errors[e].status;
}

const char *mirage_http_error_name(enum mirage_http_error e)
{
    if ((size_t)e >= sizeof errors / sizeof errors[0])
        return "unknown error";
    return errors[e].name;
}
