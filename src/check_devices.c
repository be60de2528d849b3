/* SPDX-License-Identifier: ISC */
/* check_devices.c: checking each MIRAGE_DEVICE and its dependencies. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_impl.h"
#include "diag.h"

/* A copy of [begin, end) without the white space around it. */
static char *trim(const char *begin, const char *end)
{
    while (begin < end && strchr(" \t\n", *begin))
        begin++;
    while (end > begin && strchr(" \t\n", end[-1]))
        end--;
    return xstrndup(begin, (size_t)(end - begin));
}

static char *known_device_types(void)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < registry_type_count(); i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", registry_type_at(i)->name);
    return sb_take(&sb);
}

/* "a (the default), b": the implementations of (type), with its default
 * on (target). */
static char *known_impls(const struct registry_type *type, const char *target)
{
    const char *def = registry_default_impl(type, target);
    struct strbuf sb = {0};
    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        if (!streq(impl->type, type->name))
            continue;
        sb_addf(&sb, "%s%s%s", sb.len ? ", " : "", impl->name,
                streq(impl->name, def) ? " (the default)" : "");
    }
    return sb_take(&sb);
}

/* "a 'time' device, then a 'block' device" */
static char *describe_deps(const struct registry_impl *impl)
{
    struct strbuf sb = {0};
    size_t n = registry_impl_ndeps(impl);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%sa '%s' device", i == 0 ? "" : ", then ", impl->deps[i]);
    return sb_take(&sb);
}

void check_device_name(const struct model *model, size_t i)
{
    const struct spec_device *d = &model->spec->devices[i];
    const char *loc = d->sec.location, *name = d->sec.name;
    long first;

    if (!*name) {
        diag_error(loc, DEV, name,
                   "the device has no name; give it a C identifier such as "
                   "'clock' as first argument");
        return;
    }
    if (!check_is_device_name(name)) {
        diag_error(loc, DEV, name,
                   "'%s' is not a valid device name; use a lower-case C "
                   "identifier: a letter a-z or '_', then a-z, digits or "
                   "'_' (it names a C variable and, in boot options, "
                   "--TYPE-NAME)",
                   name);
        return;
    }
    if (!check_c_identifier(name)) {
        diag_error(loc, DEV, name,
                   "'%s' is a C keyword or a name reserved by C, and a "
                   "device name becomes a C variable; choose another name",
                   name);
        return;
    }
    first = model_device_index(model, name);
    if (first >= 0 && (size_t)first < i)
        diag_error(loc, DEV, name,
                   "device '%s' is already declared at %s; give each device "
                   "its own name",
                   name, model->spec->devices[first].sec.location);
}

int check_split_impl(const char *text, char **name, char **param, char **error)
{
    const char *open = strchr(text, '('), *close = strrchr(text, ')');
    const char *end = text + strlen(text);
    int depth = 0;

    *name = NULL;
    *param = NULL;
    *error = NULL;
    while (end > text && strchr(" \t\n", end[-1]))
        end--;
    if (!open && !close) {
        *name = trim(text, end);
        return 0;
    }
    if (!open || !close || close < open) {
        *error = xasprintf("unbalanced parentheses in implementation '%s': "
                           "write IMPLEMENTATION(PARAMETER), such as "
                           "crunch(htdocs)",
                           text);
        return -1;
    }
    if (close + 1 != end) {
        *error = xasprintf("text after the parameter in implementation "
                           "'%s': write IMPLEMENTATION(PARAMETER), with "
                           "nothing after ')'",
                           text);
        return -1;
    }
    for (const char *p = open + 1; p < close; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth < 0)
            break;
    }
    if (depth != 0) {
        *error = xasprintf("unbalanced parentheses in the parameter of "
                           "implementation '%s'; every '(' in the "
                           "parameter needs its ')'",
                           text);
        return -1;
    }
    *name = trim(text, open);
    *param = trim(open + 1, close);
    return 0;
}

/* Does (path) have a ".." component? */
static bool has_dotdot(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")); p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return true;
    return false;
}

/* The unikernel's source folder: its srcdir key, or the spec's folder. */
static char *source_folder(const struct model *model)
{
    if (model->unikernel && model->unikernel->srcdir &&
        *model->unikernel->srcdir)
        return xstrdup(model->unikernel->srcdir);
    return path_dirname(model->spec->path);
}

char *check_crunch_dir(const struct model *model, const char *param)
{
    char *base;
    char *dir;

    if (param[0] == '/')
        return xstrdup(param);
    base = source_folder(model);
    dir = xasprintf("%s/%s", base, param);
    free(base);
    return dir;
}

/* Checks the parameter of device (i), whose implementation is known. */
static void check_device_param(struct model *model, size_t i)
{
    struct model_device *md = &model->devices[i];
    const struct registry_impl *impl = md->impl;
    const char *loc = md->spec->sec.location, *name = md->spec->sec.name;
    struct stat st;
    char *dir;

    if (md->param && !*md->param) {
        free(md->param); /* impl(): as if no parameter were given */
        md->param = NULL;
    }
    switch (impl->param) {
    case REGISTRY_PARAM_NONE:
        if (md->param)
            diag_error(loc, DEV, name,
                       "implementation '%s' of '%s' takes no parameter, but "
                       "'%s' is given; write just '%s'",
                       impl->name, impl->type, md->param, impl->name);
        return;
    case REGISTRY_PARAM_STRING:
        if (!md->param && impl->param_default)
            md->param = xstrdup(impl->param_default);
        if (md->param && impl->param_check) {
            const char *why = impl->param_check(md->param);
            if (why)
                diag_error(loc, DEV, name,
                           "bad %s '%s' in implementation '%s(%s)' of '%s': "
                           "%s",
                           impl->param_name, md->param, impl->name, md->param,
                           impl->type, why);
        }
        return;
    case REGISTRY_PARAM_REQUIRED:
    case REGISTRY_PARAM_CRUNCH:
        if (!md->param) {
            diag_error(loc, DEV, name,
                       "implementation '%s' of '%s' needs a parameter, %s: "
                       "%s; write %s(%s)",
                       impl->name, impl->type, impl->param_name,
                       impl->param_doc, impl->name, impl->param_name);
            return;
        }
        break;
    }
    if (impl->param != REGISTRY_PARAM_CRUNCH)
        return;
    if (has_dotdot(md->param)) {
        diag_error(loc, DEV, name,
                   "crunch directory '%s' has a '..' component; name a "
                   "folder below the unikernel's source folder",
                   md->param);
        return;
    }
    dir = check_crunch_dir(model, md->param);
    if (lstat(dir, &st) < 0)
        diag_error(loc, DEV, name,
                   "crunch directory '%s' not found: %s: %s; it is relative "
                   "to the unikernel's source folder",
                   md->param, dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        diag_error(loc, DEV, name,
                   "crunch directory '%s' is not a directory%s (%s)", md->param,
                   S_ISLNK(st.st_mode) ? " but a symbolic link, which "
                                         "crunch refuses"
                                       : "",
                   dir);
    free(dir);
}

/* "a, b": the implementations of (type) other than (except) that this
 * build has and that run on (target) (any, when NULL or unknown); NULL
 * when there is none. */
static char *usable_impls(const struct registry_type *type, const char *target,
                          const struct registry_impl *except)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        if (impl == except || !streq(impl->type, type->name) ||
            registry_impl_missing(impl))
            continue;
        if (target && registry_target_known(target) &&
            !registry_impl_supports(impl, target))
            continue;
        sb_addf(&sb, "%s%s", sb.len ? ", " : "", impl->name);
    }
    return sb.len ? sb_take(&sb) : NULL;
}

/*
 * Refuses device (i) when its implementation needs a feature that this
 * build of the toolkit lacks (its registry entry's `needs`), naming the
 * implementation, the feature and what to do.
 */
static void check_device_features(struct model *model, size_t i,
                                  const char *target)
{
    const struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const struct feature *f = registry_impl_missing(md->impl);
    char *others, *what;

    if (!f)
        return;
    if (*md->impl_name)
        what =
            xasprintf("implementation '%s' of '%s'", md->impl->name, d->type);
    else
        what = xasprintf(
            "the default implementation of '%s'%s%s, '%s',", d->type,
            md->type->target_defaults && target ? " on " : "",
            md->type->target_defaults && target ? target : "", md->impl->name);
    others = usable_impls(md->type, target, md->impl);
    diag_error(d->sec.location, DEV, d->sec.name,
               "%s is not in this build of mirage: it needs the feature "
               "'%s', which this build lacks (%s); %s%s%s",
               what, f->name, f->missing, f->remedy,
               others ? ", or choose another implementation: " : "",
               others ? others : "");
    free(others);
    free(what);
}

/* Looks up the type and implementation; reports what is wrong with them. */
void check_device_kind(struct model *model, size_t i, const char *target)
{
    struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const char *loc = d->sec.location, *name = d->sec.name, *def;
    char *list;

    if (!d->type || !*d->type) {
        list = known_device_types();
        diag_error(loc, DEV, name,
                   "no device type given; give one of the known types: %s",
                   list);
        free(list);
        return;
    }
    md->type = registry_type_lookup(d->type);
    if (!md->type) {
        list = known_device_types();
        diag_error(loc, DEV, name,
                   "unknown device type '%s'; known types: %s (run 'mirage "
                   "types' for details)",
                   d->type, list);
        free(list);
        return;
    }
    if (check_split_impl(d->implementation ? d->implementation : "",
                         &md->impl_name, &md->param, &list) < 0) {
        diag_error(loc, DEV, name, "%s", list);
        free(list);
        return;
    }
    def = registry_default_impl(md->type, target);
    if (!*md->impl_name && md->param) {
        diag_error(loc, DEV, name,
                   "implementation '%s' has a parameter but no name; write "
                   "IMPLEMENTATION(PARAMETER), such as %s(%s)",
                   d->implementation, def, md->param);
        return;
    }
    md->impl =
        registry_impl_lookup(d->type, *md->impl_name ? md->impl_name : def);
    if (!md->impl) {
        list = known_impls(md->type, target);
        diag_error(loc, DEV, name,
                   "device type '%s' has no implementation '%s'; known "
                   "implementations: %s",
                   d->type, *md->impl_name ? md->impl_name : def, list);
        free(list);
        return;
    }
    check_device_param(model, i);
    if (target && registry_target_known(target) &&
        !registry_impl_supports(md->impl, target)) {
        list = check_join(md->impl->targets, SIZE_MAX);
        diag_error(loc, DEV, name,
                   "implementation '%s' of '%s' is not available on target "
                   "'%s', only on: %s; choose another implementation or "
                   "target",
                   md->impl->name, d->type, target, list);
        free(list);
    }
    check_device_features(model, i, target);
}

/* The implementations of (type) that run on (target), "a, b", or NULL. */
static char *impls_on(const struct registry_type *type, const char *target)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        if (streq(impl->type, type->name) &&
            registry_impl_supports(impl, target))
            sb_addf(&sb, "%s%s", sb.len ? ", " : "", impl->name);
    }
    return sb.len ? sb_take(&sb) : NULL;
}

/*
 * The device called (dep_name), of (dep_type), for dependency (k) of
 * device (i): the declared one, or one added to (spec)'s devices with the
 * type's default implementation on (target). Returns its index, or -1
 * after an error.
 */
static long default_dep(struct spec *spec, struct model *model, size_t i,
                        size_t k, const char *target)
{
    const struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const char *loc = d->sec.location, *name = d->sec.name;
    const char *dep_name = md->impl->deps_default[k];
    const char *dep_type = md->impl->deps[k];
    const struct registry_type *type = registry_type_lookup(dep_type);
    const struct registry_impl *impl;
    struct spec_device *added;
    long j = model_device_index(model, dep_name);
    char *list;

    if (j >= 0) {
        const struct spec_device *dd = &spec->devices[j];
        if (!model->devices[j].type || streq(dd->type, dep_type))
            return j; /* an unknown type is an error of its own */
        diag_error(loc, DEV, name,
                   "%s '%s' (%s) takes a %s device, by default the device "
                   "'%s', but '%s' (%s) is a %s device; name its %s device, "
                   "as MIRAGE_DEVICE([%s], [%s], [%s], [DEVICE]), or rename "
                   "the %s device '%s'",
                   md->impl->type, name, md->impl->name, dep_type, dep_name,
                   dep_name, dd->sec.location, dd->type, dep_type, name,
                   md->impl->type, md->impl->name, dd->type, dep_name);
        return -1;
    }
    if (!type) /* registry.awk makes sure it is known */
        return -1;
    impl = registry_impl_lookup(dep_type, registry_default_impl(type, target));
    if (!impl)
        return -1;
    if (target && registry_target_known(target) &&
        !registry_impl_supports(impl, target)) {
        list = impls_on(type, target);
        if (list) {
            char *only = check_join(impl->targets, SIZE_MAX);
            diag_error(loc, DEV, name,
                       "%s '%s' (%s) needs a %s device '%s', and the "
                       "default %s implementation, '%s', does not run on "
                       "%s (only on %s), so the helper cannot add it; "
                       "declare it, as MIRAGE_DEVICE([%s], [%s], "
                       "[IMPLEMENTATION]) with one that runs on %s (%s), "
                       "or choose another target",
                       md->impl->type, name, md->impl->name, dep_type, dep_name,
                       dep_type, impl->name, target, only, dep_name, dep_type,
                       target, list);
            free(only);
        } else {
            diag_error(loc, DEV, name,
                       "%s '%s' (%s) needs a %s device '%s', and no %s "
                       "implementation runs on %s yet; choose another "
                       "target",
                       md->impl->type, name, md->impl->name, dep_type, dep_name,
                       dep_type, target);
        }
        free(list);
        return -1;
    }
    j = (long)spec->ndevices++;
    added = &spec->devices[j];
    added->sec.kind = SPEC_DEVICE;
    added->sec.name = xstrdup(dep_name);
    added->sec.line = d->sec.line;
    added->sec.location = xstrdup(loc);
    added->type = xstrdup(dep_type);
    added->implementation = xstrdup(impl->name);
    added->depends = xstrdup("");
    model->devices[j].added = true;
    model->devices[j].added_for = i;
    return j;
}

void check_default_deps(struct spec *spec, struct model *model, size_t i,
                        const char *target)
{
    struct model_device *md = &model->devices[i];
    struct spec_device *d = &spec->devices[i];
    size_t n;
    struct strbuf depends = {0};

    if (!md->impl || !md->impl->deps_default || d->deps.n > 0)
        return;
    n = registry_impl_ndeps(md->impl);
    for (size_t k = 0; k < n; k++) {
        long j = default_dep(spec, model, i, k, target);
        if (j < 0) {
            md->deps_failed = true;
            continue;
        }
        sb_addf(&depends, "%s%s", k ? " " : "", spec->devices[j].sec.name);
    }
    if (md->deps_failed) {
        sb_free(&depends);
        return;
    }
    free(d->depends);
    d->depends = sb_take(&depends);
    words_free(&d->deps);
    words_split(&d->deps, d->depends);
    md->deps_by_default = true;
}

/* Checks that the dependencies exist and suit the implementation. */
void check_device_deps(struct model *model, size_t i)
{
    struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const char *loc = d->sec.location, *name = d->sec.name;
    size_t want;
    char *given;

    if (md->deps_failed)
        return;

    for (size_t k = 0; k < d->deps.n; k++) {
        const char *dep = d->deps.v[k];
        long j = model_device_index(model, dep);
        if (j < 0)
            diag_error(loc, DEV, name,
                       "depends on '%s', but no MIRAGE_DEVICE declares a "
                       "device '%s'; declare it, or remove it from the "
                       "dependencies",
                       dep, dep);
        else
            graph_add_edge(&model->graph, i, (size_t)j);
    }
    if (!md->impl)
        return;
    want = registry_impl_ndeps(md->impl);
    if (want != d->deps.n) {
        given = check_join((const char *const *)d->deps.v, d->deps.n);
        if (want == 0) {
            diag_error(loc, DEV, name,
                       "implementation '%s' of '%s' takes no dependencies, "
                       "but %zu %s given (%s); remove them",
                       md->impl->name, md->impl->type, d->deps.n,
                       d->deps.n == 1 ? "is" : "are", given);
        } else {
            char *list = describe_deps(md->impl);
            diag_error(loc, DEV, name,
                       "implementation '%s' of '%s' takes %zu %s (%s, in "
                       "this order), but %zu %s given%s%s%s",
                       md->impl->name, md->impl->type, want,
                       want == 1 ? "dependency" : "dependencies", list,
                       d->deps.n, d->deps.n == 1 ? "is" : "are",
                       d->deps.n ? " (" : "", given, d->deps.n ? ")" : "");
            free(list);
        }
        free(given);
        return;
    }
    for (size_t k = 0; k < want; k++) {
        long j = model_device_index(model, d->deps.v[k]);
        const struct spec_device *dd;
        if (j < 0)
            continue;
        dd = &model->spec->devices[j];
        if (!model->devices[j].type || streq(dd->type, md->impl->deps[k]))
            continue;
        diag_error(loc, DEV, name,
                   "dependency %zu, '%s', is a '%s' device, but "
                   "implementation '%s' of '%s' takes a '%s' device there",
                   k + 1, dd->sec.name, dd->type, md->impl->name,
                   md->impl->type, md->impl->deps[k]);
    }
}

void check_report_cycle(const size_t *path, size_t len, void *ctx)
{
    const struct model *model = ctx;
    const struct spec_device *first = model->devices[path[0]].spec;
    struct strbuf sb = {0};

    for (size_t i = 0; i < len; i++)
        sb_addf(&sb, "%s -> ", model->devices[path[i]].spec->sec.name);
    sb_add(&sb, first->sec.name);
    if (len == 1)
        diag_error(first->sec.location, DEV, first->sec.name,
                   "dependency cycle: %s; a device cannot depend on itself, "
                   "remove it from its dependencies",
                   sb_str(&sb));
    else
        diag_error(first->sec.location, DEV, first->sec.name,
                   "dependency cycle: %s; every device starts after those "
                   "it depends on, so remove one of these dependencies",
                   sb_str(&sb));
    sb_free(&sb);
}
