/* SPDX-License-Identifier: ISC */
/* test_kv_memory.c: the `memory` kv_rw: writes, dictionaries, batches. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/kv_rw.h>

#include "runtime_capture.h"
#include "tap.h"

/* A listing, as "kind:key" words joined by ' '. */
struct listing {
    char text[512];
};

static int collect(void *ctx, const char *key, const char *name,
                   enum mirage_kv_kind kind)
{
    struct listing *l = ctx;
    size_t n = strlen(l->text);

    (void)name;
    snprintf(l->text + n, sizeof(l->text) - n, "%s%c:%s", n ? " " : "",
             kind == MIRAGE_KV_VALUE ? 'v' : 'd', key);
    return 0;
}

/* Every key below the root, recursively, as one string. */
static int walk(void *ctx, const char *key, const char *name,
                enum mirage_kv_kind kind);

struct walker {
    struct mirage_kv_rw *kv;
    struct listing l;
};

static int walk(void *ctx, const char *key, const char *name,
                enum mirage_kv_kind kind)
{
    struct walker *w = ctx;

    collect(&w->l, key, name, kind);
    if (kind == MIRAGE_KV_DICTIONARY)
        return mirage_kv_rw_list(w->kv, key, walk, w) < 0 ? -1 : 0;
    return 0;
}

static const char *tree(struct mirage_kv_rw *kv)
{
    static struct walker w;

    memset(&w, 0, sizeof(w));
    w.kv = kv;
    if (mirage_kv_rw_list(kv, "", walk, &w) < 0)
        return "(list failed)";
    return w.l.text;
}

/* get as a string, or "(err N)". */
static const char *value(struct mirage_kv_rw *kv, const char *key)
{
    static char buf[128];
    size_t len;
    int rc = mirage_kv_rw_get(kv, key, buf, sizeof(buf) - 1, &len);

    if (rc < 0)
        snprintf(buf, sizeof(buf), "(err %d)", rc);
    else
        buf[len] = '\0';
    return buf;
}

static int set_s(struct mirage_kv_rw *kv, const char *key, const char *s)
{
    return mirage_kv_rw_set(kv, key, s, strlen(s));
}

static void test_set_get(struct mirage_kv_rw *kv)
{
    uint64_t size;
    int64_t t1 = 0, t2 = 0;
    uint8_t dg[32];
    size_t len;
    char buf[8];

    TAP_OK(mirage_kv_rw_exists(kv, "") == MIRAGE_KV_DICTIONARY &&
               strcmp(tree(kv), "") == 0,
           "a new store is empty");
    TAP_OK(set_s(kv, "a", "one") == 0, "set a");
    TAP_STREQ(value(kv, "a"), "one", "get a");
    TAP_OK(set_s(kv, "a", "uno") == 0, "set a again");
    TAP_STREQ(value(kv, "a"), "uno", "the new value replaces the old");
    TAP_OK(set_s(kv, "d/e/f", "deep") == 0, "set d/e/f");
    TAP_OK(mirage_kv_rw_exists(kv, "d") == MIRAGE_KV_DICTIONARY &&
               mirage_kv_rw_exists(kv, "d/e") == MIRAGE_KV_DICTIONARY,
           "set creates the dictionaries above");
    TAP_OK(set_s(kv, "d", "x") == -EISDIR, "set on a dictionary: -EISDIR");
    TAP_OK(set_s(kv, "", "x") == -EISDIR, "set on the root: -EISDIR");
    TAP_OK(set_s(kv, "a/b", "x") == -ENOTDIR, "set below a value: -ENOTDIR");
    TAP_OK(set_s(kv, "../x", "x") == -EINVAL, "set of '../x': -EINVAL");
    TAP_OK(set_s(kv, "/x", "x") == -EINVAL, "set of '/x': -EINVAL");
    TAP_OK(mirage_kv_rw_set(kv, "empty", NULL, 0) == 0 &&
               mirage_kv_rw_size(kv, "empty", &size) == 0 && size == 0,
           "an empty value");
    TAP_STREQ(tree(kv), "v:a d:d d:d/e v:d/e/f v:empty", "the tree");

    TAP_OK(mirage_kv_rw_get_partial(kv, "d/e/f", 1, 2, buf, &len) == 0 &&
               len == 2 && memcmp(buf, "ee", 2) == 0,
           "get_partial");
    TAP_OK(mirage_kv_rw_get(kv, "d/e/f", buf, 2, &len) == -ENOBUFS && len == 4,
           "get into a short buffer: -ENOBUFS");
    TAP_OK(mirage_kv_rw_digest(kv, "a", dg) == 0, "digest");
    TAP_OK(set_s(kv, "abc", "abc") == 0 &&
               mirage_kv_rw_digest(kv, "abc", dg) == 0 && dg[0] == 0xba &&
               dg[1] == 0x78 && dg[31] == 0xad,
           "digest is SHA-256(\"abc\")");
    TAP_OK(mirage_kv_rw_last_modified(kv, "a", &t1) == 0 &&
               t1 > 1577836800LL * 1000000000LL,
           "last_modified is the wall-clock time of the write");
    TAP_OK(mirage_kv_rw_last_modified(kv, "d", &t2) == 0 && t2 > 0,
           "a dictionary has its newest value's time");
    TAP_OK(mirage_kv_ro_exists(&kv->ro, "abc") == MIRAGE_KV_VALUE,
           "&dev->ro is a kv_ro");
    {
        const void *bytes;
        size_t n;

        TAP_OK(mirage_kv_ro_peek(&kv->ro, "abc", &bytes, &n) == -ENOTSUP,
               "peek: -ENOTSUP (a write may free or move a value)");
    }
    TAP_OK(mirage_kv_rw_remove(kv, "abc") == 0, "remove abc");
}

static void test_remove_rename(struct mirage_kv_rw *kv)
{
    TAP_OK(mirage_kv_rw_remove(kv, "nope") == -ENOENT,
           "remove of a missing key: -ENOENT");
    TAP_OK(mirage_kv_rw_remove(kv, "empty") == 0 &&
               mirage_kv_rw_exists(kv, "empty") == MIRAGE_KV_ABSENT,
           "remove a value");
    TAP_OK(set_s(kv, "d/g", "gee") == 0 && mirage_kv_rw_remove(kv, "d") == 0,
           "remove a dictionary");
    TAP_STREQ(tree(kv), "v:a", "everything below it went");

    TAP_OK(set_s(kv, "src/x", "1") == 0 && set_s(kv, "src/y/z", "2") == 0,
           "set src/x, src/y/z");
    TAP_OK(mirage_kv_rw_rename(kv, "a", "b") == 0, "rename a value");
    TAP_STREQ(value(kv, "b"), "uno", "it has the new key");
    TAP_OK(mirage_kv_rw_exists(kv, "a") == MIRAGE_KV_ABSENT,
           "and not the old one");
    TAP_OK(mirage_kv_rw_rename(kv, "src", "dst/in") == 0,
           "rename a dictionary");
    TAP_STREQ(tree(kv), "v:b d:dst d:dst/in v:dst/in/x d:dst/in/y v:dst/in/y/z",
              "the dictionary moved with its content");
    TAP_OK(mirage_kv_rw_rename(kv, "b", "dst") == -EEXIST,
           "a value onto a dictionary: -EEXIST");
    TAP_OK(mirage_kv_rw_rename(kv, "dst", "dst/in/q") == -EINVAL,
           "a dictionary into itself: -EINVAL");
    TAP_OK(mirage_kv_rw_rename(kv, "dst", "b/c") == -ENOTDIR,
           "below a value: -ENOTDIR");
    TAP_OK(mirage_kv_rw_rename(kv, "nope", "x") == -ENOENT,
           "a missing source: -ENOENT");
    TAP_OK(mirage_kv_rw_rename(kv, "b", "") == -EINVAL,
           "onto the root: -EINVAL");
    TAP_OK(mirage_kv_rw_rename(kv, "b", "b") == 0 &&
               strcmp(value(kv, "b"), "uno") == 0,
           "a key onto itself: nothing changes");
    TAP_OK(set_s(kv, "c", "ce") == 0 && mirage_kv_rw_rename(kv, "c", "b") == 0,
           "a value onto a value");
    TAP_STREQ(value(kv, "b"), "ce", "replaces it");
    TAP_OK(mirage_kv_rw_rename(kv, "dst/in", "dst") == 0,
           "a dictionary onto the dictionary above it");
    TAP_STREQ(tree(kv), "v:b d:dst v:dst/x d:dst/y v:dst/y/z",
              "replaces it with its content");
}

static int batch_ok(struct mirage_kv_rw *kv, void *ctx)
{
    (void)ctx;
    if (set_s(kv, "n1", "x") < 0 || mirage_kv_rw_remove(kv, "b") < 0)
        return -1;
    return 7;
}

static int batch_inner_fail(struct mirage_kv_rw *kv, void *ctx)
{
    (void)ctx;
    set_s(kv, "inner", "i");
    return -EIO;
}

static int batch_fail(struct mirage_kv_rw *kv, void *ctx)
{
    int *step = ctx;

    *step = 0;
    if (set_s(kv, "n1", "changed") < 0)
        return -100;
    (*step)++;
    if (set_s(kv, "n2/deep", "new") < 0)
        return -101;
    (*step)++;
    if (mirage_kv_rw_remove(kv, "dst") < 0)
        return -102;
    (*step)++;
    if (mirage_kv_rw_rename(kv, "n2", "moved") < 0)
        return -103;
    (*step)++;
    if (set_s(kv, "n1", "again") < 0 || mirage_kv_rw_remove(kv, "n1") < 0)
        return -104;
    (*step)++;
    /* a nested batch that succeeds belongs to this one */
    if (mirage_kv_rw_batch(kv, batch_ok, NULL) != -1)
        return -105;
    (*step)++;
    /* a write that fails inside: the batch decides */
    if (set_s(kv, "moved/deep/x", "x") != -ENOTDIR)
        return -106;
    (*step)++;
    return -EPERM;
}

static void test_batch(struct mirage_kv_rw *kv)
{
    const char *before;
    char saved[512];
    int step = 0, rc;

    rc = mirage_kv_rw_batch(kv, batch_ok, NULL);
    TAP_OK(rc == 7, "a batch returns its function's result");
    TAP_STREQ(tree(kv), "d:dst v:dst/x d:dst/y v:dst/y/z v:n1",
              "and its writes stay");
    before = tree(kv);
    snprintf(saved, sizeof(saved), "%s", before);
    rc = mirage_kv_rw_batch(kv, batch_fail, &step);
    TAP_OK(rc == -EPERM && step == 7,
           "a failing batch returns its error (%d, after step %d)", rc, step);
    TAP_STREQ(tree(kv), saved, "every write of it is undone");
    TAP_STREQ(value(kv, "n1"), "x", "an overwritten value is back");
    rc = mirage_kv_rw_batch(kv, batch_inner_fail, NULL);
    TAP_OK(rc == -EIO && mirage_kv_rw_exists(kv, "inner") == MIRAGE_KV_ABSENT,
           "a batch's set is undone");
    TAP_OK(mirage_kv_rw_batch(kv, NULL, NULL) == -EINVAL,
           "a batch without a function: -EINVAL");
}

static void test_limits(struct mirage_kv_rw *kv)
{
    size_t big = MIRAGE_KV_RW_MEMORY_VALUE_MAX + 1;
    char *p = calloc(1, big);
    uint64_t size = 0;

    capture_reset();
    TAP_OK(p && mirage_kv_rw_set(kv, "big", p, big) == -EFBIG,
           "a value over the limit: -EFBIG");
    TAP_OK(capture_count(capture_out, "[kv-memory]") +
                   capture_count(capture_err, "[kv-memory]") >=
               1,
           "logged under kv-memory");
    TAP_OK(p && mirage_kv_rw_set(kv, "big", p, big - 1) == 0 &&
               mirage_kv_rw_size(kv, "big", &size) == 0 && size == big - 1,
           "a value at the limit is stored");
    free(p);
    TAP_OK(mirage_kv_rw_remove(kv, "") == 0 && strcmp(tree(kv), "") == 0,
           "removing the root empties the store");
    TAP_OK(mirage_kv_rw_remove(kv, "") == 0, "an empty root can be removed");
}

/*
 * The runtime's allocator, counted: defined here, these replace the unix
 * platform's (runtime/unix/mem.c is then never linked).
 */
static long live_allocs;

void *plat_mem_alloc(size_t size);
void plat_mem_free(void *p);

void *plat_mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p)
        live_allocs++;
    return p;
}

void plat_mem_free(void *p)
{
    if (p)
        live_allocs--;
    free(p);
}

static int write_many(struct mirage_kv_rw *kv, void *ctx)
{
    char key[32];

    (void)ctx;
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof(key), "d%d/k%d", i % 4, i);
        if (mirage_kv_rw_set(kv, key, "value", 5) != 0)
            return -1;
    }
    return 0;
}

static int disconnect_inside(struct mirage_kv_rw *kv, void *ctx)
{
    *(int *)ctx = mirage_kv_rw_disconnect(kv);
    return 0;
}

/* Disconnecting frees every value; the name's record is reused. */
static void test_disconnect(void)
{
    struct mirage_kv_rw *kv = NULL, *again = NULL, *other = NULL;
    long before = live_allocs, connected;
    uint8_t digest[MIRAGE_KV_DIGEST_SIZE];
    uint64_t size;
    size_t len;
    int rc = -1;

    TAP_OK(mirage_kv_rw_memory_connect(&kv, "gone") == 0 && kv,
           "disconnect: connect");
    if (!kv)
        return;
    connected = live_allocs;
    TAP_OK(mirage_kv_rw_batch(kv, write_many, NULL) == 0 &&
               mirage_kv_rw_set(kv, "top", "x", 1) == 0,
           "disconnect: 41 values written");
    TAP_OK(mirage_kv_rw_batch(kv, disconnect_inside, &rc) == 0 && rc == -EBUSY,
           "disconnect: inside a batch, -EBUSY (%d)", rc);
    TAP_OK(mirage_kv_rw_exists(kv, "top") == MIRAGE_KV_VALUE,
           "disconnect: the store is intact after -EBUSY");
    TAP_OK(live_allocs > connected, "disconnect: the values are allocated");
    rc = mirage_kv_rw_disconnect(kv);
    TAP_OK(rc == 0, "disconnect: returns 0 (%d)", rc);
    TAP_OK(live_allocs == before + 1,
           "disconnect: all is freed but the name's record (%ld blocks "
           "live, %ld before the connect)",
           live_allocs, before);
    TAP_OK(mirage_kv_rw_exists(kv, "top") == -ENODEV &&
               mirage_kv_rw_get(kv, "top", NULL, 0, &len) == -ENODEV &&
               mirage_kv_rw_get_partial(kv, "top", 0, 0, NULL, &len) ==
                   -ENODEV &&
               mirage_kv_rw_size(kv, "top", &size) == -ENODEV &&
               mirage_kv_ro_list(&kv->ro, "", collect, NULL) == -ENODEV &&
               mirage_kv_ro_digest(&kv->ro, "top", digest) == -ENODEV,
           "disconnect: then every read is -ENODEV");
    TAP_OK(mirage_kv_rw_set(kv, "top", "x", 1) == -ENODEV &&
               mirage_kv_rw_remove(kv, "top") == -ENODEV &&
               mirage_kv_rw_rename(kv, "top", "t") == -ENODEV &&
               mirage_kv_rw_batch(kv, write_many, NULL) == -ENODEV,
           "disconnect: and every write");
    TAP_OK(mirage_kv_rw_disconnect(kv) == -ENODEV,
           "disconnect: twice, -ENODEV");
    TAP_OK(mirage_kv_rw_memory_connect(&other, "other-name") == 0 &&
               other != kv,
           "disconnect: another name does not take the record");
    TAP_OK(mirage_kv_rw_memory_connect(&again, "gone") == 0 && again == kv &&
               live_allocs == before + 2,
           "disconnect: the same name reuses it (%ld blocks live)",
           live_allocs - before);
    TAP_OK(again && mirage_kv_rw_exists(again, "top") == MIRAGE_KV_ABSENT &&
               mirage_kv_rw_set(again, "new", "y", 1) == 0,
           "disconnect: the new connection is an empty, working store");
    TAP_OK(mirage_kv_rw_disconnect(again) == 0 &&
               mirage_kv_rw_disconnect(other) == 0,
           "disconnect: both disconnected");
}

int main(void)
{
    struct mirage_kv_rw *kv = NULL, *other = NULL;

    TAP_OK(mirage_kv_rw_memory_connect(&kv, "store") == 0 && kv, "connect");
    TAP_OK(mirage_kv_rw_memory_connect(&other, "other") == 0 && other != kv,
           "a second store");
    TAP_OK(mirage_kv_rw_memory_connect(&other, NULL) == -EINVAL,
           "no name: -EINVAL");
    if (!kv)
        return tap_done();
    TAP_STREQ(kv->ro.name, "store", "the device's name");
    test_set_get(kv);
    TAP_OK(mirage_kv_rw_exists(other, "a") == MIRAGE_KV_ABSENT,
           "stores are separate");
    test_remove_rename(kv);
    test_batch(kv);
    test_limits(kv);
    test_disconnect();
    TAP_OK(mirage_kv_rw_disconnect(kv) == 0 &&
               mirage_kv_rw_disconnect(other) == 0,
           "the first two stores disconnect");
    return tap_done();
}
