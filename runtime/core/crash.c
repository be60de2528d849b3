/* SPDX-License-Identifier: ISC */
/* crash.c: crash reports: reason, registers, backtrace, fiber, recent logs. */
#include <stdarg.h>
#include <string.h>

#include <mirage/abort.h>
#include <mirage/exit.h>

#include "buf.h"
#include "crash.h"
#include "log.h"
#include "platform.h"
#include "sched.h"

/* Every line of a report starts so, to tell it from the unikernel's. */
#define PREFIX "mirage: "

/* The most images that get a line "symbolize with: ...". */
#define MAX_HINT_IMAGES 4

/* Set on entry, so that a crash while reporting one ends at once. */
static volatile int crashing;

/* Writes one line of the report: PREFIX, the formatted text, '\n'. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    char line[1200];
    struct core_buf b;
    va_list ap;

    core_buf_init(&b, line, sizeof(line) - 1);
    core_buf_puts(&b, PREFIX);
    va_start(ap, fmt);
    core_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    b.cap = sizeof(line);
    core_buf_puts(&b, "\n");
    plat_error_write(b.data, b.len);
}

/* The last component of (path). */
static const char *base_name(const char *path)
{
    const char *base = path;

    for (const char *p = path; *p; p++)
        if (*p == '/')
            base = p + 1;
    return base;
}

static void print_regs(const struct core_crash_regs *regs)
{
    char line[512];
    struct core_buf b;

    say("registers:");
    for (size_t i = 0; i < regs->n; i += 3) {
        core_buf_init(&b, line, sizeof(line));
        for (size_t k = i; k < i + 3 && k < regs->n; k++)
            core_buf_printf(&b, " %6s=0x%016llx", regs->name[k],
                            (unsigned long long)regs->value[k]);
        say("%s", line);
    }
}

/*
 * Walks the frame-pointer chain from (fp): each frame holds the caller's
 * frame pointer, then the return address. Stores up to (max) return
 * addresses in (pcs); returns how many.
 */
static size_t walk_frames(uintptr_t fp, uintptr_t *pcs, size_t max)
{
    size_t n = 0;

#if defined(__x86_64__) || defined(__aarch64__)
    while (n < max) {
        const uintptr_t *frame = (const uintptr_t *)fp;
        uintptr_t next, ret;

        if (fp == 0 || fp % sizeof(uintptr_t) != 0 ||
            !plat_crash_readable(fp, 2 * sizeof(uintptr_t)))
            break;
        next = frame[0];
        ret = frame[1];
        if (ret == 0)
            break;
        pcs[n++] = ret;
        /* the stack grows down: a caller's frame lies above */
        if (next <= fp || next - fp > CORE_CRASH_MAX_FRAME_BYTES)
            break;
        fp = next;
    }
#else
    (void)fp;
    (void)pcs;
    (void)max;
#endif
    return n;
}

/*
 * Writes "symbolize with: addr2line ..." for each image of the frames. A
 * return address is given less one, the call it returns from, since the
 * call may be a function's last instruction; (first) is the first such
 * frame.
 */
static void print_hints(const uintptr_t *pcs, size_t n, size_t first)
{
    const char *images[MAX_HINT_IMAGES];
    size_t nimages = 0;
    struct plat_symbol sym;

    for (size_t i = 0; i < n; i++) {
        if (plat_symbolize(pcs[i], &sym) != 0 || !sym.image)
            continue;
        size_t k = 0;
        while (k < nimages && strcmp(images[k], sym.image) != 0)
            k++;
        if (k == nimages && nimages < MAX_HINT_IMAGES)
            images[nimages++] = sym.image;
    }
    for (size_t k = 0; k < nimages; k++) {
        char line[1100];
        struct core_buf b;

        core_buf_init(&b, line, sizeof(line));
        core_buf_printf(&b, "symbolize with: addr2line -f -e %s", images[k]);
        for (size_t i = 0; i < n; i++)
            if ((i == 0 || pcs[i] != pcs[i - 1]) &&
                plat_symbolize(pcs[i], &sym) == 0 && sym.image &&
                strcmp(sym.image, images[k]) == 0)
                core_buf_printf(
                    &b, " 0x%llx",
                    (unsigned long long)(sym.offset - (i >= first)));
        say("%s", line);
    }
}

/*
 * Writes the backtrace: (regs)->pc, then its callers: those the platform
 * found, else those walked from (regs)->fp. pc is a return address too
 * when (pc_returns).
 */
static void print_backtrace(const struct core_crash_regs *regs, bool pc_returns)
{
    uintptr_t pcs[CORE_CRASH_MAX_FRAMES];
    size_t n = 0;

    if (regs->pc)
        pcs[n++] = regs->pc;
    if (regs->ncallers > 0)
        for (size_t i = 0; i < regs->ncallers && n < CORE_CRASH_MAX_FRAMES; i++)
            pcs[n++] = regs->callers[i];
    else
        n += walk_frames(regs->fp, pcs + n, CORE_CRASH_MAX_FRAMES - n);
    if (n == 0) {
        say("backtrace: none (no frame pointer)");
        return;
    }
    say("backtrace, innermost first:");
    for (size_t i = 0; i < n; i++) {
        struct plat_symbol sym;
        size_t same = 0;

        /* a recursion (a stack overflow) shows as one frame, repeated */
        while (i + same + 1 < n && pcs[i + same + 1] == pcs[i])
            same++;
        if (plat_symbolize(pcs[i], &sym) == 0 && sym.image)
            say("  #%-2zu 0x%016llx %s+0x%llx", i, (unsigned long long)pcs[i],
                base_name(sym.image), (unsigned long long)sym.offset);
        else
            say("  #%-2zu 0x%016llx", i, (unsigned long long)pcs[i]);
        if (same > 0) {
            say("  ... the frame above %zu more time%s", same,
                same == 1 ? "" : "s");
            i += same;
        }
    }
    if (n == CORE_CRASH_MAX_FRAMES)
        say("  ... (stopped at %d frames)", CORE_CRASH_MAX_FRAMES);
    print_hints(pcs, n, pc_returns ? 0 : 1);
}

/*
 * The report itself. (regs) always has pc and fp, the registers only when
 * a fault handler took them; (pc_returns) when pc is a return address.
 */
static void report(const char *reason, const struct core_crash_regs *regs,
                   bool pc_returns) __attribute__((noreturn));
static void report(const char *reason, const struct core_crash_regs *regs,
                   bool pc_returns)
{
    const char *fiber;

    if (!reason || !reason[0])
        reason = "unknown reason";
    if (crashing) {
        say("crash: %s (while reporting an earlier crash)", reason);
        plat_crash_exit(MIRAGE_EXIT_CRASH);
    }
    crashing = 1;
    say("crash: %s", reason);
    if (regs->has_fault_addr)
        say("fault address: 0x%016llx", (unsigned long long)regs->fault_addr);
    fiber = core_sched_current_name();
    say("fiber: %s", fiber ? fiber : "none (not in a fiber)");
    if (regs->n)
        print_regs(regs);
    print_backtrace(regs, pc_returns);
    if (core_log_ring_dump(PREFIX) == 0)
        say("no log messages");
    say("exit status %d", MIRAGE_EXIT_CRASH);
    plat_crash_exit(MIRAGE_EXIT_CRASH);
}

/*
 * The caller's caller's frame pointer and return address, so that the
 * report starts where core_crash or mirage_abort was called. Inlined in
 * each, as it reads their own frame.
 */
#define CALLER_FRAME(regs)                                                     \
    do {                                                                       \
        const uintptr_t *own_ = __builtin_frame_address(0);                    \
        (regs).pc = (uintptr_t)__builtin_return_address(0);                    \
        (regs).fp = own_ ? own_[0] : 0;                                        \
        caller_regs(&(regs), own_);                                            \
    } while (0)

/*
 * The registers at the call of core_crash or mirage_abort that can be
 * known for sure there: the caller's %rip (the return address), %rsp
 * (just above the return address) and %rbp (its frame pointer). The
 * others were the call's scratch registers or may already be this
 * function's own, so they are not shown rather than shown wrong.
 */
static void caller_regs(struct core_crash_regs *regs, const uintptr_t *own)
{
#if defined(__x86_64__)
    regs->n = 0;
    regs->name[regs->n] = "rip";
    regs->value[regs->n++] = regs->pc;
    regs->name[regs->n] = "rsp";
    regs->value[regs->n++] = own ? (uint64_t)(uintptr_t)(own + 2) : 0;
    regs->name[regs->n] = "rbp";
    regs->value[regs->n++] = regs->fp;
#else
    (void)regs;
    (void)own;
#endif
}

void core_crash_add_reg(struct core_crash_regs *regs, const char *name,
                        uint64_t value)
{
    if (regs->n < CORE_CRASH_MAX_REGS) {
        regs->name[regs->n] = name;
        regs->value[regs->n] = value;
        regs->n++;
    }
}

void core_crash(const char *reason)
{
    struct core_crash_regs regs = {0};

    CALLER_FRAME(regs);
    report(reason, &regs, true);
}

void core_crash_regs(const char *reason, const struct core_crash_regs *regs)
{
    report(reason, regs, false);
}

void mirage_abort(const char *fmt, ...)
{
    struct core_crash_regs regs = {0};
    char reason[256];
    struct core_buf b;
    va_list ap;

    CALLER_FRAME(regs);
    core_buf_init(&b, reason, sizeof(reason));
    va_start(ap, fmt);
    if (fmt)
        core_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    report(reason, &regs, true);
}
