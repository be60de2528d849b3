/* SPDX-License-Identifier: ISC */
/* check.c: validating a spec and resolving it into a model to generate. */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "diag.h"

long model_device_index(const struct model *model, const char *name)
{
    for (size_t i = 0; i < model->spec->ndevices; i++)
        if (streq(model->spec->devices[i].sec.name, name))
            return (long)i;
    return -1;
}

size_t model_image_args(const struct model *model,
                        const struct model_arg ***out)
{
    size_t n = model->spec->nargs, k = 0;

    for (size_t i = 0; i < model->norder; i++)
        n += model->devices[model->order[i]].nargs;
    *out = xcalloc(n + 1, sizeof(**out));
    for (size_t i = 0; i < model->spec->nargs; i++)
        (*out)[k++] = &model->args[i];
    for (size_t i = 0; i < model->norder; i++) {
        const struct model_device *md = &model->devices[model->order[i]];
        for (size_t j = 0; j < md->nargs; j++)
            (*out)[k++] = &md->args[j];
    }
    return k;
}

long model_arg_index(const struct model *model, const char *name)
{
    for (size_t i = 0; i < model->spec->nargs; i++)
        if (streq(model->spec->args[i].sec.name, name))
            return (long)i;
    return -1;
}

/* The most dependencies an implementation takes. */
static size_t max_deps(void)
{
    size_t most = 0;

    for (size_t i = 0; i < registry_impl_count(); i++) {
        size_t n = registry_impl_ndeps(registry_impl_at(i));
        most = n > most ? n : most;
    }
    return most;
}

unsigned check_spec(struct spec *spec, struct model *model)
{
    unsigned before = diag_errors();
    const char *target = NULL;
    /* room for the devices the helper may add: one per dependency */
    size_t declared = spec->ndevices, room = declared * (1 + max_deps()) + 1;
    bool *used;

    spec->devices = xrealloc(spec->devices, room * sizeof(*spec->devices));
    memset(spec->devices + declared, 0,
           (room - declared) * sizeof(*spec->devices));
    memset(model, 0, sizeof(*model));
    model->spec = spec;
    model->devices = xcalloc(room, sizeof(*model->devices));
    model->args = xcalloc(spec->nargs, sizeof(*model->args));
    if (spec->nunikernels > 0) {
        model->unikernel = &spec->unikernels[0];
        target = model->unikernel->target;
    }

    for (size_t i = 0; i < spec->nargs; i++) {
        model->args[i].spec = &spec->args[i];
        model->args[i].c_name = check_c_name(spec->args[i].sec.name);
        model->args[i].device = -1;
        check_arg(model, i);
    }
    for (size_t i = 0; i < declared; i++) {
        model->devices[i].spec = &spec->devices[i];
        check_device_name(model, i);
        check_device_kind(model, i, target);
    }
    /* the devices that implementations' default dependencies add */
    for (size_t i = 0; i < declared; i++)
        check_default_deps(spec, model, i, target);
    for (size_t i = declared; i < spec->ndevices; i++) {
        model->devices[i].spec = &spec->devices[i];
        check_device_name(model, i);
        check_device_kind(model, i, target);
    }
    graph_init(&model->graph, spec->ndevices);
    for (size_t i = 0; i < spec->ndevices; i++) {
        check_device_deps(model, i);
        check_device_args(model, i);
    }
    check_arg_clashes(model);
    /* the graph is complete: cycles, whatever the implementations take */
    graph_cycles(&model->graph, check_report_cycle, model);

    if (!model->unikernel) {
        diag_error(spec->path, UNI, NULL,
                   "MIRAGE_UNIKERNEL is missing; configure.ac must call "
                   "MIRAGE_UNIKERNEL([NAME], [START-FUNCTION], [DEVICES], "
                   "[RUNTIME-ARGS]) once, after the MIRAGE_DEVICE and "
                   "MIRAGE_RUNTIME_ARG calls");
    } else {
        check_unikernel(model);
        for (size_t i = 1; i < spec->nunikernels; i++)
            diag_error(spec->unikernels[i].sec.location, UNI,
                       spec->unikernels[i].sec.name,
                       "MIRAGE_UNIKERNEL is called a second time; it was "
                       "first called at %s, and one configure.ac describes "
                       "one unikernel",
                       model->unikernel->sec.location);
        check_unused(model);
    }

    /* the devices to start, and their order */
    used = xcalloc(spec->ndevices, sizeof(*used));
    graph_reach(&model->graph, model->uk_devices, model->nuk_devices, used);
    for (size_t i = 0; i < spec->ndevices; i++)
        model->devices[i].used = used[i];
    model->order = xcalloc(spec->ndevices, sizeof(*model->order));
    model->norder = graph_order(&model->graph, used, model->order);
    free(used);
    if (target && (streq(target, "spt") || streq(target, "hvt")))
        check_manifest(model, target);
    if (target && streq(target, "virtio"))
        check_virtio_serials(model);

    return diag_errors() - before;
}

void model_free(struct model *model)
{
    for (size_t i = 0; model->args && i < model->spec->nargs; i++) {
        free(model->args[i].c_name);
        argtype_free(&model->args[i].type);
    }
    for (size_t i = 0; model->devices && i < model->spec->ndevices; i++) {
        struct model_device *md = &model->devices[i];
        for (size_t k = 0; k < md->nargs; k++) {
            struct spec_arg *a = &md->arg_specs[k];
            free(a->sec.name);
            free(a->sec.location);
            free(a->type);
            free(a->default_value);
            free(a->doc);
            free(a->section);
            free(a->docv);
            free(md->args[k].c_name);
            argtype_free(&md->args[k].type);
        }
        free(md->arg_specs);
        free(md->args);
        free(md->impl_name);
        free(md->param);
    }
    free(model->devices);
    free(model->args);
    graph_free(&model->graph);
    free(model->uk_devices);
    free(model->uk_args);
    free(model->order);
    memset(model, 0, sizeof(*model));
}
