/* SPDX-License-Identifier: ISC */
/* fiber_stacks.c: fiber stacks from mmap(2), each above a guard page. */
#include <sys/mman.h>
#include <unistd.h>

#include "platform.h"

static size_t page_size(void)
{
    static size_t page;

    if (page == 0) {
        long n = sysconf(_SC_PAGESIZE);
        page = n > 0 ? (size_t)n : 4096;
    }
    return page;
}

void *plat_stack_alloc(size_t *size, size_t *guard)
{
    size_t page = page_size();
    size_t len;
    char *mem;

    if (*size > SIZE_MAX - 2 * page)
        return NULL;
    len = (*size + page - 1) & ~(page - 1);
    /* pages are only backed by memory once touched */
    mem = mmap(NULL, len + page, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (mem == MAP_FAILED)
        return NULL;
    if (mprotect(mem, page, PROT_NONE) != 0) {
        munmap(mem, len + page);
        return NULL;
    }
    *size = len;
    *guard = page;
    return mem + page;
}

void plat_stack_free(void *stack, size_t size)
{
    size_t page = page_size();

    if (stack)
        munmap((char *)stack - page, size + page);
}
