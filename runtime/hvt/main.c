/* SPDX-License-Identifier: ISC */
/* main.c: the hvt image's entry, from the tender's jump to mirage_boot. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "core/cmdline_boot.h"
#include "fs_canary.h"
#include "hvt.h"
#include "paging.h"
#include "platform.h"
#include "stack_chk.h"
#include "trap.h"
#include "tsc.h"

#define CMDLINE_MAX 4096 /* bytes of command line, NUL included */

struct mirage_tender_boot_info hvt_boot_info;

static char cmdline[CMDLINE_MAX];

void hvt_main(uint64_t info) __attribute__((noreturn));

/*
 * The ELF entry (hvt.lds: ENTRY(hvt_start)). The tender enters here in
 * 64-bit mode with its GDT and the page tables the image keeps, the boot
 * info's address in %rdi and %rsp in the memory it gave. The image moves
 * to its own boot stack (hvt.lds: above a guard page that paging_adopt
 * unmaps), clears %rbp so that backtraces end here, and calls hvt_main
 * with %rdi as is.
 */
__asm__(".text\n"
        ".globl hvt_start\n"
        ".type hvt_start, @function\n"
        "hvt_start:\n"
        "    cli\n"
        "    movq $__stack_top, %rsp\n"
        "    xor %ebp, %ebp\n"
        "    call hvt_main\n"
        "    ud2\n"
        ".size hvt_start, . - hvt_start\n");

static void say(const char *s)
{
    plat_error_write(s, strlen(s));
}

/*
 * The image's own GDT, TSS and IDT (x86_64/trap.c; no PIC to mask), then the
 * segment registers reloaded from it: %cs by a far return, the data
 * segments with 0x10. From then on an exception is a crash report.
 */
static void traps_init(void)
{
    trap_init_cpu();
    __asm__ volatile("pushq $0x08\n"
                     "    leaq 1f(%%rip), %%rax\n"
                     "    pushq %%rax\n"
                     "    lretq\n"
                     "1:  movl $0x10, %%eax\n"
                     "    mov %%ax, %%ds\n"
                     "    mov %%ax, %%es\n"
                     "    mov %%ax, %%ss\n"
                     "    xorl %%eax, %%eax\n"
                     "    mov %%ax, %%fs\n"
                     "    mov %%ax, %%gs\n"
                     :
                     :
                     : "rax", "memory");
}

/* A seed for the stack protector's canary: RDSEED/RDRAND, else the TSC.
 * Its own frame returns before the canary changes. */
static __attribute__((noinline)) uint64_t canary_seed(void)
{
    uint64_t seed = 0;

    if (plat_entropy(&seed, sizeof(seed)) != 0)
        seed = tsc_read() * 0x9e3779b97f4a7c15ull;
    return seed;
}

/* Copies the tender's NUL-terminated command line; -E2BIG if too long. */
static int copy_cmdline(uint64_t addr)
{
    const char *src = (const char *)(uintptr_t)addr;

    if (!src) {
        cmdline[0] = '\0';
        return 0;
    }
    for (size_t i = 0; i < sizeof(cmdline); i++) {
        cmdline[i] = src[i];
        if (src[i] == '\0')
            return 0;
    }
    cmdline[sizeof(cmdline) - 1] = '\0';
    return -E2BIG;
}

/*
 * Everything after the canary: the page tables (the tender's, with the
 * final rights: the guard pages below the stacks are the image's to
 * unmap), the traps, the heap, the clocks and the command line, then the
 * unikernel.
 */
static __attribute__((noinline, noreturn)) void hvt_boot(int cmdline_rc,
                                                         uint64_t info)
{
    if (paging_adopt(hvt_boot_info.page_tables) != 0) {
        say("hvt: the tender's page tables are not as this image needs "
            "them; run the image with the mirage-hvt of the same mirage\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    traps_init();
    /* BearSSL (Debian's archive, built for glibc) reads its stack
     * protector's canary at %fs:0x28: a block that holds ours. After
     * traps_init, whose null selector in %fs may clear the base. */
    fs_canary_init();
    hvt_heap_init(info);
    hvt_clock_init();
    if (cmdline_rc < 0) {
        say("hvt: the command line is too long (4095 bytes at most)\n");
        plat_exit(MIRAGE_EXIT_USAGE);
    }
    core_cmdline_boot(&mirage_image, "hvt", cmdline);
}

/*
 * Called by hvt_start with the boot info's guest-physical address (the
 * tender's identity map: also its address). First the canary gets its
 * random value (this frame has no array, so no canary); then the boot
 * info (the devices it has, not the unused entries) and the command line
 * are copied into the image, out of the reach of a stray write to the
 * memory the tender put them in.
 */
void hvt_main(uint64_t info)
{
    const struct mirage_tender_boot_info *bi =
        (const struct mirage_tender_boot_info *)(uintptr_t)info;
    uint32_t ndevices;

    core_libc_stack_guard_init(canary_seed());
    if (!bi) {
        say("hvt: started without boot information; run the image with "
            "mirage-hvt\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    memcpy(&hvt_boot_info, bi,
           offsetof(struct mirage_tender_boot_info, devices));
    if (hvt_boot_info.abi_version != MIRAGE_TENDER_ABI_VERSION ||
        hvt_boot_info.target != MIRAGE_TENDER_TARGET_HVT) {
        say("hvt: the tender speaks another ABI version or target; run the "
            "image with the mirage-hvt of the same mirage\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    ndevices = hvt_boot_info.ndevices;
    if (ndevices > MIRAGE_TENDER_MANIFEST_MAX)
        ndevices = hvt_boot_info.ndevices = MIRAGE_TENDER_MANIFEST_MAX;
    memcpy(hvt_boot_info.devices, bi->devices,
           ndevices * sizeof(bi->devices[0]));
    hvt_boot(copy_cmdline(hvt_boot_info.cmdline), info);
}
