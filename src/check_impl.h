/* SPDX-License-Identifier: ISC */
/* check_impl.h: the parts of check_spec, shared by check.c and check_*.c. */
#ifndef MIRAGE_HELPER_CHECK_IMPL_H
#define MIRAGE_HELPER_CHECK_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

/* The macros that diagnostics name. */
#define DEV "MIRAGE_DEVICE"
#define ARG "MIRAGE_RUNTIME_ARG"
#define UNI "MIRAGE_UNIKERNEL"

/* check_names.c: names, the words kept by others, lists for messages. */

/* [A-Za-z_][A-Za-z0-9_]* */
bool check_is_identifier(const char *s);
/* [a-z_][a-z0-9_]*: a device's name, a C variable and part of options */
bool check_is_device_name(const char *s);
/* [a-z][a-z0-9-]*: a boot argument's name */
bool check_is_arg_name(const char *s);
/* [A-Za-z0-9_][A-Za-z0-9_.+-]*: the name of the image file */
bool check_is_unikernel_name(const char *s);
/* Is (name) a boot option of the runtime itself (--help, -l, ...)? */
bool check_is_runtime_option(const char *name);
/* Is (name) a function of the C library an image links, or main? */
bool check_is_libc_function(const char *name);
/* (name) with '-' turned into '_'. Caller frees. */
char *check_c_name(const char *name);
/* "a, b, c" from the first (n) strings of (list), or all up to a NULL.
 * Caller frees. */
char *check_join(const char *const *list, size_t n);

/* check_devices.c: each reports what is wrong with device (i). */

/* Its name: valid, not a C word, declared once. */
void check_device_name(const struct model *model, size_t i);
/* Looks up its type and implementation, and checks its parameter, that
 * the implementation runs on (target) (NULL: not known yet) and that this
 * build has the features it needs. */
void check_device_kind(struct model *model, size_t i, const char *target);
/*
 * When device (i) names no dependencies and its implementation has a
 * `deps_default`: uses the declared devices of those names, or appends
 * the missing ones to (spec)'s devices (which must have room for them),
 * and fills in the device's dependencies; reports a declared device of the
 * wrong type, or a dependency type whose default does not run on (target).
 */
void check_default_deps(struct spec *spec, struct model *model, size_t i,
                        const char *target);
/* Adds its dependencies to the graph and checks them against its
 * implementation. */
void check_device_deps(struct model *model, size_t i);
/* Reports a dependency cycle (a graph_cycles callback; ctx: the model). */
void check_report_cycle(const size_t *path, size_t len, void *ctx);

/* check_args.c: boot arguments. */

/* Checks the spec's argument (i): name, type, default, section. */
void check_arg(struct model *model, size_t i);
/* Makes and checks the boot arguments that device (i)'s implementation
 * adds, if it has any. */
void check_device_args(struct model *model, size_t i);
/* Two devices' boot arguments, or a device's and a user's, may not clash. */
void check_arg_clashes(const struct model *model);

/* check_unikernel.c: MIRAGE_UNIKERNEL (model->unikernel, not NULL). */

/* Its name, start function, devices, arguments, VM settings and target. */
void check_unikernel(struct model *model);
/* Warns about declarations that nothing uses. */
void check_unused(const struct model *model);

/* check_target.c: what the target's VM or tender takes. */

/* The memory and boot arguments that configure gives the VM. */
void check_vm_settings(const struct spec_unikernel *u);
/* NAME.xl's bridge and disk folder (xen). */
void check_xen_settings(const struct spec_unikernel *u);
/* spt, hvt: the started devices the tender attaches, by name. */
void check_manifest(const struct model *model, const char *target);
/* virtio: a disk's device name fits in its serial. */
void check_virtio_serials(const struct model *model);

#endif
