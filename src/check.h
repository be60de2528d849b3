/* SPDX-License-Identifier: ISC */
/* check.h: validating a spec and resolving it into a model to generate. */
#ifndef MIRAGE_HELPER_CHECK_H
#define MIRAGE_HELPER_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <mirage/args.h>

#include "argtype.h"
#include "graph.h"
#include "registry.h"
#include "spec.h"

/* A boot argument with its type and section looked up. */
struct model_arg {
    const struct spec_arg *spec;
    bool type_known;
    struct argtype type; /* parsed when type_known */
    enum mirage_arg_section section;
    char *c_name; /* the name with '-' turned into '_' */
    bool used;    /* passed to the start function (or to its device) */
    long device;  /* the device whose implementation adds it, or -1 */
};

/* A device with its type and implementation looked up. */
struct model_device {
    const struct spec_device *spec;
    const struct registry_type *type; /* NULL if unknown */
    const struct registry_impl *impl; /* NULL if unknown */
    bool used; /* started: reachable from the unikernel's devices */
    /*
     * Added by the helper, not declared: the device of a dependency that
     * device (added_for) left to its implementation's `deps_default`.
     */
    bool added;
    size_t added_for;
    /* Its dependencies are its implementation's `deps_default`, as its
     * MIRAGE_DEVICE names none. */
    bool deps_by_default;
    /* They could not be found or added (an error said why): the checks of
     * its dependencies are skipped. */
    bool deps_failed;
    char *impl_name; /* IMPLEMENTATION of IMPLEMENTATION(PARAMETER) */
    char *param;     /* PARAMETER, or the default, or NULL if none */
    /*
     * The boot arguments its implementation adds, with their spec text
     * made from the registry's templates (name, default, doc); set when
     * the implementation is known.
     */
    struct spec_arg *arg_specs;
    struct model_arg *args;
    size_t nargs;
};

/*
 * A spec resolved: devices and args parallel to the spec's arrays, names
 * turned into indices. The spec's devices include those that the helper
 * added for implementations' default dependencies (model_device.added).
 * Only a model whose check found no error is complete enough to generate
 * code or a description from.
 */
struct model {
    const struct spec *spec;
    const struct spec_unikernel *unikernel; /* the first one, or NULL */
    struct model_device *devices;           /* spec->ndevices of them */
    struct model_arg *args;                 /* spec->nargs of them */
    struct graph graph; /* device -> the devices it depends on */
    size_t *uk_devices; /* the unikernel's devices, as indices */
    size_t nuk_devices;
    size_t *uk_args; /* the unikernel's args, as indices */
    size_t nuk_args;
    size_t *order; /* the used devices, in start-up order */
    size_t norder;
};

/*
 * Validates (spec), printing every problem found through diag_error and
 * diag_warning, and fills (*model). A device whose MIRAGE_DEVICE names no
 * dependencies while its implementation takes some, with a `deps_default`,
 * gets the devices of those names: declared ones, or devices that the
 * helper appends to the spec's devices, of the dependency's type and its
 * default implementation for the target (doc/devices.md); the device's
 * `depends` and `deps` are filled in. Returns the number of errors. Free
 * (*model) with model_free in every case, before the spec.
 */
unsigned check_spec(struct spec *spec, struct model *model);

void model_free(struct model *model);

/*
 * Every boot argument of the image: the spec's (MIRAGE_RUNTIME_ARG), then
 * those of the started devices, in start-up order. Sets (*out) to an array
 * the caller frees; returns the count.
 */
size_t model_image_args(const struct model *model,
                        const struct model_arg ***out);

/* The index of the first device called (name), or -1. */
long model_device_index(const struct model *model, const char *name);
/* The index of the first argument called (name), or -1. */
long model_arg_index(const struct model *model, const char *name);

/*
 * Splits IMPLEMENTATION(PARAMETER) text: (*name) gets the implementation
 * (white space trimmed), (*param) the parameter or NULL if there are no
 * parentheses. Returns 0, or -1 and sets (*error) to a message (caller
 * frees) if the parentheses are unbalanced or misplaced.
 */
int check_split_impl(const char *text, char **name, char **param, char **error);

/*
 * The directory of a crunch device with parameter (param): below the
 * unikernel's source folder (its srcdir key, else the spec's folder)
 * unless absolute. Caller frees.
 */
char *check_crunch_dir(const struct model *model, const char *param);

/* Is (s) a C identifier that is not a keyword? */
bool check_c_identifier(const char *s);

#endif
