/* SPDX-License-Identifier: ISC */
/* fuzz_spec.c: the helper's mirage.spec reader and argument types, fuzzed. */
#define FUZZ_NAME    "fuzz_spec"
#define FUZZ_INPUTS  100000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  4096
#define FUZZ_TEXT    1

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argtype.h"
#include "diag.h"
#include "fuzz_input.h"
#include "spec.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A section of any kind, its struct, and the table of its keys. */
struct any_section {
    struct spec_section *sec;
    char **keys[9]; /* the struct's members for the keys, in order */
    const char *const *names;
    unsigned nkeys;
};

static const char *const device_keys[] = {"location", "type", "implementation",
                                          "depends"};
static const char *const arg_keys[] = {"location", "type", "default", "doc",
                                       "section"};
static const char *const unikernel_keys[] = {
    "location", "start",  "devices", "args",     "version",
    "target",   "srcdir", "memory",  "boot_args"};

/* The sections of (s) in file order (by header line); returns how many. */
static size_t sections(struct spec *s, struct any_section *out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < s->ndevices && n < max; i++) {
        struct spec_device *d = &s->devices[i];
        out[n++] = (struct any_section){
            &d->sec,
            {&d->sec.location, &d->type, &d->implementation, &d->depends},
            device_keys,
            4};
    }
    for (size_t i = 0; i < s->nargs && n < max; i++) {
        struct spec_arg *a = &s->args[i];
        out[n++] =
            (struct any_section){&a->sec,
                                 {&a->sec.location, &a->type, &a->default_value,
                                  &a->doc, &a->section},
                                 arg_keys,
                                 5};
    }
    for (size_t i = 0; i < s->nunikernels && n < max; i++) {
        struct spec_unikernel *u = &s->unikernels[i];
        out[n++] = (struct any_section){
            &u->sec,
            {&u->sec.location, &u->start, &u->devices, &u->args, &u->version,
             &u->target, &u->srcdir, &u->memory, &u->boot_args},
            unikernel_keys,
            9};
    }
    /* insertion sort by line: the kinds were each in file order */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j - 1].sec->line > out[j].sec->line;
             j--) {
            struct any_section t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* Appends (v) escaped as spec values are: \\, \n and \t. */
static void add_escaped(struct strbuf *sb, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\')
            sb_addf(sb, "\\\\");
        else if (*v == '\n')
            sb_addf(sb, "\\n");
        else if (*v == '\t')
            sb_addf(sb, "\\t");
        else
            sb_addc(sb, *v);
    }
}

/* Writes (sec) as spec text: its header and the keys it has. */
static void print_section(struct strbuf *sb, const struct any_section *a)
{
    sb_addf(sb, "[%s %s]\n", spec_kind_name(a->sec->kind), a->sec->name);
    for (unsigned k = 0; k < a->nkeys; k++) {
        if (!*a->keys[k])
            continue;
        sb_addf(sb, "%s = ", a->names[k]);
        add_escaped(sb, *a->keys[k]);
        sb_addc(sb, '\n');
    }
}

static int same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Parses (text, len) as "fuzz.spec"; diagnostics go to (diag). */
static int parse(struct spec *s, const char *text, size_t len, FILE *diag)
{
    FILE *f = fmemopen((void *)text, len, "r");
    int rc;

    if (!f)
        fuzz_fail("fmemopen");
    diag_set_stream(diag);
    rc = spec_parse(s, f, "fuzz.spec");
    diag_set_stream(NULL);
    fclose(f);
    return rc;
}

/*
 * An argument's type: a refusal quotes the type; an acceptance writes it
 * canonically, and that text parses to the same type and writes itself.
 */
static void check_argtype(const char *text)
{
    struct argtype t, u;
    char *error = NULL, *canon, *again;

    if (argtype_parse(text, &t, &error) != 0) {
        if (!error || !strstr(error, text))
            fuzz_fail("type '%s' refused with '%s'", text,
                      error ? error : "(null)");
        free(error);
        argtype_free(&t);
        return;
    }
    if (error)
        fuzz_fail("type '%s' accepted with '%s'", text, error);
    canon = argtype_text(&t);
    if (argtype_parse(canon, &u, &error) != 0)
        fuzz_fail("type '%s' written '%s', which is refused: %s", text, canon,
                  error);
    again = argtype_text(&u);
    if (strcmp(canon, again) != 0 || t.form != u.form || t.base != u.base ||
        t.nchoices != u.nchoices)
        fuzz_fail("type '%s' written '%s' then '%s'", text, canon, again);
    for (size_t i = 0; i < t.nchoices; i++)
        if (strcmp(t.choices[i], u.choices[i]) != 0)
            fuzz_fail("type '%s': choice %zu changed", text, i);
    free(canon);
    free(again);
    argtype_free(&t);
    argtype_free(&u);
}

/*
 * Parses the input as a spec: one diagnostic line per error counted, each
 * "fuzz.spec:LINE: " with a line of the input; sections at lines of the
 * input, in order; the spec written back parses to the same sections and
 * values, with an error exactly for each section without a location; and
 * every argument's type is checked (check_argtype).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct any_section a[256], b[256];
    static FILE *devnull;
    char *copy = fuzz_input_copy(data, size, 0);
    struct spec s, t;
    struct strbuf out = {0};
    char *diag = NULL;
    size_t diag_len = 0, nlines = 0, na, nb, missing = 0;
    FILE *ds = open_memstream(&diag, &diag_len);
    int rc, rc2;

    if (size == 0 || !ds) { /* fmemopen wants a buffer */
        if (ds)
            fclose(ds);
        free(diag);
        fuzz_input_free(copy);
        return 0;
    }
    for (size_t i = 0; i < size; i++)
        nlines += copy[i] == '\n' || i + 1 == size;
    rc = parse(&s, copy, size, ds);
    fclose(ds);
    if (rc < 0)
        fuzz_fail("a read error from memory");
    for (char *line = diag, *nl; line < diag + diag_len; line = nl + 1) {
        char *after;
        unsigned long n;

        nl = memchr(line, '\n', (size_t)(diag + diag_len - line));
        if (!nl)
            fuzz_fail("a diagnostic without its newline");
        rc--;
        if (strncmp(line, "fuzz.spec:", 10) != 0 ||
            (n = strtoul(line + 10, &after, 10)) == 0 || n > nlines ||
            strncmp(after, ": ", 2) != 0)
            fuzz_fail("diagnostic '%.*s' in %zu lines", (int)(nl - line), line,
                      nlines);
    }
    if (rc != 0)
        fuzz_fail("%d errors more than diagnostic lines", rc);
    if (s.ndevices + s.nargs + s.nunikernels > 256) {
        spec_free(&s);
        free(diag);
        fuzz_input_free(copy);
        return 0;
    }
    na = sections(&s, a, 256);
    for (size_t i = 0; i < na; i++) {
        if (!a[i].sec->name || a[i].sec->line == 0 || a[i].sec->line > nlines ||
            (i > 0 && a[i].sec->line <= a[i - 1].sec->line))
            fuzz_fail("section %zu at line %u of %zu", i, a[i].sec->line,
                      nlines);
        missing += !a[i].sec->location || !a[i].sec->location[0];
        print_section(&out, &a[i]);
    }
    for (size_t i = 0; i < s.nargs; i++)
        if (s.args[i].type)
            check_argtype(s.args[i].type);

    if (na == 0) { /* nothing to write back */
        spec_free(&s);
        free(diag);
        fuzz_input_free(copy);
        fuzz_accepted += rc == 0;
        return 0;
    }
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        fuzz_fail("cannot open /dev/null");
    rc2 = parse(&t, sb_str(&out), out.len, devnull);
    nb = sections(&t, b, 256);
    if (rc2 != (int)missing || nb != na)
        fuzz_fail("written back: %d errors (%zu sections without location), "
                  "%zu sections (%zu):\n%s",
                  rc2, missing, nb, na, sb_str(&out));
    for (size_t i = 0; i < na; i++) {
        if (a[i].sec->kind != b[i].sec->kind ||
            strcmp(a[i].sec->name, b[i].sec->name) != 0)
            fuzz_fail("written back, section %zu is another", i);
        for (unsigned k = 0; k < a[i].nkeys; k++)
            if (!same_string(*a[i].keys[k], *b[i].keys[k]))
                fuzz_fail("written back, section %zu's '%s' changed", i,
                          a[i].names[k]);
    }
    if (rc == 0 && rc2 == 0)
        fuzz_accepted++;
    sb_free(&out);
    spec_free(&s);
    spec_free(&t);
    free(diag);
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
/* Words and marks of the format, and of argument types. */
static const char *const fuzz_tokens[] = {
    "[device ",    "[arg ",       "[unikernel ",
    "[",           "]",           "\n",
    " = ",         " =",          "=",
    "location",    "type",        "implementation",
    "depends",     "default",     "doc",
    "section",     "start",       "devices",
    "args",        "version",     "target",
    "srcdir",      "memory",      "boot_args",
    "\\",          "\\n",         "\\t",
    "\\\\",        "#",           " ",
    "\t",          "\r",          "configure.ac:12",
    "list(",       "repeated(",   "optional(",
    "required(",   "enum(",       "|",
    ")",           "(",           "string",
    "bool",        "int",         "int64",
    "ipv4",        "ipv4-prefix", "ipv6",
    "ipv6-prefix", "a-b.c+d_e",   "\x01",
    "\xff",        NULL};

#include "fuzz_main.h"

static const char seed_spec[] = "# written by configure\n"
                                "[arg hello]\n"
                                "location = configure.ac:6\n"
                                "type = string\n"
                                "default = Hello\\tWorld!\\n\n"
                                "doc = How to say hello.\n"
                                "section = options\n"
                                "\n"
                                "[arg dns]\n"
                                "location = configure.ac:7\n"
                                "type = list(ipv4)\n"
                                "default = 1.1.1.1,8.8.8.8\n"
                                "doc =\n"
                                "section = network\n"
                                "[arg mode]\n"
                                "location = configure.ac:8\n"
                                "type = optional( enum(fast | slow|x.y+z) )\n"
                                "[device clock]\n"
                                "location = configure.ac:9\n"
                                "type = time\n"
                                "implementation =\n"
                                "depends = a b\n"
                                "[unikernel hello]\n"
                                "location = configure.ac:10\n"
                                "start = hello_start\n"
                                "devices = clock\n"
                                "args = hello dns mode\n"
                                "version = 1.0\n"
                                "target = unix\n"
                                "srcdir = /home/me/hello\n"
                                "memory = 64\n"
                                "boot_args = --hello=\\\\x\n";

static const char seed_bad[] = "[arg x]\n"
                               "type = repeated(int64)\n"
                               "doc = a \\q\n"
                               "[device]\n"
                               "key outside\n"
                               "[arg y]\n"
                               "location = here:1\n"
                               "type = enum()\n"
                               "type = int\n"
                               "[thing z]\n";

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    if (max < 2)
        return 0;
    seeds[0] = (uint8_t *)seed_spec;
    lens[0] = sizeof seed_spec - 1;
    seeds[1] = (uint8_t *)seed_bad;
    lens[1] = sizeof seed_bad - 1;
    return 2;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    struct spec s;
    FILE *null = fopen("/dev/null", "w");
    int good = parse(&s, seed_spec, sizeof seed_spec - 1, null);
    int ok = good == 0 && s.nargs == 3 && s.ndevices == 1 &&
             s.nunikernels == 1 &&
             strcmp(s.args[0].default_value, "Hello\tWorld!\n") == 0 &&
             strcmp(s.unikernels[0].boot_args, "--hello=\\x") == 0;
    int bad;

    spec_free(&s);
    bad = parse(&s, seed_bad, sizeof seed_bad - 1, null);
    spec_free(&s);
    if (null)
        fclose(null);
    snprintf(why, n, "the good seed: %d errors, the bad one: %d", good, bad);
    return ok && bad == 6;
}
#endif
