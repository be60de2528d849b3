/* SPDX-License-Identifier: ISC */
/* registry.c: the device types, implementations, targets and arg tables. */
#include "registry.h"
#include "util.h"

/*
 * To add a device type: one line in `types` (its C interface must be in a
 * public header under runtime/include/mirage/), and one line per
 * implementation in `impls`. A dependency list names types, in the order the
 * connect function takes the dependency devices after (dev, name).
 */
static const struct registry_type types[] = {
    {"time", "struct mirage_time", "mirage/time.h", "default",
     "sleeping for a while"},
};

static const struct registry_impl impls[] = {
    {"time", "default", NULL, "mirage_time_default_connect", NULL,
     "the platform's monotonic timer"},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))
#define NIMPLS (sizeof(impls) / sizeof(impls[0]))

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
    return NTYPES;
}

const struct registry_type *registry_type_at(size_t index)
{
    return index < NTYPES ? &types[index] : NULL;
}

const struct registry_type *registry_type_lookup(const char *name)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (streq(types[i].name, name))
            return &types[i];
    return NULL;
}

size_t registry_impl_count(void)
{
    return NIMPLS;
}

const struct registry_impl *registry_impl_at(size_t index)
{
    return index < NIMPLS ? &impls[index] : NULL;
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
    for (size_t i = 0; i < NIMPLS; i++)
        if (streq(impls[i].type, type) && streq(impls[i].name, name))
            return &impls[i];
    return NULL;
}

size_t registry_impl_ndeps(const struct registry_impl *impl)
{
    size_t n = 0;

    if (impl->deps)
        while (impl->deps[n])
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
