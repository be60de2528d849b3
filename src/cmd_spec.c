/* SPDX-License-Identifier: ISC */
/* cmd_spec.c: mirage check, generate, describe and types. */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "command.h"
#include "describe.h"
#include "diag.h"
#include "generate.h"
#include "help.h"
#include "spec.h"
#include "util.h"

static const struct option generate_options[] = {
    {"output-dir", required_argument, NULL, 'o'},
    {"no-warnings", no_argument, NULL, OPT_NO_WARNINGS},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct option describe_options[] = {
    {"dot", no_argument, NULL, OPT_DOT},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Reads and checks (path); returns EXIT_OK if it may be used. */
static int load(const char *path, struct spec *spec, struct model *model)
{
    int rc = spec_read(spec, path);

    memset(model, 0, sizeof(*model));
    if (rc != 0)
        return EXIT_FAIL; /* I/O error, or syntax errors reported */
    if (check_spec(spec, model) > 0)
        return EXIT_FAIL;
    return EXIT_OK;
}

static int run_spec_command(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *spec_path = NULL, *out_dir = NULL, *value;
    bool dot = false;
    struct spec spec;
    struct model model;
    int opt, status;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (!cmd->takes_spec)
                return usage_error("unexpected operand '%s'", value);
            if (spec_path)
                return usage_error("extra operand '%s'; give one SPEC", value);
            spec_path = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case 'o':
            out_dir = value;
            break;
        case OPT_NO_WARNINGS:
            diag_set_quiet_warnings(1);
            break;
        case OPT_DOT:
            dot = true;
            break;
        }
    }

    if (streq(cmd->name, "types")) {
        describe_types(stdout);
        return finish_stdout(EXIT_OK);
    }
    if (!spec_path)
        return usage_error("missing SPEC operand (the mirage.spec file that "
                           "configure writes)");

    status = load(spec_path, &spec, &model);
    if (status == EXIT_OK && streq(cmd->name, "generate")) {
        char *dir = out_dir ? xstrdup(out_dir) : path_dirname(spec_path);
        if (generate_files(&model, dir) < 0)
            status = EXIT_FAIL;
        free(dir);
    } else if (status == EXIT_OK && streq(cmd->name, "describe")) {
        if (dot)
            describe_dot(stdout, &model);
        else
            describe_text(stdout, &model);
        status = finish_stdout(status);
    }
    model_free(&model);
    spec_free(&spec);
    return status;
}

const struct command cmd_check = {
    .name = "check",
    .help = help_check,
    .shorts = SHORTS_NONE,
    .options = cli_help_only,
    .takes_spec = true,
    .run = run_spec_command,
};
const struct command cmd_generate = {
    .name = "generate",
    .help = help_generate,
    .shorts = SHORTS_O,
    .options = generate_options,
    .takes_spec = true,
    .run = run_spec_command,
};
const struct command cmd_describe = {
    .name = "describe",
    .help = help_describe,
    .shorts = SHORTS_NONE,
    .options = describe_options,
    .takes_spec = true,
    .run = run_spec_command,
};
const struct command cmd_types = {
    .name = "types",
    .help = help_types,
    .shorts = SHORTS_NONE,
    .options = cli_help_only,
    .takes_spec = false,
    .run = run_spec_command,
};
