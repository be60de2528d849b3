/* SPDX-License-Identifier: ISC */
/* hypercall.c: mirage-hvt's hypercall dispatch and guest-memory checks. */
#include <string.h>
#include <time.h>

#include "hvt.h"

static const char *const call_names[] = {
    [MIRAGE_HVT_WALLTIME] = "WALLTIME",
    [MIRAGE_HVT_PUTS] = "PUTS",
    [MIRAGE_HVT_POLL] = "POLL",
    [MIRAGE_HVT_BLOCK_WRITE] = "BLOCK_WRITE",
    [MIRAGE_HVT_BLOCK_READ] = "BLOCK_READ",
    [MIRAGE_HVT_NET_WRITE] = "NET_WRITE",
    [MIRAGE_HVT_NET_READ] = "NET_READ",
    [MIRAGE_HVT_HALT] = "HALT",
    [MIRAGE_HVT_BLOCK_FLUSH] = "BLOCK_FLUSH",
};

const char *hvt_call_name(unsigned nr)
{
    if (nr >= sizeof call_names / sizeof call_names[0] || !call_names[nr])
        return "unknown";
    return call_names[nr];
}

const struct hvt_device *hvt_device(const struct hvt *h, uint32_t handle,
                                    uint32_t type)
{
    if (handle >= h->ndevices || h->devices[handle].type != type)
        return NULL;
    return &h->devices[handle];
}

int hvt_in_guest(const struct hvt *h, uint64_t gpa, uint64_t len)
{
    return len <= h->mem_size && gpa <= h->mem_size - len;
}

void hvt_get_arg(const struct hvt *h, unsigned nr, uint64_t gpa, void *arg,
                 size_t size)
{
    if (!hvt_in_guest(h, gpa, size))
        hvt_crash("hypercall %s: its argument at 0x%llx (%zu bytes) is "
                  "outside guest memory (%llu bytes)",
                  hvt_call_name(nr), (unsigned long long)gpa, size,
                  (unsigned long long)h->mem_size);
    memcpy(arg, h->mem + gpa, size);
}

void hvt_set_arg(struct hvt *h, uint64_t gpa, const void *arg, size_t size)
{
    memcpy(h->mem + gpa, arg, size);
}

static void walltime(struct hvt *h, uint64_t gpa)
{
    struct mirage_hvt_walltime w;
    struct timespec ts;

    hvt_get_arg(h, MIRAGE_HVT_WALLTIME, gpa, &w, sizeof w);
    clock_gettime(CLOCK_REALTIME, &ts);
    w.ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    hvt_set_arg(h, gpa, &w, sizeof w);
}

static __attribute__((noreturn)) void halt(struct hvt *h, uint64_t gpa)
{
    struct mirage_hvt_halt x;

    hvt_get_arg(h, MIRAGE_HVT_HALT, gpa, &x, sizeof x);
    hvt_console_flush();
    hvt_exit((int)(uint8_t)x.status);
}

void hvt_hypercall(struct hvt *h, unsigned nr, uint64_t gpa)
{
    switch (nr) {
    case MIRAGE_HVT_WALLTIME:
        walltime(h, gpa);
        break;
    case MIRAGE_HVT_PUTS:
        hvt_console_puts(h, gpa);
        break;
    case MIRAGE_HVT_POLL:
        hvt_net_poll(h, gpa);
        break;
    case MIRAGE_HVT_BLOCK_WRITE:
    case MIRAGE_HVT_BLOCK_READ:
    case MIRAGE_HVT_BLOCK_FLUSH:
        hvt_block_call(h, nr, gpa);
        break;
    case MIRAGE_HVT_NET_WRITE:
    case MIRAGE_HVT_NET_READ:
        hvt_net_call(h, nr, gpa);
        break;
    case MIRAGE_HVT_HALT:
        halt(h, gpa);
    default:
        hvt_crash("hypercall %u does not exist", nr);
    }
}
