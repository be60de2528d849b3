/* SPDX-License-Identifier: ISC */
/* fuzz_tls_record.c: a TLS server flow of the tls device on hostile bytes. */
#define FUZZ_NAME    "fuzz_tls_record"
#define FUZZ_INPUTS  200000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  16384
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_tls_certs.h"
#include "sched.h"
#include "tls_fake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The server's entropy: the same for every input, so that a recorded
 * client's bytes replay a whole handshake. */
#define SERVER_SEED 0x5eed5eed5eedull

/* What the last input did, for the seeds' check. */
static struct {
    int handshaken;         /* mirage_tls_handshake returned 0 */
    int resumed;            /* and resumed a session */
    unsigned long app_read; /* application bytes read */
    int end;                /* the last read's result */
} last;

/* An input being read: the chunks left. */
struct script {
    const uint8_t *p;
    size_t n;
};

/* The next chunk of (arg) (struct script): a length of 1 byte (below
 * 0x80) or 2 (0x80 set: 15 bits), then the bytes; 0 or the input's end
 * ends the connection. */
static size_t next_chunk(void *arg, const unsigned char **out)
{
    struct script *s = arg;
    size_t len;

    if (s->n == 0)
        return 0;
    len = *s->p++;
    s->n--;
    if (len & 0x80) {
        if (s->n == 0)
            return 0;
        len = ((len & 0x7f) << 8) | *s->p++;
        s->n--;
    }
    if (len > s->n)
        len = s->n;
    *out = s->p;
    s->p += len;
    s->n -= len;
    return len;
}

/* The store of the server: two certificates, the CA. */
static void server_store(struct tls_fake_kv *kv)
{
    tls_fake_kv_init(kv);
    tls_fake_kv_add(kv, "server.pem", fuzz_tls_server_pem,
                    strlen(fuzz_tls_server_pem));
    tls_fake_kv_add(kv, "server.key", fuzz_tls_server_key,
                    strlen(fuzz_tls_server_key));
    tls_fake_kv_add(kv, "rsa.pem", fuzz_tls_rsa_pem, strlen(fuzz_tls_rsa_pem));
    tls_fake_kv_add(kv, "rsa.key", fuzz_tls_rsa_key, strlen(fuzz_tls_rsa_key));
    tls_fake_kv_add(kv, "ca.pem", fuzz_tls_ca_pem, strlen(fuzz_tls_ca_pem));
}

/* The server's device: (cfg) bit 0 compat suites, bit 1 the RSA
 * certificate first. */
static int server_dev(struct mirage_tls **dev, struct tls_fake_rng *rng,
                      struct mirage_pclock *pc, struct mirage_mclock *mc,
                      struct tls_fake_kv *kv, unsigned cfg)
{
    static const char *const ec_first[] = {"server", "rsa"};
    static const char *const rsa_first[] = {"rsa", "server"};
    static const char *const alpn[] = {"http/1.1"};
    struct mirage_list_string certs = {2, cfg & 2 ? rsa_first : ec_first};
    struct mirage_list_string protos = {1, alpn};

    tls_fake_rng_init(rng, SERVER_SEED);
    tls_fake_pclock_init(pc, FUZZ_TLS_NOW);
    tls_fake_mclock_init(mc);
    server_store(kv);
    return mirage_tls_bearssl_connect(dev, "tls", "server", &rng->dev, pc, mc,
                                      &kv->dev, certs, "ca.pem",
                                      cfg & 1 ? "compat" : "modern", 4, protos);
}

/* Reads (and with (echo) writes back) what the server flow (flow) gives
 * until its end or an error; the last read's result. */
static int serve(struct mirage_tls *dev, struct mirage_tcp_flow *flow, int echo)
{
    static unsigned char buf[4096];
    struct mirage_tls_info info;
    int n;

    n = mirage_tls_handshake(dev, flow, 2000000000ull);
    if (n == 0) {
        last.handshaken = 1;
        if (mirage_tls_info(dev, flow, &info) == 0 && info.resumed)
            last.resumed = 1;
    }
    for (;;) {
        n = mirage_tcp_read(flow, buf, sizeof buf, 2000000000ull);
        if (n <= 0)
            break;
        last.app_read += (unsigned long)n;
        if (echo && mirage_tcp_write(flow, buf, (size_t)n, 2000000000ull) < 0)
            break;
    }
    return n;
}

struct one {
    const uint8_t *data;
    size_t size;
};

/* The fiber of one input: up to 3 connections on one device. */
static int run_one(void *arg)
{
    struct one *o = arg;
    struct tls_fake_rng rng;
    struct mirage_pclock pc;
    struct mirage_mclock mc;
    struct tls_fake_kv kv;
    struct mirage_tls *dev;
    struct script s = {o->data + 1, o->size - 1};
    unsigned cfg = o->data[0];
    int rc = server_dev(&dev, &rng, &pc, &mc, &kv, cfg);

    if (rc < 0)
        fuzz_fail("the server's device did not connect (%d)", rc);
    for (int c = 0; c < 3 && (c == 0 || s.n > 0); c++) {
        struct tls_fake_flow raw;
        struct mirage_tcp_flow *flow;
        unsigned long before = last.app_read;

        tls_fake_flow_script(&raw, next_chunk, &s, cfg >> 4);
        rc = mirage_tls_server(dev, &raw.flow, &flow);
        if (rc < 0)
            fuzz_fail("mirage_tls_server: %d", rc);
        rc = serve(dev, flow, cfg & 4);
        last.end = rc;
        if (rc > 0 || (rc < 0 && rc != -EPROTO && rc != -EPIPE &&
                       rc != -ECONNRESET && rc != -ETIMEDOUT))
            fuzz_fail("connection %d ended with %d", c, rc);
        if (last.app_read - before > o->size)
            fuzz_fail("%lu bytes read from an input of %zu",
                      last.app_read - before, o->size);
        if (rc < 0 && !mirage_tls_error(dev, flow))
            fuzz_fail("connection %d failed (%d) without a reason", c, rc);
        mirage_tcp_close(flow);
        if (!raw.closed)
            fuzz_fail("connection %d: the TCP flow was not closed", c);
        /* the rest of a chunk cut short by the end goes with it */
    }
    tls_fake_free_dev(dev);
    return 0;
}

/*
 * The input: a byte of configuration (bit 0: compat suites; bit 1: the
 * RSA certificate first; bit 2: the server echoes what it reads; bits 4
 * to 7: its Nth TCP write fails, 0 none), then a client's bytes in
 * chunks (next_chunk), each read by one tcp_read at most; an empty chunk
 * ends a connection, and the bytes after it are the next connection's,
 * up to 3 on one device (with its session cache). The server's flow
 * must end (a clean end, -EPROTO, -EPIPE or -ECONNRESET, with a reason
 * when it fails), read no more than the input, and close its TCP flow;
 * the device frees everything (ASan's leak check in campaigns).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    struct one o = {copy, size};

    if (size > 0) {
        memset(&last, 0, sizeof(last));
        tls_bearssl_log.level =
            getenv("FUZZ_TLS_LOG") ? MIRAGE_LOG_DEBUG : MIRAGE_LOG_QUIET;
        core_sched_run_main(run_one, &o);
        fuzz_accepted += last.handshaken;
    }
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* A seed being made: a client's writes as chunks. */
struct rec {
    uint8_t *p;
    size_t n, cap;
    const char *host;
    const char *msg;
};

/* The server's side of a recorded connection. */
static int rec_server(void *arg)
{
    struct mirage_tcp_flow *flow = arg;
    struct tls_flow *f = (struct tls_flow *)flow;

    serve(&f->d->dev, flow, 1);
    mirage_tcp_close(flow);
    return 0;
}

/* One connection of a device client to a server of (cfg), its writes
 * appended to (r) as chunks, then an empty chunk. */
static int record(void *arg)
{
    struct rec *r = arg;
    struct tls_fake_rng srng, crng;
    struct mirage_pclock pc;
    struct mirage_mclock mc;
    struct tls_fake_kv skv, ckv;
    struct mirage_tls *sdev, *cdev;
    struct tls_fake_flow a, b;
    struct tls_fake_pipe ab, ba;
    struct mirage_tcp_flow *cf, *sf;
    struct mirage_fiber *fib;
    static const char *const none[] = {"server"};
    struct mirage_list_string nocerts = {0, none};
    static const char *const alpn[] = {"http/1.1"};
    struct mirage_list_string protos = {1, alpn};
    char echo[64];
    int rc, n;

    if (server_dev(&sdev, &srng, &pc, &mc, &skv, r->p[0]) < 0)
        return -1;
    tls_fake_rng_init(&crng, 0xc11e47ull);
    tls_fake_kv_init(&ckv);
    tls_fake_kv_add(&ckv, "ca.pem", fuzz_tls_ca_pem, strlen(fuzz_tls_ca_pem));
    rc = mirage_tls_bearssl_connect(&cdev, "client", "server", &crng.dev, &pc,
                                    &mc, &ckv.dev, nocerts, "ca.pem", "modern",
                                    0, protos);
    if (rc < 0)
        return rc;
    tls_fake_flow_pair(&a, &b, &ab, &ba);
    a.record = malloc(65536);
    a.record_cap = a.record ? 65536 : 0;
    if (mirage_tls_client(cdev, &a.flow, r->host, &cf) < 0 ||
        mirage_tls_server(sdev, &b.flow, &sf) < 0)
        return -1;
    mirage_fiber_spawn(&fib, rec_server, sf, NULL);
    rc = mirage_tcp_write(cf, r->msg, strlen(r->msg), 2000000000ull);
    n = rc < 0 ? rc : mirage_tcp_read(cf, echo, sizeof echo, 2000000000ull);
    mirage_tcp_close(cf);
    mirage_fiber_join(fib, NULL, 2000000000ull);
    for (size_t i = 0, at = 0; i < a.ncuts; i++) {
        size_t len = a.record_cuts[i];
        while (len) { /* chunks of at most 0x7fff bytes */
            size_t k = len > 0x7fff ? 0x7fff : len;
            if (r->n + k + 2 > r->cap)
                break;
            r->p[r->n++] = (uint8_t)(0x80 | (k >> 8));
            r->p[r->n++] = (uint8_t)k;
            memcpy(r->p + r->n, a.record + at, k);
            r->n += k;
            at += k;
            len -= k;
        }
    }
    if (r->n < r->cap)
        r->p[r->n++] = 0;
    free(a.record);
    free(a.record_cuts);
    tls_fake_pipe_free(&ab);
    tls_fake_pipe_free(&ba);
    tls_fake_free_dev(sdev);
    tls_fake_free_dev(cdev);
    return n > 0 ? 0 : -1;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t buf[4][FUZZ_MAXLEN];
    static const struct {
        uint8_t cfg;
        const char *host;
    } how[] = {
        {0x04, "fuzz.test"},     /* EC, echo */
        {0x06, "rsa.fuzz.test"}, /* RSA by SNI (and first), echo */
        {0x05, "fuzz.test"},     /* compat suites, echo */
        {0x34, "fuzz.test"},     /* echo, the third write fails */
    };
    size_t n = 0;

    tls_bearssl_log.level = MIRAGE_LOG_QUIET;
    for (size_t i = 0; i < sizeof how / sizeof how[0] && n < max; i++) {
        struct rec r = {buf[i], 1, sizeof buf[i], how[i].host, "hello, fuzz\n"};
        buf[i][0] = how[i].cfg;
        if (core_sched_run_main(record, &r) != 0)
            continue;
        seeds[n] = buf[i];
        lens[n] = r.n;
        n++;
    }
    return n;
}

/* The first three seeds replayed: each a whole handshake and the 12
 * bytes of the message (the fourth's server fails a write). */
static int fuzz_seeds_ok(char *why, size_t n)
{
    if (fuzz_nseeds < 4) {
        snprintf(why, n, "only %zu of the 4 seeds were made", fuzz_nseeds);
        return 0;
    }
    for (size_t i = 0; i < 3; i++) {
        LLVMFuzzerTestOneInput(fuzz_seed[i], fuzz_seed_len[i]);
        if (!last.handshaken || last.app_read != 12) {
            snprintf(why, n, "seed %zu: handshake %d, %lu bytes read, end %d",
                     i, last.handshaken, last.app_read, last.end);
            return 0;
        }
    }
    return 1;
}
#endif
