/* SPDX-License-Identifier: ISC */
/* hypercall_x86.c: the instructions behind hypercall.h (xen build only). */
#include <stddef.h>
#include <stdint.h>

#include "hypercall.h"

#if !defined(__x86_64__)
#error "runtime/xen is x86-64 only"
#endif

/*
 * The hypercall page: 4 KiB of int3 (so a hypercall made before Xen fills
 * it traps and is reported), page-aligned, in an executable section that
 * pvh.lds places in .text. Writing the MSR makes Xen copy its stubs into
 * the page by physical address, so the read+execute mapping is no obstacle.
 */
__asm__(".pushsection .text.xen_hypercall_page,\"ax\",@progbits\n"
        ".balign 4096\n"
        ".globl xen_hypercall_page\n"
        ".type xen_hypercall_page, @object\n"
        "xen_hypercall_page:\n"
        ".fill 4096, 1, 0xcc\n"
        ".size xen_hypercall_page, 4096\n"
        ".popsection\n");

static void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(sub));
}

static void x86_wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val),
                     "d"((uint32_t)(val >> 32))
                     : "memory");
}

static inline uint64_t x86_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

int xen_hv_detect(struct xen_hv *hv)
{
    return xen_hv_detect_with(hv, x86_cpuid);
}

int xen_hv_init_hypercall_page(const struct xen_hv *hv, uint64_t page_phys)
{
    return xen_hv_setup_hypercall_page(hv, page_phys, x86_wrmsr);
}

/*
 * arch-x86/xen-x86_64.h: args in rdi, rsi, rdx, r10, r8 (r9: a sixth),
 * result in rax, argument registers clobbered (debug builds of Xen poison
 * the unused ones too), and the stub's `call` pushes below rsp, which is
 * safe since the xen build has no red zone (-mno-red-zone). rcx and r11
 * are listed as clobbered as well, as for a syscall.
 */
long xen_hypercall5(unsigned nr, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    unsigned long rax =
        (unsigned long)(xen_hypercall_page + nr * XEN_HYPERCALL_ENTRY_SIZE);
    register unsigned long r10 __asm__("r10") = a4;
    register unsigned long r8 __asm__("r8") = a5;
    register unsigned long r9 __asm__("r9") = 0;

    __asm__ volatile("call *%%rax"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8), "+r"(r9)
                     :
                     : "memory", "rcx", "r11");
    return (long)rax;
}

/* The page that XENMEM_add_to_physmap replaces with the shared info. */
static uint8_t shared_info_page[XEN_PAGE_SIZE]
    __attribute__((aligned(XEN_PAGE_SIZE)));
static int shared_info_mapped;

volatile struct xen_shared_info *xen_shared_info_init(void)
{
    /* Virtual == physical: the boot path identity-maps the image. */
    uintptr_t phys = (uintptr_t)shared_info_page;

    if (!shared_info_mapped) {
        if (xen_map_shared_info(phys >> XEN_PAGE_SHIFT) != 0)
            return NULL;
        shared_info_mapped = 1;
    }
    return (volatile struct xen_shared_info *)shared_info_page;
}

uint64_t xen_system_time_ns(const volatile struct vcpu_time_info *t)
{
    return xen_pvclock_ns(t, x86_rdtsc());
}
