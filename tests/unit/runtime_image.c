/* SPDX-License-Identifier: ISC */
/* runtime_image.c: a tiny image linked with libmirage-unix.a, as glue is. */
#include <stdio.h>

#include <mirage/mirage.h>
#include <mirage/time.h>

static const char *greeting;
static int status;
static int sleep_ms;

static const struct mirage_arg args[] = {
    {"greeting", 0, MIRAGE_ARG_STRING, "hello from the image", NULL,
     "What to print.", MIRAGE_SECTION_OPTIONS, &greeting, MIRAGE_ARG_SINGLE,
     NULL},
    {"status", 0, MIRAGE_ARG_INT, "0", NULL, "The start function's result.",
     MIRAGE_SECTION_OPTIONS, &status, MIRAGE_ARG_SINGLE, NULL},
    {"sleep-ms", 0, MIRAGE_ARG_INT, "0", "MS", "How long to sleep first.",
     MIRAGE_SECTION_OPTIONS, &sleep_ms, MIRAGE_ARG_SINGLE, NULL},
};

static const struct mirage_device_info devices[] = {
    {"clock", "time", "default", ""},
};

static int image_run(void)
{
    struct mirage_time *clock;
    int rc = mirage_time_default_connect(&clock, "clock");

    if (rc != 0)
        return mirage_device_failed("clock", "time", rc);
    if (sleep_ms > 0)
        mirage_time_sleep_ns(clock, (uint64_t)sleep_ms * 1000000);
    printf("%s\n", greeting);
    return status;
}

const struct mirage_image mirage_image = {
    "image", "9.8.7", "unix", args, 3, devices, 1, image_run,
};
