/* SPDX-License-Identifier: ISC */
/* check_unikernel.c: checking MIRAGE_UNIKERNEL, and what nothing uses. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "check_impl.h"
#include "diag.h"

/* The unikernel's own keys and the names it lists. */
void check_unikernel(struct model *model)
{
    const struct spec_unikernel *u = model->unikernel;
    const char *loc = u->sec.location, *name = u->sec.name;

    if (!check_is_unikernel_name(name))
        diag_error(loc, UNI, name,
                   "'%s' is not a valid unikernel name; use letters, digits "
                   "and '_', '.', '+' or '-' (it names the image file)",
                   name);

    if (!u->start || !*u->start)
        diag_error(loc, UNI, name,
                   "no start function given; name the C function of the "
                   "unikernel's code that the devices and arguments are "
                   "passed to");
    else if (!check_is_identifier(u->start))
        diag_error(loc, UNI, name,
                   "start function '%s' is not a valid C identifier; use a "
                   "letter or '_', then letters, digits or '_'",
                   u->start);
    else if (!check_c_identifier(u->start))
        diag_error(loc, UNI, name,
                   "start function '%s' is a C keyword or a name reserved "
                   "by C; choose another name",
                   u->start);
    else if (streq(u->start, "main") || !strncmp(u->start, "mirage_", 7) ||
             !strncmp(u->start, "core_", 5) ||
             !strncmp(u->start, "image_", 6) || !strncmp(u->start, "dev_", 4) ||
             !strncmp(u->start, "arg_", 4))
        diag_error(loc, UNI, name,
                   "start function '%s' clashes with the runtime or the "
                   "generated glue, which use 'main' and names beginning "
                   "with 'mirage_', 'core_', 'image_', 'dev_' or 'arg_'; "
                   "choose another name",
                   u->start);
    else if (check_is_libc_function(u->start)) {
        char *suggest = xasprintf("%s_start", name);
        for (char *c = suggest; *c; c++)
            if (!c_isalnum(*c))
                *c = '_';
        diag_error(loc, UNI, name,
                   "start function '%s' is the name of a C library function, "
                   "which every image links; choose another name (such as "
                   "'%s')",
                   u->start, suggest);
        free(suggest);
    }

    model->uk_devices = xcalloc(u->device_names.n, sizeof(size_t));
    for (size_t k = 0; k < u->device_names.n; k++) {
        const char *dev = u->device_names.v[k];
        long j = model_device_index(model, dev);
        bool twice = false;
        for (size_t l = 0; l < k; l++)
            twice = twice || streq(u->device_names.v[l], dev);
        if (j < 0)
            diag_error(loc, UNI, name,
                       "device '%s' is not declared; declare it with "
                       "MIRAGE_DEVICE([%s], [TYPE]) or remove it from the "
                       "unikernel's devices",
                       dev, dev);
        else if (twice)
            diag_error(loc, UNI, name,
                       "device '%s' is listed twice; each device is passed "
                       "to the start function once",
                       dev);
        else
            model->uk_devices[model->nuk_devices++] = (size_t)j;
    }

    model->uk_args = xcalloc(u->arg_names.n, sizeof(size_t));
    for (size_t k = 0; k < u->arg_names.n; k++) {
        const char *arg = u->arg_names.v[k];
        long j = model_arg_index(model, arg);
        bool twice = false;
        for (size_t l = 0; l < k; l++)
            twice = twice || streq(u->arg_names.v[l], arg);
        if (j < 0) {
            diag_error(loc, UNI, name,
                       "argument '%s' is not declared; declare it with "
                       "MIRAGE_RUNTIME_ARG([%s], [TYPE], [DEFAULT], [DOC]) "
                       "or remove it from the unikernel's arguments",
                       arg, arg);
        } else if (twice) {
            diag_error(loc, UNI, name,
                       "argument '%s' is listed twice; each argument is "
                       "passed to the start function once",
                       arg);
        } else {
            model->uk_args[model->nuk_args++] = (size_t)j;
            model->args[j].used = true;
        }
    }

    /* a device and an argument may not become the same C parameter */
    for (size_t k = 0; k < model->nuk_args; k++) {
        const struct model_arg *ma = &model->args[model->uk_args[k]];
        for (size_t l = 0; l < model->nuk_devices; l++) {
            const char *dev =
                model->devices[model->uk_devices[l]].spec->sec.name;
            if (streq(dev, ma->c_name))
                diag_error(loc, UNI, name,
                           "device '%s' and argument '%s' would both be the "
                           "parameter '%s' of the start function; rename "
                           "one of them",
                           dev, ma->spec->sec.name, dev);
        }
    }

    check_vm_settings(u);
    check_xen_settings(u);

    if (!u->target || !*u->target || !registry_target_known(u->target)) {
        char *list = check_join(registry_targets, SIZE_MAX);
        if (!u->target || !*u->target)
            diag_error(loc, UNI, name, "no target given; known targets: %s",
                       list);
        else
            diag_error(loc, UNI, name, "unknown target '%s'; known targets: %s",
                       u->target, list);
        free(list);
    }
}

/* Warns about declarations that nothing uses. */
void check_unused(const struct model *model)
{
    const struct spec *spec = model->spec;
    const char *start = model->unikernel->start;

    if (!start || !check_c_identifier(start))
        start = "the start function";
    for (size_t i = 0; i < spec->ndevices; i++) {
        const struct spec_device *d = &spec->devices[i];
        bool used = false;
        if (model_device_index(model, d->sec.name) != (long)i)
            continue; /* a duplicate: already an error */
        if (model->devices[i].added)
            continue; /* the device it was added for is warned about */
        for (size_t k = 0; k < model->nuk_devices && !used; k++)
            used = model->uk_devices[k] == i;
        for (size_t j = 0; j < model->graph.n && !used; j++)
            for (size_t k = 0; k < model->graph.nout[j] && !used; k++)
                used = model->graph.out[j][k] == i;
        if (!used)
            diag_warning(d->sec.location, DEV, d->sec.name,
                         "device '%s' is not used: it is not passed to %s "
                         "and no device depends on it, so it is never "
                         "started; pass it in MIRAGE_UNIKERNEL's devices, "
                         "or remove it",
                         d->sec.name, start);
    }
    for (size_t i = 0; i < spec->nargs; i++) {
        const struct spec_arg *a = &spec->args[i];
        if (model->args[i].used ||
            model_arg_index(model, a->sec.name) != (long)i)
            continue;
        diag_warning(a->sec.location, ARG, a->sec.name,
                     "argument '%s' is not used: it is not passed to %s; "
                     "pass it in MIRAGE_UNIKERNEL's arguments, or remove it",
                     a->sec.name, start);
    }
}
