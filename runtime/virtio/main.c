/* SPDX-License-Identifier: ISC */
/* main.c: from the PVH boot path to mirage_boot on the virtio target. */
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "acpi.h"
#include "core/cmdline_boot.h"
#include "fs_canary.h"
#include "pc.h"
#include "pci.h"
#include "platform.h"
#include "stack_chk.h"
#include "tsc.h"
#include "virtio.h"

#define CMDLINE_MAX 4096 /* bytes of command line, NUL included */

static char cmdline[CMDLINE_MAX];

static void say(const char *s)
{
    plat_error_write(s, strlen(s));
}

/* A seed for the stack protector's canary: the CPU's entropy source, or
 * the time stamp counter where there is none. */
static uint64_t canary_seed(void)
{
    uint64_t seed;

    if (plat_entropy(&seed, sizeof(seed)) != 0)
        seed = tsc_read() * 0x9e3779b97f4a7c15ull;
    return seed;
}

/*
 * Called by boot_main (pc/boot_main.c) with the parsed start info. The
 * canary gets its random value; the heap, the clocks and the interrupt
 * handler come up; the virtio devices are found (MMIO ones from the
 * `virtio_mmio.device=` words that microvm appends to the command line,
 * which are taken out of it, then PCI ones); and the rest of the command
 * line is split as a shell would into argv, after the image's name. The
 * console and clocks are the PC's (runtime/pc: 16550, TSC/kvmclock/RTC,
 * APIC timer: clock.c, console.c); the exit is virtio's (exit.c). Never
 * returns.
 */
int boot_app_main(const struct boot_info *info)
{
    size_t len = strlen(info->cmdline);

    /* first: no frame below this one returns (boot_main never does) */
    core_libc_stack_guard_init(canary_seed());
    /* BearSSL (Debian's archive, built for glibc) reads its stack
     * protector's canary at %fs:0x28: the FS base is 0 here, page 0 is
     * unmapped, so it gets a block that holds ours (x86_64/fs_canary.h) */
    fs_canary_init();
    pc_heap_init(info);

    if (info->cmdline_truncated || len >= sizeof(cmdline)) {
        say("virtio: the command line is too long (4095 bytes at most)\n");
        plat_exit(MIRAGE_EXIT_USAGE);
    }
    memcpy(cmdline, info->cmdline, len + 1);
    pc_clock_init();
    virtio_irq_init();
    virtio_mmio_probe(cmdline);
    acpi_set_rsdp(info->rsdp);
    pci_set_memmap(info->memmap, info->memmap_entries);
    virtio_pci_probe();
    core_cmdline_boot(&mirage_image, "virtio", cmdline);
}
