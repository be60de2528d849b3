/* SPDX-License-Identifier: ISC */
/* test_kv_direct.c: the `direct` kv_ro over a temporary host directory. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mirage/kv_ro.h>

#include "runtime_capture.h"
#include "tap.h"

static char root[64], store[128];

/* A listing, as "kind:key:name" words joined by ' '. */
struct listing {
    char text[512];
};

static int collect(void *ctx, const char *key, const char *name,
                   enum mirage_kv_kind kind)
{
    struct listing *l = ctx;
    size_t n = strlen(l->text);

    snprintf(l->text + n, sizeof(l->text) - n, "%s%c:%s:%s", n ? " " : "",
             kind == MIRAGE_KV_VALUE ? 'v' : 'd', key, name);
    return 0;
}

static void put(const char *rel, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void path(char *out, size_t cap, const char *rel)
{
    snprintf(out, cap, "%s/%s", root, rel);
}

/* Makes root/{outside, store/{secret, a-b, sub/{x, deeper/f}, links...}}. */
static int make_tree(void)
{
    char p[256];
    int ok = 1;

    snprintf(root, sizeof(root), "%s/kvdirect.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        return 0;
    snprintf(store, sizeof(store), "%s/store", root);
    path(p, sizeof(p), "store");
    ok &= mkdir(p, 0755) == 0;
    path(p, sizeof(p), "store/sub");
    ok &= mkdir(p, 0755) == 0;
    path(p, sizeof(p), "store/sub/deeper");
    ok &= mkdir(p, 0755) == 0;
    put("outside", "not yours\n");
    put("store/secret", "hello, world\n");
    put("store/a-b", "abc");
    put("store/sub/x", "The quick brown fox jumps over the lazy dog");
    put("store/sub/deeper/f", "");
    path(p, sizeof(p), "store/escape");
    ok &= symlink("../outside", p) == 0;
    path(p, sizeof(p), "store/escape-abs");
    ok &= symlink("/etc/passwd", p) == 0;
    path(p, sizeof(p), "store/escdir");
    ok &= symlink("..", p) == 0;
    path(p, sizeof(p), "store/sub/inside");
    ok &= symlink("../secret", p) == 0;
    path(p, sizeof(p), "store/fifo");
    ok &= mkfifo(p, 0644) == 0;
    return ok;
}

static void remove_tree(void)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", root);
}

static void hex(const uint8_t *d, char *out)
{
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_reads(struct mirage_kv_ro *kv)
{
    char buf[64], hx[65], p[256];
    size_t len = 0;
    uint64_t size = 0;
    int64_t t = 0;
    uint8_t dg[32];
    struct stat st;
    int rc;

    TAP_OK(mirage_kv_ro_get(kv, "secret", buf, sizeof(buf), &len) == 0 &&
               len == 13 && memcmp(buf, "hello, world\n", 13) == 0,
           "get secret");
    TAP_OK(mirage_kv_ro_get(kv, "sub//x/", buf, sizeof(buf), &len) == 0 &&
               len == 43,
           "get sub//x/: empty segments are ignored");
    TAP_OK(mirage_kv_ro_get(kv, "sub/x", buf, 5, &len) == -ENOBUFS && len == 43,
           "a short buffer: -ENOBUFS and the size needed");
    TAP_OK(mirage_kv_ro_get(kv, "sub", buf, sizeof(buf), &len) == -EISDIR,
           "get of a directory: -EISDIR");
    TAP_OK(mirage_kv_ro_get(kv, "nope", buf, sizeof(buf), &len) == -ENOENT,
           "a missing key: -ENOENT");
    TAP_OK(mirage_kv_ro_get(kv, "secret/x", buf, sizeof(buf), &len) == -ENOENT,
           "a key below a value: -ENOENT");
    TAP_OK(mirage_kv_ro_get(kv, "../outside", buf, sizeof(buf), &len) ==
               -EINVAL,
           "'../outside': -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "sub/../secret", buf, sizeof(buf), &len) ==
               -EINVAL,
           "a '..' inside: -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "/etc/passwd", buf, sizeof(buf), &len) ==
               -EINVAL,
           "an absolute key: -EINVAL");
    TAP_OK(mirage_kv_ro_get(kv, "fifo", buf, sizeof(buf), &len) == -ENOENT,
           "a FIFO is no value (and opening it does not block)");

    capture_reset();
    rc = mirage_kv_ro_get(kv, "escape", buf, sizeof(buf), &len);
    TAP_OK(rc == -EACCES, "a symbolic link out of the directory: -EACCES (%d)",
           rc);
    TAP_OK(capture_count(capture_out, "escape") +
                   capture_count(capture_err, "escape") >=
               1,
           "the refusal is logged with the key");
    TAP_OK(mirage_kv_ro_get(kv, "escape-abs", buf, sizeof(buf), &len) ==
               -EACCES,
           "an absolute symbolic link: -EACCES");
    TAP_OK(mirage_kv_ro_get(kv, "escdir/outside", buf, sizeof(buf), &len) ==
               -EACCES,
           "through a link to '..': -EACCES");
    TAP_OK(mirage_kv_ro_exists(kv, "escdir") == -EACCES,
           "exists of a link out: -EACCES");
    rc = mirage_kv_ro_get(kv, "sub/inside", buf, sizeof(buf), &len);
    TAP_OK((rc == 0 && len == 13) || rc == -EACCES,
           "a link inside the directory: %s",
           rc == 0 ? "followed (openat2)" : "refused (no openat2)");

    TAP_OK(mirage_kv_ro_get_partial(kv, "sub/x", 4, 5, buf, &len) == 0 &&
               len == 5 && memcmp(buf, "quick", 5) == 0,
           "get_partial in the middle");
    TAP_OK(mirage_kv_ro_get_partial(kv, "sub/x", 40, 10, buf, &len) == 0 &&
               len == 3 && memcmp(buf, "dog", 3) == 0,
           "get_partial stops at the end");
    TAP_OK(mirage_kv_ro_get_partial(kv, "sub/x", 1000, 10, buf, &len) == 0 &&
               len == 0,
           "get_partial past the end: nothing");

    TAP_OK(mirage_kv_ro_exists(kv, "secret") == MIRAGE_KV_VALUE,
           "exists: a value");
    TAP_OK(mirage_kv_ro_exists(kv, "sub/deeper") == MIRAGE_KV_DICTIONARY,
           "exists: a dictionary");
    TAP_OK(mirage_kv_ro_exists(kv, "") == MIRAGE_KV_DICTIONARY,
           "exists: the root");
    TAP_OK(mirage_kv_ro_exists(kv, "nope") == MIRAGE_KV_ABSENT,
           "exists: absent is 0");
    TAP_OK(mirage_kv_ro_exists(kv, "/") == -EINVAL, "exists of '/': -EINVAL");

    TAP_OK(mirage_kv_ro_size(kv, "sub/x", &size) == 0 && size == 43, "size");
    TAP_OK(mirage_kv_ro_size(kv, "sub/deeper/f", &size) == 0 && size == 0,
           "size of an empty file");
    TAP_OK(mirage_kv_ro_size(kv, "sub", &size) == -EISDIR,
           "size of a directory: -EISDIR");

    path(p, sizeof(p), "store/secret");
    TAP_OK(stat(p, &st) == 0 &&
               mirage_kv_ro_last_modified(kv, "secret", &t) == 0 &&
               t ==
                   (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
           "last_modified is the file's mtime in ns");
    TAP_OK(mirage_kv_ro_last_modified(kv, "sub", &t) == 0 && t > 0,
           "last_modified of a directory");

    TAP_OK(mirage_kv_ro_digest(kv, "a-b", dg) == 0, "digest");
    hex(dg, hx);
    TAP_STREQ(
        hx, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "digest is SHA-256(\"abc\")");
    TAP_OK(mirage_kv_ro_digest(kv, "secret", dg) == 0, "digest of secret");
    hex(dg, hx);
    TAP_STREQ(
        hx, "853ff93762a06ddbf722c4ebe9ddd66d8f63ddaea97f521c3ecc20da7c976020",
        "digest is SHA-256 of the text");
    TAP_OK(mirage_kv_ro_digest(kv, "sub", dg) == -EISDIR,
           "digest of a directory: -EISDIR");
}

static void test_list(struct mirage_kv_ro *kv)
{
    struct listing l;
    int n;

    memset(&l, 0, sizeof(l));
    n = mirage_kv_ro_list(kv, "", collect, &l);
    TAP_OK(n == 3, "list of the root: 3 entries (%d)", n);
    TAP_STREQ(l.text, "v:a-b:a-b v:secret:secret d:sub:sub",
              "sorted; links out and FIFOs are left out");
    memset(&l, 0, sizeof(l));
    n = mirage_kv_ro_list(kv, "sub", collect, &l);
    TAP_OK(n == 2 || n == 3, "list of sub");
    TAP_OK(strcmp(l.text,
                  "d:sub/deeper:deeper v:sub/inside:inside v:sub/x:x") == 0 ||
               strcmp(l.text, "d:sub/deeper:deeper v:sub/x:x") == 0,
           "entries of sub: %s", l.text);
    TAP_OK(mirage_kv_ro_list(kv, "secret", collect, &l) == -ENOTDIR,
           "list of a value: -ENOTDIR");
    TAP_OK(mirage_kv_ro_list(kv, "nope", collect, &l) == -ENOENT,
           "list of a missing key: -ENOENT");
    TAP_OK(mirage_kv_ro_list(kv, "escdir", collect, &l) == -EACCES,
           "list through a link out: -EACCES");
}

static void test_connect(void)
{
    struct mirage_kv_ro *kv = NULL;
    char p[256];
    int rc;

    capture_reset();
    path(p, sizeof(p), "missing");
    rc = mirage_kv_ro_direct_connect(&kv, "secrets", p);
    TAP_OK(rc == -ENOENT, "a missing directory: -ENOENT");
    TAP_OK(
        capture_count(capture_out, "secrets: cannot open directory") +
                capture_count(capture_err, "secrets: cannot open directory") ==
            1,
        "the failure is logged with the device's name");
    TAP_OK(capture_count(capture_out, "No such file or directory") +
                   capture_count(capture_err, "No such file or directory") ==
               1,
           "and the cause");
    path(p, sizeof(p), "outside");
    TAP_OK(mirage_kv_ro_direct_connect(&kv, "f", p) == -ENOTDIR,
           "a file: -ENOTDIR");
    TAP_OK(mirage_kv_ro_direct_connect(&kv, "f", NULL) == -EINVAL,
           "no directory: -EINVAL");
    path(p, sizeof(p), "locked");
    if (geteuid() == 0) {
        TAP_SKIP("root reads everything", "an unreadable directory: -EACCES");
    } else {
        TAP_OK(mkdir(p, 0) == 0 &&
                   mirage_kv_ro_direct_connect(&kv, "l", p) == -EACCES,
               "an unreadable directory: -EACCES");
    }
}

/* The number of descriptors open in this process, or -1. */
static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Disconnecting closes the directory; the name's record is reused. */
static void test_disconnect(void)
{
    struct mirage_kv_ro *kv = NULL, *again = NULL;
    uint8_t digest[MIRAGE_KV_DIGEST_SIZE];
    int before = count_fds(), connected;
    uint64_t size;
    int64_t ns;
    size_t len;
    char buf[8];

    TAP_OK(mirage_kv_ro_direct_connect(&kv, "gone", store) == 0 && kv,
           "disconnect: connect");
    if (!kv)
        return;
    connected = count_fds();
    TAP_OK(mirage_kv_ro_disconnect(kv) == 0, "disconnect: returns 0");
    TAP_OK(before >= 0 && connected == before + 1 && count_fds() == before,
           "disconnect: the directory is closed (%d, %d, then %d open)", before,
           connected, count_fds());
    TAP_OK(mirage_kv_ro_exists(kv, "a") == -ENODEV &&
               mirage_kv_ro_get(kv, "a", buf, sizeof(buf), &len) == -ENODEV &&
               mirage_kv_ro_get_partial(kv, "a", 0, 1, buf, &len) == -ENODEV &&
               mirage_kv_ro_size(kv, "a", &size) == -ENODEV &&
               mirage_kv_ro_list(kv, "", collect, NULL) == -ENODEV &&
               mirage_kv_ro_last_modified(kv, "a", &ns) == -ENODEV &&
               mirage_kv_ro_digest(kv, "a", digest) == -ENODEV,
           "disconnect: then every call is -ENODEV");
    TAP_OK(mirage_kv_ro_disconnect(kv) == -ENODEV,
           "disconnect: twice, -ENODEV");
    TAP_OK(mirage_kv_ro_direct_connect(&again, "gone", store) == 0 &&
               again == kv &&
               mirage_kv_ro_exists(again, "") == MIRAGE_KV_DICTIONARY,
           "disconnect: the same name reuses it, connected again");
    TAP_OK(mirage_kv_ro_disconnect(again) == 0 && count_fds() == before,
           "disconnect: and disconnected again");
}

int main(void)
{
    struct mirage_kv_ro *kv = NULL;
    int rc;

    if (!make_tree()) {
        remove_tree();
        return tap_skip_all("cannot make a temporary tree");
    }
    rc = mirage_kv_ro_direct_connect(&kv, "files", store);
    TAP_OK(rc == 0 && kv, "connect to a directory");
    if (kv) {
        TAP_STREQ(kv->name, "files", "the device's name");
        test_reads(kv);
        test_list(kv);
    }
    test_connect();
    test_disconnect();
    TAP_OK(!kv || mirage_kv_ro_disconnect(kv) == 0,
           "the first device disconnects");
    remove_tree();
    return tap_done();
}
