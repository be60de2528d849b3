/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include <errno.h>
#include <stdio.h>

#include <mirage/image.h>

#include "paging.h"
#include "platform.h"

/* The image's code (hvt.lds). */
extern char __text_start[], __text_end[];

/*
 * The image is an ET_EXEC linked where the tender loads it (1 MiB), so a
 * code address is its own offset: `addr2line -f -e NAME.hvt ADDR` or
 * `mirage symbolize NAME.hvt < LOG` on the host names the function. The
 * file name is the unikernel's name plus ".hvt", as the build names it.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    static char image[128];

    if (addr < (uintptr_t)__text_start || addr >= (uintptr_t)__text_end)
        return -ENOENT;
    if (!image[0])
        snprintf(image, sizeof(image), "%s.hvt",
                 mirage_image.name ? mirage_image.name : "mirage");
    sym->image = image;
    sym->offset = addr;
    return 0;
}

/* Asks the page tables (boot/paging.c): guard pages and page 0 are not
 * mapped, so a backtrace stops at a broken frame instead of faulting. */
int plat_crash_readable(uintptr_t addr, size_t len)
{
    return paging_readable(addr, len);
}
