/* SPDX-License-Identifier: ISC */
/* main.c: the command line of `mirage`: its options and the command to run. */
#include <config.h>

#include <stddef.h>
#include <stdio.h>

#include "command.h"
#include "help.h"
#include "util.h"

/* The commands, in the order of --help and of messages. */
static const struct command *const commands[] = {
    &cmd_check,  &cmd_generate, &cmd_describe,  &cmd_types,
    &cmd_crunch, &cmd_run,      &cmd_symbolize,
};

/* The list of commands, for messages. */
#define COMMAND_LIST                                                           \
    "check, generate, describe, types, crunch, run and symbolize"

int main(int argc, char **argv)
{
    static const struct option top_options[] = {
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    struct opt_walk w;
    const char *value;
    int opt, at;

    /* options before the command; the command's own follow it */
    walk_start(&w, argc, argv, SHORTS_NONE, top_options);
    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case OPT_HELP:
            fputs(help_usage, stdout);
            return finish_stdout(EXIT_OK);
        case OPT_VERSION:
            help_print_version();
            return finish_stdout(EXIT_OK);
        case WALK_OPERAND:
            /* the command is argv[0] of its own walk */
            at = walk_index(&w) - 1;
            for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]);
                 i++) {
                if (streq(commands[i]->name, value)) {
                    cli_set_command(value);
                    return commands[i]->run(commands[i], argc - at, argv + at);
                }
            }
            return usage_error(
                "unknown command '%s'; the commands are " COMMAND_LIST, value);
        }
    }
    return usage_error("missing command; the commands are " COMMAND_LIST);
}
