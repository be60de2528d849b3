/* SPDX-License-Identifier: ISC */
/* tender_hvt_image.c: a tiny hand-made hvt image for mirage-hvt's tests. */
/*
 * Built freestanding, linked with tender_spt.lds (the layout is the same).
 * It runs in long mode on the tender's page tables and talks to the
 * tender only by hypercalls. Its first boot argument says what to do:
 *   exit N       prints "hello from hvt" and its arguments, halts with N
 *   boot         prints what the boot info says
 *   walltime     prints the wall clock in seconds
 *   devices      prints each device of the boot info
 *   block        reads sector 0 of device 0 and writes sector 1, then
 *                makes bad block calls and prints their errors
 *   badputs      a PUTS of data outside guest memory
 *   badarg       a WALLTIME whose argument is outside guest memory
 *   port         an outl to a port that is no hypercall
 *   hlt          cli; hlt
 *   triple       loads an empty IDT and executes ud2 (a triple fault)
 *   deep         the same, three calls deep, with frame pointers
 * Compile-time: IMG_TARGET changes the ABI note's target; IMG_BLOCK
 * ("name") declares a block device; IMG_BSS_KIB (N) adds N KiB of bss,
 * for a large image. The entry checks that %rsp is as
 * after a call (16-byte aligned minus 8), else halts with 3.
 */
#include <stdint.h>

#include "mirage/tender_abi.h"
#include "tender_image.h"

#ifndef IMG_TARGET
#define IMG_TARGET MIRAGE_TENDER_TARGET_HVT
#endif

#ifdef IMG_BSS_KIB
/* kept by `used`: the image's end is N KiB further */
__attribute__((used)) static char big_bss[(IMG_BSS_KIB) << 10];
#endif

TENDER_IMAGE_ABI_NOTE(MIRAGE_TENDER_ABI_VERSION, IMG_TARGET);

#ifdef IMG_BLOCK
__attribute__((section(".note.mirage"), aligned(4),
               used)) static const struct manifest_note manifest_note = {
    8,
    sizeof(struct mirage_tender_manifest),
    MIRAGE_TENDER_NOTE_MANIFEST,
    "MirageC",
    {MIRAGE_TENDER_ABI_VERSION, 1, {{IMG_BLOCK, MIRAGE_TENDER_DEV_BLOCK, 0}}}};
#endif

static void out32(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static void hypercall(unsigned nr, void *arg)
{
    out32((uint16_t)(MIRAGE_HVT_PORT_BASE + nr), (uint32_t)(uintptr_t)arg);
}

static __attribute__((noreturn)) void halt(int64_t status)
{
    struct mirage_hvt_halt h = {status};
    hypercall(MIRAGE_HVT_HALT, &h);
    for (;;)
        ;
}

static void puts_(const char *s)
{
    struct mirage_hvt_puts p = {(uint64_t)(uintptr_t)s, tender_image_len(s)};
    hypercall(MIRAGE_HVT_PUTS, &p);
}

static void put_int(int64_t v)
{
    char b[24];
    int i = 23;
    uint64_t u = v < 0 ? (uint64_t)-v : (uint64_t)v;
    b[i] = '\0';
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        b[--i] = '-';
    puts_(b + i);
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* The first word of (s) into (w); returns the rest. */
static const char *word(const char *s, char *w, int max)
{
    int n = 0;
    while (*s == ' ')
        s++;
    while (*s && *s != ' ' && n < max - 1)
        w[n++] = *s++;
    w[n] = '\0';
    while (*s == ' ')
        s++;
    return s;
}

static void triple_fault(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } idt = {0, 0};
    __asm__ volatile("lidt %0\n\tud2" : : "m"(idt));
}

__attribute__((noinline)) static void deep3(void)
{
    triple_fault();
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void deep2(void)
{
    deep3();
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void deep1(void)
{
    deep2();
    __asm__ volatile("" ::: "memory");
}

static int64_t block_call(unsigned nr, uint64_t offset, uint64_t data,
                          uint64_t n)
{
    struct mirage_hvt_block b = {0, 0, offset, data, n, 1};
    hypercall(nr, &b);
    return b.ret;
}

static char sector[513];

static void block(void)
{
    int64_t rc =
        block_call(MIRAGE_HVT_BLOCK_READ, 0, (uint64_t)(uintptr_t)sector, 512);
    puts_("read: ");
    put_int(rc);
    puts_(" ");
    sector[512] = '\0';
    puts_(sector);
    puts_("\nwrite: ");
    put_int(block_call(MIRAGE_HVT_BLOCK_WRITE, 512, (uint64_t)(uintptr_t)sector,
                       512));
    puts_("\nflush: ");
    put_int(block_call(MIRAGE_HVT_BLOCK_FLUSH, 0, 0, 0));
    puts_("\nflush of no disk: ");
    {
        struct mirage_hvt_block b = {7, 0, 0, 0, 0, 1};
        hypercall(MIRAGE_HVT_BLOCK_FLUSH, &b);
        put_int(b.ret);
    }
    puts_("\nunaligned: ");
    put_int(block_call(MIRAGE_HVT_BLOCK_READ, 100, (uint64_t)(uintptr_t)sector,
                       512));
    puts_("\npast the end: ");
    put_int(block_call(MIRAGE_HVT_BLOCK_READ, 1024, (uint64_t)(uintptr_t)sector,
                       512));
    puts_("\nbad buffer: ");
    put_int(block_call(MIRAGE_HVT_BLOCK_READ, 0, 0xfffffffffffff000ull, 512));
    puts_("\n");
}

void image_main(struct mirage_tender_boot_info *bi);

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    mov %rsp, %rax\n"
        "    and $15, %eax\n"
        "    cmp $8, %eax\n"
        "    je image_main\n"
        "    movq $3, -16(%rsp)\n"
        "    lea -16(%rsp), %rax\n"
        "    mov $0x508, %dx\n"
        "    outl %eax, %dx\n");

void image_main(struct mirage_tender_boot_info *bi)
{
    char cmd[32], arg[32];
    const char *rest =
        word((const char *)(uintptr_t)bi->cmdline, cmd, sizeof cmd);

    if (bi->abi_version != MIRAGE_TENDER_ABI_VERSION ||
        bi->target != MIRAGE_TENDER_TARGET_HVT ||
        bi->mem_start >= bi->mem_end) {
        puts_("bad boot info\n");
        halt(3);
    }
    if (streq(cmd, "exit")) {
        int status = 0;
        const char *p;
        rest = word(rest, arg, sizeof arg);
        for (p = arg; *p >= '0' && *p <= '9'; p++)
            status = status * 10 + (*p - '0');
        puts_("hello from hvt\nargs: ");
        puts_(rest);
        puts_("\n");
        halt(status);
    } else if (streq(cmd, "boot")) {
        puts_("mem_start=");
        put_int((int64_t)bi->mem_start);
        puts_(" mem_end=");
        put_int((int64_t)bi->mem_end);
        puts_(bi->tsc_hz > 100000000 ? " tsc_hz>100MHz" : " tsc_hz=?");
        puts_(bi->fault_entry == 0 ? "\n" : " fault_entry?\n");
        halt(0);
    } else if (streq(cmd, "walltime")) {
        struct mirage_hvt_walltime w = {0};
        hypercall(MIRAGE_HVT_WALLTIME, &w);
        puts_("walltime: ");
        put_int(w.ns / 1000000000);
        puts_("\n");
        halt(0);
    } else if (streq(cmd, "devices")) {
        for (uint32_t i = 0; i < bi->ndevices; i++) {
            const struct mirage_tender_device *d = &bi->devices[i];
            puts_(d->name);
            puts_(" capacity=");
            put_int((int64_t)d->capacity);
            puts_(" sector=");
            put_int(d->sector_size);
            puts_(" fd=");
            put_int(d->fd);
            puts_("\n");
        }
        halt(0);
    } else if (streq(cmd, "block")) {
        block();
        halt(0);
    } else if (streq(cmd, "badputs")) {
        struct mirage_hvt_puts p = {0x7fffffff0000ull, 10};
        puts_("before\n");
        hypercall(MIRAGE_HVT_PUTS, &p);
        puts_("after\n");
        halt(0);
    } else if (streq(cmd, "badarg")) {
        out32(MIRAGE_HVT_PORT_BASE + MIRAGE_HVT_WALLTIME, 0xfffff000u);
        halt(0);
    } else if (streq(cmd, "port")) {
        out32(0x5ff, 0);
        halt(0);
    } else if (streq(cmd, "hlt")) {
        __asm__ volatile("cli; hlt");
        halt(0);
    } else if (streq(cmd, "triple")) {
        triple_fault();
    } else if (streq(cmd, "deep")) {
        deep1();
    }
    puts_("unknown command\n");
    halt(1);
}
