/* SPDX-License-Identifier: ISC */
/* describe.c: describing a unikernel (text, graphviz) and the known types. */
#include <config.h>

#include <stdlib.h>

#include "c-ctype.h"
#include "argtype.h"
#include "core/argvalue.h"
#include "describe.h"
#include "generate.h"

/* "NAME(a, b)": the start function with its parameters. */
static void print_call(FILE *out, const struct model *model)
{
    const char *sep = "";

    fprintf(out, "%s(", model->unikernel->start);
    for (size_t i = 0; i < model->nuk_devices; i++, sep = ", ")
        fprintf(out, "%s%s", sep,
                model->devices[model->uk_devices[i]].spec->sec.name);
    for (size_t i = 0; i < model->nuk_args; i++, sep = ", ")
        fprintf(out, "%s%s", sep, model->args[model->uk_args[i]].c_name);
    fputs(")", out);
}

static void print_device(FILE *out, const struct model *model,
                         const struct model_device *md)
{
    const struct spec_device *d = md->spec;

    if (md->added)
        fprintf(out, "  %s: %s/%s (added for %s '%s', %s)\n", d->sec.name,
                md->impl->type, md->impl->name,
                model->devices[md->added_for].impl->type,
                model->devices[md->added_for].spec->sec.name, d->sec.location);
    else
        fprintf(out, "  %s: %s/%s (%s)\n", d->sec.name, md->impl->type,
                md->impl->name, d->sec.location);
    if (md->impl->param != REGISTRY_PARAM_NONE) {
        struct strbuf sb = {0};
        if (md->param)
            generate_c_string(&sb, md->param);
        else
            sb_add(&sb, "none");
        fprintf(out, "      parameter %s: %s%s\n", md->impl->param_name,
                sb_str(&sb),
                md->impl->param == REGISTRY_PARAM_CRUNCH
                    ? " (embedded at build time)"
                    : "");
        sb_free(&sb);
    }
    if (md->nargs > 0) {
        fputs("      boot arguments:", out);
        for (size_t k = 0; k < md->nargs; k++)
            fprintf(out, " --%s", md->arg_specs[k].sec.name);
        fputs("\n", out);
    }
    fputs("      depends on:", out);
    for (size_t j = 0; j < d->deps.n; j++)
        fprintf(out, " %s", d->deps.v[j]);
    fputs(!d->deps.n            ? " nothing\n"
          : md->deps_by_default ? " (by default)\n"
                                : "\n",
          out);
}

/* Prints (text) indented by (indent) spaces on each of its lines. */
static void print_indented(FILE *out, int indent, const char *text)
{
    fprintf(out, "%*s", indent, "");
    for (; *text; text++) {
        fputc(*text, out);
        if (*text == '\n' && text[1])
            fprintf(out, "%*s", indent, "");
    }
    fputc('\n', out);
}

static void print_arg(FILE *out, const struct model *model,
                      const struct model_arg *ma)
{
    const struct spec_arg *a = ma->spec;
    enum mirage_arg_form form = ma->type.form;
    char *docv = argtype_docv(&ma->type), *type = argtype_text(&ma->type);

    fprintf(out, "  --%s=%s: %s, ", a->sec.name, a->docv ? a->docv : docv,
            type);
    if (form == MIRAGE_ARG_OPTIONAL) {
        fputs("optional (NULL when absent)", out);
    } else if (form == MIRAGE_ARG_REQUIRED ||
               (form == MIRAGE_ARG_SINGLE && !a->default_value)) {
        fputs("required (no default)", out);
    } else if (!a->default_value || !*a->default_value) {
        fputs(form == MIRAGE_ARG_SINGLE ? "default \"\"" : "default: empty",
              out);
    } else {
        struct strbuf sb = {0};
        generate_c_string(&sb, a->default_value);
        fprintf(out, "default %s", sb_str(&sb));
        sb_free(&sb);
    }
    fprintf(out, "%s, section %s, %s%s (%s)\n",
            form == MIRAGE_ARG_REPEATED ? ", may be repeated" : "",
            registry_section_name(ma->section),
            ma->device >= 0 ? "passed to device "
            : ma->used      ? "passed to the start function"
                            : "not used",
            ma->device >= 0 ? model->devices[ma->device].spec->sec.name : "",
            a->sec.location);
    if (a->doc && *a->doc)
        print_indented(out, 6, a->doc);
    free(docv);
    free(type);
}

void describe_text(FILE *out, const struct model *model)
{
    const struct spec_unikernel *u = model->unikernel;
    const struct spec *spec = model->spec;
    const struct model_arg **args;
    size_t nargs;
    bool unused = false;

    fprintf(out, "unikernel %s, version %s, target %s (%s)\n", u->sec.name,
            u->version ? u->version : "", u->target, u->sec.location);
    fputs("start function: ", out);
    print_call(out, model);
    fputs("\n\ndevices, in start-up order:\n", out);
    for (size_t k = 0; k < model->norder; k++)
        print_device(out, model, &model->devices[model->order[k]]);
    if (model->norder == 0)
        fputs("  none\n", out);
    for (size_t i = 0; i < spec->ndevices; i++) {
        if (model->devices[i].used)
            continue;
        if (!unused)
            fputs("\ndevices not started, as nothing uses them:\n", out);
        unused = true;
        print_device(out, model, &model->devices[i]);
    }
    fputs("\nboot arguments:\n", out);
    nargs = model_image_args(model, &args);
    for (size_t i = 0; i < nargs; i++)
        print_arg(out, model, args[i]);
    if (nargs == 0)
        fputs("  none\n", out);
    free(args);
}

/* Prints (s) as a double-quoted graphviz string; newlines become \n. */
static void dot_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (c_iscntrl(*s))
            fputc(' ', out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

/* Prints a node ID "KIND:NAME". */
static void dot_id(FILE *out, const char *kind, const char *name)
{
    char *id = xasprintf("%s:%s", kind, name);
    dot_string(out, id);
    free(id);
}

void describe_dot(FILE *out, const struct model *model)
{
    const struct spec_unikernel *u = model->unikernel;
    const struct spec *spec = model->spec;
    char *label;

    fputs("digraph ", out);
    dot_string(out, u->sec.name);
    fputs(" {\n    rankdir=\"LR\";\n    node [fontname=\"Helvetica\"];\n", out);

    fputs("    ", out);
    dot_id(out, "unikernel", u->sec.name);
    label = xasprintf("%s\n%s()\ntarget %s", u->sec.name, u->start, u->target);
    fputs(" [shape=\"doubleoctagon\", label=", out);
    dot_string(out, label);
    fputs("];\n", out);
    free(label);

    for (size_t i = 0; i < spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        fputs("    ", out);
        dot_id(out, "device", md->spec->sec.name);
        label = xasprintf("%s\n%s/%s%s", md->spec->sec.name, md->impl->type,
                          md->impl->name, md->added ? "\n(added)" : "");
        fputs(" [shape=\"box\", label=", out);
        dot_string(out, label);
        fputs(md->used ? "];\n" : ", style=\"dashed\"];\n", out);
        free(label);
    }
    for (size_t i = 0; i < spec->nargs; i++) {
        const struct model_arg *ma = &model->args[i];
        fputs("    ", out);
        dot_id(out, "arg", ma->spec->sec.name);
        char *type = argtype_text(&ma->type);
        enum mirage_arg_form form = ma->type.form;
        if (form == MIRAGE_ARG_OPTIONAL)
            label = xasprintf("--%s\n%s", ma->spec->sec.name, type);
        else if (form != MIRAGE_ARG_REQUIRED && ma->spec->default_value)
            label = xasprintf("--%s\n%s = %s", ma->spec->sec.name, type,
                              ma->spec->default_value);
        else
            label = xasprintf("--%s\n%s, required", ma->spec->sec.name, type);
        free(type);
        fputs(" [shape=\"note\", label=", out);
        dot_string(out, label);
        fputs(ma->used ? "];\n" : ", style=\"dashed\"];\n", out);
        free(label);
    }

    for (size_t i = 0; i < spec->ndevices; i++) {
        const struct spec_device *d = &spec->devices[i];
        for (size_t j = 0; j < d->deps.n; j++) {
            fputs("    ", out);
            dot_id(out, "device", d->sec.name);
            fputs(" -> ", out);
            dot_id(out, "device", d->deps.v[j]);
            fputs(";\n", out);
        }
    }
    for (size_t i = 0; i < model->nuk_devices; i++) {
        fputs("    ", out);
        dot_id(out, "unikernel", u->sec.name);
        fputs(" -> ", out);
        dot_id(out, "device",
               model->devices[model->uk_devices[i]].spec->sec.name);
        fputs(";\n", out);
    }
    for (size_t i = 0; i < model->nuk_args; i++) {
        fputs("    ", out);
        dot_id(out, "unikernel", u->sec.name);
        fputs(" -> ", out);
        dot_id(out, "arg", model->args[model->uk_args[i]].spec->sec.name);
        fputs(";\n", out);
    }
    fputs("}\n", out);
}

/* Prints a NULL-terminated list separated by spaces, or (none). */
static void print_list(FILE *out, const char *const *list, const char *none)
{
    if (!list || !list[0]) {
        fputs(none, out);
        return;
    }
    for (size_t i = 0; list[i]; i++)
        fprintf(out, "%s%s", i ? " " : "", list[i]);
}

static void print_param(FILE *out, const struct registry_impl *impl)
{
    switch (impl->param) {
    case REGISTRY_PARAM_NONE:
        fputs("none", out);
        return;
    case REGISTRY_PARAM_STRING:
        fprintf(out, "%s(%s), optional%s%s%s: %s", impl->name, impl->param_name,
                impl->param_default ? " (default " : "",
                impl->param_default ? impl->param_default : "",
                impl->param_default ? ")" : "", impl->param_doc);
        return;
    case REGISTRY_PARAM_REQUIRED:
        fprintf(out, "%s(%s), required: %s", impl->name, impl->param_name,
                impl->param_doc);
        return;
    case REGISTRY_PARAM_CRUNCH:
        fprintf(out,
                "%s(%s), required: %s; embedded at build time, passed as "
                "const struct mirage_kv_crunch *",
                impl->name, impl->param_name, impl->param_doc);
        return;
    }
}

static void print_impl_args(FILE *out, const struct registry_impl *impl)
{
    size_t n = registry_impl_nargs(impl);

    if (n == 0) {
        fputs(" none", out);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const struct registry_arg *ra = &impl->args[k];
        struct strbuf name = {0};
        for (const char *p = ra->name; *p; p++) {
            if (p[0] == '%' && p[1] == 's') {
                sb_add(&name, "NAME");
                p++;
            } else {
                sb_addc(&name, *p);
            }
        }
        fprintf(out, "\n            --%s: %s", sb_str(&name), ra->type);
        if (ra->default_value)
            fprintf(out, ", default %s%s",
                    streq(ra->default_value, "%p") ? "" : "\"",
                    streq(ra->default_value, "%p") ? "the parameter"
                                                   : ra->default_value);
        if (ra->default_value && !streq(ra->default_value, "%p"))
            fputs("\"", out);
        fprintf(out, ", section %s", ra->section);
        sb_free(&name);
    }
}

/*
 * " (default)" when (impl) is its type's default everywhere; with defaults
 * per target, " (default on unix)", " (default elsewhere)" or both; ""
 * when it is no default. When this build lacks a feature it needs, the
 * mark says so too: " (default, not in this build)", " (not in this
 * build)".
 */
static void print_default_mark(FILE *out, const struct registry_type *type,
                               const struct registry_impl *impl)
{
    const struct registry_target_default *td = type->target_defaults;
    bool plain = streq(impl->name, type->default_impl);
    struct strbuf sb = {0};

    if (!td && plain)
        sb_add(&sb, "default");
    for (size_t i = 0; td && td[i].target; i++)
        if (streq(td[i].impl, impl->name))
            sb_addf(&sb, "%s%s", sb.len ? ", " : "default on ", td[i].target);
    if (td && sb.len && plain)
        sb_add(&sb, " and elsewhere");
    else if (td && plain)
        sb_add(&sb, "default elsewhere");
    if (registry_impl_missing(impl))
        sb_addf(&sb, "%snot in this build", sb.len ? ", " : "");
    if (sb.len)
        fprintf(out, " (%s)", sb_str(&sb));
    sb_free(&sb);
}

/* "bearssl (not in this build: configured without BearSSL; install ...)":
 * the features (impl) needs, and whether this build has each. */
static void print_needs(FILE *out, const struct registry_impl *impl)
{
    if (!impl->needs || !impl->needs[0]) {
        fputs("none", out);
        return;
    }
    for (size_t i = 0; impl->needs[i]; i++) {
        const struct feature *f = feature_lookup(impl->needs[i]);
        fprintf(out, "%s%s", i ? " " : "", impl->needs[i]);
        if (f && f->present)
            fputs(" (in this build)", out);
        else if (f)
            fprintf(out, " (not in this build: %s; %s)", f->missing, f->remedy);
    }
}

/*
 * "      default implementation bearssl: not in this build (needs
 * bearssl)": a line for each default implementation of (type), the plain
 * one or a target's, that this build lacks; nothing when it has them.
 */
static void print_missing_defaults(FILE *out, const struct registry_type *type)
{
    const struct registry_target_default *td = type->target_defaults;
    const struct registry_impl *impl;
    const struct feature *f;

    for (size_t i = 0; td && td[i].target; i++) {
        impl = registry_impl_lookup(type->name, td[i].impl);
        f = impl ? registry_impl_missing(impl) : NULL;
        if (f)
            fprintf(out,
                    "      default implementation on %s, %s: not in this "
                    "build (needs %s)\n",
                    td[i].target, impl->name, f->name);
    }
    impl = registry_impl_lookup(type->name, type->default_impl);
    f = impl ? registry_impl_missing(impl) : NULL;
    if (f)
        fprintf(out,
                "      default implementation%s %s: not in this build (needs "
                "%s)\n",
                td ? " elsewhere," : "", impl->name, f->name);
}

/* "net (by default the device service)": the dependencies of (impl). */
static void print_deps(FILE *out, const struct registry_impl *impl)
{
    size_t n = registry_impl_ndeps(impl);

    if (n == 0)
        fputs("none", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s%s", i ? " " : "", impl->deps[i]);
        if (impl->deps_default)
            fprintf(out, " (by default the device %s)", impl->deps_default[i]);
    }
}

void describe_types(FILE *out)
{
    fputs("Device types (TYPE of MIRAGE_DEVICE) and their implementations:\n",
          out);
    for (size_t t = 0; t < registry_type_count(); t++) {
        const struct registry_type *type = registry_type_at(t);
        fprintf(out, "  %s: %s\n      C type: %s, from <%s>\n", type->name,
                type->doc, type->c_type, type->header);
        print_missing_defaults(out, type);
        for (size_t i = 0; i < registry_impl_count(); i++) {
            const struct registry_impl *impl = registry_impl_at(i);
            if (!streq(impl->type, type->name))
                continue;
            fprintf(out, "      implementation %s", impl->name);
            print_default_mark(out, type, impl);
            fprintf(out, ": %s\n", impl->doc);
            fputs("          targets: ", out);
            print_list(out, impl->targets ? impl->targets : registry_targets,
                       "none");
            fputs("\n          needs: ", out);
            print_needs(out, impl);
            fputs("\n          parameter: ", out);
            print_param(out, impl);
            fputs("\n          dependencies: ", out);
            print_deps(out, impl);
            fputs("\n          boot arguments:", out);
            print_impl_args(out, impl);
            fprintf(out, "\n          connect function: %s\n", impl->connect);
        }
    }
    fputs("\nArgument types (TYPE of MIRAGE_RUNTIME_ARG), with the C type "
          "of the value:\n",
          out);
    for (size_t i = 0; i < argvalue_type_count(); i++) {
        enum mirage_arg_type type = argvalue_type_at(i);
        if (type == MIRAGE_ARG_ENUM)
            fprintf(out,
                    "  enum(A|B|...): %s, the word given; one of the "
                    "words A, B, ...\n",
                    argtype_value_c_type(type));
        else
            fprintf(out, "  %s: %s; %s\n", argvalue_type_name(type),
                    argtype_value_c_type(type), argvalue_type_expected(type));
    }
    fputs("\nForms of any type T above:\n"
          "  T            T; DEFAULT is the value when the option is absent\n"
          "  list(T)      struct mirage_list_T: one option value, "
          "comma-separated\n"
          "               (--dns=a,b); an empty value is the empty list\n"
          "  repeated(T)  struct mirage_list_T: one item each time the "
          "option is given\n"
          "               (--peer=a --peer=b); DEFAULT is comma-separated\n"
          "  optional(T)  const T * (const char * for string and enum), "
          "NULL when absent;\n"
          "               no DEFAULT\n"
          "  required(T)  T; the option must be given; no DEFAULT\n"
          "The list structs: mirage_list_string (also for enum), "
          "mirage_list_bool,\n"
          "mirage_list_int, mirage_list_int64, mirage_list_ipv4, "
          "mirage_list_ipv4_prefix,\n"
          "mirage_list_ipv6, mirage_list_ipv6_prefix; each is { size_t len; "
          "const T *items; }.\n",
          out);
    fputs("\nArgument sections (SECTION of MIRAGE_RUNTIME_ARG): ", out);
    print_list(out, registry_sections, "none");
    fputs("\nTargets (--with-target): ", out);
    print_list(out, registry_targets, "none");
    fputs("\nFeatures (needs of an implementation): ", out);
    for (size_t i = 0; i < feature_count(); i++)
        fprintf(out, "%s%s%s", i ? " " : "", feature_at(i)->name,
                feature_at(i)->present ? "" : " (not in this build)");
    fputs(feature_count() ? "\n" : "none\n", out);
}
