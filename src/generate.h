/* SPDX-License-Identifier: ISC */
/* generate.h: writing the C glue mirage_main.c and mirage_main.h. */
#ifndef MIRAGE_HELPER_GENERATE_H
#define MIRAGE_HELPER_GENERATE_H

#include "check.h"
#include "util.h"

/* Appends (s) to (sb) as a C string literal, quotes included. */
void generate_c_string(struct strbuf *sb, const char *s);

/*
 * Makes the text of mirage_main.h and mirage_main.c for (model), which must
 * have passed check_spec without error. Caller frees both.
 */
void generate_text(const struct model *model, char **header, char **source);

/*
 * Writes (dir)/mirage_main.h and (dir)/mirage_main.c, each only if its
 * content changed. Returns 0, or -1 after printing a message.
 */
int generate_files(const struct model *model, const char *dir);

#endif
