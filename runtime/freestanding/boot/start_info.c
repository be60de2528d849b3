/* SPDX-License-Identifier: ISC */
/* start_info.c: checks and reads the PVH struct hvm_start_info. */
#include "boot.h"

#include <stddef.h>

/*
 * Physical addresses are usable as pointers because the entry code
 * identity-maps the first 1 GiB, where QEMU and Xen place the start info,
 * the command line and the memory map.
 */
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
    if (si == NULL || si->magic != XEN_HVM_START_MAGIC_VALUE)
        return -1;
    if (si->cmdline_paddr != 0)
        info->cmdline = phys_to_ptr(si->cmdline_paddr);
    /* memmap_paddr and memmap_entries exist from version 1 on. */
    if (si->version >= 1 && si->memmap_paddr != 0) {
        info->memmap = phys_to_ptr(si->memmap_paddr);
        info->memmap_entries = si->memmap_entries;
    }
    for (uint32_t i = 0; i < info->memmap_entries; i++)
        if (info->memmap[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
            info->ram_bytes += info->memmap[i].size;
    return 0;
}
