/* SPDX-License-Identifier: ISC */
/* start_info.h: the PVH start-of-day structures, after Xen's public header. */
#ifndef MIRAGE_PC_START_INFO_H
#define MIRAGE_PC_START_INFO_H

#include <stdint.h>

/*
 * Written from the layout that Xen's public header
 * xen/include/public/arch-x86/hvm/start_info.h documents: a PVH guest (Xen
 * or QEMU's pvh option ROM) enters the kernel with %ebx holding the physical
 * address of a struct hvm_start_info. Field offsets are part of the ABI and
 * are checked below.
 */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578u

struct hvm_start_info {
    uint32_t magic;          /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;        /* 0, or 1 with the memory map fields */
    uint32_t flags;          /* SIF_xxx */
    uint32_t nr_modules;     /* entries at modlist_paddr */
    uint64_t modlist_paddr;  /* struct hvm_modlist_entry[nr_modules] */
    uint64_t cmdline_paddr;  /* NUL-terminated command line, or 0 */
    uint64_t rsdp_paddr;     /* ACPI RSDP, or 0 */
    uint64_t memmap_paddr;   /* version >= 1: hvm_memmap_table_entry[] */
    uint32_t memmap_entries; /* version >= 1: how many */
    uint32_t reserved;       /* must be zero */
};

struct hvm_memmap_table_entry {
    uint64_t addr;     /* start of the range */
    uint64_t size;     /* bytes */
    uint32_t type;     /* XEN_HVM_MEMMAP_TYPE_xxx (the e820 values) */
    uint32_t reserved; /* must be zero */
};

#define XEN_HVM_MEMMAP_TYPE_RAM      1
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2
#define XEN_HVM_MEMMAP_TYPE_ACPI     3
#define XEN_HVM_MEMMAP_TYPE_NVS      4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE 5
#define XEN_HVM_MEMMAP_TYPE_DISABLED 6
#define XEN_HVM_MEMMAP_TYPE_PMEM     7

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info ABI");
_Static_assert(__builtin_offsetof(struct hvm_start_info, cmdline_paddr) == 24,
               "hvm_start_info.cmdline_paddr ABI");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40,
               "hvm_start_info.memmap_paddr ABI");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24,
               "hvm_memmap_table_entry ABI");

#endif
