/* SPDX-License-Identifier: ISC */
/* cmdline_quote.h: the guest's boot command line from the tender's ARGS. */
#ifndef MIRAGE_TENDER_CMDLINE_QUOTE_H
#define MIRAGE_TENDER_CMDLINE_QUOTE_H

#include <stddef.h>

/*
 * Writes the (n) arguments (argv) as one command line that the guest's
 * splitter (runtime/core/cmdline.h) reads back exactly: an argument made
 * only of letters, digits and "%+,-./:=@_^" as is, any other (the empty
 * one included) in single quotes with '\'' for an embedded quote, one
 * space between arguments. Stores at most (size) bytes, NUL included, in
 * (out) (which may be NULL when (size) is 0). Returns the length of the
 * whole line without its NUL, as snprintf does: a result >= (size) means
 * it was cut.
 */
size_t tender_cmdline_quote(char *const *argv, size_t n, char *out,
                            size_t size);

#endif
