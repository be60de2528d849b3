/* SPDX-License-Identifier: ISC */
/* mem.c: runtime memory and fiber stacks, from the heap. */
#include <stdint.h>
#include <stdlib.h>

#include "platform.h"

/* Fiber stacks: 16-byte aligned by the ABI; a page keeps them tidy. */
#define STACK_ALIGN 4096u

void *plat_mem_alloc(size_t size)
{
    return malloc(size);
}

void plat_mem_free(void *p)
{
    free(p);
}

/*
 * Fiber stacks come from the heap with no guard page below them
 * (*guard = 0): making a page inaccessible would take mprotect, which the
 * tender's seccomp filter does not allow. An overflow is caught by the
 * core's canary checks at the bottom of each stack, and by the stack
 * protector, not by a fault.
 */
void *plat_stack_alloc(size_t *size, size_t *guard)
{
    size_t len;
    void *base;

    if (*size > SIZE_MAX - STACK_ALIGN)
        return NULL;
    len = (*size + STACK_ALIGN - 1) & ~(size_t)(STACK_ALIGN - 1);
    base = aligned_alloc(STACK_ALIGN, len);
    if (!base)
        return NULL;
    *size = len;
    *guard = 0;
    return base;
}

void plat_stack_free(void *stack, size_t size)
{
    (void)size;
    free(stack);
}
