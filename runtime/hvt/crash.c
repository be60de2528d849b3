/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include "crash_addr.h"
#include "platform.h"

/*
 * The image is an ET_EXEC linked where the tender loads it (1 MiB), so a
 * code address is its own offset: `addr2line -f -e NAME.hvt ADDR` or
 * `mirage symbolize NAME.hvt < LOG` on the host names the function. The
 * file name is the unikernel's name plus ".hvt", as the build names it.
 * Whether an address is readable: x86_64/crash_addr.c.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    return crash_addr_symbolize(addr, sym, ".hvt");
}
