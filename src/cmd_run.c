/* SPDX-License-Identifier: ISC */
/* cmd_run.c: mirage run: its options, IMAGE, then QEMU's or the tender's, and
 * ARGs. */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "c-ctype.h"
#include "command.h"
#include "help.h"
#include "run.h"
#include "util.h"

static const struct option run_options[] = {
    {"accel", required_argument, NULL, OPT_ACCEL},
    {"mem", required_argument, NULL, OPT_MEM},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"machine", required_argument, NULL, OPT_MACHINE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Parses --mem's value: a whole number of MiB, 1 to RUN_MAX_MEM_MIB. */
static int parse_mem(const char *text, unsigned *out)
{
    unsigned long v = 0;

    if (!*text)
        return -1;
    for (const char *p = text; *p; p++) {
        if (!c_isdigit(*p))
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > RUN_MAX_MEM_MIB)
            return -1;
    }
    if (v == 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* mirage run [OPTION]... IMAGE [QEMU-OPTION]... [-- ARG...] */
static int run_run(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    struct run_request req = {
        .mem_mib = RUN_DEFAULT_MEM_MIB,
        .accel = RUN_ACCEL_AUTO,
        .machine = RUN_MACHINE_MICROVM,
    };
    const char *value, *target;
    bool machine_given = false;
    enum run_kind kind;
    int opt, rest;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    /* run's own options come before IMAGE; what follows is not ours */
    while (!req.image && (opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            req.image = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case OPT_ACCEL:
            if (run_parse_accel(value, &req.accel) < 0)
                return usage_error("invalid --accel '%s'; use kvm, tcg or "
                                   "auto",
                                   value);
            break;
        case OPT_MEM:
            if (parse_mem(value, &req.mem_mib) < 0)
                return usage_error("invalid --mem '%s'; give the guest's "
                                   "RAM in MiB, 1 to %u",
                                   value, RUN_MAX_MEM_MIB);
            break;
        case OPT_DRY_RUN:
            req.dry_run = true;
            break;
        case OPT_MACHINE:
            if (run_parse_machine(value, &req.machine) < 0)
                return usage_error("invalid --machine '%s'; use microvm, q35 "
                                   "or pc",
                                   value);
            machine_given = true;
            break;
        }
    }
    if (!req.image)
        return usage_error("missing IMAGE operand (the unikernel image to "
                           "run)");
    rest = walk_index(&w);
    req.qemu_opts = argv + rest;
    while (rest < argc && !streq(argv[rest], "--"))
        rest++;
    req.nqemu_opts = (size_t)(argv + rest - req.qemu_opts);
    if (rest < argc) {
        req.args = argv + rest + 1;
        req.nargs = (size_t)(argc - rest - 1);
    }
    kind = run_image_kind(req.image, &target);
    if (machine_given && kind != RUN_QEMU_VIRTIO)
        return usage_error("--machine applies to a NAME.virtio image only, "
                           "not to '%s'",
                           req.image);
    if (req.nqemu_opts > 0 && kind == RUN_UNIX)
        return usage_error("'%s' after IMAGE: only a NAME.xen or NAME.virtio "
                           "image takes QEMU options, and NAME.spt or "
                           "NAME.hvt tender options; give the unikernel's "
                           "arguments after '--'",
                           req.qemu_opts[0]);
    if (kind == RUN_QEMU_VIRTIO) {
        /* a wrong device option is a wrong command line */
        struct run_virtio_setup setup;
        char *error;

        if (run_virtio_parse(req.qemu_opts, req.nqemu_opts, &setup, &error) <
            0) {
            usage_error("%s", error);
            free(error);
            return EXIT_USAGE;
        }
        run_virtio_free(&setup);
    }
    return run_image(&req, cli_who());
}

const struct command cmd_run = {
    .name = "run",
    .help = help_run,
    .shorts = SHORTS_NONE,
    .options = run_options,
    .takes_spec = false,
    .run = run_run,
};
