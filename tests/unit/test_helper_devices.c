/* SPDX-License-Identifier: ISC */
/* test_helper_devices.c: IMPLEMENTATION(PARAMETER) and the device registry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argtype.h"
#include "check.h"
#include "crunch.h"
#include "registry.h"
#include "tap.h"

/* Splits (text); expects (name, param) or, with (name) NULL, an error. */
static void split(const char *text, const char *name, const char *param)
{
    char *n, *p, *error;
    int rc = check_split_impl(text, &n, &p, &error);

    if (!name) {
        TAP_OK(rc < 0 && error && strstr(error, text), "'%s' is refused", text);
    } else {
        TAP_OK(rc == 0, "'%s' splits", text);
        TAP_STREQ(n, name, "'%s': implementation", text);
        if (param)
            TAP_STREQ(p, param, "'%s': parameter", text);
        else
            TAP_OK(p == NULL, "'%s': no parameter", text);
    }
    free(n);
    free(p);
    free(error);
}

static void test_split(void)
{
    split("", "", NULL);
    split("socket", "socket", NULL);
    split("  socket ", "socket", NULL);
    split("crunch(htdocs)", "crunch", "htdocs");
    split("file( disk.img )", "file", "disk.img");
    split("file(a(1).img)", "file", "a(1).img");
    split("ramdisk()", "ramdisk", "");
    split("crunch(htdocs", NULL, NULL);
    split("crunch)", NULL, NULL);
    split("crunch)(", NULL, NULL);
    split("crunch(a)b", NULL, NULL);
    split("crunch(a(b)", NULL, NULL);
    split("crunch(a)(b)", NULL, NULL);
}

/* Every implementation is consistent with the registry's other tables. */
static void test_registry(void)
{
    static const char *const doc_types[] = {
        "time",  "mclock", "pclock", "random", "kv_ro",
        "kv_rw", "block",  "stack",  NULL,
    };

    for (size_t i = 0; doc_types[i]; i++)
        TAP_OK(registry_type_lookup(doc_types[i]) != NULL,
               "type %s is registered", doc_types[i]);
    for (size_t i = 0; i < registry_type_count(); i++) {
        const struct registry_type *t = registry_type_at(i);
        TAP_OK(registry_impl_lookup(t->name, NULL) != NULL,
               "type %s has its default implementation", t->name);
    }
    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        bool ok = registry_type_lookup(impl->type) != NULL;
        enum mirage_arg_section section;

        if (impl->param != REGISTRY_PARAM_NONE)
            ok = ok && impl->param_name && impl->param_doc;
        for (size_t k = 0; k < registry_impl_nargs(impl); k++) {
            struct argtype type;
            char *error = NULL;
            ok = ok && argtype_parse(impl->args[k].type, &type, &error) == 0;
            ok = ok &&
                 registry_section_lookup(impl->args[k].section, &section) == 0;
            argtype_free(&type);
            free(error);
        }
        TAP_OK(ok, "implementation %s/%s: type, parameter and arguments",
               impl->type, impl->name);
    }
    TAP_OK(
        !registry_impl_supports(registry_impl_lookup("kv_ro", "direct"), "spt"),
        "direct is unix-only");
    TAP_OK(
        registry_impl_supports(registry_impl_lookup("kv_ro", "crunch"), "xen"),
        "crunch runs everywhere");
    TAP_STREQ(registry_impl_lookup("block", "ramdisk")->param_default,
              "1048576", "ramdisk's default size");
}

/* Defaults per target and the devices of default dependencies. */
static void test_target_defaults(void)
{
    const struct registry_type *stack = registry_type_lookup("stack");
    const struct registry_impl *direct =
        registry_impl_lookup("stack", "direct");

    TAP_STREQ(registry_default_impl(stack, "unix"), "socket",
              "the stack's default on unix is socket");
    TAP_STREQ(registry_default_impl(stack, "spt"), "direct", "on spt, direct");
    TAP_STREQ(registry_default_impl(stack, "xen"), "direct", "on xen, direct");
    TAP_STREQ(registry_default_impl(stack, NULL), "direct",
              "with no target, the type's default: direct");
    TAP_STREQ(registry_default_impl(stack, "mars"), "direct",
              "on an unknown target too");
    TAP_STREQ(registry_default_impl(registry_type_lookup("block"), "unix"),
              "ramdisk", "a type with one default has it on every target");
    TAP_OK(direct && direct->deps_default &&
               !strcmp(direct->deps_default[0], "service") &&
               !direct->deps_default[1],
           "the direct stack's net device is 'service' by default");
    TAP_OK(registry_impl_lookup("stack", "socket")->deps_default == NULL,
           "the socket stack has no default dependencies");
    for (size_t i = 0; i < registry_type_count(); i++) {
        const struct registry_type *t = registry_type_at(i);
        bool ok = true;
        for (size_t k = 0; t->target_defaults && t->target_defaults[k].target;
             k++) {
            const struct registry_impl *impl =
                registry_impl_lookup(t->name, t->target_defaults[k].impl);
            ok = ok && registry_target_known(t->target_defaults[k].target) &&
                 impl &&
                 registry_impl_supports(impl, t->target_defaults[k].target);
        }
        TAP_OK(ok, "type %s: each default per target exists and runs there",
               t->name);
    }
    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        size_t n = 0;
        if (!impl->deps_default)
            continue;
        while (impl->deps_default[n])
            n++;
        TAP_OK(n == registry_impl_ndeps(impl),
               "%s/%s: one default device per dependency", impl->type,
               impl->name);
    }
}

static void test_default_name(void)
{
    static const char *const cases[][2] = {
        {"htdocs", "htdocs"},
        {"a/b/site/", "site"},
        {"my-site.d", "my_site_d"},
        {"9lives", "_9lives"},
        {"/", "_"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *name = crunch_default_name(cases[i][0]);
        TAP_STREQ(name, cases[i][1], "crunch name of '%s'", cases[i][0]);
        free(name);
    }
}

int main(void)
{
    test_split();
    test_registry();
    test_target_defaults();
    test_default_name();
    return tap_done();
}
