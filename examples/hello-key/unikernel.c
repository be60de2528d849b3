/* SPDX-License-Identifier: ISC */
/* unikernel.c: hello-key logs the --hello greeting four times. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(hello_log, "hello", "the hello-key unikernel");

int hello_key_start(struct mirage_time *clock, const char *hello)
{
    for (int i = 0; i < 4; i++) {
        mirage_log_info(&hello_log, "%s", hello);
        if (mirage_time_sleep_ns(clock, 1000000000ull) < 0)
            return 1;
    }
    return 0;
}
