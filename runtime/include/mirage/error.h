/* SPDX-License-Identifier: ISC */
/* error.h: the text of the error codes that mirage_* functions return. */
#ifndef MIRAGE_ERROR_H
#define MIRAGE_ERROR_H

/*
 * A mirage_* function that fails returns a negative errno value (see
 * mirage.h). The values are Linux's on every target: the freestanding
 * targets' <errno.h> defines them, and the unix target's host has the same.
 */

/*
 * The text of error (err), given as a mirage_* function returns it (-EIO)
 * or positive (EIO), both giving the same text: a short lower-case
 * description, then the name, e.g. "input/output error (EIO)". It is the
 * same on every target for every value that the freestanding <errno.h>
 * defines; 0 gives "no error", any other value "unknown error". Never
 * NULL; the string is constant. On the freestanding targets the C
 * library's strerror returns the same text (and also accepts a negative
 * value); on unix, strerror is the host's, with the host's words.
 */
const char *mirage_strerror(int err);

#endif
