/* SPDX-License-Identifier: ISC */
/* unikernel.c: hello logs "hello" four times, one second apart. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(hello_log, "hello", "the hello unikernel");

int hello_start(struct mirage_time *clock)
{
    for (int i = 0; i < 4; i++) {
        mirage_log_info(&hello_log, "hello");
        int rc = mirage_time_sleep_ns(clock, 1000000000ull);
        if (rc < 0)
            return 1;
    }
    return 0;
}
