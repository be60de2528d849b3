/* SPDX-License-Identifier: ISC */
/* spec.c: reading mirage.spec (doc/spec-format.md) into structs. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "c-ctype.h"
#include "diag.h"
#include "spec.h"

/* One key a section may have, and where its value goes. */
struct key_def {
    const char *key;
    size_t offset; /* of a char * member in the section's struct */
};

static const struct key_def device_keys[] = {
    {"location", offsetof(struct spec_device, sec.location)},
    {"type", offsetof(struct spec_device, type)},
    {"implementation", offsetof(struct spec_device, implementation)},
    {"depends", offsetof(struct spec_device, depends)},
    {NULL, 0},
};

static const struct key_def arg_keys[] = {
    {"location", offsetof(struct spec_arg, sec.location)},
    {"type", offsetof(struct spec_arg, type)},
    {"default", offsetof(struct spec_arg, default_value)},
    {"doc", offsetof(struct spec_arg, doc)},
    {"section", offsetof(struct spec_arg, section)},
    {NULL, 0},
};

static const struct key_def unikernel_keys[] = {
    {"location", offsetof(struct spec_unikernel, sec.location)},
    {"start", offsetof(struct spec_unikernel, start)},
    {"devices", offsetof(struct spec_unikernel, devices)},
    {"args", offsetof(struct spec_unikernel, args)},
    {"version", offsetof(struct spec_unikernel, version)},
    {"target", offsetof(struct spec_unikernel, target)},
    {"srcdir", offsetof(struct spec_unikernel, srcdir)},
    {"memory", offsetof(struct spec_unikernel, memory)},
    {"boot_args", offsetof(struct spec_unikernel, boot_args)},
    {"xen_bridge", offsetof(struct spec_unikernel, xen_bridge)},
    {"xen_disk_dir", offsetof(struct spec_unikernel, xen_disk_dir)},
    {NULL, 0},
};

const char *spec_kind_name(enum spec_kind kind)
{
    switch (kind) {
    case SPEC_UNIKERNEL:
        return "unikernel";
    case SPEC_DEVICE:
        return "device";
    case SPEC_ARG:
        return "arg";
    }
    return "?";
}

static const struct key_def *kind_keys(enum spec_kind kind)
{
    switch (kind) {
    case SPEC_UNIKERNEL:
        return unikernel_keys;
    case SPEC_DEVICE:
        return device_keys;
    case SPEC_ARG:
        return arg_keys;
    }
    return NULL;
}

/* The parser's state between lines. */
struct parser {
    struct spec *spec;
    const char *path;
    unsigned line;
    int errors;
    /* the open section, or NULL between sections */
    struct spec_section *sec;
    unsigned seen; /* bit i: key i of the section's table was given */
    bool skipping; /* after a bad header: ignore its key lines */
};

static void syntax(struct parser *p, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void syntax(struct parser *p, unsigned line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    diag_vsyntax(p->path, line, fmt, ap);
    va_end(ap);
    p->errors++;
}

/* Checks the section that ends here: it must have had its location. */
static void close_section(struct parser *p)
{
    struct spec_section *sec = p->sec;

    if (sec && !(p->seen & 1u)) /* location is key 0 of every kind */
        syntax(p, sec->line,
               "section [%s %s] has no 'location' key; every section needs "
               "'location = FILE:LINE' (the configure.ac macro call)",
               spec_kind_name(sec->kind), sec->name);
    else if (sec && sec->location && !*sec->location)
        syntax(p, sec->line,
               "section [%s %s] has an empty 'location'; it must be "
               "FILE:LINE of the configure.ac macro call",
               spec_kind_name(sec->kind), sec->name);
    p->sec = NULL;
    p->seen = 0;
}

/* Appends a zeroed section of (kind) to the spec and returns it. */
static struct spec_section *new_section(struct spec *spec, enum spec_kind kind)
{
    struct spec_section *sec = NULL;

    switch (kind) {
    case SPEC_DEVICE:
        spec->devices = xrealloc(spec->devices,
                                 (spec->ndevices + 1) * sizeof(*spec->devices));
        memset(&spec->devices[spec->ndevices], 0, sizeof(*spec->devices));
        sec = &spec->devices[spec->ndevices++].sec;
        break;
    case SPEC_ARG:
        spec->args =
            xrealloc(spec->args, (spec->nargs + 1) * sizeof(*spec->args));
        memset(&spec->args[spec->nargs], 0, sizeof(*spec->args));
        sec = &spec->args[spec->nargs++].sec;
        break;
    case SPEC_UNIKERNEL:
        spec->unikernels =
            xrealloc(spec->unikernels,
                     (spec->nunikernels + 1) * sizeof(*spec->unikernels));
        memset(&spec->unikernels[spec->nunikernels], 0,
               sizeof(*spec->unikernels));
        sec = &spec->unikernels[spec->nunikernels++].sec;
        break;
    }
    sec->kind = kind;
    return sec;
}

/* "[KIND NAME]" */
static void parse_header(struct parser *p, const char *text, size_t len)
{
    static const enum spec_kind kinds[] = {SPEC_UNIKERNEL, SPEC_DEVICE,
                                           SPEC_ARG};
    const char *space;
    size_t kind_len;

    close_section(p);
    p->skipping = true;
    if (len < 2 || text[len - 1] != ']') {
        syntax(p, p->line,
               "section header does not end with ']'; expected "
               "'[KIND NAME]'");
        return;
    }
    space = memchr(text, ' ', len);
    if (!space) {
        syntax(p, p->line,
               "section header '%.*s' has no name; expected "
               "'[KIND NAME]'",
               (int)len, text);
        return;
    }
    kind_len = (size_t)(space - text) - 1;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const char *name = spec_kind_name(kinds[i]);
        if (strlen(name) == kind_len && !memcmp(name, text + 1, kind_len)) {
            /*
             * The name is kept as written, even if it is not a valid
             * device or argument name: the check reports that with the
             * configure.ac location, which is more use to the user.
             */
            p->sec = new_section(p->spec, kinds[i]);
            p->sec->name =
                xstrndup(space + 1, (size_t)(text + len - 1 - (space + 1)));
            p->sec->line = p->line;
            p->skipping = false;
            return;
        }
    }
    syntax(p, p->line,
           "unknown section kind '%.*s'; expected unikernel, device or arg",
           (int)kind_len, text + 1);
}

/* Decodes the escapes of a value; NULL (after an error) if one is bad. */
static char *unescape(struct parser *p, const char *key, const char *s,
                      size_t len)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\') {
            sb_addc(&sb, s[i]);
            continue;
        }
        if (++i == len) {
            syntax(p, p->line,
                   "the value of '%s' ends with a lone backslash; write "
                   "'\\\\' for a backslash",
                   key);
            sb_free(&sb);
            return NULL;
        }
        switch (s[i]) {
        case '\\':
            sb_addc(&sb, '\\');
            break;
        case 'n':
            sb_addc(&sb, '\n');
            break;
        case 't':
            sb_addc(&sb, '\t');
            break;
        default:
            syntax(p, p->line,
                   "bad escape '\\%c' in the value of '%s'; only '\\\\', "
                   "'\\n' and '\\t' are allowed",
                   s[i], key);
            sb_free(&sb);
            return NULL;
        }
    }
    return sb_take(&sb);
}

static bool is_key_char(char c)
{
    return c_islower(c) || c == '_';
}

/* "KEY = VALUE" or "KEY =" */
static void parse_key(struct parser *p, const char *text, size_t len)
{
    const struct key_def *keys;
    const char *eq = NULL, *value;
    size_t key_len, value_len;
    char *key, *decoded;
    unsigned i;

    for (size_t k = 0; k + 1 < len; k++) {
        if (text[k] == ' ' && text[k + 1] == '=' &&
            (k + 2 == len || text[k + 2] == ' ')) {
            eq = text + k;
            break;
        }
    }
    key_len = eq ? (size_t)(eq - text) : 0;
    for (size_t k = 0; k < key_len; k++)
        if (!is_key_char(text[k]))
            eq = NULL;
    if (!eq || key_len == 0) {
        syntax(p, p->line,
               "expected '[KIND NAME]', 'KEY = VALUE', a comment or a blank "
               "line");
        return;
    }
    if (p->skipping)
        return;
    key = xstrndup(text, key_len);
    if (!p->sec) {
        syntax(p, p->line,
               "key '%s' is outside any section; a '[KIND NAME]' header "
               "must come first",
               key);
        free(key);
        return;
    }
    keys = kind_keys(p->sec->kind);
    for (i = 0; keys[i].key; i++)
        if (streq(keys[i].key, key))
            break;
    if (!keys[i].key) {
        struct strbuf known = {0};
        for (unsigned k = 0; keys[k].key; k++)
            sb_addf(&known, "%s%s", k ? ", " : "", keys[k].key);
        syntax(p, p->line,
               "unknown key '%s' in section [%s %s]; known keys: %s", key,
               spec_kind_name(p->sec->kind), p->sec->name, sb_str(&known));
        sb_free(&known);
        free(key);
        return;
    }
    if (p->seen & (1u << i)) {
        syntax(p, p->line, "key '%s' is given twice in section [%s %s]", key,
               spec_kind_name(p->sec->kind), p->sec->name);
        free(key);
        return;
    }
    value = eq + 2 + (eq + 2 < text + len); /* skip " =" and one space */
    value_len = (size_t)(text + len - value);
    decoded = unescape(p, key, value, value_len);
    if (decoded)
        *(char **)((char *)p->sec + keys[i].offset) = decoded;
    p->seen |= 1u << i;
    free(key);
}

static void parse_line(struct parser *p, const char *text, size_t len)
{
    size_t k = 0;

    while (k < len && (text[k] == ' ' || text[k] == '\t'))
        k++;
    if (k == len || text[0] == '#')
        return;
    if (text[0] == '[')
        parse_header(p, text, len);
    else
        parse_key(p, text, len);
}

/* Splits the list-valued keys into words once the file is read. */
static void split_lists(struct spec *spec)
{
    for (size_t i = 0; i < spec->ndevices; i++)
        words_split(&spec->devices[i].deps, spec->devices[i].depends);
    for (size_t i = 0; i < spec->nunikernels; i++) {
        struct spec_unikernel *u = &spec->unikernels[i];
        words_split(&u->device_names, u->devices);
        words_split(&u->arg_names, u->args);
    }
}

int spec_parse(struct spec *spec, FILE *f, const char *path)
{
    struct parser p = {.spec = spec, .path = path};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    memset(spec, 0, sizeof(*spec));
    spec->path = xstrdup(path);
    while ((len = getline(&line, &cap, f)) >= 0) {
        p.line++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (strlen(line) != (size_t)len) {
            syntax(&p, p.line, "line contains a NUL byte");
            continue;
        }
        parse_line(&p, line, (size_t)len);
    }
    free(line);
    if (ferror(f)) {
        fprintf(stderr, "%s: cannot read '%s': %s\n", program_name, path,
                strerror(errno));
        return -1;
    }
    close_section(&p);
    split_lists(spec);
    return p.errors;
}

int spec_read(struct spec *spec, const char *path)
{
    FILE *f = fopen(path, "r");
    int rc;

    if (!f) {
        memset(spec, 0, sizeof(*spec));
        fprintf(stderr, "%s: cannot open '%s': %s\n", program_name, path,
                strerror(errno));
        return -1;
    }
    rc = spec_parse(spec, f, path);
    fclose(f);
    return rc;
}

static void section_free(struct spec_section *sec)
{
    free(sec->name);
    free(sec->location);
}

void spec_free(struct spec *spec)
{
    for (size_t i = 0; i < spec->ndevices; i++) {
        struct spec_device *d = &spec->devices[i];
        section_free(&d->sec);
        free(d->type);
        free(d->implementation);
        free(d->depends);
        words_free(&d->deps);
    }
    for (size_t i = 0; i < spec->nargs; i++) {
        struct spec_arg *a = &spec->args[i];
        section_free(&a->sec);
        free(a->type);
        free(a->default_value);
        free(a->doc);
        free(a->section);
    }
    for (size_t i = 0; i < spec->nunikernels; i++) {
        struct spec_unikernel *u = &spec->unikernels[i];
        section_free(&u->sec);
        free(u->start);
        free(u->devices);
        free(u->args);
        free(u->version);
        free(u->target);
        free(u->srcdir);
        free(u->memory);
        free(u->boot_args);
        free(u->xen_bridge);
        free(u->xen_disk_dir);
        words_free(&u->device_names);
        words_free(&u->arg_names);
    }
    free(spec->devices);
    free(spec->args);
    free(spec->unikernels);
    free(spec->path);
    memset(spec, 0, sizeof(*spec));
}
