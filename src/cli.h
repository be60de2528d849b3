/* SPDX-License-Identifier: ISC */
/* cli.h: what mirage's commands share: messages, exit statuses, getopt_long. */
#ifndef MIRAGE_HELPER_CLI_H
#define MIRAGE_HELPER_CLI_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>

/* Exit statuses */
#define EXIT_OK    0
#define EXIT_FAIL  1 /* invalid spec, or an I/O error */
#define EXIT_USAGE 2 /* bad command line */

/* The program or command being run, for messages: "mirage check". */
const char *cli_who(void);
/* From now on, messages come from "mirage (name)". */
void cli_set_command(const char *name);

/* Prints a command-line error and the usual hint; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Flushes standard output; a write error there is a failure (EXIT_FAIL,
 * after a message); else returns (status). */
int finish_stdout(int status);

/*
 * Options that commands accept, as getopt_long returns them: a short
 * option's id is its letter (-o), a long-only option's one of these, above
 * every character. Every option without an argument is long-only.
 */
enum opt_id {
    OPT_HELP = UCHAR_MAX + 1,
    OPT_VERSION,
    OPT_NO_WARNINGS,
    OPT_DOT,
    OPT_NAME,
    OPT_MTIME,
    OPT_ACCEL,
    OPT_MEM,
    OPT_DRY_RUN,
    OPT_MACHINE,
};

/*
 * A walk through argv with getopt_long, in GNU style: options may follow
 * operands. Operands come back in their place (getopt's "-" mode), so that
 * argv is never reordered; after "--" everything is an operand. getopt's
 * own messages are off: usage_error words each error as before.
 */
struct opt_walk {
    int argc;
    char **argv; /* argv[0] is the program or the command: never parsed */
    const char *shorts;         /* getopt's optstring: "-:" and letters */
    const struct option *longs; /* ended by a NULL name */
    bool ended;                 /* getopt is done: the rest are operands */
};

enum {
    WALK_END = 0,
    WALK_OPERAND = -1,
    WALK_ERROR = -2,
};

/* Each command's optstring: operands in place ("-"), no messages (":"). */
#define SHORTS_NONE "-:"
#define SHORTS_O    "-:o:"

/* The options of a command that has only --help. */
extern const struct option cli_help_only[];

/* Starts a walk of argv[1..argc-1]: getopt's optstring (shorts), the long
 * options (longs), ended by a NULL name. */
void walk_start(struct opt_walk *w, int argc, char **argv, const char *shorts,
                const struct option *longs);
/* The index of the next argv element to read. */
int walk_index(const struct opt_walk *w);
/*
 * Returns the next option's id with (*value) its argument, WALK_OPERAND
 * with (*value) an operand, WALK_END, or WALK_ERROR after a message.
 */
int walk_next(struct opt_walk *w, const char **value);

#endif
