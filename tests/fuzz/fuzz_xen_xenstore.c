/* SPDX-License-Identifier: ISC */
/* fuzz_xen_xenstore.c: the xenstore client against a hostile xenstored. */
#define FUZZ_NAME    "fuzz_xen_xenstore"
#define FUZZ_INPUTS  20000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  8192
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <mirage/fiber.h>

#include "core/sched.h"
#include "fuzz_input.h"

/*
 * The client's own files are compiled into the harness, so that each
 * input starts from a fresh client (its static state zeroed). The
 * hypervisor is faked: xen_io_evtchn_notify and xen_io_evtchn_clear play
 * xenstored, which takes the client's requests and answers with the
 * input: whole messages of any type, req_id (the last request's, or any),
 * length and payload, raw bytes, and indices of its own (rsp_prod and
 * req_cons set to anything). The event channel is always pending, so the
 * client never sleeps; once the input is spent the client's fiber is
 * cancelled, which ends its waits. The properties: no call breaks memory
 * (ASan in a campaign, the guarded input here), every result is one the
 * headers allow, what a call returns is NUL-terminated inside the buffer,
 * a directory's names and a device's backend pass their checks, and the
 * client never writes the answer ring's producer index.
 */
#include "xen/xenbus.c"
#include "xen/xenstore.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xenstore_domain_interface fake_ring;
static const uint8_t *in;
static size_t in_len, in_off;
static uint8_t pending[2 * XENSTORE_PAYLOAD_MAX + 64];
static size_t npending;
static uint32_t last_req_id, rsp_prod_set;
static int fake_fd = -1;
static struct mirage_fiber *client;
static bool cancelled;

int xen_io_init(void)
{
    return 0;
}

int xen_io_xenstore(volatile struct xenstore_domain_interface **ring,
                    evtchn_port_t *port)
{
    *ring = &fake_ring;
    *port = 1;
    return 0;
}

int xen_io_evtchn_source(evtchn_port_t port)
{
    (void)port;
    if (fake_fd < 0) {
        fake_fd = eventfd(1, EFD_CLOEXEC); /* readable for ever */
        if (fake_fd < 0)
            fuzz_fail("eventfd failed");
    }
    return fake_fd;
}

static uint8_t next_byte(void)
{
    return in_off < in_len ? in[in_off++] : 0;
}

static uint32_t next_u32(void)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++)
        v |= (uint32_t)next_byte() << (8 * i);
    return v;
}

static void queue(const void *p, size_t n)
{
    if (n > sizeof(pending) - npending)
        n = sizeof(pending) - npending;
    memcpy(pending + npending, p, n);
    npending += n;
}

/* Moves pending bytes to the answer queue, as much as fits. */
static void flush(void)
{
    uint32_t prod = fake_ring.rsp_prod, cons = fake_ring.rsp_cons;
    uint32_t used = prod - cons, room;
    size_t n;

    if (used > XENSTORE_RING_SIZE)
        return;
    room = XENSTORE_RING_SIZE - used;
    n = npending < room ? npending : room;
    for (size_t i = 0; i < n; i++)
        fake_ring.rsp[MASK_XENSTORE_IDX(prod + (uint32_t)i)] = (char)pending[i];
    memmove(pending, pending + n, npending - n);
    npending -= n;
    fake_ring.rsp_prod = prod + (uint32_t)n;
    rsp_prod_set = fake_ring.rsp_prod;
}

/* Plays one step of the input; cancels the client when it is spent. */
static void step(void)
{
    if (fake_ring.rsp_prod != rsp_prod_set)
        fuzz_fail("the client wrote rsp_prod");
    if (in_off >= in_len) {
        if (!cancelled && client) {
            cancelled = true;
            mirage_fiber_cancel(client);
        }
        return;
    }
    switch (next_byte() & 3) {
    case 0: { /* a message */
        uint8_t t = next_byte(), flags = next_byte();
        struct xsd_sockmsg h;
        size_t n;

        h.type = t % 24;
        h.req_id = flags & 1 ? last_req_id : next_u32();
        h.tx_id = 0;
        h.len = flags & 2 ? next_u32() : next_byte();
        queue(&h, sizeof(h));
        n = h.len < in_len - in_off ? h.len : in_len - in_off;
        if (n > XENSTORE_PAYLOAD_MAX + 8)
            n = XENSTORE_PAYLOAD_MAX + 8;
        queue(in + in_off, n);
        in_off += n;
        break;
    }
    case 1: { /* raw bytes */
        size_t n = next_byte();

        if (n > in_len - in_off)
            n = in_len - in_off;
        queue(in + in_off, n);
        in_off += n;
        break;
    }
    case 2: /* an answer producer index of its own */
        fake_ring.rsp_prod = next_u32();
        rsp_prod_set = fake_ring.rsp_prod;
        break;
    default: /* a request consumer index of its own */
        fake_ring.req_cons = next_u32();
        break;
    }
    flush();
}

int xen_io_evtchn_notify(evtchn_port_t port)
{
    uint32_t prod = fake_ring.req_prod, cons = fake_ring.req_cons;

    (void)port;
    /* Takes the requests, remembering the last header's req_id, and
     * plays a step; a notify that brings no request (the client freed
     * answer space) plays none. */
    if (prod == cons || prod - cons > XENSTORE_RING_SIZE)
        return 0;
    if (prod - cons >= 16) {
        struct xsd_sockmsg h;

        for (uint32_t i = 0; i < 16; i++)
            ((char *)&h)[i] = fake_ring.req[MASK_XENSTORE_IDX(cons + i)];
        if (h.len <= XENSTORE_PAYLOAD_MAX)
            last_req_id = h.req_id;
    }
    fake_ring.req_cons = prod;
    step();
    return 0;
}

int xen_io_evtchn_clear(evtchn_port_t port)
{
    (void)port;
    step();
    return 1;
}

/* --- the calls and their checks ------------------------------------------ */

static void check_rc(const char *what, int rc)
{
    switch (rc) {
    case -ENOENT:
    case -ERANGE:
    case -EIO:
    case -ETIMEDOUT:
    case -ECANCELED:
    case -EINVAL:
    case -EACCES:
    case -EEXIST:
    case -EISDIR:
    case -ENOMEM:
    case -ENOSPC:
    case -ENOTEMPTY:
    case -ENOSYS:
    case -EROFS:
    case -EBUSY:
    case -EAGAIN:
    case -EISCONN:
    case -E2BIG:
    case -EPERM:
    case -ENOBUFS:
        return;
    default:
        if (rc < 0)
            fuzz_fail("%s: %d, not an error xenstore.h names", what, rc);
    }
}

static void check_string(const char *what, int rc, const char *buf, size_t cap)
{
    check_rc(what, rc);
    if (rc >= 0 && ((size_t)rc >= cap || buf[rc] != '\0'))
        fuzz_fail("%s: %d bytes in a buffer of %zu, not ended", what, rc, cap);
}

static int script_ok;     /* calls of the script that succeeded */
static int script_rc[16]; /* the results of its first calls */
static unsigned script_n; /* calls made */

/* Records a call's result. */
static int ok(int rc)
{
    if (rc >= 0)
        script_ok++;
    if (script_n < 16)
        script_rc[script_n] = rc;
    script_n++;
    return rc;
}

static int script(void *arg)
{
    char buf[128], dir[256];
    uint64_t v;
    uint32_t tx = 0;
    struct xen_xenbus_dev dev;
    int rc;

    (void)arg;
    check_rc("watch", ok(xen_xs_watch("device", "tok")));
    rc = ok(xen_xs_read(0, "device/vif/0/mac", buf, sizeof(buf)));
    check_string("read", rc, buf, sizeof(buf));
    rc = ok(xen_xs_directory(0, "device/vif", dir, sizeof(dir)));
    check_string("directory", rc > 0 ? rc - 1 : rc, dir, sizeof(dir));
    if (rc >= 0 && xs_answer_directory(dir, (uint32_t)rc) != 0)
        fuzz_fail("directory: a malformed list returned");
    check_rc("write", ok(xen_xs_write(0, "device/vif/0/state", "1")));
    rc = ok(xen_xs_read_u64(0, "device/vif/0/backend-id", &v));
    check_rc("read_u64", rc);
    rc = ok(xen_xs_transaction_start(&tx));
    check_rc("transaction_start", rc);
    if (rc == 0 && tx == 0)
        fuzz_fail("transaction 0 started");
    check_rc("rm", ok(xen_xs_rm(tx, "device/vif/0/x")));
    if (rc == 0)
        check_rc("transaction_end", ok(xen_xs_transaction_end(tx, 1)));
    rc = ok(xen_xs_wait_watch("tok", 0, buf, sizeof(buf)));
    check_string("wait_watch", rc == 0 ? (int)strlen(buf) : rc, buf,
                 sizeof(buf));
    rc = ok(xen_xenbus_find("vif", 0, &dev));
    check_rc("xenbus_find", rc);
    if (rc == 0 && (dev.back[0] != '/' || dev.back_id >= 0x7FF0u ||
                    strnlen(dev.back, sizeof(dev.back)) == sizeof(dev.back)))
        fuzz_fail("xenbus_find: a bad backend accepted");
    check_rc("unwatch", ok(xen_xs_unwatch("device", "tok")));
    return 0;
}

static int run(void *arg)
{
    int res;

    (void)arg;
    if (mirage_fiber_spawn(&client, script, NULL, NULL) != 0)
        fuzz_fail("no fiber");
    if (mirage_fiber_join(client, &res, MIRAGE_FOREVER) != 0)
        fuzz_fail("join failed");
    client = NULL;
    return 0;
}

/* The pure parts on the input itself, as an answer's payload. */
static void check_pure(const uint8_t *data, size_t size)
{
    uint32_t len =
        size > XENSTORE_PAYLOAD_MAX ? XENSTORE_PAYLOAD_MAX : (uint32_t)size;
    char *body = fuzz_input_copy(data, len, 1);
    const char *path, *token;
    uint32_t tx;
    uint64_t v;

    if (xs_event_split(body, len, &path, &token) == 0 &&
        (path != body || !*path || token < body ||
         token + strlen(token) >= body + len))
        fuzz_fail("event split outside its payload");
    if (xs_answer_tx(body, len, &tx) == 0 && tx == 0)
        fuzz_fail("transaction id 0 accepted");
    if (xs_error_errno(body, len) >= 0)
        fuzz_fail("an error name mapped to no error");
    if (xs_parse_u64(body, len, &v) == 0) {
        char again[24];

        snprintf(again, sizeof(again), "%llu", (unsigned long long)v);
        if (strlen(again) > len ||
            (len == strlen(again) && memcmp(again, body, len) != 0 &&
             body[0] != '0'))
            fuzz_fail("parse_u64 accepted what it does not print back");
    }
    fuzz_input_free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);

    /* The client's complaints about the input would drown the output. */
    xs_log.level = MIRAGE_LOG_QUIET;
    xenbus_log.level = MIRAGE_LOG_QUIET;
    check_pure(data, size);
    memset(&xs, 0, sizeof(xs));
    memset(&fake_ring, 0, sizeof(fake_ring));
    in = copy;
    in_len = size;
    in_off = 0;
    npending = 0;
    last_req_id = 0;
    rsp_prod_set = 0;
    cancelled = false;
    core_sched_run_main(run, NULL);
    if (xs.done && !xs.broken)
        fuzz_accepted++;
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* A message answering the last request: type, payload. */
static size_t put_answer(uint8_t *p, uint8_t type, const char *body, size_t len)
{
    p[0] = 0;
    p[1] = type;
    p[2] = 1; /* the last req_id, one length byte */
    p[3] = (uint8_t)len;
    memcpy(p + 4, body, len);
    return 4 + len;
}

/*
 * A step that queues nothing: the fake plays one step at each clear and
 * each notify, and a call clears, notifies, then clears again.
 */
static size_t put_noop(uint8_t *p)
{
    p[0] = 1;
    p[1] = 0;
    return 2;
}

/* A request's three steps, its answer the second. */
static size_t put_call(uint8_t *p, uint8_t type, const char *body, size_t len)
{
    size_t n = put_noop(p);

    n += put_answer(p + n, type, body, len);
    return n + put_noop(p + n);
}

/* The answers of a xenstored that does everything right, in order. */
static size_t seed_good(uint8_t *s)
{
    size_t n = 0;

    n += put_noop(s + n);
    n += put_answer(s + n, XS_WATCH, "OK", 3);
    n += put_answer(s + n, XS_WATCH_EVENT, "device\0tok", 11);
    n += put_call(s + n, XS_READ, "00:16:3e:00:00:01", 17);
    n += put_call(s + n, XS_DIRECTORY, "0\0001\000", 4);
    n += put_call(s + n, XS_WRITE, "OK", 3);
    n += put_call(s + n, XS_READ, "0", 1);
    n += put_call(s + n, XS_TRANSACTION_START, "12", 3);
    n += put_call(s + n, XS_RM, "OK", 3);
    n += put_call(s + n, XS_TRANSACTION_END, "OK", 3);
    n += put_call(s + n, XS_DIRECTORY, "0\000", 2);
    n += put_call(s + n, XS_READ, "/local/domain/0/backend/vif/7/0", 31);
    n += put_call(s + n, XS_READ, "0", 1);
    n += put_call(s + n, XS_UNWATCH, "OK", 3);
    return n;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t s[4][1024];
    size_t n = 0;

    if (max < 4)
        return 0;
    lens[n] = seed_good(s[n]);
    seeds[n] = s[n];
    n++;
    /* Errors by name. */
    lens[n] = put_call(s[n], XS_ERROR, "ENOENT", 7);
    lens[n] += put_call(s[n] + lens[n], XS_ERROR, "EAGAIN", 7);
    lens[n] += put_call(s[n] + lens[n], XS_ERROR, "EWHAT", 6);
    seeds[n] = s[n];
    n++;
    /* Indices out of line, then a header with a huge length. */
    s[n][0] = 2;
    memcpy(s[n] + 1, "\x00\x10\x00\x00", 4);
    s[n][5] = 3;
    memcpy(s[n] + 6, "\xff\xff\xff\xff", 4);
    s[n][10] = 0;
    s[n][11] = XS_READ;
    s[n][12] = 3;
    memcpy(s[n] + 13, "\x01\x20\x00\x00", 4);
    lens[n] = 17;
    seeds[n] = s[n];
    n++;
    /* Answers with the wrong req_id and the wrong type. */
    s[n][0] = 0;
    s[n][1] = XS_WRITE;
    s[n][2] = 0;
    memcpy(s[n] + 3, "\x99\x00\x00\x00\x03OK", 8);
    lens[n] = 11 + put_answer(s[n] + 11, XS_DIRECTORY, "OK", 3);
    seeds[n] = s[n];
    n++;
    return n;
}

/* Runs seed (i) of (seeds); the script's results in script_*. */
static void run_seed(uint8_t **seeds, size_t *lens, size_t i)
{
    script_ok = 0;
    script_n = 0;
    memset(script_rc, 0, sizeof(script_rc));
    LLVMFuzzerTestOneInput(seeds[i], lens[i]);
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    uint8_t *seeds[4];
    size_t lens[4];

    if (fuzz_seeds(seeds, lens, 4) != 4) {
        snprintf(why, n, "not 4 seeds");
        return 0;
    }
    fuzz_accepted = 0;
    run_seed(seeds, lens, 0);
    if (fuzz_accepted != 1 || script_ok != 11) {
        snprintf(why, n,
                 "the good session: %d of 11 calls succeeded, %llu accepted",
                 script_ok, fuzz_accepted);
        return 0;
    }
    run_seed(seeds, lens, 1);
    if (script_rc[0] != -ENOENT || script_rc[1] != -EAGAIN ||
        script_rc[2] != -EIO) {
        snprintf(why, n, "errors by name: %d %d %d, not ENOENT EAGAIN EIO",
                 script_rc[0], script_rc[1], script_rc[2]);
        return 0;
    }
    run_seed(seeds, lens, 2);
    if (script_ok != 0 || script_rc[0] != -EIO) {
        snprintf(why, n, "bad indices: %d calls succeeded, the first %d",
                 script_ok, script_rc[0]);
        return 0;
    }
    run_seed(seeds, lens, 3);
    if (script_ok != 0 || script_rc[0] != -EIO) {
        snprintf(why, n, "wrong answers: %d calls succeeded, the first %d",
                 script_ok, script_rc[0]);
        return 0;
    }
    fuzz_accepted = 0;
    return 1;
}
#endif
