/* SPDX-License-Identifier: ISC */
/* crash_addr.h: what crash reports learn about an address of the image. */
#ifndef MIRAGE_X86_64_CRASH_ADDR_H
#define MIRAGE_X86_64_CRASH_ADDR_H

#include <stdint.h>

#include "platform.h"

/*
 * Names code address (addr) for a backtrace: the image is an ET_EXEC
 * linked at its load address, so the address is its own offset in the
 * image file, whose name is the unikernel's name ("mirage" without one)
 * plus (suffix), e.g. ".xen". Stores both in (*sym) (the name in a static
 * buffer, made once). Returns 0, or -ENOENT for an address outside the
 * image's code (pvh.lds, hvt.lds: __text_start/end). Allocates nothing.
 */
int crash_addr_symbolize(uintptr_t addr, struct plat_symbol *sym,
                         const char *suffix);

/*
 * The file also holds the platform's plat_crash_readable, which asks the
 * page tables (x86_64/paging.c) (runtime/platform.h).
 */

#endif
