/* SPDX-License-Identifier: ISC */
/* sim_store.c: the simulator's xenstored, serving the guest's ring. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "xen/ring.h"
#include "xen/xs_wire.h"

/*
 * The store is a flat, unsorted array of nodes named by absolute paths;
 * every node's parent exists (the root "/" always does). A guest's
 * relative path is under /local/domain/SIM_GUEST_DOMID, a relative path
 * of the calls of sim.h under /local/domain/SIM_BACK_DOMID (dom0's home).
 * Each change stamps the node (and, when a child comes or goes, its
 * parent) with the next generation. A transaction works on a copy of the
 * store, remembers the generation of each node it touched as it was when
 * the transaction started, and logs its changes; its commit fails with
 * EAGAIN when one of those nodes changed since, else replays the log on
 * the store. Permissions are not kept. One mutex guards everything, so
 * the test's thread may call sim_store_* while the backend thread runs.
 */

#define GUEST_HOME "/local/domain/7"
_Static_assert(SIM_GUEST_DOMID == 7, "GUEST_HOME");
#define BACK_HOME "/local/domain/0"
_Static_assert(SIM_BACK_DOMID == 0, "BACK_HOME");

struct node {
    char *path;
    char *value;
    size_t len;
    uint64_t gen;
};

struct store {
    struct node *v;
    size_t n, cap;
};

/* What a transaction saw of a node when it started. */
struct seen {
    char *path;
    bool existed;
    uint64_t gen;
};

enum op_kind { OP_WRITE, OP_MKDIR, OP_RM };
struct op {
    enum op_kind kind;
    char *path;
    char *value;
    size_t len;
};

struct tx {
    uint32_t id;
    struct store start; /* the store when it started */
    struct store work;  /* with its own changes */
    struct seen *seen;
    size_t nseen;
    struct op *ops;
    size_t nops;
    struct tx *next;
};

struct watch {
    char *path; /* as the guest gave it */
    char *abs;
    char *token;
    struct watch *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct store store;
static uint64_t gen_now;
static struct tx *txs;
static uint32_t tx_next = 1;
static struct watch *watches;
static unsigned fail_commits;

static volatile struct xenstore_domain_interface *ring;
static evtchn_port_t ring_port;
static struct {
    uint32_t got;
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];
} in;
static unsigned char *out; /* bytes for the answer queue, not yet there */
static size_t out_len, out_cap;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p) {
        fprintf(stderr, "sim_store: out of memory\n");
        abort();
    }
    return p;
}

static char *xstrdup(const char *s)
{
    return strcpy(xmalloc(strlen(s) + 1), s);
}

static char *xmemdup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* --- the tree ----------------------------------------------------------- */

static struct node *find(struct store *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].path, path) == 0)
            return &s->v[i];
    return NULL;
}

/* Whether (path) is (top) or below it. */
static bool under(const char *path, const char *top)
{
    size_t n = strlen(top);

    if (strcmp(top, "/") == 0)
        return true;
    return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The parent of (path) into parent[] (a copy of path's length). */
static void parent_of(const char *path, char *parent)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == path ? 1 : (size_t)(slash - path);

    memcpy(parent, path, n);
    parent[n] = '\0';
}

static void touch_parent(struct store *s, const char *path)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    struct node *p;

    parent_of(path, parent);
    p = find(s, parent);
    if (p)
        p->gen = ++gen_now;
}

/* Creates (path) empty with its parents; the node. */
static struct node *create(struct store *s, const char *path)
{
    struct node *nd = find(s, path);

    if (nd)
        return nd;
    if (strcmp(path, "/") != 0) {
        char parent[XENSTORE_ABS_PATH_MAX + 1];

        parent_of(path, parent);
        create(s, parent);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = realloc(s->v, s->cap * sizeof(*s->v));
        if (!s->v)
            abort();
    }
    nd = &s->v[s->n++];
    nd->path = xstrdup(path);
    nd->value = xstrdup("");
    nd->len = 0;
    nd->gen = ++gen_now;
    if (strcmp(path, "/") != 0)
        touch_parent(s, path);
    return nd;
}

static void node_set(struct store *s, const char *path, const char *value,
                     size_t len)
{
    struct node *nd = create(s, path);

    free(nd->value);
    nd->value = xmemdup(value, len);
    nd->len = len;
    nd->gen = ++gen_now;
}

/* Removes (path) and below. 0 or -ENOENT. */
static int node_rm(struct store *s, const char *path)
{
    if (!find(s, path))
        return -ENOENT;
    if (strcmp(path, "/") == 0)
        return -EINVAL;
    for (size_t i = 0; i < s->n;) {
        if (under(s->v[i].path, path)) {
            free(s->v[i].path);
            free(s->v[i].value);
            s->v[i] = s->v[--s->n];
        } else
            i++;
    }
    touch_parent(s, path);
    return 0;
}

static void store_copy(struct store *dst, const struct store *src)
{
    dst->n = dst->cap = src->n;
    dst->v = xmalloc((src->n ? src->n : 1) * sizeof(*dst->v));
    for (size_t i = 0; i < src->n; i++) {
        dst->v[i] = src->v[i];
        dst->v[i].path = xstrdup(src->v[i].path);
        dst->v[i].value = xmemdup(src->v[i].value, src->v[i].len);
    }
}

static void store_free(struct store *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].value);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* The children of (path), each name followed by a NUL, into buf[0..cap).
 * Returns the bytes, -ENOENT or -E2BIG. */
static int children(struct store *s, const char *path, char *buf, size_t cap)
{
    size_t used = 0, plen = strlen(path);

    if (!find(s, path))
        return -ENOENT;
    for (size_t i = 0; i < s->n; i++) {
        const char *p = s->v[i].path, *name;

        if (strcmp(p, "/") == 0 || !under(p, path) || strcmp(p, path) == 0)
            continue;
        name = p + (plen == 1 ? 1 : plen + 1);
        if (strchr(name, '/'))
            continue;
        if (used + strlen(name) + 1 > cap)
            return -E2BIG;
        memcpy(buf + used, name, strlen(name) + 1);
        used += strlen(name) + 1;
    }
    return (int)used;
}

/* --- watches -------------------------------------------------------------- */

static void out_put(const void *p, size_t n)
{
    if (out_len + n > out_cap) {
        out_cap = (out_len + n) * 2;
        out = realloc(out, out_cap);
        if (!out)
            abort();
    }
    memcpy(out + out_len, p, n);
    out_len += n;
}

static void send_msg(uint32_t type, uint32_t req_id, uint32_t tx_id,
                     const void *body, size_t len)
{
    struct xsd_sockmsg h = {type, req_id, tx_id, (uint32_t)len};

    out_put(&h, sizeof(h));
    out_put(body, len);
}

static void send_event(const struct watch *w, const char *path)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t plen = strlen(path), tlen = strlen(w->token);

    if (plen + tlen + 2 > sizeof(buf))
        return;
    memcpy(buf, path, plen + 1);
    memcpy(buf + plen + 1, w->token, tlen + 1);
    send_msg(XS_WATCH_EVENT, 0, 0, buf, plen + tlen + 2);
}

/* Fires the watches that (abs) changing concerns. */
static void fire(const char *abs)
{
    for (struct watch *w = watches; w; w = w->next) {
        const char *path;

        if (under(abs, w->abs)) {
            /* The path as the watch names it: relative if it was. */
            path = abs;
            if (w->path[0] != '/' && under(abs, GUEST_HOME) &&
                strlen(abs) > strlen(GUEST_HOME))
                path = abs + strlen(GUEST_HOME) + 1;
            send_event(w, path);
        } else if (under(w->abs, abs))
            send_event(w, w->path); /* removed from above */
    }
}

/* --- the operations --------------------------------------------------------
 */

/* Whether (p) is a path xenstored accepts (absolute or relative). */
static bool path_ok(const char *p, bool watch)
{
    size_t n = strlen(p);

    if (n == 0 || n > XENSTORE_REL_PATH_MAX)
        return false;
    if (watch && p[0] == '@')
        return true;
    if (strcmp(p, "/") == 0)
        return true;
    if (p[n - 1] == '/' || strstr(p, "//"))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
              c == '@'))
            return false;
    }
    return true;
}

/* The absolute form of (p) under (home) into abs[]. */
static int absolute(const char *p, const char *home, char *abs, size_t cap)
{
    int n = p[0] == '/' || p[0] == '@' ? snprintf(abs, cap, "%s", p)
                                       : snprintf(abs, cap, "%s/%s", home, p);

    return n < 0 || (size_t)n >= cap ? -EINVAL : 0;
}

static struct tx *tx_find(uint32_t id)
{
    for (struct tx *t = txs; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static void tx_seen(struct tx *t, const char *abs)
{
    struct node *nd;

    for (size_t i = 0; i < t->nseen; i++)
        if (strcmp(t->seen[i].path, abs) == 0)
            return;
    t->seen = realloc(t->seen, (t->nseen + 1) * sizeof(*t->seen));
    if (!t->seen)
        abort();
    nd = find(&t->start, abs);
    t->seen[t->nseen].path = xstrdup(abs);
    t->seen[t->nseen].existed = nd != NULL;
    t->seen[t->nseen].gen = nd ? nd->gen : 0;
    t->nseen++;
}

static void tx_log(struct tx *t, enum op_kind kind, const char *abs,
                   const char *value, size_t len)
{
    t->ops = realloc(t->ops, (t->nops + 1) * sizeof(*t->ops));
    if (!t->ops)
        abort();
    t->ops[t->nops].kind = kind;
    t->ops[t->nops].path = xstrdup(abs);
    t->ops[t->nops].value = value ? xmemdup(value, len) : NULL;
    t->ops[t->nops].len = len;
    t->nops++;
}

static void tx_free(struct tx *t)
{
    struct tx **pp = &txs;

    while (*pp != t)
        pp = &(*pp)->next;
    *pp = t->next;
    store_free(&t->start);
    store_free(&t->work);
    for (size_t i = 0; i < t->nseen; i++)
        free(t->seen[i].path);
    for (size_t i = 0; i < t->nops; i++) {
        free(t->ops[i].path);
        free(t->ops[i].value);
    }
    free(t->seen);
    free(t->ops);
    free(t);
}

/* Writes in the store itself, firing watches. */
static void do_write(const char *abs, const char *value, size_t len)
{
    node_set(&store, abs, value, len);
    fire(abs);
}

static void do_mkdir(const char *abs)
{
    if (!find(&store, abs)) {
        create(&store, abs);
        fire(abs);
    }
}

static int do_rm(const char *abs)
{
    int rc = node_rm(&store, abs);

    if (rc == 0)
        fire(abs);
    return rc;
}

/* Whether transaction (t) may commit: what it saw is as it was. */
static bool tx_clean(struct tx *t)
{
    for (size_t i = 0; i < t->nseen; i++) {
        struct node *nd = find(&store, t->seen[i].path);

        if ((nd != NULL) != t->seen[i].existed ||
            (nd && nd->gen != t->seen[i].gen))
            return false;
    }
    return true;
}

static void tx_replay(struct tx *t)
{
    for (size_t i = 0; i < t->nops; i++) {
        struct op *o = &t->ops[i];

        if (o->kind == OP_WRITE)
            do_write(o->path, o->value, o->len);
        else if (o->kind == OP_MKDIR)
            do_mkdir(o->path);
        else
            (void)do_rm(o->path);
    }
}

static const char *err_name(int err)
{
    switch (err) {
    case ENOENT:
        return "ENOENT";
    case EEXIST:
        return "EEXIST";
    case EAGAIN:
        return "EAGAIN";
    case E2BIG:
        return "E2BIG";
    case EACCES:
        return "EACCES";
    case ENOSPC:
        return "ENOSPC";
    default:
        return "EINVAL";
    }
}

static void reply_err(const struct xsd_sockmsg *h, int err)
{
    const char *name = err_name(err);

    send_msg(XS_ERROR, h->req_id, h->tx_id, name, strlen(name) + 1);
}

static void reply_ok(const struct xsd_sockmsg *h)
{
    send_msg(h->type, h->req_id, h->tx_id, "OK", 3);
}

/* Serves one request of the guest (in.h, in.body). */
static void serve(void)
{
    const struct xsd_sockmsg *h = &in.h;
    char abs[XENSTORE_ABS_PATH_MAX + 1];
    const char *path = in.body;
    size_t plen = strnlen(in.body, h->len);
    struct tx *t = NULL;
    struct store *s = &store;
    struct node *nd;

    if (h->tx_id != 0 && h->type != XS_TRANSACTION_START) {
        t = tx_find(h->tx_id);
        if (!t) {
            reply_err(h, ENOENT);
            return;
        }
        s = &t->work;
    }
    switch (h->type) {
    case XS_READ:
    case XS_WRITE:
    case XS_MKDIR:
    case XS_RM:
    case XS_DIRECTORY:
        if (plen == h->len || !path_ok(path, false) ||
            absolute(path, GUEST_HOME, abs, sizeof(abs)) != 0 ||
            (h->type != XS_WRITE && plen + 1 != h->len)) {
            reply_err(h, EINVAL);
            return;
        }
        if (t)
            tx_seen(t, abs);
        break;
    default:
        break;
    }
    switch (h->type) {
    case XS_READ:
        nd = find(s, abs);
        if (!nd)
            reply_err(h, ENOENT);
        else
            send_msg(h->type, h->req_id, h->tx_id, nd->value, nd->len);
        return;
    case XS_WRITE: {
        const char *value = in.body + plen + 1;
        size_t vlen = h->len - plen - 1;

        if (t) {
            node_set(s, abs, value, vlen);
            tx_log(t, OP_WRITE, abs, value, vlen);
        } else
            do_write(abs, value, vlen);
        reply_ok(h);
        return;
    }
    case XS_MKDIR:
        if (t) {
            create(s, abs);
            tx_log(t, OP_MKDIR, abs, NULL, 0);
        } else
            do_mkdir(abs);
        reply_ok(h);
        return;
    case XS_RM: {
        int rc;

        if (t) {
            rc = node_rm(s, abs);
            if (rc == 0)
                tx_log(t, OP_RM, abs, NULL, 0);
        } else
            rc = do_rm(abs);
        if (rc != 0)
            reply_err(h, -rc);
        else
            reply_ok(h);
        return;
    }
    case XS_DIRECTORY: {
        char buf[XENSTORE_PAYLOAD_MAX];
        int n = children(s, abs, buf, sizeof(buf));

        if (n < 0)
            reply_err(h, -n);
        else
            send_msg(h->type, h->req_id, h->tx_id, buf, (size_t)n);
        return;
    }
    case XS_TRANSACTION_START: {
        char id[16];
        struct tx *nt;

        if (h->tx_id != 0) {
            reply_err(h, EINVAL);
            return;
        }
        nt = calloc(1, sizeof(*nt));
        if (!nt)
            abort();
        nt->id = tx_next++;
        store_copy(&nt->start, &store);
        store_copy(&nt->work, &store);
        nt->next = txs;
        txs = nt;
        snprintf(id, sizeof(id), "%u", (unsigned)nt->id);
        send_msg(h->type, h->req_id, 0, id, strlen(id) + 1);
        return;
    }
    case XS_TRANSACTION_END: {
        bool commit = h->len >= 1 && in.body[0] == 'T';

        if (!t || h->len < 1 || (in.body[0] != 'T' && in.body[0] != 'F')) {
            reply_err(h, t ? EINVAL : ENOENT);
            return;
        }
        if (commit && fail_commits > 0) {
            fail_commits--;
            tx_free(t);
            reply_err(h, EAGAIN);
            return;
        }
        if (commit && !tx_clean(t)) {
            tx_free(t);
            reply_err(h, EAGAIN);
            return;
        }
        if (commit)
            tx_replay(t);
        tx_free(t);
        reply_ok(h);
        return;
    }
    case XS_WATCH:
    case XS_UNWATCH: {
        const char *token = in.body + plen + 1;
        size_t tlen;
        struct watch *w, **pp;

        if (plen == h->len || !path_ok(path, true) ||
            absolute(path, GUEST_HOME, abs, sizeof(abs)) != 0) {
            reply_err(h, EINVAL);
            return;
        }
        tlen = strnlen(token, h->len - plen - 1);
        if (plen + 1 + tlen == h->len) {
            reply_err(h, EINVAL);
            return;
        }
        for (pp = &watches; *pp; pp = &(*pp)->next)
            if (strcmp((*pp)->path, path) == 0 &&
                strcmp((*pp)->token, token) == 0)
                break;
        if (h->type == XS_UNWATCH) {
            if (!*pp) {
                reply_err(h, ENOENT);
                return;
            }
            w = *pp;
            *pp = w->next;
            free(w->path);
            free(w->abs);
            free(w->token);
            free(w);
            reply_ok(h);
            return;
        }
        if (*pp) {
            reply_err(h, EEXIST);
            return;
        }
        w = xmalloc(sizeof(*w));
        w->path = xstrdup(path);
        w->abs = xstrdup(abs);
        w->token = xstrdup(token);
        w->next = watches;
        watches = w;
        reply_ok(h);
        send_event(w, w->path); /* fired once at once */
        return;
    }
    default:
        reply_err(h, EINVAL);
        return;
    }
}

/* --- the ring ------------------------------------------------------------- */

/* Takes the guest's request bytes; serves each whole request. Returns
 * whether it consumed anything. */
static bool ring_in(void)
{
    uint32_t cons = xen_read_idx(&ring->req_cons);
    uint32_t prod = xen_read_idx(&ring->req_prod);
    uint32_t avail = xen_ring_used(prod, cons, XENSTORE_RING_SIZE);
    bool any = false;

    if (avail > XENSTORE_RING_SIZE) {
        fprintf(stderr, "sim_store: bad request ring (prod %u cons %u)\n",
                (unsigned)prod, (unsigned)cons);
        return false;
    }
    xen_rmb();
    while (avail > 0) {
        unsigned char c = (unsigned char)ring->req[MASK_XENSTORE_IDX(cons)];

        cons++;
        avail--;
        any = true;
        if (in.got < sizeof(in.h)) {
            ((unsigned char *)&in.h)[in.got++] = c;
            if (in.got == sizeof(in.h) && in.h.len > XENSTORE_PAYLOAD_MAX) {
                fprintf(stderr, "sim_store: request of %u bytes\n",
                        (unsigned)in.h.len);
                in.got = 0; /* lost: start over */
                continue;
            }
        } else
            in.body[in.got++ - sizeof(in.h)] = (char)c;
        if (in.got == sizeof(in.h) + in.h.len) {
            in.body[in.h.len] = '\0';
            serve();
            in.got = 0;
        }
    }
    if (any) {
        xen_mb();
        xen_write_idx(&ring->req_cons, cons);
    }
    return any;
}

/* Moves queued answers to the answer queue. Returns whether it did. */
static bool ring_out(void)
{
    uint32_t cons = xen_read_idx(&ring->rsp_cons);
    uint32_t prod = xen_read_idx(&ring->rsp_prod);
    uint32_t used = xen_ring_used(prod, cons, XENSTORE_RING_SIZE);
    size_t n;

    if (used > XENSTORE_RING_SIZE || out_len == 0)
        return false;
    xen_mb();
    n = XENSTORE_RING_SIZE - used;
    if (n > out_len)
        n = out_len;
    for (size_t i = 0; i < n; i++)
        ring->rsp[MASK_XENSTORE_IDX(prod + (uint32_t)i)] = (char)out[i];
    memmove(out, out + n, out_len - n);
    out_len -= n;
    xen_wmb();
    xen_write_idx(&ring->rsp_prod, prod + (uint32_t)n);
    return n > 0;
}

static void service(void *arg)
{
    bool kick = false;

    (void)arg;
    pthread_mutex_lock(&lock);
    (void)sim_evtchn_back_clear(ring_port);
    for (;;) {
        bool got = ring_in();
        bool put = ring_out();

        if (!got && !put)
            break;
        kick = true;
    }
    pthread_mutex_unlock(&lock);
    if (kick)
        (void)sim_evtchn_notify_guest(ring_port);
}

int sim_store_start(void)
{
    int rc, fd;

    rc = sim_xenstore_ring(&ring, &ring_port);
    if (rc != 0)
        return rc;
    fd = sim_evtchn_bind(ring_port);
    if (fd < 0)
        return fd;
    pthread_mutex_lock(&lock);
    create(&store, "/");
    create(&store, GUEST_HOME);
    create(&store, BACK_HOME);
    pthread_mutex_unlock(&lock);
    return sim_service_add(service, NULL, fd);
}

/* --- dom0's calls ----------------------------------------------------------
 */

/* Changes from the backend or the test reach the guest at the next
 * service call (at most a tick away): they are queued here. */
int sim_store_write(const char *path, const char *value)
{
    char abs[XENSTORE_ABS_PATH_MAX + 1];

    if (!path_ok(path, false) || absolute(path, BACK_HOME, abs, sizeof(abs)))
        return -EINVAL;
    pthread_mutex_lock(&lock);
    do_write(abs, value, strlen(value));
    pthread_mutex_unlock(&lock);
    return 0;
}

int sim_store_printf(const char *path, const char *fmt, ...)
{
    char value[XENSTORE_PAYLOAD_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(value))
        return -E2BIG;
    return sim_store_write(path, value);
}

int sim_store_read(const char *path, char *buf, size_t cap)
{
    char abs[XENSTORE_ABS_PATH_MAX + 1];
    struct node *nd;
    int rc;

    if (!path_ok(path, false) || absolute(path, BACK_HOME, abs, sizeof(abs)))
        return -EINVAL;
    pthread_mutex_lock(&lock);
    nd = find(&store, abs);
    if (!nd)
        rc = -ENOENT;
    else if (nd->len + 1 > cap)
        rc = -ERANGE;
    else {
        memcpy(buf, nd->value, nd->len + 1);
        rc = (int)nd->len;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int sim_store_rm(const char *path)
{
    char abs[XENSTORE_ABS_PATH_MAX + 1];
    int rc;

    if (!path_ok(path, false) || absolute(path, BACK_HOME, abs, sizeof(abs)))
        return -EINVAL;
    pthread_mutex_lock(&lock);
    rc = do_rm(abs);
    pthread_mutex_unlock(&lock);
    return rc;
}

void sim_store_fail_commits(unsigned n)
{
    pthread_mutex_lock(&lock);
    fail_commits = n;
    pthread_mutex_unlock(&lock);
}
