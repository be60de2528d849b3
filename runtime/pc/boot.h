/* SPDX-License-Identifier: ISC */
/* boot.h: what the PVH boot path hands to the kernel it starts. */
#ifndef MIRAGE_PC_BOOT_H
#define MIRAGE_PC_BOOT_H

#include <stdint.h>

#include "start_info.h"

/* The most bytes of command line (NUL included) and memory map entries
 * that the boot path keeps; the rest is cut off. */
#define BOOT_CMDLINE_MAX 4096
#define BOOT_MEMMAP_MAX  128

/* The boot facts, parsed from struct hvm_start_info (start_info.c), with
 * the command line and memory map copied into the image. */
struct boot_info {
    uint32_t start_info_phys; /* where struct hvm_start_info was */
    const char *cmdline;      /* never NULL; "" when none was given */
    int cmdline_truncated;    /* 1 when longer than BOOT_CMDLINE_MAX - 1 */
    const struct hvm_memmap_table_entry *memmap; /* NULL when none */
    uint32_t memmap_entries;
    uint64_t ram_bytes; /* sum of the XEN_HVM_MEMMAP_TYPE_RAM ranges */
    uint64_t rsdp;      /* the ACPI RSDP's physical address, or 0 */
};

/*
 * The 64-bit entry (entry64.c) calls boot_main with the physical address of
 * struct hvm_start_info (identity-mapped). boot_main brings up the serial
 * console, the kernel's page tables (paging.c: W^X, guard pages) and the
 * GDT/TSS/IDT (boot_trap_init: faults reach trap_fault), parses the start info,
 * calls boot_app_main and exits with its status through boot_exit
 * (debug_exit.c). It prints nothing itself unless the start info is bad. It
 * never returns.
 */
void boot_main(uint32_t start_info_phys) __attribute__((noreturn));

/*
 * Provided by the kernel being booted: returns its exit status (0..127), or
 * ends the guest itself (runtime/xen/main.c, runtime/virtio/main.c).
 */
int boot_app_main(const struct boot_info *info);

/*
 * Masks the legacy 8259 PICs (remapped to vectors 32..47, every line
 * masked: the local APIC delivers the interrupts the kernel uses), then
 * trap_init_cpu (x86_64/trap.c). boot_main calls it. boot_trap.c also
 * holds the weak trap_fault that a kernel without a crash reporter gets:
 * it prints the exception and %rip on the serial port and exits with
 * status 125.
 */
void boot_trap_init(void);

/* Prints the start info's address, command line and memory map. */
void boot_print_info(const struct boot_info *info);

/*
 * start_info_parse: checks the magic and fills *info. Returns 0, or -1 when
 * the structure is not a valid hvm_start_info.
 */
int start_info_parse(uint32_t start_info_phys, struct boot_info *info);

/* Status values that the boot path itself reports. */
#define BOOT_EXIT_BAD_START_INFO 126 /* no hvm_start_info magic */

#endif
