/* SPDX-License-Identifier: ISC */
/* crash_addr.c: what crash reports learn about an address of the image. */
#include <errno.h>
#include <stdio.h>

#include <mirage/image.h>

#include "crash_addr.h"
#include "paging.h"
#include "platform.h"

/* The image's code (pvh.lds, hvt.lds). */
extern char __text_start[], __text_end[];

int crash_addr_symbolize(uintptr_t addr, struct plat_symbol *sym,
                         const char *suffix)
{
    static char image[128];

    if (addr < (uintptr_t)__text_start || addr >= (uintptr_t)__text_end)
        return -ENOENT;
    if (!image[0])
        snprintf(image, sizeof(image), "%s%s",
                 mirage_image.name ? mirage_image.name : "mirage", suffix);
    sym->image = image;
    sym->offset = addr;
    return 0;
}

/* Asks the page tables (x86_64/paging.c): guard pages and page 0 are not
 * mapped, so a backtrace stops at a broken frame instead of faulting. */
int plat_crash_readable(uintptr_t addr, size_t len)
{
    return paging_readable(addr, len);
}
