/* SPDX-License-Identifier: ISC */
/* tender_spt_image.c: a tiny hand-made spt image for mirage-spt's tests. */
/*
 * Built freestanding, linked with tender_spt.lds. Its first boot argument
 * says what to do:
 *   exit N       prints "hello from spt" and its arguments, exits with N
 *   getpid       makes a system call outside the allowlist
 *   devices      prints each device of the boot info
 *   read         reads sector 0 of device 0 (a block device) and prints it
 *   segv         writes to address 8, no fault entry: the tender reports
 *   text         writes to its own code (read-only)
 *   guard        writes to the guard page below the stack
 *   fault        sets a fault entry, then faults: the entry reports
 * Compile-time: IMG_ABI_VERSION, IMG_TARGET change the ABI note; IMG_BLOCK
 * and IMG_NET ("name") declare devices in the manifest; IMG_NO_MANIFEST and
 * IMG_NO_ABI leave a note out; IMG_BSS_KIB (N) adds N KiB of bss, for a
 * large image. The entry checks that %rsp is as after a
 * call (16-byte aligned minus 8), else exits with 3.
 */
#include <stdint.h>

#include "mirage/tender_abi.h"
#include "tender_image.h"

#ifndef IMG_ABI_VERSION
#define IMG_ABI_VERSION MIRAGE_TENDER_ABI_VERSION
#endif
#ifndef IMG_TARGET
#define IMG_TARGET MIRAGE_TENDER_TARGET_SPT
#endif

#ifdef IMG_BSS_KIB
/* kept by `used`: the image's end is N KiB further */
__attribute__((used)) static char big_bss[(IMG_BSS_KIB) << 10];
#endif

#ifndef IMG_NO_ABI
TENDER_IMAGE_ABI_NOTE(IMG_ABI_VERSION, IMG_TARGET);
#endif

#ifndef IMG_NO_MANIFEST
__attribute__((section(".note.mirage"), aligned(4),
               used)) static const struct manifest_note manifest_note = {
    8,
    sizeof(struct mirage_tender_manifest),
    MIRAGE_TENDER_NOTE_MANIFEST,
    "MirageC",
    {MIRAGE_TENDER_ABI_VERSION,
     0
#ifdef IMG_BLOCK
         + 1
#endif
#ifdef IMG_NET
         + 1
#endif
     ,
     {
#ifdef IMG_BLOCK
         {IMG_BLOCK, MIRAGE_TENDER_DEV_BLOCK, 0},
#endif
#ifdef IMG_NET
         {IMG_NET, MIRAGE_TENDER_DEV_NET, 0},
#endif
     }}};
#endif

static long sys3(long nr, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

static long sys4(long nr, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

static __attribute__((noreturn)) void exit_group(long status)
{
    sys3(231, status, 0, 0);
    for (;;)
        ;
}

static void puts_(const char *s)
{
    sys3(1, 1, (long)s, (long)tender_image_len(s));
}

static void put_num(uint64_t v)
{
    char b[24];
    int i = 23;
    b[i] = '\0';
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
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

static volatile int sink;

static void on_fault(const struct mirage_tender_fault *f)
{
    puts_("fault entry: signal ");
    put_num(f->signal);
    puts_(" addr ");
    put_num(f->fault_addr);
    puts_("\n");
    exit_group(42);
}

void image_main(struct mirage_tender_boot_info *bi);

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    mov %rsp, %rax\n"
        "    and $15, %eax\n"
        "    cmp $8, %eax\n"
        "    je image_main\n"
        "    mov $231, %eax\n"
        "    mov $3, %edi\n"
        "    syscall\n");

void image_main(struct mirage_tender_boot_info *bi)
{
    char cmd[32], arg[32];
    const char *rest = word((const char *)bi->cmdline, cmd, sizeof cmd);

    if (bi->abi_version != MIRAGE_TENDER_ABI_VERSION ||
        bi->target != MIRAGE_TENDER_TARGET_SPT ||
        bi->mem_start >= bi->mem_end) {
        puts_("bad boot info\n");
        exit_group(3);
    }
    if (streq(cmd, "exit")) {
        int status = 0;
        const char *p;
        rest = word(rest, arg, sizeof arg);
        for (p = arg; *p >= '0' && *p <= '9'; p++)
            status = status * 10 + (*p - '0');
        puts_("hello from spt\nargs: ");
        puts_(rest);
        puts_("\n");
        exit_group(status);
    } else if (streq(cmd, "getpid")) {
        puts_("calling getpid\n");
        sys3(39, 0, 0, 0);
        puts_("getpid returned\n");
        exit_group(0);
    } else if (streq(cmd, "devices")) {
        for (uint32_t i = 0; i < bi->ndevices; i++) {
            const struct mirage_tender_device *d = &bi->devices[i];
            puts_(d->name);
            puts_(d->type == MIRAGE_TENDER_DEV_NET ? " net" : " block");
            puts_(" capacity=");
            put_num(d->capacity);
            puts_(" sector=");
            put_num(d->sector_size);
            puts_(" ro=");
            put_num(d->read_only);
            puts_(" mtu=");
            put_num(d->mtu);
            puts_(" local_mac=");
            put_num(d->type == MIRAGE_TENDER_DEV_NET ? (d->mac[0] & 2) >> 1
                                                     : 0);
            puts_("\n");
        }
        exit_group(0);
    } else if (streq(cmd, "read")) {
        static char sector[513];
        long n = sys4(17, bi->devices[0].fd, (long)sector, 512, 0);
        if (n != 512)
            exit_group(4);
        sector[512] = '\0';
        puts_(sector);
        n = sys4(18, bi->devices[0].fd, (long)sector, 512, 512);
        puts_(n == 512 ? "\nwrite ok\n" : "\nwrite failed\n");
        exit_group(0);
    } else if (streq(cmd, "segv")) {
        *(volatile int *)8 = 1;
    } else if (streq(cmd, "text")) {
        *(volatile char *)(uintptr_t)image_main = 0;
    } else if (streq(cmd, "guard")) {
        *(volatile char *)(uintptr_t)(bi->mem_end + 16) = 0;
    } else if (streq(cmd, "fault")) {
        bi->fault_entry = (uint64_t)(uintptr_t)on_fault;
        __asm__ volatile("" ::: "memory");
        sink = *(volatile int *)16;
    }
    puts_("unknown command\n");
    exit_group(1);
}
