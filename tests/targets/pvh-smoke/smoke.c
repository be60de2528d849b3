/* SPDX-License-Identifier: ISC */
/* smoke.c: the smallest PVH kernel: prints what it booted with, exits 7. */
#include "boot.h"
#include "serial.h"

#include <stddef.h>

/* has_word: whether S contains WORD (no libc here yet). */
static int has_word(const char *s, const char *word)
{
    for (; *s; s++) {
        size_t i = 0;
        while (word[i] && s[i] == word[i])
            i++;
        if (!word[i])
            return 1;
    }
    return 0;
}

int boot_app_main(const struct boot_info *info)
{
    boot_print_info(info);
    serial_puts("pvh-smoke: booted\n");
    serial_puts("pvh-smoke: cmdline: [");
    serial_puts(info->cmdline);
    serial_puts("]\n");
    serial_puts("pvh-smoke: ram: ");
    serial_put_dec((info->ram_bytes + (1u << 19)) >> 20);
    serial_puts(" MiB\n");
    if (has_word(info->cmdline, "crash")) {
        /* 512 GiB: PML4 entry 1 is not present, so this page-faults. */
        volatile int *bad = (volatile int *)(uintptr_t)0x8000000000ull;
        serial_puts("pvh-smoke: crashing\n");
        *bad = 1;
        serial_puts("pvh-smoke: still alive after the bad write\n");
    }
    if (has_word(info->cmdline, "null")) {
        volatile int *null = (volatile int *)(uintptr_t)0;
        int value;

        serial_puts("pvh-smoke: reading address 0\n");
        value = *null;
        serial_puts("pvh-smoke: still alive after reading ");
        serial_put_dec((uint64_t)value);
        serial_puts("\n");
    }
    return 7;
}
