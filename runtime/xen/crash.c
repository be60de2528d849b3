/* SPDX-License-Identifier: ISC */
/* crash.c: what the crash reports can learn about addresses. */
#include <errno.h>

#include "platform.h"
#include "xen.h"

/* No symbol table is loaded with the image: backtraces stay raw
 * addresses, for addr2line on the unstripped image. */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    (void)addr;
    (void)sym;
    return -ENOENT;
}

/* Everything in the identity map is mapped and readable (no W^X or guard
 * pages yet); nothing else is mapped at all. */
int plat_crash_readable(uintptr_t addr, size_t len)
{
    return addr < XEN_IDENTITY_MAP_END && len <= XEN_IDENTITY_MAP_END - addr;
}
