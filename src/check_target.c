/* SPDX-License-Identifier: ISC */
/* check_target.c: what a target's VM or tender takes from a spec. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/tender_abi.h>

#include "c-ctype.h"
#include "check_impl.h"
#include "diag.h"
#include "libvirt.h"

/*
 * The VM's memory and boot arguments, from configure's --with-memory and
 * --with-boot-args: a whole number of MiB in range; arguments of one line
 * that NAME.xl and NAME_libvirt.xml can hold and the runtimes can take.
 */
void check_vm_settings(const struct spec_unikernel *u)
{
    const char *loc = u->sec.location, *name = u->sec.name;

    if (u->memory && *u->memory) {
        char *end;
        unsigned long long mib;

        errno = 0;
        mib = strtoull(u->memory, &end, 10);
        if (!c_isdigit(u->memory[0]) || *end || errno ||
            mib < SPEC_MIN_MEMORY_MIB || mib > SPEC_MAX_MEMORY_MIB)
            diag_error(loc, UNI, name,
                       "bad memory '%s' (configure's --with-memory=MIB): a "
                       "whole number of MiB from %u to %u",
                       u->memory, SPEC_MIN_MEMORY_MIB, SPEC_MAX_MEMORY_MIB);
    }
    if (u->boot_args && *u->boot_args) {
        bool control = false;

        for (const char *c = u->boot_args; *c; c++)
            if (c_iscntrl(*c))
                control = true;
        if (control || !libvirt_xml_ok(u->boot_args))
            diag_error(loc, UNI, name,
                       "the boot arguments (configure's --with-boot-args) "
                       "hold a control character or invalid UTF-8; write "
                       "them on one line of text");
        else if (strlen(u->boot_args) > SPEC_MAX_BOOT_ARGS)
            diag_error(loc, UNI, name,
                       "the boot arguments (configure's --with-boot-args) "
                       "are %zu bytes long; the runtimes take at most %u",
                       strlen(u->boot_args), SPEC_MAX_BOOT_ARGS);
    }
}

/*
 * NAME.xl's bridge and disk folder, from --with-xen-bridge and
 * --with-xen-disk-dir: an interface name (1 to 15 bytes of [A-Za-z0-9_.-])
 * and a folder of one line without ',' (xl's disk spec splits at commas
 * before its last key).
 */
void check_xen_settings(const struct spec_unikernel *u)
{
    const char *loc = u->sec.location, *name = u->sec.name;

    if (u->xen_bridge && *u->xen_bridge) {
        bool ok = strlen(u->xen_bridge) <= 15;

        for (const char *c = u->xen_bridge; *c; c++)
            if (!c_isalnum(*c) && *c != '_' && *c != '.' && *c != '-')
                ok = false;
        if (!ok)
            diag_error(loc, UNI, name,
                       "bad bridge '%s' (configure's --with-xen-bridge): "
                       "a network interface's name, 1 to 15 letters, "
                       "digits, '_', '.' or '-'",
                       u->xen_bridge);
    }
    if (u->xen_disk_dir && *u->xen_disk_dir) {
        bool ok = true;

        for (const char *c = u->xen_disk_dir; *c; c++)
            if (c_iscntrl(*c) || *c == ',' || *c == '"' || *c == '\\')
                ok = false;
        if (!ok)
            diag_error(loc, UNI, name,
                       "bad disk folder '%s' (configure's "
                       "--with-xen-disk-dir): a path of one line without ',', "
                       "'\"' or '\\'",
                       u->xen_disk_dir);
    }
}

/* Can (name) go in a tender's manifest: [a-z0-9_], NUL included in size? */
static bool manifest_name_ok(const char *name)
{
    if (strlen(name) >= MIRAGE_TENDER_NAME_MAX)
        return false;
    for (const char *p = name; *p; p++)
        if (!c_islower(*p) && !c_isdigit(*p) && *p != '_')
            return false;
    return true;
}

/*
 * On spt and hvt, the started devices that need a host resource go in the
 * image's manifest (generate.c), whose names the tender matches with its
 * --block:NAME= and --net:NAME= options: each name must suit the ABI
 * (runtime/include/mirage/tender_abi.h), and there may be at most
 * MIRAGE_TENDER_MANIFEST_MAX of them.
 */
void check_manifest(const struct model *model, const char *target)
{
    size_t n = 0;

    for (size_t i = 0; i < model->spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        const struct spec_device *d = md->spec;

        if (!md->used || !md->impl || md->impl->host == REGISTRY_HOST_NONE)
            continue;
        if (++n == MIRAGE_TENDER_MANIFEST_MAX + 1)
            diag_error(d->sec.location, DEV, d->sec.name,
                       "more than %d devices that the tender attaches; the "
                       "%s tender takes at most %d",
                       MIRAGE_TENDER_MANIFEST_MAX, target,
                       MIRAGE_TENDER_MANIFEST_MAX);
        /* a name that is no device name was refused already */
        if (check_is_device_name(d->sec.name) && !manifest_name_ok(d->sec.name))
            diag_error(d->sec.location, DEV, d->sec.name,
                       "the %s tender attaches device '%s' by its name, "
                       "which must be lowercase letters, digits and '_', "
                       "at most %d bytes; rename the device",
                       target, d->sec.name, MIRAGE_TENDER_NAME_MAX - 1);
    }
}

/* The bytes of a virtio-blk serial (virtio 1.x, 5.2.6: GET_ID). */
#define VIRTIO_BLK_SERIAL_MAX 20

/*
 * On virtio, a disk binds to its `block` device by serial (runtime/virtio/
 * virtio_blk.c, mirage run's and NAME_libvirt.xml's serial=NAME): a name
 * longer than the serial could never match, so it is refused here.
 */
void check_virtio_serials(const struct model *model)
{
    for (size_t i = 0; i < model->spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        const struct spec_device *d = md->spec;

        if (!md->used || !md->impl || md->impl->host != REGISTRY_HOST_DISK)
            continue;
        if (strlen(d->sec.name) > VIRTIO_BLK_SERIAL_MAX)
            diag_error(d->sec.location, DEV, d->sec.name,
                       "a virtio disk is bound to device '%s' by its serial, "
                       "which holds at most %d bytes; rename the device",
                       d->sec.name, VIRTIO_BLK_SERIAL_MAX);
    }
}
