/* SPDX-License-Identifier: ISC */
/* cmd_crunch.c: mirage crunch: C source that embeds a folder's files. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "command.h"
#include "crunch.h"
#include "help.h"
#include "util.h"

static const struct option crunch_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"name", required_argument, NULL, OPT_NAME},
    {"mtime", no_argument, NULL, OPT_MTIME},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* mirage crunch [-o FILE] [--name NAME] [--mtime] DIR */
static int run_crunch(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *dir = NULL, *output = NULL, *name = NULL, *value, *epoch;
    bool mtime = false;
    int64_t epoch_ns = 0;
    struct crunch_tree tree;
    struct strbuf out = {0};
    char *cname;
    int opt, rc, status = EXIT_FAIL;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (dir)
                return usage_error("extra operand '%s'; give one DIR", value);
            dir = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case 'o':
            output = value;
            break;
        case OPT_NAME:
            name = value;
            break;
        case OPT_MTIME:
            mtime = true;
            break;
        }
    }
    if (!dir)
        return usage_error("missing DIR operand (the directory to embed)");
    if (name && !check_c_identifier(name))
        return usage_error("--name '%s' is not a C identifier; use letters, "
                           "digits and '_', not starting with a digit",
                           name);
    /* a reproducible build's date bounds the times (SOURCE_DATE_EPOCH, of
       reproducible-builds.org; empty is unset) */
    epoch = mtime ? getenv("SOURCE_DATE_EPOCH") : NULL;
    if (epoch && !*epoch)
        epoch = NULL;
    if (epoch && crunch_parse_epoch(epoch, &epoch_ns) < 0) {
        fprintf(
            stderr,
            "%s: SOURCE_DATE_EPOCH='%s' is not a number of seconds since "
            "1970-01-01 UTC; set it to one, as $(git log -1 --format=%%ct), "
            "or unset it\n",
            cli_who(), epoch);
        return EXIT_FAIL;
    }
    cname = name ? xstrdup(name) : crunch_default_name(dir);
    rc = crunch_scan(cli_who(), dir, &tree);
    if (rc == 0 && epoch)
        crunch_clamp_mtimes(&tree, epoch_ns);
    if (rc == 0 && crunch_source(cli_who(), &tree, cname, mtime, &out) == 0) {
        if (!output) {
            fwrite(sb_str(&out), 1, out.len, stdout);
            status = finish_stdout(EXIT_OK);
        } else if (write_if_changed(output, sb_str(&out), out.len) >= 0) {
            status = EXIT_OK;
        }
    }
    crunch_free(&tree);
    sb_free(&out);
    free(cname);
    return status;
}

const struct command cmd_crunch = {
    .name = "crunch",
    .help = help_crunch,
    .shorts = SHORTS_O,
    .options = crunch_options,
    .takes_spec = false,
    .run = run_crunch,
};
