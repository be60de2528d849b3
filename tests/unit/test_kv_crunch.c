/* SPDX-License-Identifier: ISC */
/* test_kv_crunch.c: the `crunch` kv_ro over hand-written generated data. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/kv_ro.h>

#include "runtime_capture.h"
#include "tap.h"

static const unsigned char abc[] = "abc";
static const unsigned char fox[] =
    "The quick brown fox jumps over the lazy dog";
static const unsigned char hello[] = "hello, world\n";

/* the digest crunched with a.c: not its SHA-256, so that the test sees
   that the store returns it as it is, without reading the data */
static const unsigned char stored_digest[MIRAGE_KV_DIGEST_SIZE] = {
    0x5a, 0x5a, 0x5a, 0x5a, 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12,
    13,   14,   15,   16,   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28};

/* sorted bytewise: '-' < '.' < '/' < '0' */
static const struct mirage_kv_crunch_file files[] = {
    {"a-b", abc, 3, 0, NULL},
    {"a.c", hello, 13, 300, stored_digest},
    {"a/x", fox, 43, 100, NULL},
    {"a/y/z", abc, 3, 200, NULL},
    {"a0", (const unsigned char *)"", 0, 0, NULL},
    {"secret", hello, 13, 0, NULL},
};
static const struct mirage_kv_crunch data = {6, files};

/* A listing, as "kind:key:name" lines joined by ' '. */
struct listing {
    char text[512];
    int stop_after;
    int seen;
};

static int collect(void *ctx, const char *key, const char *name,
                   enum mirage_kv_kind kind)
{
    struct listing *l = ctx;
    size_t n = strlen(l->text);

    snprintf(l->text + n, sizeof(l->text) - n, "%s%c:%s:%s", n ? " " : "",
             kind == MIRAGE_KV_VALUE ? 'v' : 'd', key, name);
    l->seen++;
    return l->stop_after && l->seen == l->stop_after ? 42 : 0;
}

static void hex(const uint8_t *d, char *out)
{
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_reads(struct mirage_kv_ro *kv)
{
    char buf[64];
    size_t len = 0;
    uint64_t size = 0;
    int64_t t = -1;
    uint8_t dg[32];
    char hx[65];

    TAP_OK(mirage_kv_ro_get(kv, "secret", buf, sizeof(buf), &len) == 0 &&
               len == 13 && memcmp(buf, "hello, world\n", 13) == 0,
           "get secret");
    TAP_OK(mirage_kv_ro_get(kv, "a//x/", buf, sizeof(buf), &len) == 0 &&
               len == 43,
           "empty segments are ignored");
    len = 0;
    TAP_OK(mirage_kv_ro_get(kv, "a/x", buf, 10, &len) == -ENOBUFS && len == 43,
           "get into a short buffer: -ENOBUFS and the size needed");
    TAP_OK(mirage_kv_ro_get(kv, "a/x", NULL, 0, &len) == -ENOBUFS && len == 43,
           "get with no buffer asks for the size");
    TAP_OK(mirage_kv_ro_get(kv, "a0", NULL, 0, &len) == 0 && len == 0,
           "an empty value fits no buffer");
    TAP_OK(mirage_kv_ro_get(kv, "a", buf, sizeof(buf), &len) == -EISDIR,
           "get of a dictionary: -EISDIR");
    TAP_OK(mirage_kv_ro_get(kv, "nope", buf, sizeof(buf), &len) == -ENOENT,
           "get of a missing key: -ENOENT");
    TAP_OK(mirage_kv_ro_get(kv, "a-b/c", buf, sizeof(buf), &len) == -ENOENT,
           "a key below a value: -ENOENT");
    TAP_OK(mirage_kv_ro_get(kv, "a/../secret", buf, sizeof(buf), &len) ==
               -EINVAL,
           "a '..' segment: -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "..", buf, sizeof(buf), &len) == -EINVAL,
           "'..' alone: -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "./secret", buf, sizeof(buf), &len) == -EINVAL,
           "a '.' segment: -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "/secret", buf, sizeof(buf), &len) == -EINVAL,
           "an absolute key: -EINVAL");
    TAP_OK(mirage_kv_ro_exists(kv, NULL) == -EINVAL, "a NULL key: -EINVAL");
    {
        static char longkey[MIRAGE_KV_KEY_MAX + 2];

        memset(longkey, 'k', sizeof(longkey) - 1);
        TAP_OK(mirage_kv_ro_exists(kv, longkey) == -ENAMETOOLONG,
               "a key over MIRAGE_KV_KEY_MAX: -ENAMETOOLONG");
    }

    TAP_OK(mirage_kv_ro_get_partial(kv, "a/x", 4, 5, buf, &len) == 0 &&
               len == 5 && memcmp(buf, "quick", 5) == 0,
           "get_partial in the middle");
    TAP_OK(mirage_kv_ro_get_partial(kv, "a/x", 40, 10, buf, &len) == 0 &&
               len == 3 && memcmp(buf, "dog", 3) == 0,
           "get_partial stops at the end");
    TAP_OK(mirage_kv_ro_get_partial(kv, "a/x", 43, 10, buf, &len) == 0 &&
               len == 0,
           "get_partial at the end: nothing");
    TAP_OK(mirage_kv_ro_get_partial(kv, "a/x", UINT64_MAX, 10, buf, &len) ==
                   0 &&
               len == 0,
           "get_partial far past the end: nothing");
    TAP_OK(mirage_kv_ro_get_partial(kv, "a/y", 0, 1, buf, &len) == -EISDIR,
           "get_partial of a dictionary: -EISDIR");

    TAP_OK(mirage_kv_ro_exists(kv, "secret") == MIRAGE_KV_VALUE,
           "exists: a value");
    TAP_OK(mirage_kv_ro_exists(kv, "a") == MIRAGE_KV_DICTIONARY,
           "exists: a dictionary implied by its keys");
    TAP_OK(mirage_kv_ro_exists(kv, "a/y") == MIRAGE_KV_DICTIONARY,
           "exists: a nested dictionary");
    TAP_OK(mirage_kv_ro_exists(kv, "") == MIRAGE_KV_DICTIONARY,
           "exists: the root");
    TAP_OK(mirage_kv_ro_exists(kv, "a/q") == MIRAGE_KV_ABSENT,
           "exists: absent is 0, not an error");
    TAP_OK(mirage_kv_ro_exists(kv, "a/") == MIRAGE_KV_DICTIONARY,
           "exists: a trailing '/' is ignored");

    TAP_OK(mirage_kv_ro_size(kv, "a.c", &size) == 0 && size == 13, "size");
    TAP_OK(mirage_kv_ro_size(kv, "a", &size) == -EISDIR,
           "size of a dictionary: -EISDIR");
    TAP_OK(mirage_kv_ro_size(kv, "zzz", &size) == -ENOENT,
           "size of a missing key: -ENOENT");

    TAP_OK(mirage_kv_ro_last_modified(kv, "a.c", &t) == 0 && t == 300,
           "last_modified of a value");
    TAP_OK(mirage_kv_ro_last_modified(kv, "a", &t) == 0 && t == 200,
           "last_modified of a dictionary: its newest value's");
    TAP_OK(mirage_kv_ro_last_modified(kv, "secret", &t) == 0 && t == 0,
           "last_modified unknown: 0");

    TAP_OK(mirage_kv_ro_digest(kv, "a-b", dg) == 0, "digest");
    hex(dg, hx);
    TAP_STREQ(
        hx, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "digest is SHA-256(\"abc\")");
    TAP_OK(mirage_kv_ro_digest(kv, "a/x", dg) == 0, "digest of a/x");
    hex(dg, hx);
    TAP_STREQ(
        hx, "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
        "digest is SHA-256 of the fox");
    TAP_OK(mirage_kv_ro_digest(kv, "a0", dg) == 0, "digest of an empty value");
    hex(dg, hx);
    TAP_STREQ(
        hx, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "digest of nothing");
    TAP_OK(mirage_kv_ro_digest(kv, "a", dg) == -EISDIR,
           "digest of a dictionary: -EISDIR");
    {
        const void *bytes = NULL;
        size_t n = 0;

        TAP_OK(mirage_kv_ro_peek(kv, "a/x", &bytes, &n) == 0 &&
                   bytes == (const void *)fox && n == 43,
               "peek: the image's own bytes of a/x, 43 of them");
        TAP_OK(mirage_kv_ro_peek(kv, "a", &bytes, &n) == -EISDIR &&
                   mirage_kv_ro_peek(kv, "nope", &bytes, &n) == -ENOENT,
               "peek: a dictionary -EISDIR, a missing key -ENOENT");
    }
    TAP_OK(mirage_kv_ro_digest(kv, "a.c", dg) == 0 &&
               memcmp(dg, stored_digest, sizeof(dg)) == 0,
           "a file crunched with its digest: that digest, not computed");
}

static void test_list(struct mirage_kv_ro *kv)
{
    struct listing l;
    int n;

    memset(&l, 0, sizeof(l));
    n = mirage_kv_ro_list(kv, "", collect, &l);
    TAP_OK(n == 5, "list of the root: 5 entries (%d)", n);
    TAP_STREQ(l.text, "v:a-b:a-b v:a.c:a.c d:a:a v:a0:a0 v:secret:secret",
              "the root's entries in key order, a dictionary as 'a/'");
    memset(&l, 0, sizeof(l));
    n = mirage_kv_ro_list(kv, "a", collect, &l);
    TAP_OK(n == 2, "list of a: 2 entries");
    TAP_STREQ(l.text, "v:a/x:x d:a/y:y", "entries of a: full keys and names");
    memset(&l, 0, sizeof(l));
    TAP_OK(mirage_kv_ro_list(kv, "a/y/", collect, &l) == 1, "list of a/y/");
    TAP_STREQ(l.text, "v:a/y/z:z", "entries of a/y");
    TAP_OK(mirage_kv_ro_list(kv, "secret", collect, &l) == -ENOTDIR,
           "list of a value: -ENOTDIR");
    TAP_OK(mirage_kv_ro_list(kv, "b", collect, &l) == -ENOENT,
           "list of a missing key: -ENOENT");
    TAP_OK(mirage_kv_ro_list(kv, "../a", collect, &l) == -EINVAL,
           "list of '../a': -EINVAL");
    memset(&l, 0, sizeof(l));
    l.stop_after = 2;
    TAP_OK(mirage_kv_ro_list(kv, "", collect, &l) == 42 && l.seen == 2,
           "a callback's non-zero result stops the listing and is returned");
}

static void test_connect(void)
{
    static const struct mirage_kv_crunch_file unsorted[] = {
        {"b", abc, 3, 0, NULL},
        {"a", abc, 3, 0, NULL},
    };
    static const struct mirage_kv_crunch_file both[] = {
        {"a", abc, 3, 0, NULL},
        {"a-", abc, 3, 0, NULL},
        {"a/b", abc, 3, 0, NULL},
    };
    static const struct mirage_kv_crunch_file dotdot[] = {
        {"../etc", abc, 3, 0, NULL},
    };
    static const struct mirage_kv_crunch_file absolute[] = {
        {"/etc", abc, 3, 0, NULL},
    };
    struct mirage_kv_crunch bad;
    struct mirage_kv_ro *kv = NULL;
    struct listing l;
    static const struct mirage_kv_crunch empty = {0, NULL};

    bad.count = 2;
    bad.files = unsorted;
    capture_reset();
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "bad", &bad) == -EINVAL,
           "unsorted data: -EINVAL");
    TAP_OK(capture_count(capture_out, "[kv-crunch]") +
                   capture_count(capture_err, "[kv-crunch]") >=
               1,
           "the refusal is logged under kv-crunch");
    bad.count = 3;
    bad.files = both;
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "bad", &bad) == -EINVAL,
           "a key both a file and a dictionary: -EINVAL");
    bad.count = 1;
    bad.files = dotdot;
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "bad", &bad) == -EINVAL,
           "a '..' key in the data: -EINVAL");
    bad.files = absolute;
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "bad", &bad) == -EINVAL,
           "an absolute key in the data: -EINVAL");
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "x", NULL) == -EINVAL,
           "no data: -EINVAL");
    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "empty", &empty) == 0,
           "an empty directory connects");
    memset(&l, 0, sizeof(l));
    TAP_OK(mirage_kv_ro_list(kv, "", collect, &l) == 0 &&
               mirage_kv_ro_exists(kv, "") == MIRAGE_KV_DICTIONARY &&
               mirage_kv_ro_exists(kv, "a") == MIRAGE_KV_ABSENT,
           "an empty store: an empty root");
    TAP_OK(mirage_kv_ro_disconnect(kv) == 0, "the empty store disconnects");
}

/* A disconnected device answers -ENODEV; its name's record is reused. */
static void test_disconnect(void)
{
    struct mirage_kv_ro *kv = NULL, *again = NULL, *other = NULL;
    uint8_t digest[MIRAGE_KV_DIGEST_SIZE];
    const void *peeked;
    uint64_t size;
    int64_t ns;
    size_t len;
    char buf[8];

    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "gone", &data) == 0 && kv,
           "disconnect: connect");
    if (!kv)
        return;
    TAP_OK(mirage_kv_ro_disconnect(kv) == 0, "disconnect: returns 0");
    TAP_OK(mirage_kv_ro_exists(kv, "a") == -ENODEV &&
               mirage_kv_ro_get(kv, "a", buf, sizeof(buf), &len) == -ENODEV &&
               mirage_kv_ro_get_partial(kv, "a", 0, 1, buf, &len) == -ENODEV &&
               mirage_kv_ro_size(kv, "a", &size) == -ENODEV &&
               mirage_kv_ro_list(kv, "", collect, NULL) == -ENODEV &&
               mirage_kv_ro_last_modified(kv, "a", &ns) == -ENODEV &&
               mirage_kv_ro_digest(kv, "a", digest) == -ENODEV &&
               mirage_kv_ro_peek(kv, "a", &peeked, &len) == -ENODEV,
           "disconnect: then every call is -ENODEV");
    TAP_OK(mirage_kv_ro_disconnect(kv) == -ENODEV,
           "disconnect: twice, -ENODEV");
    TAP_OK(mirage_kv_ro_crunch_connect(&other, "gone-too", &data) == 0 &&
               other != kv,
           "disconnect: another name does not take the record");
    TAP_OK(mirage_kv_ro_crunch_connect(&again, "gone", &data) == 0 &&
               again == kv &&
               mirage_kv_ro_exists(again, "") == MIRAGE_KV_DICTIONARY,
           "disconnect: the same name reuses it, connected again");
    TAP_OK(mirage_kv_ro_disconnect(again) == 0 &&
               mirage_kv_ro_disconnect(other) == 0,
           "disconnect: both disconnected");
}

int main(void)
{
    struct mirage_kv_ro *kv = NULL, *kv2 = NULL;

    TAP_OK(mirage_kv_ro_crunch_connect(&kv, "files", &data) == 0 && kv,
           "connect");
    TAP_OK(mirage_kv_ro_crunch_connect(&kv2, "other", &data) == 0 && kv2 != kv,
           "a second device");
    TAP_STREQ(kv ? kv->name : NULL, "files", "the device's name");
    if (kv) {
        test_reads(kv);
        test_list(kv);
    }
    test_connect();
    test_disconnect();
    TAP_OK(mirage_kv_ro_disconnect(kv) == 0 &&
               mirage_kv_ro_disconnect(kv2) == 0,
           "the first two devices disconnect");
    return tap_done();
}
