/* SPDX-License-Identifier: ISC */
/* boot.c: mirage_boot: boot arguments, then the image's run function. */
#include <stdbool.h>
#include <string.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "args.h"
#include "buf.h"
#include "errstr.h"
#include "help.h"
#include "log.h"
#include "platform.h"

/* The runtime's own options, listed before the image's. */
enum { OPT_HELP, OPT_VERSION, OPT_LOGS, NRUNTIME };

static bool version_wanted;
static const char *logs_spec;
static char logs_doc[1024];

static const struct mirage_arg runtime_args[NRUNTIME] = {
    [OPT_HELP] = {"help", 0, MIRAGE_ARG_STRING, NULL, "FMT",
                  "Show this help in format FMT, then exit. FMT is one "
                  "of " CORE_HELP_FORMATS_TEXT
                  "; auto and pager print plain text.",
                  MIRAGE_SECTION_RUNTIME, NULL},
    [OPT_VERSION] = {"version", 0, MIRAGE_ARG_BOOL, "false", NULL,
                     "Show the version of this unikernel, then exit.",
                     MIRAGE_SECTION_RUNTIME, &version_wanted},
    [OPT_LOGS] = {"logs", 'l', MIRAGE_ARG_STRING, "info", "LEVELS", logs_doc,
                  MIRAGE_SECTION_LOG, &logs_spec},
};

/* The text of --logs in --help, which lists the sources of this image. */
static void make_logs_doc(void)
{
    struct core_buf b;

    core_buf_init(&b, logs_doc, sizeof(logs_doc));
    core_buf_puts(&b, "Be more or less verbose. LEVELS is a comma-separated "
                      "list of LEVEL or SRC:LEVEL, applied from left to right: "
                      "LEVEL alone or *:LEVEL sets the threshold of every log "
                      "source, SRC:LEVEL that of source SRC. LEVEL is one "
                      "of " CORE_LOG_LEVELS_TEXT ". The sources are: ");
    core_log_list_sources(&b);
    core_buf_puts(&b, ".");
}

static void print_version(const struct mirage_image *image)
{
    char out[256];
    struct core_buf b;

    core_buf_init(&b, out, sizeof(out) - 1);
    core_buf_puts(&b, image->version ? image->version : "unknown");
    b.cap = sizeof(out);
    core_buf_puts(&b, "\n");
    plat_console_write(b.data, b.len);
}

/* Handles --help and --version; returns an exit status, or -1 for none. */
static int info_options(const char *prog, const struct mirage_image *image,
                        const struct core_opt *opts, size_t nopts,
                        const struct core_given *given)
{
    const struct core_given *help = &given[OPT_HELP];
    enum core_help_format fmt;
    int rc;

    if (help->given) {
        if (core_help_format_parse(help->text, &fmt) != 0) {
            core_args_usage_error(prog,
                                  "option '%.*s': invalid value '%s', "
                                  "expected one of " CORE_HELP_FORMATS_TEXT ".",
                                  (int)help->spelled_len, help->spelled,
                                  help->text);
            return MIRAGE_EXIT_USAGE;
        }
        core_help_print(image, opts, nopts, fmt);
        return MIRAGE_EXIT_INFO;
    }
    version_wanted = false;
    rc = core_args_store(prog, &opts[OPT_VERSION], &given[OPT_VERSION]);
    if (rc != 0)
        return rc;
    if (version_wanted) {
        print_version(image);
        return MIRAGE_EXIT_INFO;
    }
    return -1;
}

static void log_devices(const struct mirage_image *image)
{
    mirage_log_debug(&core_log_src, "booting %s %s (%s) with %zu device(s)",
                     image->name ? image->name : "?",
                     image->version ? image->version : "?",
                     image->target ? image->target : "?", image->ndevices);
    for (size_t i = 0; i < image->ndevices && image->devices; i++) {
        const struct mirage_device_info *d = &image->devices[i];
        bool deps = d->depends && d->depends[0];
        mirage_log_debug(&core_log_src, "device %s: %s (%s)%s%s",
                         d->name ? d->name : "?", d->type ? d->type : "?",
                         d->implementation ? d->implementation : "?",
                         deps ? ", after " : "", deps ? d->depends : "");
    }
}

int mirage_boot(const struct mirage_image *image, int argc, char **argv)
{
    const char *prog =
        image->name && image->name[0] ? image->name : "unikernel";
    size_t nargs = image->args ? image->nargs : 0;
    size_t nopts = NRUNTIME + nargs;
    struct core_opt opts[nopts];
    struct core_given given[nopts];
    int rc, status;

    make_logs_doc();
    for (size_t k = 0; k < NRUNTIME; k++)
        opts[k] = (struct core_opt){&runtime_args[k], NULL, false};
    opts[OPT_HELP].implicit = "auto";
    opts[OPT_VERSION].hide_absent = true;
    for (size_t i = 0; i < nargs; i++)
        opts[NRUNTIME + i] = (struct core_opt){&image->args[i], NULL, false};

    core_log_reset();
    rc = core_args_scan(prog, opts, nopts, argc, argv, given);
    if (rc != 0)
        return rc;
    rc = info_options(prog, image, opts, nopts, given);
    if (rc >= 0)
        return rc;
    for (size_t k = NRUNTIME; k < nopts; k++) {
        rc = core_args_store(prog, &opts[k], &given[k]);
        if (rc != 0)
            return rc;
    }
    rc = core_args_store(prog, &opts[OPT_LOGS], &given[OPT_LOGS]);
    if (rc != 0)
        return rc;
    if (core_log_setup(prog, given[OPT_LOGS].spelled_len == 2 ? "-l" : "--logs",
                       logs_spec) != 0)
        return MIRAGE_EXIT_USAGE;

    log_devices(image);
    if (!image->run) {
        mirage_log_err(&core_log_src,
                       "internal error: the image of %s has "
                       "no run function",
                       prog);
        return MIRAGE_EXIT_INTERNAL;
    }
    status = image->run();
    if (status < 0 || status > 255) {
        mirage_log_err(&core_log_src,
                       "internal error: the start function returned %d, "
                       "which is not an exit status (0 to 255)",
                       status);
        return MIRAGE_EXIT_INTERNAL;
    }
    mirage_log_debug(&core_log_src, "exit status %d", status);
    return status;
}

int mirage_device_failed(const char *name, const char *type, int err)
{
    const char *why = core_strerror(err);

    if (why)
        mirage_log_err(&core_log_src, "device %s (%s) failed to connect: %s",
                       name ? name : "?", type ? type : "?", why);
    else
        mirage_log_err(&core_log_src,
                       "device %s (%s) failed to connect: error %d",
                       name ? name : "?", type ? type : "?", err);
    return MIRAGE_EXIT_INTERNAL;
}
