/* SPDX-License-Identifier: ISC */
/* unikernel.c: the greeter unikernel logs the shared greeting. */
#include "mirage_main.h"
#include "../src/greeting.h"

#ifdef GREETER_STDIO_WRAPPED
#error "the host project's lib/stdio.h reached the image"
#endif

MIRAGE_LOG_SOURCE(greeter_log, "greeter", "the greeter unikernel");

int greeter_start(struct mirage_time *clock, const char *name, int times)
{
    char buf[128];
    greeting_format(buf, sizeof buf, name);
    for (int i = 0; i < times; i++) {
        mirage_log_info(&greeter_log, "%s", buf);
        mirage_time_sleep_ns(clock, 10000000ull);
    }
    return 0;
}
