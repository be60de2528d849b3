/* SPDX-License-Identifier: ISC */
/* xl.c: writing the Xen domain configuration NAME.xl and NAME.xl.in. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "quote.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "unknown"
#endif

void xl_string(struct strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    for (; *s; s++) {
        switch (*s) {
        case '"':
            sb_add(sb, "\\\"");
            break;
        case '\\':
            sb_add(sb, "\\\\");
            break;
        case '\n':
            sb_add(sb, "\\n");
            break;
        case '\t':
            sb_add(sb, "\\t");
            break;
        case '\r':
            sb_add(sb, "\\r");
            break;
        case '\a':
            sb_add(sb, "\\a");
            break;
        case '\b':
            sb_add(sb, "\\b");
            break;
        case '\f':
            sb_add(sb, "\\f");
            break;
        case '\v':
            sb_add(sb, "\\v");
            break;
        default:
            /* xl's numeric escapes are not reliable: the byte itself */
            sb_addc(sb, *s);
        }
    }
    sb_addc(sb, '"');
}

/* Appends (s) inside a '#' comment: it cannot end the line. */
static void comment_text(struct strbuf *sb, const char *s)
{
    for (; *s; s++)
        sb_addc(sb, *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* "KEY = VALUE\n", VALUE an xl string, or the placeholder @HOLDER@. */
static void string_setting(struct strbuf *sb, const char *key,
                           const char *value, const char *holder)
{
    sb_addf(sb, "%s = ", key);
    if (holder) {
        sb_addf(sb, "\"@%s@\"\n", holder);
    } else {
        xl_string(sb, value);
        sb_addc(sb, '\n');
    }
}

static void emit_header(struct strbuf *sb, const struct xl_config *cfg,
                        bool placeholders)
{
    sb_add(sb, "# ");
    comment_text(sb, cfg->name);
    sb_add(sb, placeholders ? ".xl.in" : ".xl");
    sb_add(sb, ": the Xen domain of unikernel ");
    comment_text(sb, cfg->name);
    sb_add(sb, " (see xl.cfg(5)).\n");
    if (cfg->origin) {
        sb_add(sb, "# ");
        comment_text(sb, cfg->origin);
        sb_addc(sb, '\n');
    }
    if (placeholders) {
        sb_add(sb, "# A template for packagers: replace every @PLACEHOLDER@ "
                   "(with sed, say) to\n# get a configuration: @NAME@ the "
                   "domain's name, @KERNEL@ the image's path,\n# @MEMORY@ "
                   "the RAM in MiB, @EXTRA@ the boot arguments (inside an xl "
                   "string:\n# escape \" and \\ with a backslash)");
        sb_add(sb, ". See doc/xen.md.\n");
    } else {
        sb_add(sb, "# Start the domain with: xl create ");
        comment_text(sb, cfg->name);
        sb_add(sb, ".xl (add -c to attach its console).\n");
    }
}

/* The vif and disk lists, when the unikernel has such devices. */
static void emit_devices(struct strbuf *sb, const struct xl_config *cfg,
                         bool placeholders)
{
    size_t nets = 0, disks = 0;

    for (size_t i = 0; i < cfg->ndevices; i++)
        cfg->devices[i].net ? nets++ : disks++;
    if (nets) {
        size_t k = 0;

        sb_add(sb, "# Network interfaces (netfront), one per net device in "
                   "the order the unikernel\n# connects them:");
        for (size_t i = 0; i < cfg->ndevices; i++)
            if (cfg->devices[i].net) {
                sb_addf(sb, " %zu ", k++);
                comment_text(sb, cfg->devices[i].name);
            }
        sb_add(sb, ".\nvif = [");
        k = 0;
        for (size_t i = 0; i < cfg->ndevices; i++) {
            struct strbuf spec = {0};
            char *text;

            if (!cfg->devices[i].net)
                continue;
            sb_add(&spec, "bridge=");
            sb_add(&spec, placeholders  ? "@BRIDGE@"
                          : cfg->bridge ? cfg->bridge
                                        : XL_DEFAULT_BRIDGE);
            text = sb_take(&spec);
            sb_add(sb, k++ ? ", " : " ");
            xl_string(sb, text);
            free(text);
        }
        sb_add(sb, " ]\n");
    }
    if (disks) {
        size_t k = 0;

        sb_add(sb, "# Disks (blkfront), one per block device in the order "
                   "the unikernel connects\n# them; a relative file is "
                   "resolved from xl's working directory.\ndisk = [");
        for (size_t i = 0; i < cfg->ndevices; i++) {
            struct strbuf spec = {0};
            const char *dir = cfg->disk_dir ? cfg->disk_dir : "";
            char *text;

            if (cfg->devices[i].net)
                continue;
            /* target= comes last: xl takes the rest of the spec as it */
            sb_addf(&spec, "format=raw, vdev=xvd%c, access=rw, target=",
                    (char)('a' + (k < 26 ? k : 25)));
            if (placeholders) {
                sb_add(&spec, "@DISK_");
                sb_add(&spec, cfg->devices[i].name);
                sb_addc(&spec, '@');
            } else {
                sb_add(&spec, dir);
                if (*dir && dir[strlen(dir) - 1] != '/')
                    sb_addc(&spec, '/');
                sb_add(&spec, cfg->devices[i].name);
                sb_add(&spec, ".img");
            }
            text = sb_take(&spec);
            sb_add(sb, k++ ? ",\n         " : " ");
            xl_string(sb, text);
            free(text);
        }
        sb_add(sb, " ]\n");
    }
}

char *xl_text(const struct xl_config *cfg, bool placeholders)
{
    struct strbuf sb = {0};

    emit_header(&sb, cfg, placeholders);
    sb_addc(&sb, '\n');
    string_setting(&sb, "name", cfg->name, placeholders ? "NAME" : NULL);
    sb_add(&sb, "# A PVH guest: the image boots through its Xen PVH entry "
                "note.\n");
    string_setting(&sb, "type", "pvh", NULL);
    sb_add(&sb, "# The image. A relative path is resolved from xl's working "
                "directory, not\n# from this file's folder: run xl where "
                "the image is, or make it absolute.\n");
    string_setting(&sb, "kernel", cfg->kernel, placeholders ? "KERNEL" : NULL);
    sb_addf(&sb,
            "# RAM in MiB (default %u: the image, its heap and fiber stacks "
            "for a small\n# unikernel; give more to one that keeps much "
            "data).\n",
            (unsigned)XL_DEFAULT_MEMORY_MIB);
    if (placeholders)
        sb_add(&sb, "memory = @MEMORY@\n");
    else
        sb_addf(&sb, "memory = %u\n", cfg->memory_mib);
    sb_add(&sb, "# The runtime runs on one CPU.\nvcpus = 1\n");
    sb_add(&sb, "# A crashed domain is kept (paused) for xl dump-core after "
                "its console has\n# shown the crash report; xl destroy "
                "removes it.\n");
    string_setting(&sb, "on_crash", "preserve", NULL);
    sb_add(&sb, "# The boot arguments, split by the unikernel as a shell "
                "would: quote an\n# argument that holds spaces as 'a b'.\n");
    if (placeholders) {
        string_setting(&sb, "extra", NULL, "EXTRA");
    } else if (cfg->extra) {
        string_setting(&sb, "extra", cfg->extra, NULL);
    } else {
        char *line = quote_cmdline(cfg->args, cfg->nargs);
        string_setting(&sb, "extra", line, NULL);
        free(line);
    }
    emit_devices(&sb, cfg, placeholders);
    return sb_take(&sb);
}

/* The file part of a "FILE:LINE" location. */
static char *location_file(const char *loc)
{
    const char *colon = strrchr(loc, ':');
    return colon ? xstrndup(loc, (size_t)(colon - loc)) : xstrdup(loc);
}

size_t xl_model_devices(const struct model *model, struct xl_device **out)
{
    size_t n = 0;

    *out = xcalloc(model->norder + 1, sizeof(**out));
    for (size_t j = 0; j < model->norder; j++) {
        const struct model_device *md = &model->devices[model->order[j]];

        if (!md->used || !md->impl || md->impl->host == REGISTRY_HOST_NONE)
            continue;
        (*out)[n].name = md->spec->sec.name;
        (*out)[n].net = md->impl->host == REGISTRY_HOST_NET;
        n++;
    }
    return n;
}

int xl_write_files(const struct model *model, const char *dir)
{
    const struct spec_unikernel *u = model->unikernel;
    char *file = location_file(u->sec.location ? u->sec.location : "");
    char *origin = xasprintf("Generated by mirage " MIRAGE_VERSION
                             " from %s (%s); do not edit.",
                             path_basename(model->spec->path), file);
    char *kernel = xasprintf("%s.xen", u->sec.name);
    struct xl_config cfg = {
        .name = u->sec.name,
        .kernel = kernel,
        .memory_mib = u->memory && *u->memory
                          ? (unsigned)strtoul(u->memory, NULL, 10)
                          : XL_DEFAULT_MEMORY_MIB,
        .extra = u->boot_args && *u->boot_args ? u->boot_args : NULL,
        .origin = origin,
        .bridge = u->xen_bridge && *u->xen_bridge ? u->xen_bridge : NULL,
        .disk_dir =
            u->xen_disk_dir && *u->xen_disk_dir ? u->xen_disk_dir : NULL,
    };
    struct xl_device *devices = NULL;
    char *text, *template, *path, *tpath;
    int rc = 0;

    cfg.ndevices = xl_model_devices(model, &devices);
    cfg.devices = devices;
    text = xl_text(&cfg, false);
    template = xl_text(&cfg, true);
    path = xasprintf("%s/%s.xl", dir, u->sec.name);
    tpath = xasprintf("%s/%s.xl.in", dir, u->sec.name);
    if (write_if_changed(path, text, strlen(text)) < 0 ||
        write_if_changed(tpath, template, strlen(template)) < 0)
        rc = -1;
    free(file);
    free(origin);
    free(kernel);
    free(devices);
    free(text);
    free(template);
    free(path);
    free(tpath);
    return rc;
}
