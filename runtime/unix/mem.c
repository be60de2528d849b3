/* SPDX-License-Identifier: ISC */
/* mem.c: memory for the runtime's bookkeeping, from malloc(3). */
#include <stdlib.h>

#include "platform.h"

void *plat_mem_alloc(size_t size)
{
    return malloc(size ? size : 1);
}

void plat_mem_free(void *p)
{
    free(p);
}
