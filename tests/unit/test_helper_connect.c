/* SPDX-License-Identifier: ISC */
/* test_helper_connect.c: the glue declares connect functions no header does. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "generate.h"
#include "registry.h"
#include "spec.h"
#include "tap.h"
#include "util.h"

/* The spec: one device of each implementation below, on unix. */
static const char spec_text[] =
    "[device disk]\nlocation = c:1\ntype = block\nimplementation = "
    "file(d.img)\n"
    "[device ram]\nlocation = c:2\ntype = block\nimplementation = "
    "ramdisk(4096)\n"
    "[device ram2]\nlocation = c:3\ntype = block\nimplementation = ramdisk\n"
    "[device net]\nlocation = c:4\ntype = stack\nimplementation = socket\n"
    "[device clock]\nlocation = c:5\ntype = mclock\nimplementation = \n"
    "[unikernel u]\nlocation = c:6\nstart = s\n"
    "devices = disk ram ram2 net clock\ntarget = unix\n";

/* check_spec on (text); the number of errors. */
static unsigned check_text(const char *text, struct spec *spec,
                           struct model *model)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *diag = open_memstream(&out, &len);
    unsigned errors;

    diag_set_stream(diag);
    if (spec_parse(spec, in, "t.spec") != 0)
        printf("# unexpected syntax error\n");
    errors = check_spec(spec, model);
    fclose(in);
    fclose(diag);
    diag_set_stream(NULL);
    if (errors)
        printf("# %s", out ? out : "");
    free(out);
    return errors;
}

/* (text) with each line break and the blanks after it made one blank. */
static char *squash(const char *text)
{
    char *out = xstrdup(text), *w = out;

    for (const char *r = text; *r; r++) {
        if (*r == '\n' && r[1] == ' ') {
            *w++ = ' ';
            while (r[1] == ' ')
                r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return out;
}

/* Counts the occurrences of (needle) in (hay). */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

int main(void)
{
    static const char *const time_deps[] = {"time", "mclock", NULL};
    struct registry_impl copies[5];
    struct spec spec;
    struct model model;
    char *h, *c, *flat;

    TAP_OK(check_text(spec_text, &spec, &model) == 0, "the spec is valid");

    /* these implementations are declared by their headers */
    for (size_t i = 0; i < 5; i++)
        TAP_OK(!model.devices[i].impl->glue_declares_connect,
               "%s/%s: its header declares its connect function",
               model.devices[i].impl->type, model.devices[i].impl->name);
    generate_text(&model, &h, &c);
    TAP_OK(!strstr(c, "no public header"),
           "so the glue declares no connect function");
    free(h);
    free(c);

    /* the same implementations, as if no header declared them; ramdisk
     * with two dependencies, as if it took them */
    for (size_t i = 0; i < 5; i++) {
        copies[i] = *model.devices[i].impl;
        copies[i].glue_declares_connect = true;
        model.devices[i].impl = &copies[i];
    }
    copies[1].deps = time_deps;
    model.devices[2].impl = &copies[1]; /* both ramdisks: one declaration */
    generate_text(&model, &h, &c);
    flat = squash(c);
    TAP_OK(strstr(c, "\n/* Connect functions that no public header declares "
                     "(their registry entry). */\n") != NULL,
           "the glue says why it declares them");
    TAP_OK(strstr(flat, "int mirage_block_file_connect(struct mirage_block **, "
                        "const char *, const char *, const char *);\n") != NULL,
           "file: the parameter, then its boot argument");
    TAP_OK(strstr(flat,
                  "int mirage_block_ramdisk_connect(struct mirage_block **, "
                  "const char *, const char *, struct mirage_time *, "
                  "struct mirage_mclock *);\n") != NULL,
           "ramdisk: the parameter, then the dependencies in order");
    TAP_OK(count(c, "int mirage_block_ramdisk_connect(") == 1,
           "an implementation of two devices is declared once");
    TAP_OK(strstr(flat, "int mirage_stack_socket_connect(struct mirage_stack "
                        "**, const char *, struct mirage_ipv4_prefix, struct "
                        "mirage_ipv6_prefix, bool, bool);\n") != NULL,
           "socket: its four boot arguments with their C types");
    TAP_OK(strstr(flat, "int mirage_mclock_default_connect(struct "
                        "mirage_mclock **, const char *);\n") != NULL,
           "mclock: the device and its name alone");
    TAP_OK(strstr(c, "rc = mirage_mclock_default_connect(&dev_clock, "
                     "\"clock\");") != NULL,
           "and the call is as before");
    TAP_OK(strstr(c, "no public header") < strstr(c, "static int image_run"),
           "the declarations come before image_run");
    free(flat);
    free(h);
    free(c);
    model_free(&model);
    spec_free(&spec);
    return tap_done();
}
