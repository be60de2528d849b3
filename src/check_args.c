/* SPDX-License-Identifier: ISC */
/* check_args.c: checking boot arguments: the spec's and the devices'. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/argvalue.h"
#include "diag.h"

/* Parses (text, len) as one value of (ma)'s type: 0, -EINVAL or -ERANGE. */
static int parse_value(const struct model_arg *ma, const char *text, size_t len)
{
    char *copy = xstrndup(text, len);
    union argvalue value;
    int rc = argvalue_parse(
        ma->type.base, (const char *const *)ma->type.choices, copy, &value);

    free(copy);
    return rc;
}

/*
 * Checks the default of (ma) against its type, which is known; errors are
 * about (macro)(name) and start with (prefix).
 */
static void check_default(const struct model_arg *ma, const char *macro,
                          const char *name, const char *prefix)
{
    const struct spec_arg *a = ma->spec;
    const char *loc = a->sec.location;
    const char *def = a->default_value;
    char *type = argtype_text(&ma->type), *base = argtype_base_text(&ma->type);
    char *expected = argtype_expected(&ma->type), *hint;
    const char *cursor, *elem;
    size_t len;
    int rc;

    switch (ma->type.form) {
    case MIRAGE_ARG_OPTIONAL:
    case MIRAGE_ARG_REQUIRED:
        if (def && *def)
            diag_error(loc, macro, name,
                       "%s%s takes no default; remove the default '%s' (%s)",
                       prefix, type, def,
                       ma->type.form == MIRAGE_ARG_OPTIONAL
                           ? "without the option, the start function gets "
                             "NULL"
                           : "the option must be given at boot");
        break;
    case MIRAGE_ARG_LIST:
    case MIRAGE_ARG_REPEATED:
        if (!def)
            break;
        cursor = argvalue_list_begin(def);
        while ((elem = argvalue_list_next(&cursor, &len))) {
            rc = parse_value(ma, elem, len);
            if (rc == 0)
                continue;
            diag_error(loc, macro, name,
                       "%sdefault '%s' has an element '%.*s' that is %s %s: "
                       "expected %s, elements separated by ','; fix the "
                       "default or the type",
                       prefix, def, (int)len, elem,
                       rc == -ERANGE ? "out of range for" : "not a valid", base,
                       expected);
            break;
        }
        break;
    case MIRAGE_ARG_SINGLE:
        if (!def || (rc = parse_value(ma, def, strlen(def))) == 0)
            break;
        hint = *def ? xstrdup("")
                    : xasprintf(" (for no default, use optional(%s) or "
                                "required(%s))",
                                type, type);
        diag_error(loc, macro, name,
                   "%sdefault '%s' is %s %s: expected %s; fix the default or "
                   "the type%s",
                   prefix, def,
                   rc == -ERANGE ? "out of range for" : "not a valid", type,
                   expected, hint);
        free(hint);
        break;
    }
    free(type);
    free(base);
    free(expected);
}

void check_arg(struct model *model, size_t i)
{
    struct model_arg *ma = &model->args[i];
    const struct spec_arg *a = ma->spec;
    const char *loc = a->sec.location, *name = a->sec.name;
    char *message;
    long first;

    if (!*name) {
        diag_error(loc, ARG, name,
                   "the argument has no name; give it a name such as "
                   "'hello' as first argument");
    } else if (!check_is_arg_name(name)) {
        diag_error(loc, ARG, name,
                   "'%s' is not a valid argument name; use lower-case "
                   "letters, digits and '-', starting with a letter (it "
                   "becomes the boot option --NAME)",
                   name);
    } else if (check_is_runtime_option(name)) {
        diag_error(loc, ARG, name,
                   "'%s' is reserved: every unikernel has the boot options "
                   "--help, --version, --logs (-l), --delay and "
                   "--fiber-stack; choose another name",
                   name);
    } else if (!check_c_identifier(ma->c_name)) {
        diag_error(loc, ARG, name,
                   "'%s' would be the C parameter '%s', which is a C "
                   "keyword; choose another name",
                   name, ma->c_name);
    } else if ((first = model_arg_index(model, name)) >= 0 &&
               (size_t)first < i) {
        diag_error(loc, ARG, name,
                   "argument '%s' is already declared at %s; give each "
                   "argument its own name",
                   name, model->spec->args[first].sec.location);
    }

    if (!a->type || !*a->type) {
        char *list = argtype_known_bases();
        diag_error(loc, ARG, name,
                   "no argument type given; known types: %s, and list(T), "
                   "repeated(T), optional(T) and required(T) of one of them",
                   list);
        free(list);
    } else if (argtype_parse(a->type, &ma->type, &message) < 0) {
        diag_error(loc, ARG, name, "%s", message);
        free(message);
    } else {
        ma->type_known = true;
        check_default(ma, ARG, name, "");
    }

    if (registry_section_lookup(a->section, &ma->section) < 0) {
        char *list = check_join(registry_sections, SIZE_MAX);
        diag_error(loc, ARG, name,
                   "unknown section '%s'; allowed sections: %s (empty "
                   "means options)",
                   a->section, list);
        free(list);
    }
}

/* (tpl) with "%s" as (s), "%p" as (p) (NULL: ""), "%%" as '%'. */
static char *expand(const char *tpl, const char *s, const char *p)
{
    struct strbuf sb = {0};

    for (; *tpl; tpl++) {
        if (tpl[0] == '%' && tpl[1] == 's') {
            sb_add(&sb, s);
            tpl++;
        } else if (tpl[0] == '%' && tpl[1] == 'p') {
            sb_add(&sb, p ? p : "");
            tpl++;
        } else if (tpl[0] == '%' && tpl[1] == '%') {
            sb_addc(&sb, '%');
            tpl++;
        } else {
            sb_addc(&sb, *tpl);
        }
    }
    return sb_take(&sb);
}

/* Makes and checks the boot arguments of device (i), if it has any. */
void check_device_args(struct model *model, size_t i)
{
    struct model_device *md = &model->devices[i];
    const char *loc = md->spec->sec.location, *name = md->spec->sec.name;
    char *dashed, *message, *prefix;
    size_t n;

    if (!md->impl || (n = registry_impl_nargs(md->impl)) == 0)
        return;
    dashed = xstrdup(name);
    for (char *p = dashed; *p; p++)
        if (*p == '_')
            *p = '-';
    md->arg_specs = xcalloc(n, sizeof(*md->arg_specs));
    md->args = xcalloc(n, sizeof(*md->args));
    md->nargs = n;
    for (size_t k = 0; k < n; k++) {
        const struct registry_arg *ra = &md->impl->args[k];
        struct spec_arg *a = &md->arg_specs[k];
        struct model_arg *ma = &md->args[k];

        a->sec.kind = SPEC_ARG;
        a->sec.name = expand(ra->name, dashed, NULL);
        a->sec.location = xstrdup(loc);
        a->type = xstrdup(ra->type);
        a->default_value = ra->default_value
                               ? expand(ra->default_value, name, md->param)
                               : NULL;
        a->doc = expand(ra->doc ? ra->doc : "", name, md->param);
        a->section = xstrdup(ra->section ? ra->section : "");
        a->docv = ra->docv ? xstrdup(ra->docv) : NULL;
        ma->spec = a;
        ma->c_name = check_c_name(a->sec.name);
        ma->used = true;
        ma->device = (long)i;

        prefix = xasprintf("boot argument --%s of implementation '%s': ",
                           a->sec.name, md->impl->name);
        if (!check_is_arg_name(a->sec.name))
            diag_error(loc, DEV, name,
                       "%s'%s' is not a valid argument name, as the device "
                       "name is part of it; name the device with lower-case "
                       "letters, digits and '_'",
                       prefix, a->sec.name);
        else if (check_is_runtime_option(a->sec.name))
            diag_error(loc, DEV, name,
                       "%sthe name is reserved by the runtime; rename the "
                       "device",
                       prefix);
        if (argtype_parse(a->type, &ma->type, &message) < 0) {
            diag_error(loc, DEV, name, "%s%s", prefix, message);
            free(message);
        } else {
            ma->type_known = true;
            check_default(ma, DEV, name, prefix);
        }
        if (registry_section_lookup(a->section, &ma->section) < 0)
            diag_error(loc, DEV, name, "%sunknown section '%s'", prefix,
                       a->section);
        free(prefix);
    }
    free(dashed);
}

/* Two devices' boot arguments, or a device's and a user's, may not clash. */
void check_arg_clashes(const struct model *model)
{
    const struct spec *spec = model->spec;

    for (size_t i = 0; i < spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        const char *loc = md->spec->sec.location, *name = md->spec->sec.name;

        if (model_device_index(model, name) != (long)i)
            continue; /* a duplicate: already an error */
        for (size_t k = 0; k < md->nargs; k++) {
            const char *arg = md->arg_specs[k].sec.name;
            long u = model_arg_index(model, arg);
            bool global = !strstr(md->impl->args[k].name, "%s");

            if (u >= 0)
                diag_error(loc, DEV, name,
                           "boot argument --%s of device '%s' (%s/%s) clashes "
                           "with MIRAGE_RUNTIME_ARG(%s) at %s; rename %s",
                           arg, name, md->impl->type, md->impl->name, arg,
                           spec->args[u].sec.location,
                           global ? "the argument"
                                  : "the argument or the "
                                    "device");
        }
        for (size_t j = 0; j < i; j++) {
            const struct model_device *other = &model->devices[j];
            struct strbuf list = {0};
            size_t count = 0;
            bool global = true;

            if (model_device_index(model, other->spec->sec.name) != (long)j)
                continue;
            for (size_t k = 0; k < md->nargs; k++) {
                const char *arg = md->arg_specs[k].sec.name;
                for (size_t l = 0; l < other->nargs; l++) {
                    if (!streq(other->arg_specs[l].sec.name, arg))
                        continue;
                    sb_addf(&list, "%s--%s", count ? ", " : "", arg);
                    global = global && !strstr(md->impl->args[k].name, "%s");
                    count++;
                    break;
                }
            }
            if (count > 0)
                diag_error(loc, DEV, name,
                           "boot argument%s %s of device '%s' (%s/%s) "
                           "clash%s with those of device '%s' (%s/%s) at "
                           "%s; %s",
                           count > 1 ? "s" : "", sb_str(&list), name,
                           md->impl->type, md->impl->name,
                           count > 1 ? "" : "es", other->spec->sec.name,
                           other->impl->type, other->impl->name,
                           other->spec->sec.location,
                           global ? "their names do not depend on the device, "
                                    "so keep only one of these devices"
                                  : "rename one of the devices");
            sb_free(&list);
        }
    }
}
