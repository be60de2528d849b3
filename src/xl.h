/* SPDX-License-Identifier: ISC */
/* xl.h: writing the Xen domain configuration NAME.xl and NAME.xl.in. */
#ifndef MIRAGE_HELPER_XL_H
#define MIRAGE_HELPER_XL_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "util.h"

/* The RAM of a domain, in MiB, unless a packager says otherwise. */
#define XL_DEFAULT_MEMORY_MIB SPEC_DEFAULT_MEMORY_MIB

/* The bridge of every vif unless configure says (--with-xen-bridge). */
#define XL_DEFAULT_BRIDGE "xenbr0"

/* A device of the unikernel that the domain gives a vif or a disk. */
struct xl_device {
    const char *name; /* the device's name in configure.ac */
    bool net;         /* a vif, else a disk */
};

/* What NAME.xl says. */
struct xl_config {
    const char *name;    /* the unikernel's name */
    const char *kernel;  /* the image: "NAME.xen" */
    unsigned memory_mib; /* memory = */
    char *const *args;   /* the boot arguments, for extra = */
    size_t nargs;        /* (quoted for the guest's splitter) */
    const char *extra;   /* else, the boot arguments as one line, or NULL */
    const char *origin;  /* a comment line: what generated the file, or NULL */
    const struct xl_device *devices; /* in the order the image connects */
    size_t ndevices;                 /* them (start-up order) */
    const char *bridge;   /* the vifs' bridge; NULL: XL_DEFAULT_BRIDGE */
    const char *disk_dir; /* disk DEVICE is DISK_DIR/DEVICE.img; NULL: "" */
};

/*
 * Appends (s) to (sb) as a double-quoted string of xl.cfg(5): '"' and '\'
 * are escaped with a backslash, and newline, tab, carriage return, BEL,
 * backspace, form feed and vertical tab are written \n \t \r \a \b \f \v
 * (an xl string cannot span lines). Other bytes are written as they are.
 */
void xl_string(struct strbuf *sb, const char *s);

/*
 * The text of NAME.xl for (cfg); with (placeholders), the text of
 * NAME.xl.in instead: the name, kernel, memory and boot arguments become
 * @NAME@, @KERNEL@, @MEMORY@ and @EXTRA@ (doc/xen.md), the bridge
 * @BRIDGE@ and each disk's file @DISK_DEVICE@. A vif per net device and a
 * disk (xvda, xvdb, ...) per block device, in (cfg->devices)' order: the
 * frontends bind the Nth device the image connects to the Nth of each
 * list. Caller frees.
 */
char *xl_text(const struct xl_config *cfg, bool placeholders);

/*
 * Writes (dir)/NAME.xl and (dir)/NAME.xl.in for (model), which must have
 * passed check_spec without error, each only if its content changed.
 * Returns 0, or -1 after printing a message.
 */
/*
 * The devices of (model) that the domain gives a vif or a disk, in
 * start-up order. Sets (*out) to an array the caller frees (its strings
 * belong to the model); returns the count.
 */
size_t xl_model_devices(const struct model *model, struct xl_device **out);

int xl_write_files(const struct model *model, const char *dir);

#endif
