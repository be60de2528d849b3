/* SPDX-License-Identifier: ISC */
/* cli.c: what mirage's commands share: messages, exit statuses, getopt_long. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The command being run, for messages: "mirage" or "mirage check". */
static char who[32] = "mirage";

const char *cli_who(void)
{
    return who;
}

void cli_set_command(const char *name)
{
    snprintf(who, sizeof(who), "mirage %s", name);
}

int usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", who);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'mirage --help' for more information.\n");
    return EXIT_USAGE;
}

/* Flushes standard output; a write error there is a failure. */
int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error on standard output\n", who);
        return EXIT_FAIL;
    }
    return status;
}

const struct option cli_help_only[] = {
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Starts a walk of argv[1..argc-1]. */
void walk_start(struct opt_walk *w, int argc, char **argv, const char *shorts,
                const struct option *longs)
{
    *w = (struct opt_walk){argc, argv, shorts, longs, false};
    optind = 0; /* getopt starts afresh at argv[1] */
    opterr = 0;
}

/* The index of the next argv element to read. */
int walk_index(const struct opt_walk *w)
{
    (void)w;
    return optind;
}

/* The long option whose id is (id), or NULL. */
static const struct option *long_by_id(const struct option *longs, int id)
{
    for (size_t i = 0; longs[i].name; i++)
        if (longs[i].val == id)
            return &longs[i];
    return NULL;
}

/* Says what is wrong with (arg), a long option getopt did not take. */
static void bad_long_option(const struct option *longs, const char *arg)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name), matches = 0;

    /* getopt took an exact name, or the only one it begins */
    for (size_t i = 0; longs[i].name; i++)
        matches += strncmp(longs[i].name, name, len) == 0;
    if (matches > 1)
        usage_error("option '%s' is ambiguous", arg);
    else
        usage_error("unrecognized option '%s'", arg);
}

/*
 * Returns the next option's id with (*value) its argument, WALK_OPERAND
 * with (*value) an operand, WALK_END, or WALK_ERROR after a message.
 */
int walk_next(struct opt_walk *w, const char **value)
{
    const struct option *opt;
    int c;

    *value = NULL;
    if (!w->ended) {
        c = getopt_long(w->argc, w->argv, w->shorts, w->longs, NULL);
        switch (c) {
        case -1: /* the end, or "--" */
            w->ended = true;
            break;
        case 1: /* an operand, in its place */
            *value = optarg;
            return WALK_OPERAND;
        case ':': /* an argument is missing: the option ends argv */
            opt = long_by_id(w->longs, optopt);
            if (w->argv[optind - 1][1] == '-' && opt)
                usage_error("option '--%s' requires an argument", opt->name);
            else
                usage_error("option '-%c' requires an argument", optopt);
            return WALK_ERROR;
        case '?':
            if (optopt == 0) /* a long option: argv[optind - 1] */
                bad_long_option(w->longs, w->argv[optind - 1]);
            else if (optopt > UCHAR_MAX && (opt = long_by_id(w->longs, optopt)))
                usage_error("option '--%s' doesn't allow an argument",
                            opt->name);
            else
                usage_error("invalid option '-%c'", optopt);
            return WALK_ERROR;
        default:
            *value = optarg;
            return c;
        }
    }
    if (optind < w->argc) {
        *value = w->argv[optind++];
        return WALK_OPERAND;
    }
    return WALK_END;
}
