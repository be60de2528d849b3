/* SPDX-License-Identifier: ISC */
/* help.h: the man page that --help prints. */
#ifndef MIRAGE_CORE_HELP_H
#define MIRAGE_CORE_HELP_H

#include <stddef.h>

#include <mirage/image.h>

#include "args.h"

/* How --help prints the man page. */
enum core_help_format {
    CORE_HELP_PLAIN, /* text for a terminal, 80 columns */
    CORE_HELP_GROFF, /* man(7) source, for groff -man */
};

/*
 * Parses the FMT of --help=FMT: "auto", "pager" and "plain" give
 * CORE_HELP_PLAIN, "groff" gives CORE_HELP_GROFF. Returns 0, or -EINVAL.
 */
int core_help_format_parse(const char *text, enum core_help_format *fmt);

/* The values that core_help_format_parse accepts, for messages. */
#define CORE_HELP_FORMATS_TEXT "auto, pager, groff or plain"

/*
 * Prints the man page of (image) on the console: NAME, SYNOPSIS, one
 * section per argument section that has options among (opts), in order,
 * and EXIT STATUS.
 */
void core_help_print(const struct mirage_image *image,
                     const struct core_opt *opts, size_t nopts,
                     enum core_help_format fmt);

#endif
