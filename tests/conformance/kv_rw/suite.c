/* SPDX-License-Identifier: ISC */
/* suite.c: the kv_rw conformance suite, for every implementation of kv_rw. */
#include <stdint.h>

#include "conformance.h"
#include "kv_reads.h"
#include "mirage_main.h"

/* The value of (key) is the (n) bytes of (want). */
static bool holds(struct mirage_kv_rw *d, const char *key, const char *want,
                  size_t n)
{
    char buf[64];
    size_t len = 0;

    return mirage_kv_rw_get(d, key, buf, sizeof buf, &len) == 0 && len == n &&
           memcmp(buf, want, n) == 0;
}

/* Writes the suite tree of kv_reads.h. */
static void write_tree(struct mirage_kv_rw *d)
{
    CONF_RC(mirage_kv_rw_remove(d, ""), 0, "remove \"\": the store is empty");
    CONF_RC(mirage_kv_rw_set(d, "hello", KV_HELLO, KV_HELLO_LEN), 0,
            "set hello");
    CONF_RC(mirage_kv_rw_set(d, "empty", NULL, 0), 0,
            "set empty: 0 bytes from NULL");
    CONF_RC(mirage_kv_rw_set(d, "dir/one", "1", 1), 0,
            "set dir/one, creating dir");
    CONF_RC(mirage_kv_rw_set(d, "dir//sub-x/", "sub-x\n", 6), 0,
            "set dir//sub-x/ (the key dir/sub-x)");
    CONF_RC(mirage_kv_rw_set(d, "dir/sub/two", "22", 2), 0,
            "set dir/sub/two, creating dir/sub");
}

/* set: overwrite, refused keys, all or nothing. */
static void check_set(struct mirage_kv_rw *d)
{
    static const char big[8] = "big";

    CONF_RC(mirage_kv_rw_set(d, "hello", "x", 1), 0, "overwrite hello");
    TAP_OK(holds(d, "hello", "x", 1), "hello holds the new value");
    CONF_RC(mirage_kv_rw_set(d, "hello", KV_HELLO, KV_HELLO_LEN), 0,
            "overwrite hello again");
    TAP_OK(holds(d, "hello", KV_HELLO, KV_HELLO_LEN), "hello as it was");
    CONF_RC(mirage_kv_rw_set(d, "dir", "x", 1), -EISDIR, "set dir: -EISDIR");
    CONF_RC(mirage_kv_rw_set(d, "", "x", 1), -EISDIR,
            "set \"\" (the root): -EISDIR");
    CONF_RC(mirage_kv_rw_set(d, "hello/x", "x", 1), -ENOTDIR,
            "set hello/x: -ENOTDIR (hello is a value)");
    TAP_OK(holds(d, "hello", KV_HELLO, KV_HELLO_LEN),
           "the refused set left hello as it was");
    CONF_RC(mirage_kv_rw_set(d, "/x", "x", 1), -EINVAL, "set /x: -EINVAL");
    CONF_RC(mirage_kv_rw_set(d, "dir/../x", "x", 1), -EINVAL,
            "set dir/../x: -EINVAL");
    CONF_RC(mirage_kv_rw_set(d, NULL, "x", 1), -EINVAL, "set NULL: -EINVAL");
    CONF_RC(mirage_kv_rw_set(d, "big", big, SIZE_MAX), -EFBIG,
            "set of 2^64-1 bytes: -EFBIG");
    CONF_RC(mirage_kv_rw_exists(d, "big"), MIRAGE_KV_ABSENT,
            "the refused set created nothing");
}

/* remove: values, dictionaries with what is below, missing keys. */
static void check_remove(struct mirage_kv_rw *d)
{
    struct kv_seen s = {.text = "", .calls = 0, .stop_at = 0};

    CONF_RC(mirage_kv_rw_set(d, "gone/a", "a", 1), 0, "set gone/a");
    CONF_RC(mirage_kv_rw_set(d, "gone/b/c", "c", 1), 0, "set gone/b/c");
    CONF_RC(mirage_kv_rw_remove(d, "gone/a"), 0, "remove gone/a");
    CONF_RC(mirage_kv_rw_exists(d, "gone/a"), MIRAGE_KV_ABSENT,
            "gone/a is absent");
    CONF_RC(mirage_kv_rw_exists(d, "gone/b/c"), MIRAGE_KV_VALUE,
            "gone/b/c is still there");
    CONF_RC(mirage_kv_rw_remove(d, "gone"), 0,
            "remove gone, with everything below it");
    CONF_RC(mirage_kv_rw_exists(d, "gone/b/c"), MIRAGE_KV_ABSENT,
            "gone/b/c is absent");
    CONF_RC(mirage_kv_rw_exists(d, "gone"), MIRAGE_KV_ABSENT, "gone is absent");
    CONF_RC(mirage_kv_rw_remove(d, "gone"), -ENOENT,
            "remove gone again: -ENOENT");
    CONF_RC(mirage_kv_rw_remove(d, "/hello"), -EINVAL,
            "remove /hello: -EINVAL");
    CONF_RC(mirage_kv_rw_remove(d, NULL), -EINVAL, "remove NULL: -EINVAL");
    CONF_RC(mirage_kv_rw_list(d, "", kv_seen_fn, &s), 3,
            "the root lists its 3 entries again");
}

/* rename: values and dictionaries, the refusals. */
static void check_rename(struct mirage_kv_rw *d)
{
    CONF_RC(mirage_kv_rw_rename(d, "hello", "moved/greeting"), 0,
            "rename hello to moved/greeting");
    CONF_RC(mirage_kv_rw_exists(d, "hello"), MIRAGE_KV_ABSENT,
            "hello is absent");
    TAP_OK(holds(d, "moved/greeting", KV_HELLO, KV_HELLO_LEN),
           "moved/greeting holds its value");
    CONF_RC(mirage_kv_rw_rename(d, "moved", "again"), 0,
            "rename the dictionary moved to again");
    TAP_OK(holds(d, "again/greeting", KV_HELLO, KV_HELLO_LEN),
           "again/greeting holds the value");
    CONF_RC(mirage_kv_rw_exists(d, "moved"), MIRAGE_KV_ABSENT,
            "moved is absent");
    CONF_RC(mirage_kv_rw_rename(d, "again/greeting", "again/greeting"), 0,
            "rename a key to itself: 0");
    TAP_OK(holds(d, "again/greeting", KV_HELLO, KV_HELLO_LEN),
           "and it is unchanged");
    CONF_RC(mirage_kv_rw_rename(d, "nope", "x"), -ENOENT,
            "rename nope: -ENOENT");
    CONF_RC(mirage_kv_rw_rename(d, "again/greeting", "dir"), -EEXIST,
            "rename a value onto a dictionary: -EEXIST");
    CONF_RC(mirage_kv_rw_rename(d, "dir", "empty"), -EEXIST,
            "rename a dictionary onto a value: -EEXIST");
    CONF_RC(mirage_kv_rw_rename(d, "dir", "dir/in"), -EINVAL,
            "rename dir below itself: -EINVAL");
    CONF_RC(mirage_kv_rw_rename(d, "", "x"), -EINVAL,
            "rename the root: -EINVAL");
    CONF_RC(mirage_kv_rw_rename(d, "again/greeting", ""), -EINVAL,
            "rename onto the root: -EINVAL");
    CONF_RC(mirage_kv_rw_rename(d, "again/greeting", "empty/x"), -ENOTDIR,
            "rename below a value: -ENOTDIR");
    CONF_RC(mirage_kv_rw_rename(d, "again/greeting", "hello"), 0,
            "rename it back to hello");
    CONF_RC(mirage_kv_rw_exists(d, "again"), MIRAGE_KV_ABSENT,
            "again, now without values, is absent");
}

/* A batch function: writes two values, then returns (*ctx). */
static int batch_fn(struct mirage_kv_rw *d, void *ctx)
{
    int rc = mirage_kv_rw_set(d, "batch/a", "a", 1);

    if (rc == 0)
        rc = mirage_kv_rw_set(d, "batch/b", "b", 1);
    return rc < 0 ? rc : *(int *)ctx;
}

/* A batch function that tries to disconnect its own device. */
static int batch_disconnect_fn(struct mirage_kv_rw *d, void *ctx)
{
    *(int *)ctx = mirage_kv_rw_disconnect(d);
    return 0;
}

/* batch: undone on failure, kept on success. */
static void check_batch(struct mirage_kv_rw *d)
{
    int result = -5, inside = 0;

    CONF_RC(mirage_kv_rw_batch(d, batch_fn, &result), -5,
            "a batch that fails returns its function's -5");
    CONF_RC(mirage_kv_rw_exists(d, "batch/a"), MIRAGE_KV_ABSENT,
            "its first write is undone");
    CONF_RC(mirage_kv_rw_exists(d, "batch"), MIRAGE_KV_ABSENT,
            "and the dictionary it made");
    result = 3;
    CONF_RC(mirage_kv_rw_batch(d, batch_fn, &result), 3,
            "a batch that succeeds returns its function's 3");
    TAP_OK(holds(d, "batch/a", "a", 1) && holds(d, "batch/b", "b", 1),
           "its writes stay");
    CONF_RC(mirage_kv_rw_remove(d, "batch"), 0, "remove them");
    CONF_RC(mirage_kv_rw_batch(d, batch_disconnect_fn, &inside), 0,
            "a batch that disconnects its device");
    CONF_RC(inside, -EBUSY, "disconnect inside a batch: -EBUSY");
    TAP_OK(holds(d, "hello", KV_HELLO, KV_HELLO_LEN),
           "the device is still connected");
}

/* disconnect: then -ENODEV for every write too. */
static void check_disconnect(struct mirage_kv_rw *d)
{
    int result = 0;

    CONF_RC(mirage_kv_rw_disconnect(d), 0, "disconnect: 0");
    CONF_RC(mirage_kv_rw_set(d, "x", "x", 1), -ENODEV,
            "set after disconnect: -ENODEV");
    CONF_RC(mirage_kv_rw_remove(d, "hello"), -ENODEV,
            "remove after disconnect: -ENODEV");
    CONF_RC(mirage_kv_rw_rename(d, "hello", "x"), -ENODEV,
            "rename after disconnect: -ENODEV");
    CONF_RC(mirage_kv_rw_batch(d, batch_fn, &result), -ENODEV,
            "batch after disconnect: -ENODEV");
    CONF_RC(mirage_kv_rw_exists(d, "hello"), -ENODEV,
            "exists after disconnect: -ENODEV");
    CONF_RC(mirage_kv_rw_disconnect(d), -ENODEV, "disconnect again: -ENODEV");
}

int suite_start(struct mirage_kv_rw *store)
{
    conf_begin();
    write_tree(store);
    /* the reads of kv_ro, on the store's kv_ro */
    kv_check_exists(&store->ro);
    kv_check_get(&store->ro);
    kv_check_partial(&store->ro);
    kv_check_list(&store->ro);
    kv_check_meta(&store->ro);
    check_set(store);
    check_remove(store);
    check_rename(store);
    check_batch(store);
    check_disconnect(store);
    return conf_end();
}
