/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include "crash_addr.h"
#include "platform.h"

/*
 * The image carries no symbol table that it loads, so a code address is
 * named by the image file and the address itself: the image is linked at
 * its load address (an ET_EXEC at 1 MiB), so `addr2line -f -e NAME.xen
 * ADDR` or `mirage symbolize NAME.xen < LOG` on the host names the
 * function. The file name is the unikernel's name plus ".xen", as the
 * build names the image. Whether an address is readable:
 * x86_64/crash_addr.c.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    return crash_addr_symbolize(addr, sym, ".xen");
}
