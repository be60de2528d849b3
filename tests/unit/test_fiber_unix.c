/* SPDX-License-Identifier: ISC */
/* test_fiber_unix.c: the scheduler on unix: overflow, deadlock, idle, I/O. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mirage/exit.h>
#include <mirage/fiber.h>

#include "core/sched.h"
#include "core/sched_impl.h"
#include "platform.h"
#include "tap.h"
#include "unix/fault.h"

#define MS 1000000ULL

/* --- running a case in a child process --------------------------------- */

struct child {
    int status;      /* from waitpid */
    char err[16384]; /* what it wrote to stderr */
};

/*
 * Runs (fn)(NULL) as the main fiber of a child process, with the fault
 * handlers installed, and collects its exit status and error output.
 */
static int run_child(int (*fn)(void *), struct child *c)
{
    int fds[2];
    size_t len = 0;
    pid_t pid;

    memset(c, 0, sizeof(*c));
    fflush(stdout);
    if (pipe(fds) != 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        signal(SIGALRM, SIG_DFL); /* not the parent's tap_alarm */
        alarm(tap_scaled_s(20));  /* a hang fails the test, not stops it */
        plat_fault_install();
        _exit(core_sched_run_main(fn, NULL));
    }
    close(fds[1]);
    for (;;) {
        ssize_t n = read(fds[0], c->err + len, sizeof(c->err) - 1 - len);
        if (n > 0)
            len += (size_t)n;
        else if (n == 0 || errno != EINTR || len == sizeof(c->err) - 1)
            break;
    }
    c->err[len] = '\0';
    close(fds[0]);
    while (waitpid(pid, &c->status, 0) < 0 && errno == EINTR)
        ;
    return 0;
}

static int exit_code(const struct child *c)
{
    return WIFEXITED(c->status) ? WEXITSTATUS(c->status)
                                : 1000 + WTERMSIG(c->status);
}

static void show_err(const struct child *c)
{
    const char *p = c->err;

    while (*p) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        printf("#   %.*s\n", n, p);
        p += n + (nl != NULL);
    }
}

/* --- stack overflow ---------------------------------------------------- */

/* Always true, but the compiler cannot know. */
static volatile int keep_diving = 1;

/* Recurses without end; the volatile buffer keeps every frame. */
static int __attribute__((noinline)) dive(int depth)
{
    volatile char buf[256];

    buf[0] = (char)depth;
    buf[255] = (char)depth;
    if (!keep_diving)
        return 0;
    return dive(depth + 1) + buf[0] + buf[255];
}

static int diver(void *arg)
{
    return dive((int)(intptr_t)arg);
}

static int case_overflow(void *unused)
{
    struct mirage_fiber_attr attr = {"deep-diver", 0};
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, diver, NULL, &attr);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return 0;
}

static int smasher(void *unused)
{
    struct mirage_fiber *self = core_sched_self();

    (void)unused;
    /* as an overflow that jumped over the guard page would */
    *(volatile uint64_t *)core_fiber_stack_lo(self) = 0;
    mirage_yield();
    return 0;
}

static int case_canary(void *unused)
{
    struct mirage_fiber_attr attr = {"smasher", 0};
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, smasher, NULL, &attr);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return 0;
}

static void test_overflow(void)
{
    struct child c;

    run_child(case_overflow, &c);
    TAP_OK(exit_code(&c) == MIRAGE_EXIT_CRASH,
           "overflow: unbounded recursion exits with %d (got %d)",
           MIRAGE_EXIT_CRASH, exit_code(&c));
    TAP_OK(strstr(c.err, "stack overflow in fiber deep-diver") != NULL,
           "overflow: the guard page names the fiber");
    if (exit_code(&c) != MIRAGE_EXIT_CRASH || !strstr(c.err, "deep-diver"))
        show_err(&c);

    run_child(case_canary, &c);
    TAP_OK(exit_code(&c) == MIRAGE_EXIT_CRASH,
           "overflow: a smashed canary exits with %d (got %d)",
           MIRAGE_EXIT_CRASH, exit_code(&c));
    TAP_OK(strstr(c.err, "stack overflow in fiber smasher") != NULL &&
               strstr(c.err, "canary") != NULL,
           "overflow: the canary check at the switch names the fiber");
    if (!strstr(c.err, "smasher"))
        show_err(&c);
}

static int guard_owner(void *unused)
{
    struct mirage_fiber *self = core_sched_self();
    uintptr_t lo = core_fiber_stack_lo(self);
    const char *in = core_sched_guard_owner(lo - 1);
    const char *end = core_sched_guard_owner(lo - self->guard);

    (void)unused;
    TAP_OK(self->guard > 0, "guard: unix stacks have a guard (%zu bytes)",
           self->guard);
    TAP_OK(in && strcmp(in, "guarded") == 0 && end &&
               strcmp(end, "guarded") == 0,
           "guard: an address in the guard names its fiber");
    TAP_OK(core_sched_guard_owner(lo) == NULL &&
               core_sched_guard_owner(lo - self->guard - 1) == NULL &&
               core_sched_guard_owner(0) == NULL,
           "guard: addresses outside every guard name nobody");
    return 0;
}

static int case_guard(void *unused)
{
    struct mirage_fiber_attr attr = {"guarded", 0};
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, guard_owner, NULL, &attr);
    return mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
}

/* --- deadlock ---------------------------------------------------------- */

static struct mirage_cond never = MIRAGE_COND_INIT;

static int wait_never(void *unused)
{
    (void)unused;
    return mirage_cond_wait(&never, MIRAGE_FOREVER);
}

static int case_deadlock(void *unused)
{
    struct mirage_fiber *f;

    (void)unused;
    mirage_fiber_spawn(&f, wait_never, NULL, NULL);
    mirage_sleep_ns(5 * MS); /* a timer first: not yet a deadlock */
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return 0;
}

/* A watch that fired is disarmed: it cannot wake anyone any more. */
static int case_deadlock_after_io(void *unused)
{
    struct mirage_cond readable = MIRAGE_COND_INIT;
    int fds[2];

    (void)unused;
    if (pipe(fds) != 0 || write(fds[1], "w", 1) != 1)
        return 1;
    plat_io_watch(fds[0], PLAT_IO_READ, &readable);
    if (mirage_cond_wait(&readable, MIRAGE_FOREVER) != 0)
        return 2;
    /* not re-armed: nothing can signal (readable) again */
    mirage_cond_wait(&readable, MIRAGE_FOREVER);
    return 3;
}

static void test_deadlock(void)
{
    struct child c;

    run_child(case_deadlock, &c);
    TAP_OK(exit_code(&c) == MIRAGE_EXIT_INTERNAL,
           "deadlock: exits with %d (got %d)", MIRAGE_EXIT_INTERNAL,
           exit_code(&c));
    TAP_OK(strstr(c.err, "deadlock: every fiber waits and nothing can wake "
                         "them") != NULL,
           "deadlock: reported");
    if (!strstr(c.err, "deadlock"))
        show_err(&c);

    run_child(case_deadlock_after_io, &c);
    TAP_OK(exit_code(&c) == MIRAGE_EXIT_INTERNAL &&
               strstr(c.err, "deadlock") != NULL,
           "deadlock: a watch that fired no longer counts (got %d)",
           exit_code(&c));
}

/* --- idle CPU ---------------------------------------------------------- */

static uint64_t cpu_ns(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static int case_idle(void *unused)
{
    uint64_t wall = plat_clock_monotonic_ns(), cpu = cpu_ns();
    int rc = mirage_sleep_ns(300 * MS);

    (void)unused;
    wall = plat_clock_monotonic_ns() - wall;
    cpu = cpu_ns() - cpu;
    TAP_OK(rc == 0 && wall >= 300 * MS, "idle: slept at least 300 ms");
    TAP_OK(cpu < 50 * MS, "idle: sleeping 300 ms used %llu us of CPU (< 50 ms)",
           (unsigned long long)(cpu / 1000));
    return 0;
}

/* --- I/O watches ------------------------------------------------------- */

static int pipe_fds[2];

static int timed_writer(void *unused)
{
    (void)unused;
    mirage_sleep_ns(20 * MS);
    return write(pipe_fds[1], "x", 1) == 1 ? 0 : -errno;
}

static int case_io(void *unused)
{
    struct mirage_cond readable = MIRAGE_COND_INIT;
    struct mirage_fiber *w;
    char ch = 0;
    int rc;

    (void)unused;
    mirage_fiber_spawn(&w, timed_writer, NULL, NULL);
    rc = plat_io_watch(pipe_fds[0], PLAT_IO_READ, &readable);
    TAP_OK(rc == 0, "io: watch the read end of a pipe (%d)", rc);
    rc = mirage_cond_wait(&readable, tap_scaled_ns(2000 * MS));
    TAP_OK(rc == 0 && read(pipe_fds[0], &ch, 1) == 1 && ch == 'x',
           "io: the timer-driven writer woke the reader (%d)", rc);
    mirage_fiber_join(w, NULL, MIRAGE_FOREVER);

    /* one-shot: unread data does not fire again until re-armed */
    write(pipe_fds[1], "y", 1);
    rc = mirage_cond_wait(&readable, 20 * MS);
    TAP_OK(rc == -ETIMEDOUT, "io: a fired watch stays disarmed (%d)", rc);
    plat_io_watch(pipe_fds[0], PLAT_IO_READ, &readable);
    rc = mirage_cond_wait(&readable, tap_scaled_ns(2000 * MS));
    TAP_OK(rc == 0 && read(pipe_fds[0], &ch, 1) == 1 && ch == 'y',
           "io: re-armed, it fires at once for the waiting data (%d)", rc);

    TAP_OK(plat_io_unwatch(pipe_fds[0]) == 0 &&
               plat_io_unwatch(pipe_fds[0]) == -ENOENT,
           "io: unwatch, then -ENOENT");
    TAP_OK(plat_io_watch(-1, PLAT_IO_READ, &readable) == -EINVAL &&
               plat_io_watch(pipe_fds[0], 0, &readable) == -EINVAL &&
               plat_io_watch(pipe_fds[0], PLAT_IO_READ, NULL) == -EINVAL,
           "io: bad arguments: -EINVAL");
    return 0;
}

/* Only I/O can wake the fibers: no timer, no deadlock report. */
static int case_io_only(void *unused)
{
    struct mirage_cond readable = MIRAGE_COND_INIT;
    char ch = 0;
    int rc;

    (void)unused;
    plat_io_watch(pipe_fds[0], PLAT_IO_READ, &readable);
    rc = mirage_cond_wait(&readable, MIRAGE_FOREVER);
    plat_io_unwatch(pipe_fds[0]);
    return rc == 0 && read(pipe_fds[0], &ch, 1) == 1 && ch == 'z' ? 0 : 1;
}

static void test_io(void)
{
    pid_t pid;
    int status = -1, rc;

    if (pipe(pipe_fds) != 0) {
        TAP_OK(0, "io: pipe");
        return;
    }
    core_sched_run_main(case_io, NULL);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        usleep(50000);
        _exit(write(pipe_fds[1], "z", 1) == 1 ? 0 : 1);
    }
    rc = core_sched_run_main(case_io_only, NULL);
    waitpid(pid, &status, 0);
    TAP_OK(rc == 0, "io: a wait with only a watch (no timer) is woken by "
                    "another process's write");
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

int main(void)
{
    tap_alarm(60); /* a hang fails the test instead of stopping the suite */
    test_overflow();
    core_sched_run_main(case_guard, NULL);
    test_deadlock();
    core_sched_run_main(case_idle, NULL);
    test_io();
    return tap_done();
}
