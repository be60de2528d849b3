/* SPDX-License-Identifier: ISC */
/* virtqueue.c: split virtqueues (virtio 1.x, 2.7), the driver's side. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "virtio.h"

/*
 * One allocation, 4096-aligned and zeroed, holds the three parts of a
 * queue: the descriptor table (16 bytes an entry, 16-aligned), the
 * available ring right after it (2-aligned) and, from the next 4096-byte
 * boundary, the used ring (4-aligned). The free descriptors form a list
 * through their .next fields, from q->free_head. virtq_add writes the
 * available ring's entries at once but moves its idx only in virtq_kick
 * (q->avail_idx is how far it got).
 *
 * Ordering, on x86 (TSO: stores are seen in order, loads are done in
 * order, only a load may pass an earlier store): a compiler barrier keeps
 * the descriptors and ring entries before the avail idx store, and the
 * used idx load before the used entries' loads; the check of the used
 * flags after publishing needs a full fence (store, then load).
 */

#define RING_ALIGN 4096u

static void compiler_barrier(void)
{
    __asm__ volatile("" ::: "memory");
}

/* Orders earlier stores before later loads (and everything else). */
static void full_fence(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("mfence" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/* Earlier stores before later ones (x86: they are, for the CPU). */
static void store_barrier(void)
{
#if defined(__x86_64__) || defined(__i386__)
    compiler_barrier();
#else
    __atomic_thread_fence(__ATOMIC_RELEASE);
#endif
}

/* Earlier loads before later ones (x86: they are, for the CPU). */
static void load_barrier(void)
{
#if defined(__x86_64__) || defined(__i386__)
    compiler_barrier();
#else
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
#endif
}

static size_t align_up(size_t n, size_t align)
{
    return (n + align - 1) & ~(align - 1);
}

int virtq_init(struct virtq *q, struct virtio_dev *d, uint16_t index,
               uint16_t max_size)
{
    uint16_t max = d->ops->queue_max(d, index);
    uint16_t size = 1;
    size_t desc_bytes, avail_bytes, used_off, total;
    void **cookies;
    char *mem;

    memset(q, 0, sizeof(*q));
    if (max == 0)
        return -ENOENT;
    if (max_size == 0)
        return -EINVAL;
    if (max > max_size)
        max = max_size;
    while ((uint16_t)(size << 1) != 0 && (uint16_t)(size << 1) <= max)
        size = (uint16_t)(size << 1);

    desc_bytes = sizeof(struct virtq_desc) * (size_t)size;
    /* flags, idx, ring[size], used_event */
    avail_bytes = sizeof(uint16_t) * (3 + (size_t)size);
    used_off = align_up(desc_bytes + avail_bytes, RING_ALIGN);
    /* flags, idx, ring[size], avail_event */
    total = used_off + align_up(sizeof(uint16_t) * 3 +
                                    sizeof(struct virtq_used_elem) * size,
                                RING_ALIGN);
    mem = aligned_alloc(RING_ALIGN, total);
    cookies = calloc(size, sizeof(void *));
    if (!mem || !cookies) {
        free(mem);
        free(cookies);
        return -ENOMEM;
    }
    memset(mem, 0, total);

    q->dev = d;
    q->index = index;
    q->size = size;
    q->desc = (volatile struct virtq_desc *)mem;
    q->avail = (volatile struct virtq_avail *)(mem + desc_bytes);
    q->used = (volatile struct virtq_used *)(mem + used_off);
    q->cookies = cookies;
    for (uint16_t i = 0; i < size; i++)
        q->desc[i].next = (uint16_t)(i + 1); /* the last one: unused */
    q->free_head = 0;
    q->num_free = size;
    q->last_used = 0;

    if (d->ops->queue_enable(d, index, size, (uint64_t)(uintptr_t)q->desc,
                             (uint64_t)(uintptr_t)q->avail,
                             (uint64_t)(uintptr_t)q->used) < 0) {
        free(mem);
        free(cookies);
        memset(q, 0, sizeof(*q));
        return -EIO;
    }
    return 0;
}

void virtq_free(struct virtq *q)
{
    free((void *)q->desc); /* the rings' one allocation starts there */
    free(q->cookies);
    memset(q, 0, sizeof(*q));
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned nout,
              unsigned nin, void *cookie)
{
    unsigned n = nout + nin;
    uint16_t head = q->free_head, cur = head, last = head;

    if (n == 0 || !cookie || !bufs)
        return -EINVAL;
    if (n > q->num_free)
        return -ENOSPC;
    for (unsigned i = 0; i < n; i++) {
        uint16_t flags = i < nout ? 0 : VIRTQ_DESC_F_WRITE;

        if (i + 1 < n)
            flags |= VIRTQ_DESC_F_NEXT;
        q->desc[cur].addr = (uint64_t)(uintptr_t)bufs[i].addr;
        q->desc[cur].len = bufs[i].len;
        q->desc[cur].flags = flags;
        /* .next already links to the next free descriptor: the chain */
        last = cur;
        cur = q->desc[cur].next;
    }
    q->free_head = q->desc[last].next;
    q->num_free = (uint16_t)(q->num_free - n);
    q->cookies[head] = cookie;
    q->avail->ring[q->avail_idx & (q->size - 1)] = head;
    q->avail_idx++;
    return 0;
}

void virtq_kick(struct virtq *q)
{

    if (q->avail->idx == q->avail_idx)
        return;      /* nothing new */
    store_barrier(); /* descriptors and ring entries, then idx */
    q->avail->idx = q->avail_idx;
    full_fence(); /* idx out before the flags are read (2.7.13) */
    if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
        q->dev->ops->queue_notify(q->dev, q->index);
}

bool virtq_has_used(const struct virtq *q)
{
    return q->used && q->last_used != q->used->idx;
}

void virtq_interrupts_off(struct virtq *q)
{
    q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

bool virtq_interrupts_on(struct virtq *q)
{
    q->avail->flags = 0;
    full_fence(); /* the flag out before used.idx is read again */
    return virtq_has_used(q);
}

void *virtq_get(struct virtq *q, uint32_t *len)
{
    while (virtq_has_used(q)) {
        volatile struct virtq_used_elem *e;
        uint32_t id, written;
        uint16_t cur, count = 1;
        void *cookie;

        load_barrier(); /* the idx, then the entry */
        e = &q->used->ring[q->last_used & (q->size - 1)];
        id = e->id;
        written = e->len;
        q->last_used++;
        if (id >= q->size || !q->cookies[id])
            continue; /* not a chain in flight: a broken device */
        cookie = q->cookies[id];
        q->cookies[id] = NULL;
        cur = (uint16_t)id;
        while ((q->desc[cur].flags & VIRTQ_DESC_F_NEXT) && count < q->size) {
            cur = q->desc[cur].next;
            count++;
        }
        q->desc[cur].next = q->free_head;
        q->free_head = (uint16_t)id;
        q->num_free = (uint16_t)(q->num_free + count);
        if (len)
            *len = written;
        return cookie;
    }
    return NULL;
}
