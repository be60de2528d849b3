/* SPDX-License-Identifier: ISC */
/* boot.c: mirage_boot: boot arguments, then the image in the main fiber. */
#include <stdbool.h>
#include <string.h>

#include <mirage/exit.h>
#include <mirage/fiber.h>
#include <mirage/image.h>

#include "args.h"
#include "buf.h"
#include "errstr.h"
#include "help.h"
#include "log.h"
#include "platform.h"
#include "sched.h"

/* The runtime's own options, listed before the image's. */
enum { OPT_HELP, OPT_VERSION, OPT_LOGS, OPT_DELAY, OPT_FIBER_STACK, NRUNTIME };

#define FIBER_STACK_MIN CORE_SCHED_STACK_MIN
#define FIBER_STACK_MAX (1024 * 1024 * 1024)
#define NS_PER_SECOND   1000000000ull

static bool version_wanted;
static const char *logs_spec;
static char logs_doc[1024];
static int delay_seconds;
static const int64_t *fiber_stack;

static const struct mirage_arg runtime_args[NRUNTIME] = {
    [OPT_HELP] = {"help", 0, MIRAGE_ARG_STRING, NULL, "FMT",
                  "Show this help in format FMT, then exit. FMT is one "
                  "of " CORE_HELP_FORMATS_TEXT
                  "; auto and pager print plain text.",
                  MIRAGE_SECTION_RUNTIME, NULL, MIRAGE_ARG_SINGLE, NULL},
    [OPT_VERSION] = {"version", 0, MIRAGE_ARG_BOOL, "false", NULL,
                     "Show the name and version of this unikernel, then "
                     "exit.",
                     MIRAGE_SECTION_RUNTIME, &version_wanted, MIRAGE_ARG_SINGLE,
                     NULL},
    [OPT_LOGS] = {"logs", 'l', MIRAGE_ARG_STRING, "info", "LEVELS", logs_doc,
                  MIRAGE_SECTION_LOG, &logs_spec, MIRAGE_ARG_SINGLE, NULL},
    [OPT_DELAY] = {"delay", 0, MIRAGE_ARG_INT, "0", "SECONDS",
                   "Wait SECONDS seconds after boot, before connecting the "
                   "devices.",
                   MIRAGE_SECTION_RUNTIME, &delay_seconds, MIRAGE_ARG_SINGLE,
                   NULL},
    [OPT_FIBER_STACK] = {"fiber-stack", 0, MIRAGE_ARG_INT64, NULL, "BYTES",
                         "The stack size of fibers, in bytes, from 8192 to "
                         "1073741824, unless the code that spawns a fiber "
                         "sets one. Absent: 65536.",
                         MIRAGE_SECTION_RUNTIME, &fiber_stack,
                         MIRAGE_ARG_OPTIONAL, NULL},
};

/* What the values of --delay and --fiber-stack must be. */
#define DELAY_EXPECTED       "a whole number of seconds, 0 or more"
#define FIBER_STACK_EXPECTED "a number of bytes from 8192 to 1073741824"

/* The text of --logs in --help, which lists the sources of this image;
 * made only for --help (a boot without it has no use for it). */
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

static void print_version(const char *prog, const struct mirage_image *image)
{
    char out[256];
    struct core_buf b;

    core_buf_init(&b, out, sizeof(out) - 1);
    core_buf_printf(&b, "%s %s", prog,
                    image->version && image->version[0] ? image->version
                                                        : "unknown");
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
            return core_args_bad_value(prog, help->spelled, help->spelled_len,
                                       help->text,
                                       "one of " CORE_HELP_FORMATS_TEXT);
        }
        make_logs_doc();
        core_help_print(image, opts, nopts, fmt);
        return MIRAGE_EXIT_INFO;
    }
    version_wanted = false;
    rc = core_args_store(prog, &opts[OPT_VERSION], &given[OPT_VERSION]);
    if (rc != 0)
        return rc;
    if (version_wanted) {
        print_version(prog, image);
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

/* Stores --delay and --fiber-stack and checks their ranges. */
static int runtime_values(const char *prog, const struct core_opt *opts,
                          const struct core_given *given)
{
    const struct core_given *d = &given[OPT_DELAY],
                            *f = &given[OPT_FIBER_STACK];
    int rc;

    rc = core_args_store(prog, &opts[OPT_DELAY], d);
    if (rc != 0)
        return rc;
    if (delay_seconds < 0)
        return core_args_bad_value(prog, d->spelled, d->spelled_len, d->text,
                                   DELAY_EXPECTED);
    rc = core_args_store(prog, &opts[OPT_FIBER_STACK], f);
    if (rc != 0)
        return rc;
    if (fiber_stack &&
        (*fiber_stack < FIBER_STACK_MIN || *fiber_stack > FIBER_STACK_MAX))
        return core_args_bad_value(prog, f->spelled, f->spelled_len, f->text,
                                   FIBER_STACK_EXPECTED);
    return 0;
}

/* The main fiber: waits for --delay, then connects and starts the image. */
static int main_fiber(void *arg)
{
    const struct mirage_image *image = arg;

    if (delay_seconds > 0) {
        mirage_log_debug(&core_log_src, "waiting %d s (--delay)",
                         delay_seconds);
        if (mirage_sleep_ns((uint64_t)delay_seconds * NS_PER_SECOND) < 0) {
            mirage_log_err(&core_log_src, "internal error: the main fiber "
                                          "was cancelled during --delay");
            return MIRAGE_EXIT_INTERNAL;
        }
    }
    return image->run();
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

    core_args_arena_reset();
    core_log_set_image(image);
    for (size_t k = 0; k < NRUNTIME; k++)
        opts[k] = (struct core_opt){&runtime_args[k], NULL, false, NULL};
    opts[OPT_HELP].implicit = "auto";
    opts[OPT_VERSION].hide_absent = true;
    opts[OPT_DELAY].expected = DELAY_EXPECTED;
    opts[OPT_FIBER_STACK].expected = FIBER_STACK_EXPECTED;
    for (size_t i = 0; i < nargs; i++)
        opts[NRUNTIME + i] =
            (struct core_opt){&image->args[i], NULL, false, NULL};

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
    rc = runtime_values(prog, opts, given);
    if (rc != 0)
        return rc;
    rc = core_args_store(prog, &opts[OPT_LOGS], &given[OPT_LOGS]);
    if (rc != 0)
        return rc;
    /* absent, --logs is its default, info: what core_log_reset set */
    if (given[OPT_LOGS].given &&
        core_log_setup(prog, given[OPT_LOGS].spelled_len == 2 ? "-l" : "--logs",
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
    if (fiber_stack)
        core_sched_set_default_stack((size_t)*fiber_stack);
    status = core_sched_run_main(main_fiber, (void *)image);
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
