/* SPDX-License-Identifier: ISC */
/* quote.h: quoting words for a guest's boot command line and for sh. */
#ifndef MIRAGE_HELPER_QUOTE_H
#define MIRAGE_HELPER_QUOTE_H

#include <stddef.h>

#include "util.h"

/*
 * Appends (arg) to (sb) quoted for the boot command line that targets other
 * than unix split into arguments (runtime/core/cmdline.h): left as is when
 * it is made only of letters, digits and "%+,-./:=@_^", else in single
 * quotes, an embedded single quote written as '\''. The guest reads back
 * exactly (arg), the empty string included.
 */
void quote_cmdline_arg(struct strbuf *sb, const char *arg);

/*
 * The boot command line of the (n) arguments (argv): each quoted by
 * quote_cmdline_arg, separated by one space; "" when (n) is 0. Caller
 * frees.
 */
char *quote_cmdline(char *const *argv, size_t n);

/*
 * Appends (word) to (sb) quoted for a POSIX shell: as is when made only of
 * letters, digits and "%+,-./:=@_^", else in single quotes with '\''
 * for an embedded single quote.
 */
void quote_shell_word(struct strbuf *sb, const char *word);

#endif
