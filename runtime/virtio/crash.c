/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include "crash_addr.h"
#include "platform.h"

/*
 * As on xen (runtime/xen/crash.c): the image is linked at its load
 * address, so a code address is named by the image file and the address
 * itself, for `addr2line -f -e NAME.virtio ADDR` or `mirage symbolize
 * NAME.virtio < LOG` on the host. The file name is the unikernel's name
 * plus ".virtio", as the build names the image. Whether an address is
 * readable: x86_64/crash_addr.c.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    return crash_addr_symbolize(addr, sym, ".virtio");
}
