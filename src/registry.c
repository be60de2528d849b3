/* SPDX-License-Identifier: ISC */
/* registry.c: looking up device types, implementations, targets, sections. */
#include "registry.h"
#include "registry_table.h"
#include "util.h"

/*
 * The types and implementations are not here: each has a registry entry,
 * devices/TYPE/registry.def or devices/TYPE/IMPL/registry.def, from which
 * the build makes the tables of registry_table.c (doc/devices.md). To add
 * an implementation, add its folder below devices/; nothing here changes.
 */
const char *const registry_targets[] = {"unix",   "spt", "hvt",
                                        "virtio", "xen", NULL};

/* In the order of enum mirage_arg_section. */
const char *const registry_sections[] = {
    "arguments", "options", "network", "disk", "log", "runtime", NULL};

static const char *const section_enums[] = {
    "MIRAGE_SECTION_ARGUMENTS", "MIRAGE_SECTION_OPTIONS",
    "MIRAGE_SECTION_NETWORK",   "MIRAGE_SECTION_DISK",
    "MIRAGE_SECTION_LOG",       "MIRAGE_SECTION_RUNTIME",
};

size_t registry_type_count(void)
{
    return registry_table_ntypes;
}

const struct registry_type *registry_type_at(size_t index)
{
    return index < registry_table_ntypes ? &registry_table_types[index] : NULL;
}

const struct registry_type *registry_type_lookup(const char *name)
{
    for (size_t i = 0; i < registry_table_ntypes; i++)
        if (streq(registry_table_types[i].name, name))
            return &registry_table_types[i];
    return NULL;
}

size_t registry_impl_count(void)
{
    return registry_table_nimpls;
}

const struct registry_impl *registry_impl_at(size_t index)
{
    return index < registry_table_nimpls ? &registry_table_impls[index] : NULL;
}

const struct registry_impl *registry_impl_lookup(const char *type,
                                                 const char *name)
{
    if (!name || !*name) {
        const struct registry_type *t = registry_type_lookup(type);
        if (!t)
            return NULL;
        name = t->default_impl;
    }
    for (size_t i = 0; i < registry_table_nimpls; i++)
        if (streq(registry_table_impls[i].type, type) &&
            streq(registry_table_impls[i].name, name))
            return &registry_table_impls[i];
    return NULL;
}

const char *registry_default_impl(const struct registry_type *type,
                                  const char *target)
{
    for (size_t i = 0;
         target && type->target_defaults && type->target_defaults[i].target;
         i++)
        if (streq(type->target_defaults[i].target, target))
            return type->target_defaults[i].impl;
    return type->default_impl;
}

size_t registry_impl_ndeps(const struct registry_impl *impl)
{
    size_t n = 0;

    if (impl->deps)
        while (impl->deps[n])
            n++;
    return n;
}

size_t registry_impl_nargs(const struct registry_impl *impl)
{
    size_t n = 0;

    if (impl->args)
        while (impl->args[n].name)
            n++;
    return n;
}

bool registry_impl_supports(const struct registry_impl *impl,
                            const char *target)
{
    if (!impl->targets)
        return true;
    for (size_t i = 0; impl->targets[i]; i++)
        if (streq(impl->targets[i], target))
            return true;
    return false;
}

const struct feature *registry_impl_missing(const struct registry_impl *impl)
{
    for (size_t i = 0; impl->needs && impl->needs[i]; i++) {
        const struct feature *f = feature_lookup(impl->needs[i]);
        /* registry.awk knows only the features of toolkit_features.c */
        if (f && !f->present)
            return f;
    }
    return NULL;
}

bool registry_target_known(const char *target)
{
    for (size_t i = 0; registry_targets[i]; i++)
        if (streq(registry_targets[i], target))
            return true;
    return false;
}

int registry_section_lookup(const char *name, enum mirage_arg_section *out)
{
    if (!name || !*name) {
        *out = MIRAGE_SECTION_OPTIONS;
        return 0;
    }
    for (size_t i = 0; registry_sections[i]; i++) {
        if (streq(registry_sections[i], name)) {
            *out = (enum mirage_arg_section)i;
            return 0;
        }
    }
    return -1;
}

const char *registry_section_enum(enum mirage_arg_section section)
{
    size_t i = (size_t)section;
    return i < sizeof(section_enums) / sizeof(section_enums[0])
               ? section_enums[i]
               : "MIRAGE_SECTION_OPTIONS";
}

const char *registry_section_name(enum mirage_arg_section section)
{
    size_t i = (size_t)section;
    return i < sizeof(section_enums) / sizeof(section_enums[0])
               ? registry_sections[i]
               : "options";
}
