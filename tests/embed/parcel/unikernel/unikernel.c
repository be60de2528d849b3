/* SPDX-License-Identifier: ISC */
/* unikernel.c: parcel-vm logs whom it is for twice, a tick apart. */
#include <stdio.h>

#include "mirage_main.h"

#ifdef PARCEL_STDIO_WRAPPED
#error "the host project's lib/stdio.h reached the image"
#endif

MIRAGE_LOG_SOURCE(parcel_log, "parcel", "the parcel unikernel");

int parcel_start(struct mirage_time *clock, const char *name)
{
    char buf[128];

    snprintf(buf, sizeof buf, "Parcel for %s", name);
    for (int i = 0; i < 2; i++) {
        mirage_log_info(&parcel_log, "%s", buf);
        if (mirage_time_sleep_ns(clock, 1000000ull) < 0)
            return 1;
    }
    return 0;
}
