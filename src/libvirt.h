/* SPDX-License-Identifier: ISC */
/* libvirt.h: writing NAME_libvirt.xml, the virtio target's libvirt domain. */
#ifndef MIRAGE_HELPER_LIBVIRT_H
#define MIRAGE_HELPER_LIBVIRT_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "util.h"

/* The RAM of the domain, in MiB: what `mirage run` gives a guest. */
#define LIBVIRT_DEFAULT_MEMORY_MIB SPEC_DEFAULT_MEMORY_MIB

/* The bridge each NIC joins: that of libvirt's default network. */
#define LIBVIRT_DEFAULT_BRIDGE "virbr0"

/* A device of the unikernel that the domain gives a host resource. */
struct libvirt_device {
    const char *name;           /* the device's name in configure.ac */
    const char *type;           /* its type and implementation, for the */
    const char *implementation; /* comment above its element */
    bool net;                   /* a NIC (an <interface>), else a <disk> */
};

/* What NAME_libvirt.xml says. */
struct libvirt_config {
    const char *name;     /* the unikernel's name: the domain's */
    const char *kernel;   /* the image's absolute path */
    const char *disk_dir; /* the absolute folder of the placeholder disks */
    unsigned memory_mib;
    const char *cmdline;                  /* the boot arguments, or NULL */
    const struct libvirt_device *devices; /* in declaration order */
    size_t ndevices;
    const char *origin; /* a comment line: what generated the file, or NULL */
};

/*
 * Can (s) be written in an XML 1.0 document: is it valid UTF-8 (no
 * overlong form, no surrogate) of characters that XML allows (no control
 * character but tab, newline and carriage return; not U+FFFE, U+FFFF)?
 */
bool libvirt_xml_ok(const char *s);

/*
 * Appends (s) to (sb) as XML character data or as an attribute value in
 * either quotes: & < > ' " become entities, and tab, newline and carriage
 * return character references (an attribute keeps them). A byte that
 * libvirt_xml_ok refuses is written as '?'.
 */
void libvirt_xml_text(struct strbuf *sb, const char *s);

/*
 * Appends (s) to (sb) for use inside an XML comment, between spaces: a
 * space goes between two '-' (a comment cannot hold "--"), newlines and
 * tabs become spaces, and a byte that libvirt_xml_ok refuses is '?'.
 */
void libvirt_xml_comment(struct strbuf *sb, const char *s);

/*
 * The text of NAME_libvirt.xml for (cfg): a KVM domain of the q35 machine
 * that boots (cfg->kernel) with an empty command line, stops when the
 * guest resets or crashes, has its console on the serial port, a virtio
 * disk per disk device (a placeholder file DISK_DIR/DEVICE.img, vda, vdb,
 * ... in order, whose serial is the device's name) and a virtio NIC on
 * bridge LIBVIRT_DEFAULT_BRIDGE per net device, in order. Caller frees.
 */
char *libvirt_text(const struct libvirt_config *cfg);

/*
 * The devices of (model) that the domain gives a host resource (their
 * implementation's host is REGISTRY_HOST_NET or _DISK): the started ones,
 * in declaration order. Sets (*out) to an array the caller frees (its
 * strings belong to the model); returns the count.
 */
size_t libvirt_model_devices(const struct model *model,
                             struct libvirt_device **out);

/*
 * Writes (dir)/NAME_libvirt.xml for (model), which must have passed
 * check_spec without error, only if its content changed; the image
 * NAME.virtio and the placeholder disks are in (dir), named by absolute
 * paths (libvirt takes no relative one). Returns 0, or -1 after printing a
 * message: (dir) has no absolute path, or one that XML cannot hold, or the
 * file cannot be written.
 */
int libvirt_write_file(const struct model *model, const char *dir);

#endif
