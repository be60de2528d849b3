/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include <errno.h>
#include <stdio.h>

#include <mirage/image.h>

#include "platform.h"
#include "spt.h"

/* The image's bounds and its code (spt.lds). */
extern char __image_start[], __image_end[], __text_start[], __text_end[];

/*
 * The image is an ET_EXEC linked where the tender maps it, so a code
 * address is its own offset: `addr2line -f -e NAME.spt ADDR` or `mirage
 * symbolize NAME.spt < LOG` on the host names the function. The file name
 * is the unikernel's name plus ".spt", as the build names the image.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    static char image[128];

    if (addr < (uintptr_t)__text_start || addr >= (uintptr_t)__text_end)
        return -ENOENT;
    if (!image[0])
        snprintf(image, sizeof(image), "%s.spt",
                 mirage_image.name ? mirage_image.name : "mirage");
    sym->image = image;
    sym->offset = addr;
    return 0;
}

/* Does [addr, addr + len) lie within [lo, hi)? */
static int within(uintptr_t addr, size_t len, uintptr_t lo, uintptr_t hi)
{
    return addr >= lo && addr <= hi && len <= hi - addr;
}

/*
 * What is mapped for sure: the image, the heap the tender gave (fiber
 * stacks are in it), and the part of the boot stack known to be in use
 * (from the lowest stack pointer seen, main.c and fault.c, to the top). A
 * backtrace stops at a frame anywhere else instead of faulting.
 */
int plat_crash_readable(uintptr_t addr, size_t len)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

    if (sp < spt_stack_low && sp >= spt_boot_info.mem_end + 4096)
        spt_stack_low = sp & ~(uintptr_t)4095; /* on the boot stack */
    return within(addr, len, (uintptr_t)__image_start,
                  (uintptr_t)__image_end) ||
           within(addr, len, (uintptr_t)spt_boot_info.mem_start,
                  (uintptr_t)spt_boot_info.mem_end) ||
           within(addr, len, spt_stack_low, spt_stack_top);
}
