/* SPDX-License-Identifier: ISC */
/* main.c: mirage-spt, the tender that runs an spt image in this process. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "../common/cli.h"
#include "../common/cmdline_quote.h"
#include "../common/devices.h"
#include "../common/elf_load.h"
#include "seccomp.h"

#define PROG "mirage-spt"
#define PAGE 4096ull

/*
 * The guest's first stack: the runtime boots and schedules on it (the
 * unikernel runs in fibers, whose stacks come from the heap); hvt's
 * runtime does the same on 64 KiB. The least heap we agree to: room for
 * the main fiber's 256 KiB stack (runtime/core/sched_impl.h) and as much
 * again; hello needs 280 KiB.
 */
#define STACK_SIZE  (256ull * 1024)
#define HEAP_MIN    (512ull * 1024)
#define ALTSTACK_SZ (64ull * 1024) /* where fault handling runs */

static struct mirage_tender_boot_info *boot;
static volatile sig_atomic_t in_fault;

static uint64_t page_up(uint64_t a)
{
    return (a + PAGE - 1) & ~(PAGE - 1);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

static void fail(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, PROG ": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(TENDER_EXIT_FAILURE);
}

/* Async-signal-safe output: a string, then hex numbers. */
static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void say_hex(uint64_t v)
{
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    buf[18] = '\0';
    say(buf);
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGILL:
        return "SIGILL";
    case SIGFPE:
        return "SIGFPE";
    default:
        return "signal";
    }
}

/* The tender's own crash report, when the guest has no fault entry. */
static void report(const struct mirage_tender_fault *f)
{
    static const char *const names[] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8",
        "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags"};
    const uint64_t *regs = &f->rax;

    say(PROG ": crash: ");
    say(signal_name((int)f->signal));
    if (f->has_fault_addr) {
        say(" at ");
        say_hex(f->fault_addr);
    }
    say("\n" PROG ": registers:\n");
    for (int i = 0; i < 18; i++) {
        if (i % 3 == 0)
            say(PROG ":    ");
        say(" ");
        say(names[i]);
        say("=");
        say_hex(regs[i]);
        say(i % 3 == 2 || i == 17 ? "\n" : "   ");
    }
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    const ucontext_t *uc = ctx;
    const greg_t *g = uc->uc_mcontext.gregs;
    struct mirage_tender_fault f = {
        .signal = (uint64_t)sig,
        .fault_addr = (uint64_t)(uintptr_t)si->si_addr,
        .has_fault_addr = sig == SIGSEGV || sig == SIGBUS,
        .rax = (uint64_t)g[REG_RAX],
        .rbx = (uint64_t)g[REG_RBX],
        .rcx = (uint64_t)g[REG_RCX],
        .rdx = (uint64_t)g[REG_RDX],
        .rsi = (uint64_t)g[REG_RSI],
        .rdi = (uint64_t)g[REG_RDI],
        .rbp = (uint64_t)g[REG_RBP],
        .rsp = (uint64_t)g[REG_RSP],
        .r8 = (uint64_t)g[REG_R8],
        .r9 = (uint64_t)g[REG_R9],
        .r10 = (uint64_t)g[REG_R10],
        .r11 = (uint64_t)g[REG_R11],
        .r12 = (uint64_t)g[REG_R12],
        .r13 = (uint64_t)g[REG_R13],
        .r14 = (uint64_t)g[REG_R14],
        .r15 = (uint64_t)g[REG_R15],
        .rip = (uint64_t)g[REG_RIP],
        .rflags = (uint64_t)g[REG_EFL],
    };

    if (!in_fault && boot && boot->fault_entry) {
        void (*entry)(const struct mirage_tender_fault *) = (void (*)(
            const struct mirage_tender_fault *))(uintptr_t)boot->fault_entry;
        in_fault = 1;
        entry(&f);
        say(PROG ": the guest's fault entry returned\n");
    } else if (in_fault) {
        say(PROG ": a second fault, in the guest's fault entry\n");
    }
    report(&f);
    _exit(TENDER_EXIT_CRASH);
}

static void install_fault_handlers(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    stack_t ss;
    struct sigaction sa;

    ss.ss_sp = mmap(NULL, ALTSTACK_SZ, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ss.ss_sp == MAP_FAILED)
        fail("signal stack: %s", strerror(errno));
    ss.ss_size = ALTSTACK_SZ;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0)
        fail("sigaltstack: %s", strerror(errno));
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigaction(sigs[i], &sa, NULL) != 0)
            fail("sigaction: %s", strerror(errno));
}

/* Enters the guest: never returns. */
void spt_enter(uint64_t entry, uint64_t stack_top, void *boot_info)
    __attribute__((noreturn));
__asm__(".text\n"
        ".globl spt_enter\n"
        ".type spt_enter, @function\n"
        "spt_enter:\n"
        "    lea -8(%rsi), %rsp\n"
        "    mov %rdi, -8(%rsp)\n"
        "    mov %rdx, %rdi\n"
        "    xor %eax, %eax\n"
        "    xor %ebx, %ebx\n"
        "    xor %ecx, %ecx\n"
        "    xor %edx, %edx\n"
        "    xor %esi, %esi\n"
        "    xor %ebp, %ebp\n"
        "    xor %r8d, %r8d\n"
        "    xor %r9d, %r9d\n"
        "    xor %r10d, %r10d\n"
        "    xor %r11d, %r11d\n"
        "    xor %r12d, %r12d\n"
        "    xor %r13d, %r13d\n"
        "    xor %r14d, %r14d\n"
        "    xor %r15d, %r15d\n"
        "    cld\n"
        "    jmp *-8(%rsp)\n"
        ".size spt_enter, . - spt_enter\n");

int main(int argc, char **argv)
{
    struct tender_options opt;
    struct tender_image img;
    struct tender_prot_range ranges[TENDER_MAX_SEGMENTS];
    struct spt_seccomp_fds fds = {0};
    unsigned map[MIRAGE_TENDER_MANIFEST_MAX], nranges;
    char err[TENDER_ERR_MAX];
    uint8_t *data, *guest;
    size_t size, cmdlen;
    uint64_t mem, base = MIRAGE_TENDER_IMAGE_BASE, top, guard, bootsz, need;
    int rc;

    switch (tender_cli_parse(argc, argv, &opt, err)) {
    case TENDER_CLI_HELP:
        tender_cli_help(stdout, PROG, MIRAGE_TENDER_TARGET_SPT);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_VERSION:
        tender_cli_version(stdout, PROG);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_ERROR:
        fprintf(stderr,
                PROG ": %s\nTry '" PROG " --help' for more information.\n",
                err);
        return TENDER_EXIT_USAGE;
    case TENDER_CLI_RUN:
        break;
    }
    mem = opt.mem_mb << 20;

    if (tender_read_file(opt.image, &data, &size, err) != 0 ||
        tender_elf_validate(data, size, opt.image, MIRAGE_TENDER_TARGET_SPT,
                            mem, &img, err) != 0 ||
        tender_match_manifest(&img, &opt, map, err) != 0)
        fail("%s", err);

    cmdlen = tender_cmdline_quote(opt.args, (size_t)opt.nargs, NULL, 0);
    bootsz = page_up(sizeof(struct mirage_tender_boot_info) + cmdlen + 1);
    top = base + mem;
    /* the image, the boot info, the heap, the guard page, the stack */
    need = img.end - base + bootsz + HEAP_MIN + PAGE + STACK_SIZE;
    if (mem < need)
        fail("--mem=%llu is too small for %s: it needs at least %llu MiB",
             (unsigned long long)opt.mem_mb, opt.image,
             (unsigned long long)((need + (1 << 20) - 1) >> 20));
    guard = top - STACK_SIZE - PAGE;

    guest =
        mmap((void *)(uintptr_t)base, mem, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE,
             -1, 0);
    if (guest == MAP_FAILED)
        fail("cannot map guest memory at 0x%llx (%llu MiB): %s",
             (unsigned long long)base, (unsigned long long)opt.mem_mb,
             strerror(errno));
    if ((uintptr_t)guest != base)
        fail("cannot map guest memory at 0x%llx: the kernel placed it at %p",
             (unsigned long long)base, (void *)guest);
    if (tender_elf_load(&img, data, size, guest, base, mem, ranges, &nranges,
                        err) != 0)
        fail("%s: %s", opt.image, err);
    free(data);

    boot = (struct mirage_tender_boot_info *)(uintptr_t)img.end;
    boot->abi_version = MIRAGE_TENDER_ABI_VERSION;
    boot->target = MIRAGE_TENDER_TARGET_SPT;
    boot->mem_start = img.end + bootsz;
    boot->mem_end = guard;
    boot->cmdline = img.end + sizeof *boot;
    tender_cmdline_quote(opt.args, (size_t)opt.nargs,
                         (char *)(uintptr_t)boot->cmdline, cmdlen + 1);
    boot->tsc_hz = 0;
    boot->fault_entry = 0;
    if (tender_open_devices(&img, &opt, map, boot, err) != 0)
        fail("%s", err);
    for (uint32_t i = 0; i < boot->ndevices; i++)
        if (spt_seccomp_add_device(&fds, &boot->devices[i]) != 0)
            fail("device '%s' cannot be sandboxed", boot->devices[i].name);

    for (unsigned i = 0; i < nranges; i++) {
        int prot = ((ranges[i].prot & TENDER_PROT_R) ? PROT_READ : 0) |
                   ((ranges[i].prot & TENDER_PROT_W) ? PROT_WRITE : 0) |
                   ((ranges[i].prot & TENDER_PROT_X) ? PROT_EXEC : 0);
        if (mprotect((void *)(uintptr_t)ranges[i].start,
                     ranges[i].end - ranges[i].start, prot) != 0)
            fail("mprotect: %s", strerror(errno));
    }
    if (mprotect((void *)(uintptr_t)guard, PAGE, PROT_NONE) != 0)
        fail("mprotect: %s", strerror(errno));

    install_fault_handlers();
    fflush(stdout);
    fflush(stderr);
    rc = spt_seccomp_install(&fds);
    if (rc != 0)
        fail("cannot install the seccomp filter: %s", strerror(-rc));
    spt_enter(img.entry, top, boot);
}
