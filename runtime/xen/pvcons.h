/* SPDX-License-Identifier: ISC */
/* pvcons.h: the Xen PV console ring (io/console.h), guest side. */
#ifndef MIRAGE_XEN_PVCONS_H
#define MIRAGE_XEN_PVCONS_H

#include <stddef.h>

#include "xen_public.h"

/*
 * The page is at guest frame HVM_PARAM_CONSOLE_PFN and the backend
 * (xenconsoled) is notified through event channel HVM_PARAM_CONSOLE_EVTCHN
 * (xen_hvm_get_param, hypercall.h). Bytes go out unchanged: '\n' stays
 * '\n' (xenconsoled hands the bytes to a pty, whose line discipline adds
 * the carriage return for terminals, and to its log file, which wants bare
 * newlines). This differs from the 16550 path, which sends "\r\n".
 */

/*
 * Copies as much of buf[0..len) into the out ring as fits, then publishes
 * it (data, write barrier, out_prod). Returns the bytes copied (0 when the
 * ring is full or its indices are inconsistent). The caller notifies the
 * backend when it returns non-zero. Never fails otherwise.
 */
size_t xen_pvcons_write(volatile struct xencons_interface *intf,
                        const char *buf, size_t len);

/*
 * Writes all of buf[0..len): xen_pvcons_write, then notify(ctx) after
 * each chunk published; when the ring is full, wait(ctx) until the
 * backend may have consumed some (poll its event channel, or spin). A
 * non-zero return of wait gives up (backend gone, time out). Returns the
 * bytes written: len, or fewer if wait gave up.
 */
size_t xen_pvcons_write_all(volatile struct xencons_interface *intf,
                            const char *buf, size_t len,
                            void (*notify)(void *ctx), int (*wait)(void *ctx),
                            void *ctx);

/*
 * Output held back until the ring is mapped (main.c sets the console up
 * once the heap can give paging_map_mmio a page table): the first
 * XEN_PVCONS_EARLY_SIZE bytes are kept, the rest only counted.
 */
#define XEN_PVCONS_EARLY_SIZE 4096
struct xen_pvcons_early {
    char data[XEN_PVCONS_EARLY_SIZE];
    size_t len;     /* bytes held in data */
    size_t dropped; /* bytes that did not fit */
};

/* Appends as much of buf[0..len) to (e) as fits and counts the rest as
 * dropped. Returns the bytes kept. Never fails. */
size_t xen_pvcons_early_put(struct xen_pvcons_early *e, const char *buf,
                            size_t len);

/*
 * Hands (e)'s bytes to write(ctx, ...) in one call, then, if any were
 * dropped, the line "mirage: N bytes of early console output lost\n", and
 * empties (e). Does nothing when (e) is empty. Never fails.
 */
void xen_pvcons_early_flush(struct xen_pvcons_early *e,
                            void (*write)(void *ctx, const char *buf,
                                          size_t len),
                            void *ctx);

#endif
