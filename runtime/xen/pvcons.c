/* SPDX-License-Identifier: ISC */
/* pvcons.c: the Xen PV console ring (io/console.h), guest side. */
#include <stdio.h>
#include <string.h>

#include "pvcons.h"
#include "ring.h"

#define OUT_SIZE ((uint32_t)sizeof(((struct xencons_interface *)0)->out))

_Static_assert((OUT_SIZE & (OUT_SIZE - 1)) == 0, "out ring size");

size_t xen_pvcons_write(volatile struct xencons_interface *intf,
                        const char *buf, size_t len)
{
    uint32_t cons = xen_read_idx(&intf->out_cons);
    uint32_t prod = xen_read_idx(&intf->out_prod);
    uint32_t used = xen_ring_used(prod, cons, OUT_SIZE);
    size_t n;

    if (used > OUT_SIZE)
        return 0;
    /* out_cons read before our stores into the slots it freed. */
    xen_mb();
    n = OUT_SIZE - used;
    if (n > len)
        n = len;
    for (size_t i = 0; i < n; i++)
        intf->out[(prod + (uint32_t)i) & (OUT_SIZE - 1)] = buf[i];
    /* The bytes are visible before the index that announces them. */
    xen_wmb();
    xen_write_idx(&intf->out_prod, prod + (uint32_t)n);
    return n;
}

size_t xen_pvcons_write_all(volatile struct xencons_interface *intf,
                            const char *buf, size_t len,
                            void (*notify)(void *ctx), int (*wait)(void *ctx),
                            void *ctx)
{
    size_t done = 0;

    while (done < len) {
        size_t n = xen_pvcons_write(intf, buf + done, len - done);

        if (n > 0) {
            done += n;
            notify(ctx);
        } else if (wait(ctx) != 0) {
            break;
        }
    }
    return done;
}

size_t xen_pvcons_early_put(struct xen_pvcons_early *e, const char *buf,
                            size_t len)
{
    size_t room = sizeof(e->data) - e->len;
    size_t n = len < room ? len : room;

    memcpy(e->data + e->len, buf, n);
    e->len += n;
    e->dropped += len - n;
    return n;
}

void xen_pvcons_early_flush(struct xen_pvcons_early *e,
                            void (*write)(void *ctx, const char *buf,
                                          size_t len),
                            void *ctx)
{
    char note[80];
    int n;

    if (e->len > 0)
        write(ctx, e->data, e->len);
    if (e->dropped > 0) {
        n = snprintf(note, sizeof(note),
                     "mirage: %zu bytes of early console output lost\n",
                     e->dropped);
        if (n > 0)
            write(ctx, note,
                  (size_t)n < sizeof(note) ? (size_t)n : sizeof(note) - 1);
    }
    e->len = 0;
    e->dropped = 0;
}
