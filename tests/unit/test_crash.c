/* SPDX-License-Identifier: ISC */
/* test_crash.c: crash reports of mirage_abort and faults, in child processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mirage/mirage.h>

#include "core/log.h"
#include "core/sched.h"
#include "tap.h"
#include "unix/fault.h"

/* Built with -fno-omit-frame-pointer -fno-optimize-sibling-calls. */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif

MIRAGE_LOG_SOURCE(test_src, "test", "this test");

/* The most bytes of a child's output kept, and the most frames parsed. */
#define OUT_MAX    (256 * 1024)
#define FRAMES_MAX 64

/* What a child printed and how it ended. */
struct child {
    char out[OUT_MAX], err[OUT_MAX];
    int status; /* exit status, or 128 + signal */
    size_t nframes;
    uintptr_t frame[FRAMES_MAX];     /* "#N 0xADDR" */
    uintptr_t frame_off[FRAMES_MAX]; /* "IMAGE+0xOFF", or UINTPTR_MAX */
};

static struct child child;

/* Reads all of (f) into (buf). */
static void slurp(FILE *f, char *buf)
{
    size_t n;

    rewind(f);
    n = fread(buf, 1, OUT_MAX - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Parses the backtrace lines of child.err. */
static void parse_frames(void)
{
    const char *p = child.err;

    child.nframes = 0;
    while ((p = strstr(p, "mirage:   #")) && child.nframes < FRAMES_MAX) {
        unsigned long long addr, off;
        const char *plus;
        size_t idx;
        int used = 0;

        if (sscanf(p, "mirage:   #%zu 0x%llx%n", &idx, &addr, &used) < 2) {
            p++;
            continue;
        }
        child.frame[child.nframes] = (uintptr_t)addr;
        child.frame_off[child.nframes] = UINTPTR_MAX;
        plus = strchr(p + used, '+');
        if (plus && plus < strchr(p, '\n') && sscanf(plus, "+0x%llx", &off))
            child.frame_off[child.nframes] = (uintptr_t)off;
        child.nframes++;
        p += used;
    }
}

/* Prints the child's error output as TAP comments. */
static void show_err(void)
{
    const char *p = child.err;

    while (*p) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        printf("# | %.*s\n", len, p);
        p += len + (nl != NULL);
    }
}

/* Runs (fn) in a child process with its output in child.out, child.err. */
static void run_child(void (*fn)(void))
{
    FILE *out = tmpfile(), *err = tmpfile();
    pid_t pid;
    int st;

    if (!out || !err) {
        perror("tmpfile");
        exit(99);
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(99);
    }
    if (pid == 0) {
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(err), STDERR_FILENO);
        fn();
        _exit(0); /* not reached: fn crashes */
    }
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    child.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    slurp(out, child.out);
    slurp(err, child.err);
    parse_frames();
    if (getenv("TEST_CRASH_SHOW")) /* to see every report */
        show_err();
}

/* Whether frame (i) lies in the code of function (fn). */
static int frame_in(size_t i, void (*fn)(void))
{
    uintptr_t start = (uintptr_t)fn;

    /* the test's functions are far shorter than this */
    return i < child.nframes && child.frame[i] >= start &&
           child.frame[i] < start + 256;
}

/* The load bias of this executable: address minus offset in the image. */
static int find_bias(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    *(uintptr_t *)data = info->dlpi_addr;
    return 1; /* the executable comes first */
}

/* Whether frame (i) is printed with its offset in this executable. */
static int frame_offset_ok(size_t i)
{
    uintptr_t bias = 0;

    dl_iterate_phdr(find_bias, &bias);
    return i < child.nframes && child.frame_off[i] == child.frame[i] - bias;
}

/* --- the children ------------------------------------------------------ */

static NOINLINE void abort_leaf(void)
{
    mirage_abort("boom %d", 42);
}

static NOINLINE void abort_middle(void)
{
    abort_leaf();
    mirage_log_info(&test_src, "not reached");
}

static void child_abort(void)
{
    mirage_log_info(&test_src, "printed info line");
    for (int i = 1; i <= 3; i++)
        mirage_log_debug(&test_src, "hidden debug line %d", i);
    abort_middle();
}

static NOINLINE int segv_leaf(volatile int *p)
{
    /* a call first, so that the fault comes after the frame is made */
    mirage_log_debug(&test_src, "reading %p", (void *)p);
    return *p + 1;
}

static NOINLINE void segv_middle(void)
{
    int r = segv_leaf((volatile int *)16);
    mirage_log_info(&test_src, "not reached %d", r);
}

static void child_segv(void)
{
    plat_fault_install();
    mirage_log_debug(&test_src, "about to fault");
    segv_middle();
}

static void child_ring(void)
{
    for (int i = 0; i < CORE_LOG_RING_LINES + 10; i++)
        mirage_log_debug(&test_src, "ring line <%d>", i);
    mirage_abort("ring");
}

static void child_long(void)
{
    char big[1000];

    memset(big, 'x', sizeof(big) - 2);
    big[sizeof(big) - 2] = 'y';
    big[sizeof(big) - 1] = '\0';
    mirage_log_debug(&test_src, "%s", big);
    mirage_log_info(&test_src, "%s", big);
    mirage_abort("long");
}

static void child_sigabrt(void)
{
    plat_fault_install();
    abort();
}

/* The division by zero must reach the CPU: UBSan (configure
 * --enable-sanitizers) would otherwise stop it first. */
static NOINLINE __attribute__((no_sanitize("undefined"))) void
fpe_leaf(volatile int dividend, volatile int divisor)
{
    mirage_log_debug(&test_src, "dividing %d by %d", dividend, divisor);
    mirage_log_info(&test_src, "%d", dividend / divisor);
}

static void child_fpe(void)
{
    plat_fault_install();
    fpe_leaf(7, 0);
}

/* Runs (fn) as a fiber named (name) of (stack) bytes, from the main one. */
static void in_fiber(const char *name, size_t stack, int (*fn)(void *))
{
    struct mirage_fiber_attr attr = {name, stack};
    struct mirage_fiber *f;

    if (mirage_fiber_spawn(&f, fn, NULL, &attr) == 0)
        mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
}

static int worker_aborts(void *arg)
{
    (void)arg;
    mirage_log_debug(&test_src, "worker starts");
    mirage_abort("worker gives up");
}

static int main_spawns_worker(void *arg)
{
    (void)arg;
    in_fiber("worker", 0, worker_aborts);
    return 0;
}

static void child_fiber_abort(void)
{
    plat_fault_install();
    core_sched_run_main(main_spawns_worker, NULL);
}

/* Set high: the recursion ends by overflowing its stack. */
static volatile int recurse_limit = 1 << 30;

static NOINLINE int recurse(int depth)
{
    volatile char frame[512];

    frame[0] = (char)depth;
    if (depth > recurse_limit)
        return 0;
    return recurse(depth + 1) + frame[0];
}

static int deep_overflows(void *arg)
{
    (void)arg;
    mirage_log_debug(&test_src, "deep starts");
    return recurse(0);
}

static int main_spawns_deep(void *arg)
{
    (void)arg;
    in_fiber("deep", 32 * 1024, deep_overflows);
    return 0;
}

static void child_fiber_overflow(void)
{
    plat_fault_install();
    core_sched_run_main(main_spawns_deep, NULL);
}

/* --- the tests --------------------------------------------------------- */

static void test_abort(void)
{
    run_child(child_abort);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH,
           "mirage_abort: exit status 255"
           " (got %d)",
           child.status);
    TAP_OK(strstr(child.err, "mirage: crash: boom 42\n") != NULL,
           "mirage_abort: the formatted reason");
    TAP_OK(strstr(child.out, "hidden debug") == NULL,
           "mirage_abort: debug lines were not printed");
    TAP_OK(strstr(child.out, "INF [test] printed info line\n") != NULL,
           "mirage_abort: the info line was printed");
    TAP_OK(strstr(child.err, "the last 4 of 4 log messages") != NULL,
           "mirage_abort: the ring's header counts the messages");
    TAP_OK(strstr(child.err, " -00:00: INF [test] printed info line\n") &&
               strstr(child.err, " -00:00: DBG [test] hidden debug line 1\n") &&
               strstr(child.err, " -00:00: DBG [test] hidden debug line 3\n"),
           "mirage_abort: the ring has the printed and the hidden lines");
    TAP_OK(strstr(child.err, "mirage: backtrace, innermost first:\n") != NULL,
           "mirage_abort: a backtrace");
    TAP_OK(frame_in(0, abort_leaf), "mirage_abort: frame #0 is the caller");
    TAP_OK(frame_in(1, abort_middle), "mirage_abort: frame #1 its caller");
    TAP_OK(frame_offset_ok(0) && frame_offset_ok(1),
           "mirage_abort: frames show their offset in the image");
    TAP_OK(strstr(child.err, "symbolize with: addr2line -f -e /") != NULL,
           "mirage_abort: a hint to symbolize the frames");
    TAP_OK(strstr(child.err, "mirage: fiber: ") != NULL,
           "mirage_abort: the current fiber");
    TAP_OK(strstr(child.err, "registers:") != NULL &&
               strstr(child.err, " rip=0x") && strstr(child.err, " rsp=0x") &&
               strstr(child.err, " rbp=0x"),
           "mirage_abort: the caller's rip, rsp and rbp");
    TAP_OK(strstr(child.err, " rax=") == NULL,
           "mirage_abort: no scratch registers, which the call clobbered");
    if (tap_failed)
        show_err();
}

/* Runs addr2line on frame (i); whether it names function (name). */
static void check_addr2line(size_t i, const char *name)
{
    char cmd[600], line[256], exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    FILE *p;
    int found = 0, known = 0;

    if (i >= child.nframes) {
        TAP_OK(0, "addr2line names %s: the report has no frame #%zu", name, i);
        return;
    }
    if (n <= 0 || system("addr2line --version >/dev/null 2>&1") != 0) {
        TAP_SKIP("no addr2line", "addr2line names %s", name);
        return;
    }
    exe[n] = '\0';
    snprintf(cmd, sizeof(cmd), "addr2line -f -e '%s' 0x%llx", exe,
             (unsigned long long)child.frame_off[i]);
    p = popen(cmd, "r");
    while (p && fgets(line, sizeof(line), p)) {
        if (strncmp(line, name, strlen(name)) == 0)
            found = 1;
        if (strncmp(line, "??", 2) != 0)
            known = 1;
    }
    if (p)
        pclose(p);
    if (!known)
        TAP_SKIP("no debug information", "addr2line names %s", name);
    else
        TAP_OK(found, "addr2line names %s from the printed offset", name);
}

static void test_segv(void)
{
    char want[64];
    int before = tap_failed;

    run_child(child_segv);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH,
           "SIGSEGV: exit status 255 (got %d)", child.status);
    TAP_OK(strstr(child.err, "mirage: crash: SIGSEGV (address not mapped)\n") !=
               NULL,
           "SIGSEGV: the reason");
    TAP_OK(strstr(child.err, "mirage: fault address: 0x0000000000000010\n") !=
               NULL,
           "SIGSEGV: the fault address");
#if defined(__x86_64__)
    TAP_OK(strstr(child.err, "rip=0x") && strstr(child.err, "rsp=0x") &&
               strstr(child.err, "r15=0x") && strstr(child.err, "rflags=0x"),
           "SIGSEGV: the registers");
    snprintf(want, sizeof(want), "rip=0x%016llx",
             (unsigned long long)(child.nframes ? child.frame[0] : 0));
    TAP_OK(strstr(child.err, want) != NULL, "SIGSEGV: frame #0 is rip");
#else
    (void)want;
    TAP_OK(strstr(child.err, "registers:") != NULL, "SIGSEGV: the registers");
#endif
    TAP_OK(frame_in(0, (void (*)(void))segv_leaf),
           "SIGSEGV: frame #0 is the faulting function");
    TAP_OK(frame_in(1, segv_middle), "SIGSEGV: frame #1 its caller");
    TAP_OK(frame_in(2, child_segv), "SIGSEGV: frame #2 the caller's caller");
    TAP_OK(frame_offset_ok(0) && frame_offset_ok(1) && frame_offset_ok(2),
           "SIGSEGV: frames show their offset in the image");
    TAP_OK(strstr(child.err, "DBG [test] about to fault\n") &&
               strstr(child.err, "DBG [test] reading 0x10\n"),
           "SIGSEGV: the ring is dumped");
    check_addr2line(0, "segv_leaf");
    if (tap_failed > before)
        show_err();
}

static void test_ring(void)
{
    char want[64];
    int gone = 0, kept = 0, before = tap_failed;

    run_child(child_ring);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH, "ring: exit status 255");
    for (int i = 0; i < CORE_LOG_RING_LINES + 10; i++) {
        snprintf(want, sizeof(want), "DBG [test] ring line <%d>\n", i);
        if (i < 10)
            gone += strstr(child.err, want) == NULL;
        else
            kept += strstr(child.err, want) != NULL;
    }
    TAP_OK(gone == 10, "ring: the first 10 of %d lines are gone (%d are)",
           CORE_LOG_RING_LINES + 10, gone);
    TAP_OK(kept == CORE_LOG_RING_LINES, "ring: the last %d are kept (%d are)",
           CORE_LOG_RING_LINES, kept);
    snprintf(want, sizeof(want), "the last %d of %d log messages",
             CORE_LOG_RING_LINES, CORE_LOG_RING_LINES + 10);
    TAP_OK(strstr(child.err, want) != NULL, "ring: the header says '%s'", want);
    TAP_OK(strstr(child.err, "ring line <10>\n") <
               strstr(child.err, "ring line <73>\n"),
           "ring: oldest first");
    if (tap_failed > before)
        show_err();
}

static void test_long(void)
{
    const char *dbg, *end;
    size_t xs = 0;
    int before = tap_failed;

    run_child(child_long);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH, "long line: exit status 255");
    dbg = strstr(child.err, "DBG [test] x");
    end = dbg ? strchr(dbg, '\n') : NULL;
    if (dbg && end) {
        dbg += strlen("DBG [test] ");
        while (dbg + xs < end && dbg[xs] == 'x')
            xs++;
    }
    TAP_OK(dbg && end && end - dbg == CORE_LOG_RING_TEXT - 1,
           "long line: the ring keeps %d bytes of its text",
           CORE_LOG_RING_TEXT - 1);
    TAP_OK(xs == CORE_LOG_RING_TEXT - 4 && end &&
               memcmp(end - 3, "...", 3) == 0,
           "long line: cut with '...'");
    TAP_OK(strstr(child.err, "INF [test] xxx") != NULL,
           "long line: the printed copy is in the ring too");
    TAP_OK(strstr(child.out, "xxxxy") == NULL &&
               strlen(child.out) == CORE_LOG_LINE_MAX,
           "long line: the printed line is cut as before (%zu bytes)",
           strlen(child.out));
    if (tap_failed > before)
        show_err();
}

static void test_signals(void)
{
    int before = tap_failed;

    run_child(child_sigabrt);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH, "abort(): exit status 255");
    TAP_OK(strstr(child.err, "mirage: crash: SIGABRT (abort() was called)\n") !=
               NULL,
           "abort(): the reason");
    TAP_OK(strstr(child.err, "fault address") == NULL,
           "abort(): no fault address");

    run_child(child_fpe);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH, "SIGFPE: exit status 255");
#if defined(__x86_64__)
    TAP_OK(strstr(child.err,
                  "mirage: crash: SIGFPE (integer divide by zero)\n") != NULL,
           "SIGFPE: the reason");
    TAP_OK(frame_in(0, (void (*)(void))fpe_leaf),
           "SIGFPE: frame #0 is the faulting function");
#endif
    if (tap_failed > before)
        show_err();
}

static void test_fibers(void)
{
    int before = tap_failed;

    run_child(child_fiber_abort);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH, "fiber abort: exit status 255");
    TAP_OK(strstr(child.err, "mirage: crash: worker gives up\n") &&
               strstr(child.err, "mirage: fiber: worker\n"),
           "fiber abort: the report names the fiber");
    TAP_OK(frame_in(0, (void (*)(void))worker_aborts),
           "fiber abort: frame #0 is in the fiber's function");

    run_child(child_fiber_overflow);
    TAP_OK(child.status == MIRAGE_EXIT_CRASH,
           "stack overflow: exit status 255 (got %d)", child.status);
    TAP_OK(strstr(child.err, "mirage: crash: stack overflow in fiber deep\n") &&
               strstr(child.err, "mirage: fiber: deep\n"),
           "stack overflow: the report names the fiber");
    TAP_OK(frame_in(0, (void (*)(void))recurse) &&
               frame_in(1, (void (*)(void))recurse),
           "stack overflow: the backtrace is in the recursion");
    TAP_OK(strstr(child.err, "DBG [test] deep starts\n") != NULL,
           "stack overflow: the ring is dumped");
    if (tap_failed > before)
        show_err();
}

int main(void)
{
    test_abort();
    test_segv();
    test_ring();
    test_long();
    test_signals();
    test_fibers();
    return tap_done();
}
