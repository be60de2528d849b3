/* SPDX-License-Identifier: ISC */
/* kv_reads.h: the kv_ro reads of the suite tree, for kv_ro and kv_rw. */
#ifndef MIRAGE_TESTS_KV_READS_H
#define MIRAGE_TESTS_KV_READS_H

/*
 * The tree (tests/conformance/kv_ro/tree; the kv_rw suite writes the same
 * values): hello, empty (0 bytes), dir/one, dir/sub-x and dir/sub/two.
 * Each function checks one operation on it, through mirage/kv_ro.h alone.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <mirage/kv_ro.h>

#include "conformance.h"

#define KV_HELLO     "Hello, conformance!\n"
#define KV_HELLO_LEN 20u

/* SHA-256 of KV_HELLO. */
static const uint8_t kv_hello_sha256[MIRAGE_KV_DIGEST_SIZE] = {
    0x09, 0x81, 0x8b, 0x9a, 0x3f, 0x02, 0x12, 0x50, 0x2c, 0x71, 0xc6,
    0x8b, 0x7e, 0xb6, 0x1a, 0xf3, 0x05, 0x28, 0xd8, 0x37, 0xb5, 0xc1,
    0xca, 0xad, 0xf3, 0x42, 0x76, 0xbe, 0xbb, 0xbf, 0xf3, 0xff};

/* What a listing saw: its entries as "key:name:kind;" text. */
struct kv_seen {
    char text[512];
    int calls, stop_at;
};

static int kv_seen_fn(void *ctx, const char *key, const char *name,
                      enum mirage_kv_kind kind)
{
    struct kv_seen *s = ctx;
    size_t used = strlen(s->text);

    snprintf(s->text + used, sizeof s->text - used, "%s:%s:%d;", key, name,
             (int)kind);
    s->calls++;
    return s->calls == s->stop_at ? 7 : 0;
}

/* exists: what each key of the tree names; key forms. */
static void kv_check_exists(struct mirage_kv_ro *d)
{
    static char long_key[MIRAGE_KV_KEY_MAX + 2];

    CONF_RC(mirage_kv_ro_exists(d, ""), MIRAGE_KV_DICTIONARY,
            "exists \"\": the root is a dictionary");
    CONF_RC(mirage_kv_ro_exists(d, "hello"), MIRAGE_KV_VALUE,
            "exists hello: a value");
    CONF_RC(mirage_kv_ro_exists(d, "empty"), MIRAGE_KV_VALUE,
            "exists empty: a value");
    CONF_RC(mirage_kv_ro_exists(d, "dir"), MIRAGE_KV_DICTIONARY,
            "exists dir: a dictionary");
    CONF_RC(mirage_kv_ro_exists(d, "dir/sub/two"), MIRAGE_KV_VALUE,
            "exists dir/sub/two: a value");
    CONF_RC(mirage_kv_ro_exists(d, "nope"), MIRAGE_KV_ABSENT,
            "exists nope: absent (0, no error)");
    CONF_RC(mirage_kv_ro_exists(d, "dir/nope"), MIRAGE_KV_ABSENT,
            "exists dir/nope: absent");
    CONF_RC(mirage_kv_ro_exists(d, "dir//sub/"), MIRAGE_KV_DICTIONARY,
            "exists dir//sub/: empty segments are ignored");
    CONF_RC(mirage_kv_ro_exists(d, "/hello"), -EINVAL,
            "exists /hello: -EINVAL (absolute)");
    CONF_RC(mirage_kv_ro_exists(d, "./hello"), -EINVAL,
            "exists ./hello: -EINVAL");
    CONF_RC(mirage_kv_ro_exists(d, "dir/../hello"), -EINVAL,
            "exists dir/../hello: -EINVAL");
    CONF_RC(mirage_kv_ro_exists(d, "dir/.."), -EINVAL,
            "exists dir/..: -EINVAL");
    CONF_RC(mirage_kv_ro_exists(d, NULL), -EINVAL, "exists NULL: -EINVAL");
    for (unsigned i = 0; i < MIRAGE_KV_KEY_MAX; i++)
        long_key[i] = i % 2 ? '/' : 'k';
    long_key[MIRAGE_KV_KEY_MAX] = '\0';
    CONF_RC(mirage_kv_ro_exists(d, long_key), MIRAGE_KV_ABSENT,
            "exists of a %u-byte key k/k/...: absent", MIRAGE_KV_KEY_MAX);
    memset(long_key, 'k', MIRAGE_KV_KEY_MAX);
    CONF_RC(mirage_kv_ro_exists(d, long_key), MIRAGE_KV_ABSENT,
            "exists of a %u-byte key of one segment: absent",
            MIRAGE_KV_KEY_MAX);
    long_key[MIRAGE_KV_KEY_MAX] = 'k';
    CONF_RC(mirage_kv_ro_exists(d, long_key), -ENAMETOOLONG,
            "exists of a %u-byte key: -ENAMETOOLONG", MIRAGE_KV_KEY_MAX + 1);
    CONF_RC(mirage_kv_ro_exists(d, "/nope"), -EINVAL,
            "exists /nope: -EINVAL before absent");
}

/* get: whole values, the size asked with no room, errors. */
static void kv_check_get(struct mirage_kv_ro *d)
{
    char buf[64];
    size_t len = 99;

    memset(buf, 0, sizeof buf);
    CONF_RC(mirage_kv_ro_get(d, "hello", buf, sizeof buf, &len), 0,
            "get hello: 0");
    TAP_OK(len == KV_HELLO_LEN && memcmp(buf, KV_HELLO, KV_HELLO_LEN) == 0,
           "get hello: its %u bytes", KV_HELLO_LEN);
    len = 99;
    CONF_RC(mirage_kv_ro_get(d, "dir//sub/two/", buf, sizeof buf, &len), 0,
            "get dir//sub/two/: 0");
    TAP_OK(len == 2 && memcmp(buf, "22", 2) == 0, "get dir//sub/two/: \"22\"");
    len = 99;
    CONF_RC(mirage_kv_ro_get(d, "empty", buf, sizeof buf, &len), 0,
            "get empty: 0");
    TAP_OK(len == 0, "get empty: 0 bytes");
    len = 99;
    CONF_RC(mirage_kv_ro_get(d, "empty", NULL, 0, &len), 0,
            "get empty into NULL, 0 bytes: 0");
    len = 0;
    CONF_RC(mirage_kv_ro_get(d, "hello", buf, 5, &len), -ENOBUFS,
            "get hello into 5 bytes: -ENOBUFS");
    TAP_OK(len == KV_HELLO_LEN, "with the size needed (%u)", (unsigned)len);
    len = 0;
    CONF_RC(mirage_kv_ro_get(d, "hello", NULL, 0, &len), -ENOBUFS,
            "get hello into NULL, 0 bytes: -ENOBUFS");
    TAP_OK(len == KV_HELLO_LEN, "with the size needed (%u)", (unsigned)len);
    CONF_RC(mirage_kv_ro_get(d, "dir", buf, sizeof buf, &len), -EISDIR,
            "get dir: -EISDIR");
    CONF_RC(mirage_kv_ro_get(d, "", buf, sizeof buf, &len), -EISDIR,
            "get \"\" (the root): -EISDIR");
    CONF_RC(mirage_kv_ro_get(d, "nope", buf, sizeof buf, &len), -ENOENT,
            "get nope: -ENOENT");
    /* kv_ro.h does not say what a key below a value gives: -ENOENT in
     * every implementation, as its exists says absent */
    CONF_RC(mirage_kv_ro_get(d, "hello/x", buf, sizeof buf, &len), -ENOENT,
            "get hello/x: -ENOENT (nothing lies below a value)");
    CONF_RC(mirage_kv_ro_exists(d, "hello/x"), MIRAGE_KV_ABSENT,
            "exists hello/x: absent");
    CONF_RC(mirage_kv_ro_get(d, "/nope", buf, sizeof buf, &len), -EINVAL,
            "get /nope: -EINVAL before -ENOENT");
    CONF_RC(mirage_kv_ro_get(d, "dir/../hello", buf, sizeof buf, &len), -EINVAL,
            "get dir/../hello: -EINVAL");
    CONF_RC(mirage_kv_ro_get(d, NULL, buf, sizeof buf, &len), -EINVAL,
            "get NULL: -EINVAL");
    CONF_RC(mirage_kv_ro_get(d, "hello", buf, sizeof buf, NULL), -EINVAL,
            "get hello with a NULL length: -EINVAL");
}

/* get_partial and size: pieces at offsets, the end, errors. */
static void kv_check_partial(struct mirage_kv_ro *d)
{
    char buf[64];
    size_t len = 99;
    uint64_t size = 99;

    CONF_RC(mirage_kv_ro_get_partial(d, "hello", 0, 5, buf, &len), 0,
            "get_partial hello 0+5: 0");
    TAP_OK(len == 5 && memcmp(buf, "Hello", 5) == 0, "its 5 first bytes");
    CONF_RC(mirage_kv_ro_get_partial(d, "hello", 7, 100, buf, &len), 0,
            "get_partial hello 7+100: 0");
    TAP_OK(len == KV_HELLO_LEN - 7 &&
               memcmp(buf, KV_HELLO + 7, KV_HELLO_LEN - 7) == 0,
           "the %u bytes from 7 to the end", KV_HELLO_LEN - 7);
    len = 99;
    CONF_RC(mirage_kv_ro_get_partial(d, "hello", KV_HELLO_LEN, 4, buf, &len), 0,
            "get_partial at the end: 0");
    TAP_OK(len == 0, "no bytes at the end");
    len = 99;
    CONF_RC(mirage_kv_ro_get_partial(d, "hello", 1000, 4, buf, &len), 0,
            "get_partial past the end: 0");
    TAP_OK(len == 0, "no bytes past the end");
    len = 99;
    CONF_RC(mirage_kv_ro_get_partial(d, "hello", UINT64_MAX, 4, buf, &len), 0,
            "get_partial at offset 2^64-1: 0");
    TAP_OK(len == 0, "no bytes at offset 2^64-1");
    CONF_RC(mirage_kv_ro_get_partial(d, "dir", 0, 4, buf, &len), -EISDIR,
            "get_partial dir: -EISDIR");
    CONF_RC(mirage_kv_ro_get_partial(d, "nope", 0, 4, buf, &len), -ENOENT,
            "get_partial nope: -ENOENT");
    CONF_RC(mirage_kv_ro_get_partial(d, "/hello", 0, 4, buf, &len), -EINVAL,
            "get_partial /hello: -EINVAL");
    CONF_RC(mirage_kv_ro_size(d, "hello", &size), 0, "size hello: 0");
    TAP_OK(size == KV_HELLO_LEN, "size hello: %u", KV_HELLO_LEN);
    CONF_RC(mirage_kv_ro_size(d, "empty", &size), 0, "size empty: 0");
    TAP_OK(size == 0, "size empty: 0 bytes");
    CONF_RC(mirage_kv_ro_size(d, "dir", &size), -EISDIR, "size dir: -EISDIR");
    CONF_RC(mirage_kv_ro_size(d, "nope", &size), -ENOENT, "size nope: -ENOENT");
    CONF_RC(mirage_kv_ro_size(d, "hello", NULL), -EINVAL,
            "size into NULL: -EINVAL");
}

/* list: entries in bytewise key order, a dictionary with its '/'. */
static void kv_check_list(struct mirage_kv_ro *d)
{
    struct kv_seen s = {.text = "", .calls = 0, .stop_at = 0};

    CONF_RC(mirage_kv_ro_list(d, "", kv_seen_fn, &s), 3,
            "list \"\": 3 entries");
    TAP_STREQ(s.text, "dir:dir:2;empty:empty:1;hello:hello:1;",
              "list \"\": dir, empty, hello");
    memset(&s, 0, sizeof s);
    CONF_RC(mirage_kv_ro_list(d, "dir", kv_seen_fn, &s), 3,
            "list dir: 3 entries");
    TAP_STREQ(s.text, "dir/one:one:1;dir/sub-x:sub-x:1;dir/sub:sub:2;",
              "list dir: one, sub-x, then sub (\"sub/\" > \"sub-x\")");
    memset(&s, 0, sizeof s);
    CONF_RC(mirage_kv_ro_list(d, "dir//sub/", kv_seen_fn, &s), 1,
            "list dir//sub/: 1 entry");
    TAP_STREQ(s.text, "dir/sub/two:two:1;",
              "list dir//sub/: the canonical key dir/sub/two");
    memset(&s, 0, sizeof s);
    s.stop_at = 1;
    CONF_RC(mirage_kv_ro_list(d, "", kv_seen_fn, &s), 7,
            "list stops at the first non-zero return, and returns it");
    TAP_OK(s.calls == 1, "after 1 call (%d)", s.calls);
    CONF_RC(mirage_kv_ro_list(d, "hello", kv_seen_fn, &s), -ENOTDIR,
            "list hello: -ENOTDIR");
    CONF_RC(mirage_kv_ro_list(d, "nope", kv_seen_fn, &s), -ENOENT,
            "list nope: -ENOENT");
    CONF_RC(mirage_kv_ro_list(d, "/dir", kv_seen_fn, &s), -EINVAL,
            "list /dir: -EINVAL");
    CONF_RC(mirage_kv_ro_list(d, "dir", NULL, &s), -EINVAL,
            "list with a NULL function: -EINVAL");
}

/* digest and last_modified. */
static void kv_check_meta(struct mirage_kv_ro *d)
{
    uint8_t sum[MIRAGE_KV_DIGEST_SIZE];
    int64_t ns = -1;

    CONF_RC(mirage_kv_ro_digest(d, "hello", sum), 0, "digest hello: 0");
    TAP_OK(memcmp(sum, kv_hello_sha256, sizeof sum) == 0,
           "digest hello: its SHA-256");
    CONF_RC(mirage_kv_ro_digest(d, "dir", sum), -EISDIR, "digest dir: -EISDIR");
    CONF_RC(mirage_kv_ro_digest(d, "nope", sum), -ENOENT,
            "digest nope: -ENOENT");
    CONF_RC(mirage_kv_ro_last_modified(d, "hello", &ns), 0,
            "last_modified hello: 0");
    TAP_OK(ns >= 0, "last_modified hello: not before the epoch (%lld)",
           (long long)ns);
    ns = -1;
    CONF_RC(mirage_kv_ro_last_modified(d, "dir", &ns), 0,
            "last_modified dir: 0");
    TAP_OK(ns >= 0, "last_modified dir: not before the epoch");
    CONF_RC(mirage_kv_ro_last_modified(d, "nope", &ns), -ENOENT,
            "last_modified nope: -ENOENT");
}

/* disconnect: then -ENODEV for everything; or -ENOTSUP without it. */
static void kv_check_disconnect(struct mirage_kv_ro *d)
{
    struct kv_seen s = {.text = "", .calls = 0, .stop_at = 0};
    char buf[64];
    size_t len;
    uint64_t size;
    int rc = mirage_kv_ro_disconnect(d);

    if (rc == -ENOTSUP) {
        CONF_RC(rc, -ENOTSUP,
                "disconnect: -ENOTSUP (the implementation "
                "has none)");
        return;
    }
    CONF_RC(rc, 0, "disconnect: 0");
    CONF_RC(mirage_kv_ro_exists(d, "hello"), -ENODEV,
            "exists after disconnect: -ENODEV");
    CONF_RC(mirage_kv_ro_get(d, "hello", buf, sizeof buf, &len), -ENODEV,
            "get after disconnect: -ENODEV");
    CONF_RC(mirage_kv_ro_get_partial(d, "hello", 0, 4, buf, &len), -ENODEV,
            "get_partial after disconnect: -ENODEV");
    CONF_RC(mirage_kv_ro_size(d, "hello", &size), -ENODEV,
            "size after disconnect: -ENODEV");
    CONF_RC(mirage_kv_ro_list(d, "", kv_seen_fn, &s), -ENODEV,
            "list after disconnect: -ENODEV");
    CONF_RC(mirage_kv_ro_disconnect(d), -ENODEV, "disconnect again: -ENODEV");
}

#endif
