/* SPDX-License-Identifier: ISC */
/* unikernel.c: app_info logs what the image is and was built with. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(app_info_log, "app_info", "the app_info unikernel");

/* (s), or "?" where the glue left it out. */
static const char *text(const char *s)
{
    return s ? s : "?";
}

int app_info_start(struct mirage_time *clock1, struct mirage_time *clock2)
{
    const struct mirage_image *image = &mirage_image;

    mirage_log_info(&app_info_log, "name: %s", text(image->name));
    mirage_log_info(&app_info_log, "version: %s", text(image->version));
    mirage_log_info(&app_info_log, "target: %s", text(image->target));
    for (size_t i = 0; i < image->ndevices; i++) {
        const struct mirage_device_info *d = &image->devices[i];
        const char *deps = d->depends && d->depends[0] ? d->depends : NULL;
        mirage_log_info(&app_info_log, "device: %s (%s, %s)%s%s", text(d->name),
                        text(d->type), text(d->implementation),
                        deps ? " after " : "", deps ? deps : "");
    }
    /* the two clocks are connected devices like any other */
    if (mirage_time_sleep_ns(clock1, 1000000) < 0 ||
        mirage_time_sleep_ns(clock2, 1000000) < 0)
        return 1;
    mirage_log_info(&app_info_log, "slept on %s and %s", clock1->name,
                    clock2->name);
    return 0;
}
