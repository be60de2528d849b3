/* SPDX-License-Identifier: ISC */
/* static.c: a handler that serves the files of a kv_ro store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/http_server.h>

/* The longest index file name. */
#define INDEX_MAX 64

/* A key and the ETag of its value, while its size and time stay. */
struct etag_entry {
    char *key;
    uint64_t size;
    int64_t mtime_ns;
    char etag[MIRAGE_HTTP_ETAG_MAX];
};

struct mirage_http_static {
    struct mirage_kv_ro *store;
    char index[INDEX_MAX + 1];
    bool has_index;
    const char *cache_control;
    struct etag_entry *cache;
    size_t ncache, next; /* slots, and the one replaced next */
};

int mirage_http_static_new(struct mirage_http_static **st,
                           const struct mirage_http_static_config *cfg)
{
    struct mirage_http_static *s;

    if (!st || !cfg || !cfg->store ||
        (cfg->index &&
         (strlen(cfg->index) == 0 || strlen(cfg->index) > INDEX_MAX ||
          strchr(cfg->index, '/'))))
        return -EINVAL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->store = cfg->store;
    if (cfg->index) {
        memcpy(s->index, cfg->index, strlen(cfg->index) + 1);
        s->has_index = true;
    }
    s->cache_control = cfg->cache_control;
    s->ncache = cfg->etag_cache;
    if (s->ncache) {
        s->cache = calloc(s->ncache, sizeof(*s->cache));
        if (!s->cache) {
            free(s);
            return -ENOMEM;
        }
    }
    *st = s;
    return 0;
}

void mirage_http_static_free(struct mirage_http_static *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->ncache; i++)
        free(st->cache[i].key);
    free(st->cache);
    free(st);
}

/* Writes the ETag of (key) (size, mtime_ns) to (out), from the cache or
 * from the store's digest. 0 or the store's error. */
static int etag_of(struct mirage_http_static *st, const char *key,
                   uint64_t size, int64_t mtime_ns,
                   char out[MIRAGE_HTTP_ETAG_MAX])
{
    uint8_t d[MIRAGE_KV_DIGEST_SIZE];
    uint64_t hash = 0;
    struct etag_entry *e;
    size_t klen = strlen(key);
    int rc;

    for (size_t i = 0; i < st->ncache; i++) {
        e = &st->cache[i];
        if (e->key && e->size == size && e->mtime_ns == mtime_ns &&
            strcmp(e->key, key) == 0) {
            memcpy(out, e->etag, MIRAGE_HTTP_ETAG_MAX);
            return 0;
        }
    }
    rc = mirage_kv_ro_digest(st->store, key, d);
    if (rc < 0)
        return rc;
    for (int i = 0; i < 8; i++)
        hash = hash << 8 | d[i];
    mirage_http_etag(out, size, hash);
    if (!st->ncache)
        return 0;
    e = &st->cache[st->next];
    st->next = (st->next + 1) % st->ncache;
    free(e->key);
    e->key = malloc(klen + 1);
    if (!e->key)
        return 0; /* not kept: computed again next time */
    memcpy(e->key, key, klen + 1);
    e->size = size;
    e->mtime_ns = mtime_ns;
    memcpy(e->etag, out, MIRAGE_HTTP_ETAG_MAX);
    return 0;
}

/* A short answer of (status) with a text body saying so. */
static int answer(struct mirage_http_response *resp, int status)
{
    char body[64];
    const char *reason = mirage_http_reason(status);
    int n =
        snprintf(body, sizeof(body), "%d %s\n", status, reason ? reason : "");

    return mirage_http_respond(resp, status, "text/plain; charset=utf-8", body,
                               (size_t)n);
}

/* The answer to a store's error (rc) for a key. */
static int store_error(struct mirage_http_response *resp, int rc)
{
    switch (rc) {
    case -ENOENT:
    case -ENOTDIR:
    case -EINVAL:
    case -ENAMETOOLONG:
        return answer(resp, 404);
    case -EACCES:
        return answer(resp, 403);
    default:
        return answer(resp, 500);
    }
}

/* 301 to the directory's path (the raw path with '/', and the query). */
static int redirect_dir(struct mirage_http_request *req,
                        struct mirage_http_response *resp)
{
    const struct mirage_http_target *t = &req->target;
    size_t n = t->path.len + 2 + t->query.len;
    char *loc = malloc(n + 1);
    int rc;

    if (!loc)
        return -ENOMEM;
    memcpy(loc, t->path.ptr, t->path.len);
    loc[t->path.len] = '/';
    n = t->path.len + 1;
    if (t->has_query) {
        loc[n++] = '?';
        memcpy(loc + n, t->query.ptr, t->query.len);
        n += t->query.len;
    }
    loc[n] = 0;
    rc = mirage_http_response_begin(resp, 301);
    if (rc == 0)
        rc = mirage_http_response_field(resp, "Location", loc);
    free(loc);
    if (rc == 0)
        rc = mirage_http_response_field(resp, "Content-Type",
                                        "text/plain; charset=utf-8");
    if (rc == 0)
        rc = mirage_http_response_send(resp, "301 Moved Permanently\n", 22);
    return rc;
}

/* Whether an If-Range value (the request's, (len) bytes) lets the range
 * apply: an entity tag equal to (etag) (strong), or a date equal to
 * (mtime) (seconds; negative: unknown). */
static bool if_range_holds(struct mirage_http_slice v, const char *etag,
                           int64_t mtime)
{
    int64_t t;

    if (v.len >= 2 && v.ptr[0] == '"')
        return v.len == strlen(etag) && memcmp(v.ptr, etag, v.len) == 0;
    return mtime >= 0 && mirage_http_date_parse(v.ptr, v.len, mtime, &t) == 0 &&
           t == mtime;
}

/* The fields every answer about a file has: ETag, Last-Modified, ... */
static int file_fields(struct mirage_http_static *st,
                       struct mirage_http_response *resp, const char *etag,
                       int64_t mtime)
{
    int rc = mirage_http_response_field(resp, "ETag", etag);

    if (rc == 0 && mtime >= 0)
        rc = mirage_http_response_field_date(resp, "Last-Modified", mtime);
    if (rc == 0 && st->cache_control)
        rc = mirage_http_response_field(resp, "Cache-Control",
                                        st->cache_control);
    return rc;
}

/* Sends bytes [first, first + len) of (key) in pieces read into the
 * response's buffer. */
static int send_range(struct mirage_http_static *st,
                      struct mirage_http_response *resp, const char *key,
                      uint64_t first, uint64_t len)
{
    const void *bytes;
    size_t size;

    /* a store whose values stay in memory (crunch): the range in one
       write, which goes out in large pieces without a copy here */
    if (mirage_kv_ro_peek(st->store, key, &bytes, &size) == 0 &&
        first <= size && len <= size - first) {
        int rc = mirage_http_response_write(
            resp, (const unsigned char *)bytes + first, (size_t)len);

        return rc < 0 ? rc : mirage_http_response_end(resp);
    }
    while (len > 0) {
        size_t room, got;
        void *p = mirage_http_response_space(resp, &room);
        int rc;

        if (!p) {
            /* a network error, which flushing returns */
            rc = mirage_http_response_flush(resp);
            return rc < 0 ? rc : -EIO;
        }
        if (room > len)
            room = (size_t)len;
        rc = mirage_kv_ro_get_partial(st->store, key, first, room, p, &got);
        if (rc < 0)
            return rc;
        if (got == 0)
            return -EIO; /* the value shrank under us */
        rc = mirage_http_response_commit(resp, got);
        if (rc < 0)
            return rc;
        first += got;
        len -= got;
    }
    return mirage_http_response_end(resp);
}

/* Serves the value (key), which exists. */
static int serve_file(struct mirage_http_static *st,
                      struct mirage_http_request *req,
                      struct mirage_http_response *resp, const char *key)
{
    const struct mirage_http_message *m = req->msg;
    char etag[MIRAGE_HTTP_ETAG_MAX];
    char crange[80];
    struct mirage_http_slice range, ifr;
    uint64_t size, first = 0, last = 0;
    int64_t mtime_ns, mtime = -1;
    enum mirage_http_range r = MIRAGE_HTTP_RANGE_WHOLE;
    int rc;

    rc = mirage_kv_ro_size(st->store, key, &size);
    if (rc == 0)
        rc = mirage_kv_ro_last_modified(st->store, key, &mtime_ns);
    if (rc == 0)
        rc = etag_of(st, key, size, mtime_ns, etag);
    if (rc < 0)
        return store_error(resp, rc);
    if (mtime_ns > 0)
        mtime = mtime_ns / 1000000000;
    if (mirage_http_not_modified(m, etag, strlen(etag), mtime)) {
        rc = mirage_http_response_begin(resp, 304);
        if (rc == 0)
            rc = file_fields(st, resp, etag, mtime);
        return rc == 0 ? mirage_http_response_send(resp, NULL, 0) : rc;
    }
    if (mirage_http_field_get(m, "Range", &range) == 1 &&
        (mirage_http_field_get(m, "If-Range", &ifr) != 1 ||
         if_range_holds(ifr, etag, mtime)))
        r = mirage_http_range_parse(range.ptr, range.len, size, &first, &last);
    if (r == MIRAGE_HTTP_RANGE_UNSATISFIABLE) {
        mirage_http_content_range(crange, sizeof(crange), r, 0, 0, size);
        rc = mirage_http_response_begin(resp, 416);
        if (rc == 0)
            rc = mirage_http_response_field(resp, "Content-Range", crange);
        if (rc == 0)
            rc = mirage_http_response_field(resp, "Content-Type",
                                            "text/plain; charset=utf-8");
        return rc == 0 ? mirage_http_response_send(
                             resp, "416 Range Not Satisfiable\n", 26)
                       : rc;
    }
    if (r == MIRAGE_HTTP_RANGE_WHOLE) {
        first = 0;
        last = size - 1; /* unused when size is 0 */
    }
    rc = mirage_http_response_begin(resp,
                                    r == MIRAGE_HTTP_RANGE_PARTIAL ? 206 : 200);
    if (rc == 0)
        rc = mirage_http_response_field(
            resp, "Content-Type", mirage_http_mime_type(key, strlen(key)));
    if (rc == 0)
        rc = file_fields(st, resp, etag, mtime);
    if (rc == 0)
        rc = mirage_http_response_field(resp, "Accept-Ranges", "bytes");
    if (rc == 0 && r == MIRAGE_HTTP_RANGE_PARTIAL) {
        mirage_http_content_range(crange, sizeof(crange), r, first, last, size);
        rc = mirage_http_response_field(resp, "Content-Range", crange);
    }
    if (rc < 0)
        return rc;
    size = size == 0 ? 0 : last - first + 1;
    rc = mirage_http_response_stream(resp, (int64_t)size);
    if (rc < 0)
        return rc;
    if (m->method_id == MIRAGE_HTTP_HEAD)
        return mirage_http_response_end(resp);
    return send_range(st, resp, key, first, size);
}

int mirage_http_static_handler(void *arg, struct mirage_http_request *req,
                               struct mirage_http_response *resp)
{
    struct mirage_http_static *st = arg;
    const struct mirage_http_message *m = req->msg;
    const struct mirage_http_target *t = &req->target;
    /* "/" + a key + "/" + the index file */
    char path[MIRAGE_KV_KEY_MAX + INDEX_MAX + 4];
    const char *key;
    int n, kind;

    if (m->method_id != MIRAGE_HTTP_GET && m->method_id != MIRAGE_HTTP_HEAD) {
        int rc = mirage_http_response_begin(resp, 405);

        if (rc == 0)
            rc = mirage_http_response_field(resp, "Allow", "GET, HEAD");
        if (rc == 0)
            rc = mirage_http_response_field(resp, "Content-Type",
                                            "text/plain; charset=utf-8");
        return rc == 0 ? mirage_http_response_send(
                             resp, "405 Method Not Allowed\n", 23)
                       : rc;
    }
    if (t->path.len == 0 || t->path.ptr[0] != '/')
        return answer(resp, 400); /* "*", host:port */
    n = mirage_http_path_normalize(t->path.ptr, t->path.len, path,
                                   MIRAGE_KV_KEY_MAX + 2);
    if (n == -ENOSPC)
        return answer(resp, 404); /* longer than any key */
    if (n < 0)
        return answer(resp, 400); /* "..", a NUL, a bad %: never looked up */
    key = path + 1;
    if (path[n - 1] == '/') {
        /* a directory: its index file */
        if (!st->has_index)
            return answer(resp, 404);
        memcpy(path + n, st->index, strlen(st->index) + 1);
        kind = mirage_kv_ro_exists(st->store, key);
        if (kind < 0)
            return store_error(resp, kind);
        return kind == MIRAGE_KV_VALUE ? serve_file(st, req, resp, key)
                                       : answer(resp, 404);
    }
    path[n] = 0;
    kind = mirage_kv_ro_exists(st->store, key);
    if (kind < 0)
        return store_error(resp, kind);
    if (kind == MIRAGE_KV_DICTIONARY)
        return redirect_dir(req, resp);
    if (kind != MIRAGE_KV_VALUE)
        return answer(resp, 404);
    return serve_file(st, req, resp, key);
}
