/* SPDX-License-Identifier: ISC */
/* image.h: the description of a unikernel image that generated glue emits. */
#ifndef MIRAGE_IMAGE_H
#define MIRAGE_IMAGE_H

#include <stddef.h>

#include <mirage/args.h>

/* One device instance as declared in configure.ac, for app_info/--version. */
struct mirage_device_info {
    const char *name;           /* instance name */
    const char *type;           /* device type, e.g. "time" */
    const char *implementation; /* implementation, e.g. "default" */
    const char *depends;        /* space-separated instance names, or "" */
};

/*
 * What generated glue (mirage_main.c) tells the runtime: names, the boot
 * arguments, the devices in start-up order, and the function that connects
 * the devices and calls the user's start function.
 */
struct mirage_image {
    const char *name;    /* unikernel name */
    const char *version; /* package version from AC_INIT */
    const char *target;  /* unix, spt, hvt, virtio or xen */
    const struct mirage_arg *args;
    size_t nargs;
    const struct mirage_device_info *devices;
    size_t ndevices;
    /* Connects devices and runs the start function; returns exit status. */
    int (*run)(void);
};

/* The image of this unikernel, defined by generated glue. */
extern const struct mirage_image mirage_image;

/*
 * Boots (image): parses (argc, argv) against the image's and the runtime's
 * arguments, then calls image->run. Returns the exit status: the start
 * function's, or one of MIRAGE_EXIT_INFO, MIRAGE_EXIT_USAGE,
 * MIRAGE_EXIT_INTERNAL (see <mirage/exit.h>).
 */
int mirage_boot(const struct mirage_image *image, int argc, char **argv);

/*
 * Reports that device (name) of (type) failed to connect with negative errno
 * (err), as an error log line naming both, and returns MIRAGE_EXIT_INTERNAL
 * for the glue to return.
 */
int mirage_device_failed(const char *name, const char *type, int err);

#endif
