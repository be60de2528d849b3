/* SPDX-License-Identifier: ISC */
/* boot_main.c: the first C code: console, start info, the kernel, exit. */
#include "boot.h"

#include "debug_exit.h"
#include "paging.h"
#include "serial.h"

static const char *memmap_type_name(uint32_t type)
{
    switch (type) {
    case XEN_HVM_MEMMAP_TYPE_RAM:
        return "ram";
    case XEN_HVM_MEMMAP_TYPE_RESERVED:
        return "reserved";
    case XEN_HVM_MEMMAP_TYPE_ACPI:
        return "acpi";
    case XEN_HVM_MEMMAP_TYPE_NVS:
        return "nvs";
    case XEN_HVM_MEMMAP_TYPE_UNUSABLE:
        return "unusable";
    case XEN_HVM_MEMMAP_TYPE_DISABLED:
        return "disabled";
    case XEN_HVM_MEMMAP_TYPE_PMEM:
        return "pmem";
    default:
        return "other";
    }
}

void boot_print_info(const struct boot_info *info)
{
    serial_puts("boot: PVH start_info at ");
    serial_put_hex(info->start_info_phys);
    serial_puts("\nboot: cmdline \"");
    serial_puts(info->cmdline);
    serial_puts("\"\nboot: memory map, ");
    serial_put_dec(info->memmap_entries);
    serial_puts(" entries\n");
    for (uint32_t i = 0; i < info->memmap_entries; i++) {
        const struct hvm_memmap_table_entry *e = &info->memmap[i];
        serial_puts("boot:   ");
        serial_put_hex(e->addr);
        serial_puts(" + ");
        serial_put_hex(e->size);
        serial_puts(" ");
        serial_puts(memmap_type_name(e->type));
        serial_puts("\n");
    }
    serial_puts("boot: RAM ");
    serial_put_dec(info->ram_bytes >> 10);
    serial_puts(" KiB\n");
}

void boot_main(uint32_t start_info_phys)
{
    struct boot_info info;

    serial_init();
    if (start_info_parse(start_info_phys, &info) != 0) {
        serial_puts("boot: no hvm_start_info magic at ");
        serial_put_hex(start_info_phys);
        serial_puts("; not a PVH boot?\n");
        boot_exit(BOOT_EXIT_BAD_START_INFO);
    }
    /* after the parse: the loader's memory may be in page 0, unmapped */
    if (paging_init() != 0) {
        serial_puts("boot: the image does not fit below 1 GiB\n");
        boot_exit(BOOT_EXIT_BAD_START_INFO);
    }
    boot_trap_init();
    boot_exit(boot_app_main(&info));
}
