/* SPDX-License-Identifier: ISC */
/* main.c: the hvt image's entry, from the tender's jump to mirage_boot. */
#include <errno.h>
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "core/cmdline_boot.h"
#include "hvt.h"
#include "paging.h"
#include "platform.h"
#include "stack_chk.h"
#include "trap.h"
#include "tsc.h"

#define CMDLINE_MAX 4096 /* bytes of command line, NUL included */

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)
#define CR0_WP   (1ul << 16)

struct mirage_tender_boot_info hvt_boot_info;

static char cmdline[CMDLINE_MAX];

void hvt_main(uint64_t info) __attribute__((noreturn));

/*
 * The ELF entry (hvt.lds: ENTRY(hvt_start)). The tender enters here in
 * 64-bit mode with its own page tables and GDT, the boot info's address
 * in %rdi and %rsp in the memory it gave. The image moves to its own boot
 * stack (hvt.lds: above a guard page that paging_init unmaps), clears
 * %rbp so that backtraces end here, and calls hvt_main with %rdi as is.
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

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

/*
 * What paging_init relies on, whatever the tender set: EFER.NXE where the
 * CPU has NX (CPUID 0x80000001:EDX[20]), so that data is not executable,
 * and CR0.WP, so that read-only pages bind the kernel too.
 */
static void cpu_protect_init(void)
{
    uint32_t r[4];
    unsigned long cr0;

    cpuid(0x80000000u, r);
    if (r[0] >= 0x80000001u) {
        cpuid(0x80000001u, r);
        if (r[3] & (1u << 20)) {
            uint32_t lo, hi;

            __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
            lo |= EFER_NXE;
            __asm__ volatile("wrmsr" : : "a"(lo), "d"(hi), "c"(MSR_EFER));
        }
    }
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | CR0_WP) : "memory");
}

/*
 * The image's own GDT, TSS and IDT (boot/trap.c; no PIC to mask), then the
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

/* Everything after the canary: the page tables, the traps, the heap, the
 * clocks and the command line, then the unikernel. */
static __attribute__((noinline, noreturn)) void hvt_boot(int cmdline_rc)
{

    cpu_protect_init();
    if (paging_init() != 0) {
        say("hvt: the image does not fit below 1 GiB\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    traps_init();
    hvt_heap_init();
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
 * info and the command line are copied into the image, before
 * paging_init may reuse the memory they were in.
 */
void hvt_main(uint64_t info)
{
    const struct mirage_tender_boot_info *bi =
        (const struct mirage_tender_boot_info *)(uintptr_t)info;

    core_libc_stack_guard_init(canary_seed());
    if (!bi) {
        say("hvt: started without boot information; run the image with "
            "mirage-hvt\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    memcpy(&hvt_boot_info, bi, sizeof(hvt_boot_info));
    if (hvt_boot_info.abi_version != MIRAGE_TENDER_ABI_VERSION ||
        hvt_boot_info.target != MIRAGE_TENDER_TARGET_HVT) {
        say("hvt: the tender speaks another ABI version or target; run the "
            "image with the mirage-hvt of the same mirage\n");
        hvt_halt(MIRAGE_EXIT_INTERNAL);
    }
    if (hvt_boot_info.ndevices > MIRAGE_TENDER_MANIFEST_MAX)
        hvt_boot_info.ndevices = MIRAGE_TENDER_MANIFEST_MAX;
    hvt_boot(copy_cmdline(hvt_boot_info.cmdline));
}
