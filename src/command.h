/* SPDX-License-Identifier: ISC */
/* command.h: the commands of `mirage`: each one's name, help, options and code.
 */
#ifndef MIRAGE_HELPER_COMMAND_H
#define MIRAGE_HELPER_COMMAND_H

#include <stdbool.h>

#include "cli.h"

struct command {
    const char *name;
    const char *help;   /* the text of its --help */
    const char *shorts; /* getopt's optstring */
    const struct option *options;
    bool takes_spec;
    /* Runs the command on argv[1..argc-1] (argv[0] is its name); returns
     * the exit status. */
    int (*run)(const struct command *cmd, int argc, char **argv);
};

/* cmd_spec.c: the commands that read a spec, and types. */
extern const struct command cmd_check, cmd_generate, cmd_describe, cmd_types;
/* cmd_crunch.c */
extern const struct command cmd_crunch;
/* cmd_run.c */
extern const struct command cmd_run;
/* cmd_symbolize.c */
extern const struct command cmd_symbolize;

#endif
