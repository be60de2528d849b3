/* SPDX-License-Identifier: ISC */
/* test_runtime_time.c: the default `time` device and the unix clocks. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mirage/mirage.h>
#include <mirage/time.h>

#include "core/sleep.h"
#include "platform.h"
#include "tap.h"

#define MS 1000000ULL

static void test_sleep(void)
{
    struct mirage_time *a = NULL, *b = NULL, *again = NULL;
    uint64_t before, after;
    int rc;

    rc = mirage_time_default_connect(&a, "clock");
    TAP_OK(rc == 0 && a != NULL, "connect 'clock'");
    rc = mirage_time_default_connect(&b, "other");
    TAP_OK(rc == 0 && b != NULL && b != a, "connect 'other': a second device");
    TAP_STREQ(a ? a->name : NULL, "clock", "first device's name");
    TAP_STREQ(b ? b->name : NULL, "other", "second device's name");
    rc = mirage_time_default_connect(&again, "clock");
    TAP_OK(rc == 0 && again == a, "connecting a name again: same device");
    TAP_OK(mirage_time_default_connect(&again, NULL) == -EINVAL,
           "connect without a name: -EINVAL");
    if (!a || !b)
        return;

    before = plat_clock_monotonic_ns();
    rc = mirage_time_sleep_ns(a, 20 * MS);
    after = plat_clock_monotonic_ns();
    TAP_OK(rc == 0, "sleep returns 0");
    TAP_OK(after - before >= 20 * MS,
           "sleeping 20 ms takes at least 20 ms (took %llu ns)",
           (unsigned long long)(after - before));

    before = plat_clock_monotonic_ns();
    rc = mirage_time_sleep_ns(b, 5 * MS);
    after = plat_clock_monotonic_ns();
    TAP_OK(rc == 0 && after - before >= 5 * MS, "the second device sleeps too");
    TAP_OK(mirage_time_sleep_ns(a, 0) == 0, "sleeping 0 ns returns");
}

static void test_limits(void)
{
    struct mirage_time *dev;
    char names[32][8];
    int rc = 0, n = 0;

    /* 2 devices exist already; fill the table, then one more */
    for (int i = 0; i < 32 && rc == 0; i++) {
        snprintf(names[i], sizeof(names[i]), "t%d", i);
        rc = mirage_time_default_connect(&dev, names[i]);
        if (rc == 0)
            n++;
    }
    TAP_OK(rc == -ENOMEM && n >= 1, "too many devices: -ENOMEM after %d", n);
}

/*
 * Whether plat_sleep_until_ns returns for deadlines in the past (0 and
 * (past)): a child sleeps until both and exits 0; a child that still
 * sleeps at a generous limit (tap_scaled_s) is killed by its alarm.
 */
static int past_deadline_returns(uint64_t past)
{
    int status = -1;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(tap_scaled_s(20));
        plat_sleep_until_ns(0);
        plat_sleep_until_ns(past);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return 0;
    if (!WIFEXITED(status))
        printf("# the child sleeping until a past deadline got signal %d\n",
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_clocks(void)
{
    uint64_t m1 = plat_clock_monotonic_ns(), m2;
    int64_t wall = plat_clock_wall_ns();

    plat_sleep_until_ns(m1 + 2 * MS);
    m2 = plat_clock_monotonic_ns();
    TAP_OK(m2 >= m1 + 2 * MS, "plat_sleep_until_ns waits for its deadline");
    TAP_OK(past_deadline_returns(m1),
           "a past deadline returns (a child that sleeps until 0 and until "
           "a deadline of before ends by itself)");
    /* 2020-01-01 as a sanity floor for the host's wall clock */
    TAP_OK(wall > 1577836800LL * 1000000000LL, "the wall clock is in UTC ns");
    TAP_OK(core_deadline_after_ns(UINT64_MAX) == UINT64_MAX,
           "a deadline saturates instead of wrapping");
}

int main(void)
{
    test_sleep();
    test_limits();
    test_clocks();
    return tap_done();
}
