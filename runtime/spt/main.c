/* SPDX-License-Identifier: ISC */
/* main.c: the spt image's entry, from the tender's jump to mirage_boot. */
#include <errno.h>
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "core/cmdline_boot.h"
#include "heap.h"
#include "platform.h"
#include "spt.h"
#include "stack_chk.h"
#include "syscall.h"

#define CMDLINE_MAX 4096 /* bytes of command line, NUL included */
#define PAGE_SIZE   4096u

struct mirage_tender_boot_info spt_boot_info;
uintptr_t spt_stack_top, spt_stack_low;

static char cmdline[CMDLINE_MAX];

void spt_main(struct mirage_tender_boot_info *info, uintptr_t rsp)
    __attribute__((noreturn));

/*
 * The ELF entry (spt.lds: ENTRY(spt_start)). The tender jumps here with the
 * boot info in %rdi and %rsp at the top of the stack it gave, as after a
 * call. %rbp is cleared so that backtraces end here, the initial %rsp goes
 * to spt_main as its second argument, and the stack is aligned for the
 * call whatever the tender left.
 */
__asm__(".text\n"
        ".globl spt_start\n"
        ".type spt_start, @function\n"
        "spt_start:\n"
        "    xor %ebp, %ebp\n"
        "    mov %rsp, %rsi\n"
        "    and $-16, %rsp\n"
        "    call spt_main\n"
        "    ud2\n"
        ".size spt_start, . - spt_start\n");

static void say(const char *s)
{
    spt_write_all(2, s, strlen(s));
}

/* A seed for the stack protector's canary, from getrandom (the tender's
 * filter allows it). Its own frame returns before the canary changes. */
static __attribute__((noinline)) uint64_t canary_seed(void)
{
    uint64_t seed = 0;

    if (plat_entropy(&seed, sizeof(seed)) != 0) {
        struct spt_timespec ts = {0, 0};

        spt_syscall3(SPT_SYS_CLOCK_GETTIME, SPT_CLOCK_MONOTONIC, (long)&ts, 0);
        seed = (uint64_t)(ts.tv_sec ^ ts.tv_nsec) * 0x9e3779b97f4a7c15ull;
    }
    return seed;
}

/* The heap: all of [mem_start, mem_end) that the tender gave, in pages. */
static void heap_init(void)
{
    uint64_t start = spt_boot_info.mem_start, end = spt_boot_info.mem_end;

    start = (start + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    end &= ~(uint64_t)(PAGE_SIZE - 1);
    if (start < end)
        core_heap_add_region((void *)(uintptr_t)start, (size_t)(end - start));
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
    return -E2BIG;
}

/* Everything after the canary: the checks, the heap, the command line. */
static __attribute__((noinline, noreturn)) void
spt_boot(const struct mirage_tender_boot_info *info)
{

    memcpy(&spt_boot_info, info, sizeof(spt_boot_info));
    if (spt_boot_info.ndevices > MIRAGE_TENDER_MANIFEST_MAX)
        spt_boot_info.ndevices = MIRAGE_TENDER_MANIFEST_MAX;
    heap_init();
    if (copy_cmdline(spt_boot_info.cmdline) < 0) {
        say("spt: the command line is too long (4095 bytes at most)\n");
        plat_exit(MIRAGE_EXIT_USAGE);
    }
    core_cmdline_boot(&mirage_image, "spt", cmdline);
}

/*
 * Called by spt_start with the tender's boot info and the initial %rsp.
 * First the canary gets its random value (no protected frame is live yet:
 * this one has no array, so it has no canary); once the versions agree,
 * the fault entry is handed to the tender, so that every later fault is
 * reported as a crash.
 */
void spt_main(struct mirage_tender_boot_info *info, uintptr_t rsp)
{
    core_libc_stack_guard_init(canary_seed());
    spt_stack_top = rsp + sizeof(uint64_t);
    spt_stack_low = rsp & ~(uintptr_t)(PAGE_SIZE - 1);
    if (!info) {
        say("spt: started without boot information; run the image with "
            "mirage-spt\n");
        spt_exit(MIRAGE_EXIT_INTERNAL);
    }
    if (info->abi_version != MIRAGE_TENDER_ABI_VERSION ||
        info->target != MIRAGE_TENDER_TARGET_SPT) {
        say("spt: the tender speaks another ABI version or target; run the "
            "image with the mirage-spt of the same mirage\n");
        spt_exit(MIRAGE_EXIT_INTERNAL);
    }
    info->fault_entry = (uint64_t)(uintptr_t)spt_fault_entry;
    spt_boot(info);
}
