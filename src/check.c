/* SPDX-License-Identifier: ISC */
/* check.c: validating a spec and resolving it into a model to generate. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mirage/tender_abi.h>

#include "c-ctype.h"
#include "check.h"
#include "core/argvalue.h"
#include "diag.h"
#include "libvirt.h"

/*
 * Words that cannot be C parameter or function names: the keywords, and
 * the macros of <stdbool.h> and <stddef.h> that the glue includes.
 */
static const char *const c_reserved_words[] = {
    "asm",      "auto",     "bool",     "break",   "case",   "char",
    "const",    "continue", "default",  "do",      "double", "else",
    "enum",     "extern",   "false",    "float",   "for",    "goto",
    "if",       "inline",   "int",      "long",    "NULL",   "register",
    "restrict", "return",   "short",    "signed",  "sizeof", "static",
    "struct",   "switch",   "true",     "typedef", "typeof", "union",
    "unsigned", "void",     "volatile", "while",   NULL,
};

/*
 * Functions of the C library an image links (the freestanding libc's and
 * the common ones of the host's), and main: a start function of one of
 * these names would clash with it, or silently replace it in the link.
 */
static const char *const libc_functions[] = {
    "main",          "abort",     "abs",
    "aligned_alloc", "atexit",    "atoi",
    "atol",          "atoll",     "bsearch",
    "calloc",        "clock",     "close",
    "div",           "exit",      "_Exit",
    "fclose",        "fflush",    "fgets",
    "fopen",         "fprintf",   "fputc",
    "fputs",         "fread",     "free",
    "fwrite",        "getchar",   "getenv",
    "isalnum",       "isalpha",   "isblank",
    "iscntrl",       "isdigit",   "isgraph",
    "islower",       "isprint",   "ispunct",
    "isspace",       "isupper",   "isxdigit",
    "labs",          "llabs",     "longjmp",
    "malloc",        "memchr",    "memcmp",
    "memcpy",        "memmove",   "memset",
    "open",          "perror",    "posix_memalign",
    "printf",        "putc",      "putchar",
    "puts",          "qsort",     "raise",
    "rand",          "read",      "realloc",
    "remove",        "rename",    "setjmp",
    "signal",        "sleep",     "snprintf",
    "sprintf",       "srand",     "strcat",
    "strchr",        "strcmp",    "strcpy",
    "strcspn",       "strdup",    "strerror",
    "strlen",        "strncat",   "strncmp",
    "strncpy",       "strndup",   "strnlen",
    "strpbrk",       "strrchr",   "strspn",
    "strstr",        "strtod",    "strtok",
    "strtol",        "strtoll",   "strtoul",
    "strtoull",      "system",    "time",
    "tolower",       "toupper",   "vfprintf",
    "vprintf",       "vsnprintf", "vsprintf",
    "write",         NULL,
};

/* Boot options of the runtime itself, so no argument may take them. */
static const char *const runtime_options[] = {
    "help", "version", "logs", "delay", "fiber-stack", "l", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (streq(list[i], s))
            return true;
    return false;
}

/* [A-Za-z_][A-Za-z0-9_]* */
static bool is_identifier(const char *s)
{
    if (!c_isalpha(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_isalnum(*s) && *s != '_')
            return false;
    return true;
}

/* Names C reserves for the implementation: "__x", "_X". */
static bool is_c_reserved(const char *s)
{
    return s[0] == '_' && (s[1] == '_' || c_isupper(s[1]));
}

bool check_c_identifier(const char *s)
{
    return is_identifier(s) && !in_list(c_reserved_words, s) &&
           !is_c_reserved(s);
}

/* [a-z_][a-z0-9_]*: a device's name, a C variable and part of options */
static bool is_device_name(const char *s)
{
    if (!c_islower(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_islower(*s) && !c_isdigit(*s) && *s != '_')
            return false;
    return true;
}

/* [a-z][a-z0-9-]* */
static bool is_arg_name(const char *s)
{
    if (!c_islower(*s))
        return false;
    for (s++; *s; s++)
        if (!c_islower(*s) && !c_isdigit(*s) && *s != '-')
            return false;
    return true;
}

/* [A-Za-z0-9_][A-Za-z0-9_.+-]*: the name of the image file */
static bool is_unikernel_name(const char *s)
{
    if (!c_isalnum(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_isalnum(*s) && !strchr("_.+-", *s))
            return false;
    return true;
}

/* A copy of [begin, end) without the white space around it. */
static char *trim(const char *begin, const char *end)
{
    while (begin < end && strchr(" \t\n", *begin))
        begin++;
    while (end > begin && strchr(" \t\n", end[-1]))
        end--;
    return xstrndup(begin, (size_t)(end - begin));
}

static char *c_name_of(const char *name)
{
    char *c = xstrdup(name);
    for (char *p = c; *p; p++)
        if (*p == '-')
            *p = '_';
    return c;
}

/* "a, b, c" from the first (n) strings of (list), or all up to a NULL. */
static char *join(const char *const *list, size_t n)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < n && list[i]; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", list[i]);
    return sb_take(&sb);
}

static char *known_device_types(void)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < registry_type_count(); i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", registry_type_at(i)->name);
    return sb_take(&sb);
}

static char *known_impls(const struct registry_type *type)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < registry_impl_count(); i++) {
        const struct registry_impl *impl = registry_impl_at(i);
        if (!streq(impl->type, type->name))
            continue;
        sb_addf(&sb, "%s%s%s", sb.len ? ", " : "", impl->name,
                streq(impl->name, type->default_impl) ? " (the default)" : "");
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

#define DEV "MIRAGE_DEVICE"
#define ARG "MIRAGE_RUNTIME_ARG"
#define UNI "MIRAGE_UNIKERNEL"

static void check_device_name(const struct model *model, size_t i)
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
    if (!is_device_name(name)) {
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

/* Looks up the type and implementation; reports what is wrong with them. */
static void check_device_kind(struct model *model, size_t i, const char *target)
{
    struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const char *loc = d->sec.location, *name = d->sec.name;
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
    if (!*md->impl_name && md->param) {
        diag_error(loc, DEV, name,
                   "implementation '%s' has a parameter but no name; write "
                   "IMPLEMENTATION(PARAMETER), such as %s(%s)",
                   d->implementation, md->type->default_impl, md->param);
        return;
    }
    md->impl = registry_impl_lookup(d->type, md->impl_name);
    if (!md->impl) {
        list = known_impls(md->type);
        diag_error(loc, DEV, name,
                   "device type '%s' has no implementation '%s'; known "
                   "implementations: %s",
                   d->type,
                   *md->impl_name ? md->impl_name : md->type->default_impl,
                   list);
        free(list);
        return;
    }
    check_device_param(model, i);
    if (target && registry_target_known(target) &&
        !registry_impl_supports(md->impl, target)) {
        list = join(md->impl->targets, SIZE_MAX);
        diag_error(loc, DEV, name,
                   "implementation '%s' of '%s' is not available on target "
                   "'%s', only on: %s; choose another implementation or "
                   "target",
                   md->impl->name, d->type, target, list);
        free(list);
    }
}

/* Checks that the dependencies exist and suit the implementation. */
static void check_device_deps(struct model *model, size_t i)
{
    struct model_device *md = &model->devices[i];
    const struct spec_device *d = md->spec;
    const char *loc = d->sec.location, *name = d->sec.name;
    size_t want;
    char *given;

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
        given = join((const char *const *)d->deps.v, d->deps.n);
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

static void report_cycle(const size_t *path, size_t len, void *ctx)
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

static void check_arg(struct model *model, size_t i)
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
    } else if (!is_arg_name(name)) {
        diag_error(loc, ARG, name,
                   "'%s' is not a valid argument name; use lower-case "
                   "letters, digits and '-', starting with a letter (it "
                   "becomes the boot option --NAME)",
                   name);
    } else if (in_list(runtime_options, name)) {
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
        char *list = join(registry_sections, SIZE_MAX);
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
static void check_device_args(struct model *model, size_t i)
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
        ma->spec = a;
        ma->c_name = c_name_of(a->sec.name);
        ma->used = true;
        ma->device = (long)i;

        prefix = xasprintf("boot argument --%s of implementation '%s': ",
                           a->sec.name, md->impl->name);
        if (!is_arg_name(a->sec.name))
            diag_error(loc, DEV, name,
                       "%s'%s' is not a valid argument name, as the device "
                       "name is part of it; name the device with lower-case "
                       "letters, digits and '_'",
                       prefix, a->sec.name);
        else if (in_list(runtime_options, a->sec.name))
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
static void check_arg_clashes(const struct model *model)
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

/* The unikernel's own keys and the names it lists. */
/*
 * The VM's memory and boot arguments, from configure's --with-memory and
 * --with-boot-args: a whole number of MiB in range; arguments of one line
 * that NAME.xl and NAME_libvirt.xml can hold and the runtimes can take.
 */
static void check_vm_settings(const struct spec_unikernel *u)
{
    const char *loc = u->sec.location, *name = u->sec.name;

    if (u->memory && *u->memory) {
        char *end;
        unsigned long long mib;

        errno = 0;
        mib = strtoull(u->memory, &end, 10);
        if (!c_isdigit(u->memory[0]) || *end || errno ||
            mib < SPEC_MIN_MEMORY_MIB || mib > SPEC_MAX_MEMORY_MIB)
            diag_error(loc, UNI, name,
                       "bad memory '%s' (configure's --with-memory=MIB): a "
                       "whole number of MiB from %u to %u",
                       u->memory, SPEC_MIN_MEMORY_MIB, SPEC_MAX_MEMORY_MIB);
    }
    if (u->boot_args && *u->boot_args) {
        bool control = false;

        for (const char *c = u->boot_args; *c; c++)
            if (c_iscntrl(*c))
                control = true;
        if (control || !libvirt_xml_ok(u->boot_args))
            diag_error(loc, UNI, name,
                       "the boot arguments (configure's --with-boot-args) "
                       "hold a control character or invalid UTF-8; write "
                       "them on one line of text");
        else if (strlen(u->boot_args) > SPEC_MAX_BOOT_ARGS)
            diag_error(loc, UNI, name,
                       "the boot arguments (configure's --with-boot-args) "
                       "are %zu bytes long; the runtimes take at most %u",
                       strlen(u->boot_args), SPEC_MAX_BOOT_ARGS);
    }
}

static void check_unikernel(struct model *model)
{
    const struct spec_unikernel *u = model->unikernel;
    const char *loc = u->sec.location, *name = u->sec.name;

    if (!is_unikernel_name(name))
        diag_error(loc, UNI, name,
                   "'%s' is not a valid unikernel name; use letters, digits "
                   "and '_', '.', '+' or '-' (it names the image file)",
                   name);

    if (!u->start || !*u->start)
        diag_error(loc, UNI, name,
                   "no start function given; name the C function of the "
                   "unikernel's code that the devices and arguments are "
                   "passed to");
    else if (!is_identifier(u->start))
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
    else if (in_list(libc_functions, u->start)) {
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

    if (!u->target || !*u->target || !registry_target_known(u->target)) {
        char *list = join(registry_targets, SIZE_MAX);
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
static void check_unused(const struct model *model)
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

/* Can (name) go in a tender's manifest: [a-z0-9_], NUL included in size? */
static bool manifest_name_ok(const char *name)
{
    if (strlen(name) >= MIRAGE_TENDER_NAME_MAX)
        return false;
    for (const char *p = name; *p; p++)
        if (!c_islower(*p) && !c_isdigit(*p) && *p != '_')
            return false;
    return true;
}

/*
 * On spt and hvt, the started devices that need a host resource go in the
 * image's manifest (generate.c), whose names the tender matches with its
 * --block:NAME= and --net:NAME= options: each name must suit the ABI
 * (runtime/include/mirage/tender_abi.h), and there may be at most
 * MIRAGE_TENDER_MANIFEST_MAX of them.
 */
static void check_manifest(const struct model *model, const char *target)
{
    size_t n = 0;

    for (size_t i = 0; i < model->spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        const struct spec_device *d = md->spec;

        if (!md->used || !md->impl || md->impl->host == REGISTRY_HOST_NONE)
            continue;
        if (++n == MIRAGE_TENDER_MANIFEST_MAX + 1)
            diag_error(d->sec.location, DEV, d->sec.name,
                       "more than %d devices that the tender attaches; the "
                       "%s tender takes at most %d",
                       MIRAGE_TENDER_MANIFEST_MAX, target,
                       MIRAGE_TENDER_MANIFEST_MAX);
        /* a name that is no device name was refused already */
        if (is_device_name(d->sec.name) && !manifest_name_ok(d->sec.name))
            diag_error(d->sec.location, DEV, d->sec.name,
                       "the %s tender attaches device '%s' by its name, "
                       "which must be lowercase letters, digits and '_', "
                       "at most %d bytes; rename the device",
                       target, d->sec.name, MIRAGE_TENDER_NAME_MAX - 1);
    }
}

/* The bytes of a virtio-blk serial (virtio 1.x, 5.2.6: GET_ID). */
#define VIRTIO_BLK_SERIAL_MAX 20

/*
 * On virtio, a disk binds to its `block` device by serial (runtime/virtio/
 * virtio_blk.c, mirage run's and NAME_libvirt.xml's serial=NAME): a name
 * longer than the serial could never match, so it is refused here.
 */
static void check_virtio_serials(const struct model *model)
{
    for (size_t i = 0; i < model->spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        const struct spec_device *d = md->spec;

        if (!md->used || !md->impl || md->impl->host != REGISTRY_HOST_DISK)
            continue;
        if (strlen(d->sec.name) > VIRTIO_BLK_SERIAL_MAX)
            diag_error(d->sec.location, DEV, d->sec.name,
                       "a virtio disk is bound to device '%s' by its serial, "
                       "which holds at most %d bytes; rename the device",
                       d->sec.name, VIRTIO_BLK_SERIAL_MAX);
    }
}

unsigned check_spec(const struct spec *spec, struct model *model)
{
    unsigned before = diag_errors();
    const char *target = NULL;
    bool *used;

    memset(model, 0, sizeof(*model));
    model->spec = spec;
    model->devices = xcalloc(spec->ndevices, sizeof(*model->devices));
    model->args = xcalloc(spec->nargs, sizeof(*model->args));
    graph_init(&model->graph, spec->ndevices);
    if (spec->nunikernels > 0) {
        model->unikernel = &spec->unikernels[0];
        target = model->unikernel->target;
    }

    for (size_t i = 0; i < spec->nargs; i++) {
        model->args[i].spec = &spec->args[i];
        model->args[i].c_name = c_name_of(spec->args[i].sec.name);
        model->args[i].device = -1;
        check_arg(model, i);
    }
    for (size_t i = 0; i < spec->ndevices; i++) {
        model->devices[i].spec = &spec->devices[i];
        check_device_name(model, i);
        check_device_kind(model, i, target);
        check_device_deps(model, i);
        check_device_args(model, i);
    }
    check_arg_clashes(model);
    /* the graph is complete: cycles, whatever the implementations take */
    graph_cycles(&model->graph, report_cycle, model);

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
