/* SPDX-License-Identifier: ISC */
/* main.c: from the PVH boot path to mirage_boot, then the exit. */
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "core/cmdline_boot.h"
#include "fs_canary.h"
#include "platform.h"
#include "pc.h"
#include "stack_chk.h"
#include "tsc.h"
#include "xen.h"

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
 * Called by boot_main (pc/boot_main.c) with the parsed start info (the
 * boot path copied the command line and memory map into the image). The
 * stack protector's canary gets its random value, Xen is looked for (hv.c:
 * from then on choose.c picks Xen's PV facilities if it is there, the
 * PC's emulated devices if not), the heap, the console (Xen's ring, once
 * the heap can give it a page table) and the clocks come up,
 * and the command line is split as a shell would (core_cmdline_split) into
 * argv, after argv[0], the image's name. Never returns: plat_exit ends the
 * guest with mirage_boot's status.
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
    xen_pv_init();
    pc_heap_init(info);
    xen_choose_console_init();

    if (info->cmdline_truncated || len >= sizeof(cmdline)) {
        say("xen: the command line is too long (4095 bytes at most)\n");
        plat_exit(MIRAGE_EXIT_USAGE);
    }
    memcpy(cmdline, info->cmdline, len + 1);
    xen_choose_clock_init();
    core_cmdline_boot(&mirage_image, "xen", cmdline);
}
