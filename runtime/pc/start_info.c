/* SPDX-License-Identifier: ISC */
/* start_info.c: checks and reads the PVH struct hvm_start_info. */
#include "boot.h"

#include <stddef.h>

/*
 * Physical addresses are usable as pointers because the entry code
 * identity-maps the first 1 GiB, where QEMU and Xen place the start info,
 * the command line and the memory map. They may lie anywhere, page 0
 * included (QEMU puts the memory map there), which the kernel's own page
 * tables (paging.c) leave unmapped: so the command line and the memory map
 * are copied into the image first, and boot_info points at the copies.
 */
static char cmdline_copy[BOOT_CMDLINE_MAX];
static struct hvm_memmap_table_entry memmap_copy[BOOT_MEMMAP_MAX];
static const void *phys_to_ptr(uint64_t paddr)
{
    return (const void *)(uintptr_t)paddr;
}

int start_info_parse(uint32_t start_info_phys, struct boot_info *info)
{
    const struct hvm_start_info *si = phys_to_ptr(start_info_phys);

    info->start_info_phys = start_info_phys;
    info->cmdline = "";
    info->memmap = NULL;
    info->memmap_entries = 0;
    info->ram_bytes = 0;
    info->rsdp = 0;
    info->cmdline_truncated = 0;
    if (si == NULL || si->magic != XEN_HVM_START_MAGIC_VALUE)
        return -1;
    info->rsdp = si->rsdp_paddr;
    if (si->cmdline_paddr != 0) {
        const char *src = phys_to_ptr(si->cmdline_paddr);
        size_t n = 0;

        while (src[n] && n < sizeof(cmdline_copy) - 1) {
            cmdline_copy[n] = src[n];
            n++;
        }
        cmdline_copy[n] = '\0';
        info->cmdline = cmdline_copy;
        info->cmdline_truncated = src[n] != '\0';
    }
    /* memmap_paddr and memmap_entries exist from version 1 on. */
    if (si->version >= 1 && si->memmap_paddr != 0) {
        const void *src = phys_to_ptr(si->memmap_paddr);
        void *dst = memmap_copy;
        size_t n = si->memmap_entries;

        if (n > BOOT_MEMMAP_MAX)
            n = BOOT_MEMMAP_MAX;
        info->memmap_entries = (uint32_t)n;
        n *= sizeof(memmap_copy[0]);
        /* rep movsb: a copy loop might become a call to memcpy, which
         * the smallest kernels of the boot path lack */
        __asm__ volatile("rep movsb"
                         : "+D"(dst), "+S"(src), "+c"(n)
                         :
                         : "memory");
        info->memmap = memmap_copy;
    }
    for (uint32_t i = 0; i < info->memmap_entries; i++)
        if (info->memmap[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
            info->ram_bytes += info->memmap[i].size;
    return 0;
}
