/* SPDX-License-Identifier: ISC */
/* test_helper_manifest.c: the device manifest of spt and hvt images. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "generate.h"
#include "spec.h"
#include "tap.h"
#include "util.h"

/* check_spec on a spec text; returns the diagnostics (caller frees). */
static char *check_text(const char *text, struct spec *spec,
                        struct model *model, unsigned *errors)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *diag = open_memstream(&out, &len);

    diag_set_stream(diag);
    if (spec_parse(spec, in, "t.spec") != 0)
        printf("# unexpected syntax error\n");
    *errors = check_spec(spec, model);
    fclose(in);
    fclose(diag);
    diag_set_stream(NULL);
    return out;
}

/* A spec: devices FIRST (tender), ram (ramdisk), spare (tender, unused)
 * and logs (tender); the unikernel uses logs, ram and FIRST. */
static char *spec_text(const char *target, const char *first_name)
{
    return xasprintf(
        "[device %s]\nlocation = c:1\ntype = block\nimplementation = "
        "tender\n"
        "[device ram]\nlocation = c:2\ntype = block\nimplementation = "
        "ramdisk(4096)\n"
        "[device spare]\nlocation = c:3\ntype = block\nimplementation = "
        "tender\n"
        "[device logs]\nlocation = c:4\ntype = block\nimplementation = "
        "tender\n"
        "[unikernel u]\nlocation = c:5\nstart = s\ndevices = logs ram %s\n"
        "target = %s\n",
        first_name, first_name, target);
}

static void test_spt(const char *target)
{
    char *text = spec_text(target, "disk");
    struct spec spec;
    struct model model;
    unsigned errors;
    char *out = check_text(text, &spec, &model, &errors), *h, *c;
    size_t *devs, n;
    const char *disk, *logs;

    TAP_OK(errors == 0, "%s: the spec is valid", target);
    if (errors)
        printf("# %s", out ? out : "");
    n = generate_manifest_devices(&model, &devs);
    TAP_OK(n == 2, "%s: two devices in the manifest (the used tender disks)",
           target);
    TAP_OK(n == 2 && devs[0] == 0 && devs[1] == 3,
           "%s: in declaration order: disk, then logs", target);
    free(devs);

    generate_text(&model, &h, &c);
    TAP_OK(strstr(c, "#include <mirage/tender_abi.h>\n") != NULL,
           "%s: mirage_main.c includes the ABI header", target);
    TAP_OK(strstr(c, "__attribute__((section(\".note.mirage.manifest\"), "
                     "aligned(4), used))") != NULL,
           "%s: the note is in section .note.mirage.manifest, kept", target);
    TAP_OK(strstr(c, "    .type = MIRAGE_TENDER_NOTE_MANIFEST,\n") &&
               strstr(c, "    .name = MIRAGE_TENDER_NOTE_NAME,\n") &&
               strstr(c, "    .namesz = sizeof(MIRAGE_TENDER_NOTE_NAME),\n") &&
               strstr(c, "    .descsz = sizeof(struct "
                         "mirage_tender_manifest),\n"),
           "%s: the ELF note's header: name, sizes and type", target);
    TAP_OK(strstr(c, "        .abi_version = MIRAGE_TENDER_ABI_VERSION,\n"
                     "        .count = 2,\n") != NULL,
           "%s: the manifest's version and count", target);
    disk = strstr(c, "{.name = \"disk\", .type = MIRAGE_TENDER_DEV_BLOCK},");
    logs = strstr(c, "{.name = \"logs\", .type = MIRAGE_TENDER_DEV_BLOCK},");
    TAP_OK(disk && logs && disk < logs, "%s: disk, then logs, as block",
           target);
    TAP_OK(strstr(c, "/* block/tender, c:1 */") != NULL,
           "%s: each entry says where it was declared", target);
    TAP_OK(!strstr(c, "\"spare\", .type") && !strstr(c, "\"ram\", .type"),
           "%s: neither the unused disk nor the ramdisk is listed", target);
    TAP_OK(
        strstr(c, "rc = mirage_block_tender_connect(&dev_disk, \"disk\");") !=
            NULL,
        "%s: the tender disk connects by its name alone", target);
    free(h);
    free(c);
    free(out);
    model_free(&model);
    spec_free(&spec);
    free(text);
}

static void test_other_targets(void)
{
    static const char text[] =
        "[device ram]\nlocation = c:1\ntype = block\nimplementation = "
        "ramdisk\n"
        "[unikernel u]\nlocation = c:2\nstart = s\ndevices = ram\n"
        "target = xen\n";
    char *spt = spec_text("xen", "disk");
    struct spec spec;
    struct model model;
    unsigned errors;
    char *out = check_text(text, &spec, &model, &errors), *h, *c;

    TAP_OK(errors == 0, "xen: a ramdisk is valid");
    generate_text(&model, &h, &c);
    TAP_OK(!strstr(c, "tender_abi.h") && !strstr(c, ".note.mirage"),
           "xen: no manifest");
    free(h);
    free(c);
    free(out);
    model_free(&model);
    spec_free(&spec);

    out = check_text(spt, &spec, &model, &errors);
    TAP_OK(errors > 0 && out &&
               strstr(out, "implementation 'tender' of 'block' is not "
                           "available on target 'xen', only on: spt, hvt"),
           "xen: the tender implementation is refused");
    free(out);
    model_free(&model);
    spec_free(&spec);
    free(spt);
}

static void test_names(void)
{
    char *text = spec_text("spt", "Disk2");
    struct spec spec;
    struct model model;
    unsigned errors;
    char *out = check_text(text, &spec, &model, &errors);

    TAP_OK(errors == 1 && out &&
               strstr(out, "'Disk2' is not a valid device name; use a "
                           "lower-case C identifier"),
           "an uppercase name is refused (so none reaches the manifest)");
    free(out);
    model_free(&model);
    spec_free(&spec);
    free(text);

    text = spec_text("hvt", "d23456789012345678901234567890123");
    out = check_text(text, &spec, &model, &errors);
    TAP_OK(errors == 1 && out && strstr(out, "at most 31 bytes"),
           "a name of 32 bytes or more cannot either");
    free(out);
    model_free(&model);
    spec_free(&spec);
    free(text);
}

/* On virtio a disk binds by its serial: at most 20 bytes of name. */
static void test_virtio_serial(void)
{
    static const char *const names[] = {"d2345678901234567890",
                                        "d23456789012345678901"};
    struct spec spec;
    struct model model;
    unsigned errors;

    for (int k = 0; k < 2; k++) {
        char *text = xasprintf(
            "[device %s]\nlocation = c:1\ntype = block\nimplementation = "
            "virtio\n"
            "[unikernel u]\nlocation = c:2\nstart = s\ndevices = %s\n"
            "target = virtio\n",
            names[k], names[k]);
        char *out = check_text(text, &spec, &model, &errors);

        if (k == 0)
            TAP_OK(errors == 0, "virtio: a disk name of 20 bytes is valid");
        else
            TAP_OK(errors == 1 && out &&
                       strstr(out, "by its serial, which holds at most 20 "
                                   "bytes"),
                   "virtio: one of 21 bytes is refused, saying why");
        free(out);
        model_free(&model);
        spec_free(&spec);
        free(text);
    }
}

static void test_too_many(void)
{
    struct strbuf sb = {0};
    struct spec spec;
    struct model model;
    unsigned errors;
    char *out;

    for (int i = 0; i < 17; i++)
        sb_addf(&sb,
                "[device d%d]\nlocation = c:%d\ntype = block\n"
                "implementation = tender\n",
                i, i + 1);
    sb_add(&sb, "[unikernel u]\nlocation = c:20\nstart = s\ndevices =");
    for (int i = 0; i < 17; i++)
        sb_addf(&sb, " d%d", i);
    sb_add(&sb, "\ntarget = spt\n");
    out = check_text(sb_str(&sb), &spec, &model, &errors);
    TAP_OK(errors == 1 && out &&
               strstr(out, "MIRAGE_DEVICE(d16): more than 16 devices that "
                           "the tender attaches"),
           "a 17th tender device is refused, naming it");
    free(out);
    model_free(&model);
    spec_free(&spec);
    sb_free(&sb);
}

int main(void)
{
    test_spt("spt");
    test_spt("hvt");
    test_other_targets();
    test_names();
    test_virtio_serial();
    test_too_many();
    return tap_done();
}
