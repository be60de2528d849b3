/* SPDX-License-Identifier: ISC */
/* help.h: the text of mirage's --help, each command's and --version. */
#ifndef MIRAGE_HELPER_HELP_H
#define MIRAGE_HELPER_HELP_H

/* The text of `mirage --help`. */
extern const char help_usage[];
/* The text of `mirage COMMAND --help`, for each command. */
extern const char help_check[];
extern const char help_generate[];
extern const char help_describe[];
extern const char help_types[];
extern const char help_crunch[];
extern const char help_run[];
extern const char help_symbolize[];

/* Prints `mirage --version`'s text on standard output. */
void help_print_version(void);

#endif
