/* SPDX-License-Identifier: ISC */
/* symbolize.c: what a crash report learns about an address on unix. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <unistd.h>

#include "platform.h"

/* The executable's path, found at the first crash. */
static char exe_path[4096];

/* What find_image looks for, and what it found. */
struct lookup {
    uintptr_t addr;
    struct plat_symbol *sym;
};

/* The path of this executable: /proc/self/exe, or argv[0]. */
static const char *exe_name(void)
{
    if (!exe_path[0]) {
        ssize_t n = readlink("/proc/self/exe", exe_path, sizeof(exe_path) - 1);
        if (n <= 0)
            return program_invocation_name;
        exe_path[n] = '\0';
    }
    return exe_path;
}

/* dl_iterate_phdr's callback: is the address in an executable segment? */
static int find_image(struct dl_phdr_info *info, size_t size, void *data)
{
    struct lookup *l = data;

    (void)size;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        if (l->addr < start || l->addr - start >= ph->p_memsz)
            continue;
        /* the link-time address, which is what addr2line expects */
        l->sym->offset = l->addr - info->dlpi_addr;
        l->sym->image = info->dlpi_name && info->dlpi_name[0] ? info->dlpi_name
                                                              : exe_name();
        return 1;
    }
    return 0;
}

int plat_symbolize(uintptr_t addr, struct plat_symbol *sym)
{
    struct lookup l = {addr, sym};

    return dl_iterate_phdr(find_image, &l) ? 0 : -ENOENT;
}

int plat_crash_readable(uintptr_t addr, size_t len)
{
    /* writing memory into a pipe fails with EFAULT, not a signal */
    static int probe[2] = {-1, -1};
    char drain[64];
    ssize_t n;

    if (len > sizeof(drain))
        return 0;
    if (probe[0] < 0 && pipe2(probe, O_CLOEXEC | O_NONBLOCK) != 0) {
        probe[0] = -1;
        return 0;
    }
    n = write(probe[1], (const void *)addr, len);
    if (n > 0 && read(probe[0], drain, (size_t)n) != n)
        return 0;
    return n == (ssize_t)len;
}
