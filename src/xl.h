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

/* The bridge a network interface joins by default (xl's own default). */
#define XL_DEFAULT_BRIDGE "xenbr0"

/* What the hypervisor attaches for one device. */
enum xl_device_kind {
    XL_VIF,  /* a network interface: an entry of vif = [...] */
    XL_DISK, /* a disk: an entry of disk = [...] */
};

struct xl_device {
    const char *name;           /* the device's name in configure.ac */
    const char *type;           /* its type and implementation, for the */
    const char *implementation; /* comment above its entry */
    enum xl_device_kind kind;
    const char *target; /* XL_DISK: the host file; NULL: "NAME.img" */
};

/* What NAME.xl says. */
struct xl_config {
    const char *name;    /* the unikernel's name */
    const char *kernel;  /* the image: "NAME.xen" */
    unsigned memory_mib; /* memory = */
    char *const *args;   /* the boot arguments, for extra = */
    size_t nargs;        /* (quoted for the guest's splitter) */
    const char *extra;   /* else, the boot arguments as one line, or NULL */
    const struct xl_device *devices; /* in declaration order */
    size_t ndevices;
    const char *origin; /* a comment line: what generated the file, or NULL */
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
 * @NAME@, @KERNEL@, @MEMORY@ and @EXTRA@, each network device DEV's bridge
 * @BRIDGE_DEV@ and each disk device DEV's file @DISK_DEV@ (doc/xen.md).
 * Caller frees.
 */
char *xl_text(const struct xl_config *cfg, bool placeholders);

/*
 * The devices of (model) that need the hypervisor's help (their
 * implementation's host is REGISTRY_HOST_NET or _DISK): the started ones, in
 * declaration order. Sets (*out) to an array the caller frees (its strings
 * belong to the model); returns the count.
 */
size_t xl_model_devices(const struct model *model, struct xl_device **out);

/*
 * Writes (dir)/NAME.xl and (dir)/NAME.xl.in for (model), which must have
 * passed check_spec without error, each only if its content changed.
 * Returns 0, or -1 after printing a message.
 */
int xl_write_files(const struct model *model, const char *dir);

#endif
