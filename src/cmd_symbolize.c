/* SPDX-License-Identifier: ISC */
/* cmd_symbolize.c: mirage symbolize: naming the functions of a crash report. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "elf64.h"
#include "help.h"
#include "symbolize.h"
#include "util.h"

/* Symbolizes one log; returns EXIT_OK or EXIT_FAIL after a message. */
static int symbolize_log(struct symbolizer *s, const char *log)
{
    FILE *in = stdin;
    int rc;

    if (!streq(log, "-") && !(in = fopen(log, "r"))) {
        fprintf(stderr, "%s: %s: %s\n", cli_who(), log, strerror(errno));
        return EXIT_FAIL;
    }
    rc = symbolize_stream(s, in, stdout);
    if (rc == -1)
        fprintf(stderr, "%s: %s: %s\n", cli_who(),
                in == stdin ? "standard input" : log, strerror(errno));
    else if (rc == -2)
        fprintf(stderr, "%s: write error on standard output\n", cli_who());
    if (in != stdin)
        fclose(in);
    else
        clearerr(stdin);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* mirage symbolize IMAGE [LOG]... */
static int run_symbolize(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *image = NULL, *value;
    const char **logs = xcalloc((size_t)argc + 1, sizeof(*logs));
    struct elf64_image img;
    struct symbolizer s;
    size_t nlogs = 0;
    char *error;
    int opt, status = EXIT_OK;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            free(logs);
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (!image)
                image = value;
            else
                logs[nlogs++] = value;
            break;
        case OPT_HELP:
            free(logs);
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        }
    }
    if (!image) {
        free(logs);
        return usage_error("missing IMAGE operand (the unstripped image "
                           "that wrote the log)");
    }
    if (nlogs == 0)
        logs[nlogs++] = "-";
    if (elf64_load(&img, image, &error) != ELF64_OK) {
        fprintf(stderr, "%s: %s\n", cli_who(), error);
        free(error);
        elf64_free(&img);
        free(logs);
        return EXIT_FAIL;
    }
    symbolizer_init(&s, &img, image);
    for (size_t i = 0; i < nlogs && status == EXIT_OK; i++)
        status = symbolize_log(&s, logs[i]);
    symbolizer_free(&s);
    elf64_free(&img);
    free(logs);
    return status;
}

const struct command cmd_symbolize = {
    .name = "symbolize",
    .help = help_symbolize,
    .shorts = SHORTS_NONE,
    .options = cli_help_only,
    .takes_spec = false,
    .run = run_symbolize,
};
