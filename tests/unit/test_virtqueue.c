/* SPDX-License-Identifier: ISC */
/* test_virtqueue.c: split virtqueues (virtio/virtqueue.c), on the host. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "virtio.h"

/*
 * The test is the device: a fake transport records what virtq_init gives
 * queue_enable and counts the notifications, and the helpers below read
 * the available ring and its chains as a device would and write used
 * entries.
 */

/* --- The fake transport ------------------------------------------------ */

struct fake {
    uint16_t qmax[4]; /* queue_max of each queue */
    int enable_rc;    /* what queue_enable returns */
    unsigned enables; /* queue_enable calls */
    uint16_t en_index, en_size;
    uint64_t en_desc, en_avail, en_used;
    unsigned notifies; /* queue_notify calls */
    uint16_t notify_index;
};

static struct fake fake;

static uint16_t fake_queue_max(struct virtio_dev *d, uint16_t index)
{
    (void)d;
    return index < 4 ? fake.qmax[index] : 0;
}

static int fake_queue_enable(struct virtio_dev *d, uint16_t index,
                             uint16_t size, uint64_t desc, uint64_t avail,
                             uint64_t used)
{
    (void)d;
    fake.enables++;
    fake.en_index = index;
    fake.en_size = size;
    fake.en_desc = desc;
    fake.en_avail = avail;
    fake.en_used = used;
    return fake.enable_rc;
}

static void fake_queue_notify(struct virtio_dev *d, uint16_t index)
{
    (void)d;
    fake.notifies++;
    fake.notify_index = index;
}

static const struct virtio_transport_ops fake_ops = {
    .queue_max = fake_queue_max,
    .queue_enable = fake_queue_enable,
    .queue_notify = fake_queue_notify,
};

static struct virtio_dev dev = {
    .ops = &fake_ops,
    .device_id = VIRTIO_ID_BLOCK,
    .where = "fake",
};

static void fake_reset(uint16_t qmax)
{
    memset(&fake, 0, sizeof(fake));
    for (int i = 0; i < 4; i++)
        fake.qmax[i] = qmax;
}

/* --- The device's side ------------------------------------------------- */

struct chain {
    uint16_t head;
    unsigned n;
    struct virtq_desc d[8];
};

/* What the device has taken from the available ring of each queue. */
static uint16_t dev_avail;

/* Takes the next available chain into (*c): 1, or 0 when there is none. */
static int dev_pop(struct virtq *q, struct chain *c)
{
    uint16_t cur;

    if (dev_avail == q->avail->idx)
        return 0;
    c->head = q->avail->ring[dev_avail % q->size];
    dev_avail++;
    cur = c->head;
    for (c->n = 0; c->n < 8; c->n++) {
        if (cur >= q->size)
            return -1;
        c->d[c->n].addr = q->desc[cur].addr;
        c->d[c->n].len = q->desc[cur].len;
        c->d[c->n].flags = q->desc[cur].flags;
        c->d[c->n].next = q->desc[cur].next;
        if (!(q->desc[cur].flags & VIRTQ_DESC_F_NEXT)) {
            c->n++;
            return 1;
        }
        cur = q->desc[cur].next;
    }
    return -1; /* too long: a loop */
}

/* Finishes the chain of (head), having written (len) bytes. */
static void dev_complete(struct virtq *q, uint16_t head, uint32_t len)
{
    uint16_t i = q->used->idx;

    q->used->ring[i % q->size].id = head;
    q->used->ring[i % q->size].len = len;
    q->used->idx = (uint16_t)(i + 1);
}

/* The rings of every queue set up, freed at the end (virtq_free). */
static struct virtq made[64];
static size_t nmade;

/* virtq_init, remembering the queue's rings for free_all. */
static int init(struct virtq *q, uint16_t index, uint16_t max_size)
{
    int rc = virtq_init(q, &dev, index, max_size);

    if (rc == 0 && nmade < sizeof(made) / sizeof(made[0]))
        made[nmade++] = *q;
    return rc;
}

static void free_all(void)
{
    for (size_t i = 0; i < nmade; i++)
        virtq_free(&made[i]);
    nmade = 0;
}

static int setup(struct virtq *q, uint16_t qmax, uint16_t max_size)
{
    fake_reset(qmax);
    dev_avail = 0;
    return init(q, 0, max_size);
}

/* The chain (c) is (nout) readable then (nin) writable buffers (bufs). */
static int chain_is(const struct chain *c, const struct virtq_buf *bufs,
                    unsigned nout, unsigned nin)
{
    if (c->n != nout + nin)
        return 0;
    for (unsigned i = 0; i < c->n; i++) {
        uint16_t want = i < nout ? 0 : VIRTQ_DESC_F_WRITE;

        if (i + 1 < c->n)
            want |= VIRTQ_DESC_F_NEXT;
        if (c->d[i].flags != want ||
            c->d[i].addr != (uint64_t)(uintptr_t)bufs[i].addr ||
            c->d[i].len != bufs[i].len)
            return 0;
    }
    return 1;
}

/* --- Tests ------------------------------------------------------------- */

static void test_init(void)
{
    struct virtq q;
    int ok = 1;

    TAP_OK(setup(&q, 0, 256) == -ENOENT && fake.enables == 0,
           "queue_max 0: -ENOENT, nothing enabled");
    TAP_OK(setup(&q, 256, 256) == 0 && q.size == 256, "256 of 256: 256");
    TAP_OK(setup(&q, 200, 256) == 0 && q.size == 128,
           "queue_max 200: rounded down to 128");
    TAP_OK(setup(&q, 1024, 64) == 0 && q.size == 64,
           "queue_max 1024, at most 64: 64");
    TAP_OK(setup(&q, 256, 100) == 0 && q.size == 64,
           "at most 100: rounded down to 64");
    TAP_OK(setup(&q, 1, 256) == 0 && q.size == 1, "queue_max 1: 1");
    TAP_OK(setup(&q, 65535, 65535) == 0 && q.size == 32768,
           "queue_max 65535: 32768");

    fake_reset(16);
    dev_avail = 0;
    TAP_OK(init(&q, 2, 256) == 0 && q.size == 16 && q.index == 2 &&
               q.dev == &dev,
           "queue 2 of 16 entries");
    TAP_OK(fake.enables == 1 && fake.en_index == 2 && fake.en_size == 16,
           "queue_enable got the queue's index and size");
    TAP_OK(fake.en_desc == (uint64_t)(uintptr_t)q.desc &&
               fake.en_avail == (uint64_t)(uintptr_t)q.avail &&
               fake.en_used == (uint64_t)(uintptr_t)q.used,
           "queue_enable got the rings' addresses");
    TAP_OK(fake.en_desc % 16 == 0 && fake.en_avail % 2 == 0 &&
               fake.en_used % 4 == 0,
           "descriptors 16-aligned, avail 2-aligned, used 4-aligned");
    TAP_OK(fake.en_avail >= fake.en_desc + 16 * 16 &&
               fake.en_used >= fake.en_avail + 2 * (3 + 16),
           "the rings do not overlap");
    for (unsigned i = 0; i < 16; i++)
        if (q.desc[i].addr || q.desc[i].len || q.desc[i].flags ||
            q.avail->ring[i] || q.used->ring[i].id || q.used->ring[i].len)
            ok = 0;
    TAP_OK(ok && q.avail->idx == 0 && q.avail->flags == 0 && q.used->idx == 0 &&
               q.used->flags == 0,
           "the rings start zeroed");
    TAP_OK(q.num_free == 16 && q.last_used == 0, "all 16 descriptors free");
    TAP_OK(!virtq_has_used(&q) && virtq_get(&q, NULL) == NULL,
           "nothing used yet");

    fake_reset(16);
    fake.enable_rc = -EIO;
    TAP_OK(init(&q, 0, 16) == -EIO, "queue_enable fails: -EIO");
    fake_reset(16);
    TAP_OK(init(&q, 0, 0) == -EINVAL, "at most 0: -EINVAL");
}

static void test_chains(void)
{
    struct virtq q;
    char a[10], b[20], c[30];
    const struct virtq_buf bufs[3] = {{a, 10}, {b, 20}, {c, 30}};
    static const unsigned shapes[][2] = {{1, 0}, {0, 1}, {1, 1}, {2, 1},
                                         {1, 2}, {3, 0}, {0, 3}};
    const size_t nshapes = sizeof(shapes) / sizeof(shapes[0]);
    int cookies[sizeof(shapes) / sizeof(shapes[0])];
    struct chain ch;
    unsigned total = 0;
    int ok = 1;

    setup(&q, 64, 64);
    for (size_t i = 0; i < nshapes; i++) {
        if (virtq_add(&q, bufs, shapes[i][0], shapes[i][1], &cookies[i]) != 0)
            ok = 0;
        total += shapes[i][0] + shapes[i][1];
    }
    TAP_OK(ok && q.num_free == 64 - total,
           "7 chains of 1 to 3 buffers added: %u descriptors taken", total);
    TAP_OK(q.avail->idx == 0 && fake.notifies == 0,
           "not visible before virtq_kick");
    virtq_kick(&q);
    TAP_OK(q.avail->idx == nshapes && fake.notifies == 1 &&
               fake.notify_index == 0,
           "virtq_kick publishes all 7 and notifies once");
    for (size_t i = 0; i < nshapes; i++) {
        int r = dev_pop(&q, &ch);

        TAP_OK(r == 1 && chain_is(&ch, bufs, shapes[i][0], shapes[i][1]),
               "chain %zu: %u out, %u in: addresses, lengths, NEXT and "
               "WRITE flags",
               i, shapes[i][0], shapes[i][1]);
        dev_complete(&q, ch.head, 7 * (uint32_t)i);
    }
    TAP_OK(dev_pop(&q, &ch) == 0, "no more chains");
    virtq_kick(&q);
    TAP_OK(fake.notifies == 1, "a kick with nothing new does not notify");
    TAP_OK(virtq_has_used(&q), "completions are waiting");
    for (size_t i = 0; i < nshapes; i++) {
        uint32_t len = 12345;

        if (virtq_get(&q, &len) != &cookies[i] || len != 7 * i)
            ok = 0;
    }
    TAP_OK(ok, "virtq_get returns each cookie with the length written");
    TAP_OK(!virtq_has_used(&q) && virtq_get(&q, NULL) == NULL &&
               q.num_free == 64,
           "then nothing; every descriptor free again");
    TAP_OK(virtq_add(&q, bufs, 0, 0, &cookies[0]) == -EINVAL &&
               virtq_add(&q, bufs, 1, 0, NULL) == -EINVAL && q.num_free == 64,
           "an empty chain or a NULL cookie: -EINVAL, nothing taken");
}

static void test_full(void)
{
    struct virtq q;
    char x[8];
    const struct virtq_buf bufs[3] = {{x, 1}, {x, 2}, {x, 3}};
    int k[4];
    struct chain ch;

    setup(&q, 8, 8);
    TAP_OK(virtq_add(&q, bufs, 2, 1, &k[0]) == 0 &&
               virtq_add(&q, bufs, 1, 2, &k[1]) == 0 && q.num_free == 2,
           "two chains of 3 in a queue of 8: 2 left");
    TAP_OK(virtq_add(&q, bufs, 3, 0, &k[2]) == -ENOSPC && q.num_free == 2,
           "a third chain of 3: -ENOSPC, nothing taken");
    TAP_OK(virtq_add(&q, bufs, 1, 1, &k[2]) == 0 && q.num_free == 0,
           "a chain of 2 fills it");
    TAP_OK(virtq_add(&q, bufs, 1, 0, &k[3]) == -ENOSPC,
           "then even one buffer: -ENOSPC");
    virtq_kick(&q);
    TAP_OK(q.avail->idx == 3, "the refused chains were not published");
    dev_pop(&q, &ch);
    dev_complete(&q, ch.head, 0);
    TAP_OK(virtq_get(&q, NULL) == &k[0] && q.num_free == 3,
           "a completed chain of 3 frees 3 descriptors");
    TAP_OK(virtq_add(&q, bufs, 0, 3, &k[3]) == 0 && q.num_free == 0,
           "and a chain of 3 fits again");
}

/* Fills the queue with chains of 1..3 and drains it, (rounds) times. */
static void test_fill_drain(void)
{
    struct virtq q;
    char x[4];
    const struct virtq_buf bufs[3] = {{x, 1}, {x, 2}, {x, 3}};
    static int cookies[256];
    unsigned added = 0, round, seq = 0;
    int ok = 1, chains_ok = 1, order_ok = 1;

    setup(&q, 32, 32);
    for (round = 0; (added < 3 * 32 || round < 4) && round < 100; round++) {
        unsigned first = seq, n = 0;
        struct chain ch;

        for (;;) {
            unsigned len = 1 + seq % 3, nin = seq % (len + 1);
            int rc = virtq_add(&q, bufs, len - nin, nin, &cookies[seq % 256]);

            if (rc == -ENOSPC)
                break;
            if (rc != 0) {
                ok = 0;
                break;
            }
            seq++;
            n++;
        }
        if (q.num_free >= 3)
            ok = 0; /* -ENOSPC only when the next chain did not fit */
        virtq_kick(&q);
        for (unsigned i = 0; i < n; i++) {
            unsigned s = first + i, len = 1 + s % 3, nin = s % (len + 1);

            if (dev_pop(&q, &ch) != 1 || !chain_is(&ch, bufs, len - nin, nin))
                chains_ok = 0;
            dev_complete(&q, ch.head, s);
        }
        for (unsigned i = 0; i < n; i++) {
            uint32_t len;

            if (virtq_get(&q, &len) != &cookies[(first + i) % 256] ||
                len != first + i)
                order_ok = 0;
        }
        if (q.num_free != 32 || virtq_get(&q, NULL) != NULL)
            ok = 0;
        added += n;
    }
    TAP_OK(ok && added >= 3 * 32,
           "%u rounds, %u chains: each round fills the 32 descriptors, "
           "-ENOSPC, and all 32 come back",
           round, added);
    TAP_OK(chains_ok, "the device sees every chain as added");
    TAP_OK(order_ok, "every cookie comes back, with its length");
}

/* The 16-bit indices wrap: 70000 chains through a queue of 4. */
static void test_wrap(void)
{
    struct virtq q;
    char x;
    const struct virtq_buf buf = {&x, 1};
    struct chain ch;
    int ok = 1;

    setup(&q, 4, 4);
    for (uint32_t i = 0; i < 70000 && ok; i++) {
        void *cookie = (void *)(uintptr_t)(i + 1);
        uint32_t len;

        if (virtq_add(&q, &buf, 0, 1, cookie) != 0)
            ok = 0;
        virtq_kick(&q);
        if (dev_pop(&q, &ch) != 1)
            ok = 0;
        dev_complete(&q, ch.head, i);
        if (virtq_get(&q, &len) != cookie || len != i)
            ok = 0;
    }
    TAP_OK(ok && q.num_free == 4 && q.avail->idx == (uint16_t)70000 &&
               q.last_used == (uint16_t)70000,
           "70000 chains through 4 entries: the indices wrap at 65536");
    TAP_OK(fake.notifies == 70000, "one notification a kick");
}

static void test_out_of_order(void)
{
    struct virtq q;
    char x[4];
    const struct virtq_buf bufs[3] = {{x, 1}, {x, 2}, {x, 3}};
    int k[4];
    struct chain ch[4];
    uint32_t len;
    void *got[4];

    setup(&q, 16, 16);
    virtq_add(&q, bufs, 1, 1, &k[0]);
    virtq_add(&q, bufs, 2, 1, &k[1]);
    virtq_add(&q, bufs, 1, 0, &k[2]);
    virtq_add(&q, bufs, 0, 2, &k[3]);
    virtq_kick(&q);
    for (int i = 0; i < 4; i++)
        dev_pop(&q, &ch[i]);
    dev_complete(&q, ch[2].head, 102);
    dev_complete(&q, ch[0].head, 100);
    TAP_OK(virtq_get(&q, &len) == &k[2] && len == 102,
           "the third chain, finished first, comes back first");
    TAP_OK(q.num_free == 16 - 8 + 1, "its descriptor is free again");
    dev_complete(&q, ch[3].head, 103);
    dev_complete(&q, ch[1].head, 101);
    got[0] = virtq_get(&q, &len);
    got[1] = virtq_get(&q, &len);
    got[2] = virtq_get(&q, &len);
    got[3] = virtq_get(&q, &len);
    TAP_OK(got[0] == &k[0] && got[1] == &k[3] && got[2] == &k[1] &&
               got[3] == NULL && len == 101,
           "then the others in the order they finished");
    TAP_OK(q.num_free == 16, "all descriptors free");

    /* The freed descriptors, in a scrambled free list, still chain. */
    for (int round = 0; round < 3; round++) {
        int ok = 1;

        for (int i = 0; i < 4; i++)
            if (virtq_add(&q, bufs, 3 - (unsigned)i % 3, 0, &k[i]) != 0)
                ok = 0;
        virtq_kick(&q);
        for (int i = 0; i < 4; i++)
            if (dev_pop(&q, &ch[i]) != 1 ||
                !chain_is(&ch[i], bufs, 3 - (unsigned)i % 3, 0))
                ok = 0;
        for (int i = 3; i >= 0; i--)
            dev_complete(&q, ch[i].head, 0);
        for (int i = 3; i >= 0; i--)
            if (virtq_get(&q, NULL) != &k[i])
                ok = 0;
        TAP_OK(ok && q.num_free == 16,
               "round %d: chains from a reused free list are whole, and "
               "come back in reverse",
               round + 1);
    }
}

static void test_no_notify(void)
{
    struct virtq q;
    char x;
    const struct virtq_buf buf = {&x, 1};
    int k;

    fake_reset(8);
    dev_avail = 0;
    init(&q, 1, 8);
    q.used->flags = VIRTQ_USED_F_NO_NOTIFY;
    virtq_add(&q, &buf, 1, 0, &k);
    virtq_kick(&q);
    TAP_OK(q.avail->idx == 1 && fake.notifies == 0,
           "VIRTQ_USED_F_NO_NOTIFY: published, not notified");
    q.used->flags = 0;
    virtq_add(&q, &buf, 1, 0, &k);
    virtq_kick(&q);
    TAP_OK(q.avail->idx == 2 && fake.notifies == 1 && fake.notify_index == 1,
           "flag cleared: notified, for queue 1");
}

static void test_free(void)
{
    struct virtq q;

    /* virtq_init itself, not init: these queues are freed here */
    fake_reset(0);
    virtq_init(&q, &dev, 0, 16); /* fails: left zeroed */
    virtq_free(&q);
    TAP_OK(q.desc == NULL && q.size == 0, "virtq_free of a failed queue");
    fake_reset(16);
    virtq_init(&q, &dev, 0, 16);
    virtq_free(&q);
    TAP_OK(q.desc == NULL && q.cookies == NULL && q.size == 0 &&
               !virtq_has_used(&q),
           "virtq_free: the queue is empty and unusable after it");
    TAP_OK(virtq_init(&q, &dev, 0, 16) == 0 && q.size == 16 && q.num_free == 16,
           "the queue set up again after virtq_free");
    virtq_free(&q);
}

static void test_interrupt_hint(void)
{
    struct virtq q;
    char x;
    const struct virtq_buf buf = {&x, 1};
    struct chain c;
    int k;

    fake_reset(8);
    dev_avail = 0;
    init(&q, 0, 8);
    virtq_interrupts_off(&q);
    TAP_OK(q.avail->flags == VIRTQ_AVAIL_F_NO_INTERRUPT,
           "interrupts off: VIRTQ_AVAIL_F_NO_INTERRUPT set");
    TAP_OK(!virtq_interrupts_on(&q) && q.avail->flags == 0,
           "interrupts on, nothing finished: flag cleared, nothing pending");
    virtq_interrupts_off(&q);
    virtq_add(&q, &buf, 0, 1, &k);
    virtq_kick(&q);
    dev_pop(&q, &c);
    dev_complete(&q, c.head, 1); /* finished while interrupts were off */
    TAP_OK(virtq_interrupts_on(&q) && q.avail->flags == 0,
           "a chain finished while off: interrupts on says so");
    TAP_OK(virtq_get(&q, NULL) == &k && !virtq_interrupts_on(&q),
           "once taken, nothing pending");
}

/*
 * Random adds and out-of-order completions: the free count always matches,
 * no descriptor is in two chains in flight, each cookie comes back.
 */
static void test_random(void)
{
    struct virtq q;
    char x[4];
    const struct virtq_buf bufs[3] = {{x, 1}, {x, 2}, {x, 3}};
    struct {
        struct chain c;
        void *cookie;
    } flight[16];
    unsigned nflight = 0, used_desc = 0;
    uintptr_t next_cookie = 1;
    uint32_t seed = 12345;
    int ok = 1;

    setup(&q, 16, 16);
    for (int step = 0; step < 20000 && ok; step++) {
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 2 == 0) {
            unsigned n = 1 + (seed >> 20) % 3, nin = (seed >> 24) % (n + 1);
            void *cookie = (void *)next_cookie++;
            int rc = virtq_add(&q, bufs, n - nin, nin, cookie);
            uint8_t seen[16] = {0};

            if ((rc == -ENOSPC) != (n > 16 - used_desc))
                ok = 0;
            if (rc != 0)
                continue;
            virtq_kick(&q);
            if (dev_pop(&q, &flight[nflight].c) != 1 ||
                !chain_is(&flight[nflight].c, bufs, n - nin, nin))
                ok = 0;
            flight[nflight++].cookie = cookie;
            used_desc += n;
            for (unsigned i = 0; i < nflight; i++) {
                uint16_t cur = flight[i].c.head;

                for (unsigned j = 0; j < flight[i].c.n; j++) {
                    if (cur >= 16 || seen[cur]++)
                        ok = 0;
                    cur = flight[i].c.d[j].next;
                }
            }
        } else if (nflight > 0) {
            unsigned pick = (seed >> 20) % nflight;

            dev_complete(&q, flight[pick].c.head, pick);
            if (virtq_get(&q, NULL) != flight[pick].cookie)
                ok = 0;
            used_desc -= flight[pick].c.n;
            flight[pick] = flight[--nflight];
        }
        if (q.num_free != 16 - used_desc)
            ok = 0;
    }
    TAP_OK(ok, "20000 random adds and completions: free counts match, no "
               "descriptor is in two chains, cookies come back");
}

int main(void)
{
    test_init();
    test_chains();
    test_full();
    test_fill_drain();
    test_wrap();
    test_out_of_order();
    test_no_notify();
    test_interrupt_hint();
    test_free();
    test_random();
    free_all();
    return tap_done();
}
