/* SPDX-License-Identifier: ISC */
/* ring.h: barriers and index arithmetic of memory shared with Xen. */
#ifndef MIRAGE_XEN_RING_H
#define MIRAGE_XEN_RING_H

#include <stdint.h>

/*
 * The fences are the C11 ones, so the hosted unit tests are right on any
 * host. On x86-64 (TSO: loads stay in order with loads, stores with
 * stores, and no store passes an earlier load) the acquire and release
 * fences only stop the compiler; the full fence is an mfence.
 */

/* Orders the loads before it before the accesses after it. */
static inline void xen_rmb(void)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
}

/* Orders the accesses before it before the stores after it. */
static inline void xen_wmb(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

/* Orders every access before it before every access after it. */
static inline void xen_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Reads a 32-bit index that the other side writes. */
static inline uint32_t xen_read_idx(const volatile uint32_t *p)
{
    return *p;
}

/* Publishes a 32-bit index that the other side reads. */
static inline void xen_write_idx(volatile uint32_t *p, uint32_t v)
{
    *p = v;
}

/*
 * Bytes in use between free-running indices (prod) and (cons) of a ring
 * of (size) bytes, a power of two; (size) + 1 when the indices are
 * inconsistent (the other side wrote garbage), which callers treat as "no
 * room, nothing to read". Unsigned subtraction makes the wrap at 2^32
 * harmless.
 */
static inline uint32_t xen_ring_used(uint32_t prod, uint32_t cons,
                                     uint32_t size)
{
    uint32_t used = prod - cons;

    return used > size ? size + 1 : used;
}

#endif
